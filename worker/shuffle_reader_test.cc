#include "worker/shuffle_reader.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "rpc/grpc_shuffle_fetcher.h"
#include "worker/lost_input.h"
#include "worker/testing/dead_port.h"
#include "worker/testing/peer_worker.h"
#include "worker/worker_server.h"

namespace sluice {
namespace {

using ::sluice::testing::DeadPort;
using ::sluice::testing::PeerWorker;

class ShuffleReaderTest : public ::testing::Test {
 protected:
  ShuffleReader::Options ReadOf(int32_t partition, std::vector<MapOutputLocation> outputs) {
    return ShuffleReader::Options{.app_id = "app",
                                  .batch_ms = 1000,
                                  .shuffle_node = 3,
                                  .reduce_partition = partition,
                                  .map_outputs = std::move(outputs),
                                  .local_worker_id = "me",
                                  .fetch_timeout = Seconds(5)};
  }

  static std::vector<std::string> ReadAll(ShuffleReader& reader) {
    std::vector<std::string> chunks;
    std::string_view chunk;
    while (reader.Next(&chunk)) chunks.emplace_back(chunk);
    return chunks;
  }

  PeerWorker peer_;
  Config config_;
  ShuffleStore local_;
  GrpcShuffleFetcher fetcher_{config_};
};

TEST_F(ShuffleReaderTest, ReadsLocalOutputsFromTheStoreAndRemoteOnesOverRpc) {
  local_.Put({"app", 1000, 3, 0}, MapOutput{{{"local-0a", "local-0b"}, {"local-1"}}});
  std::string big(3 << 20, 'z');
  peer_->shuffles().Put({"app", 1000, 3, 1}, MapOutput{{{"remote-0a", big}, {"remote-1"}}});

  ShuffleReader reader(ReadOf(0, {{"me", "", 0}, {peer_->worker_id(), peer_->address(), 1}}), &local_, &fetcher_);
  EXPECT_EQ(ReadAll(reader), (std::vector<std::string>{"local-0a", "local-0b", "remote-0a", big}));
  EXPECT_TRUE(reader.status().ok()) << reader.status();
  EXPECT_EQ(reader.chunks_read(), 4);
}

TEST_F(ShuffleReaderTest, AnEmptyPartitionYieldsNothing) {
  peer_->shuffles().Put({"app", 1000, 3, 0}, MapOutput{{{}, {"x"}}});
  ShuffleReader reader(ReadOf(0, {{peer_->worker_id(), peer_->address(), 0}}), &local_, &fetcher_);
  EXPECT_TRUE(ReadAll(reader).empty());
  EXPECT_TRUE(reader.status().ok()) << reader.status();
}

TEST_F(ShuffleReaderTest, AMissingRemoteOutputNamesThePeer) {
  ShuffleReader reader(ReadOf(0, {{peer_->worker_id(), peer_->address(), 9}}), &local_, &fetcher_);
  EXPECT_TRUE(ReadAll(reader).empty());
  EXPECT_EQ(reader.status().code(), absl::StatusCode::kNotFound);
  std::string message(reader.status().message());
  EXPECT_NE(message.find("from worker " + peer_->worker_id() + " at " + peer_->address()), std::string::npos)
      << message;
  EXPECT_NE(message.find("map 9) is not on this worker"), std::string::npos) << message;
  EXPECT_EQ(LostInputWorker(reader.status()), peer_->worker_id());
}

TEST_F(ShuffleReaderTest, AnUnreachablePeerIsNamed) {
  DeadPort dead_peer;
  ShuffleReader reader(ReadOf(0, {{"worker-gone", dead_peer.address(), 0}}), &local_, &fetcher_);
  EXPECT_TRUE(ReadAll(reader).empty());
  EXPECT_EQ(reader.status().code(), absl::StatusCode::kUnavailable) << reader.status();
  EXPECT_NE(reader.status().message().find("from worker worker-gone at " + dead_peer.address()),
            absl::string_view::npos)
      << reader.status();
  EXPECT_EQ(LostInputWorker(reader.status()), "worker-gone") << "the master computes its outputs again";
}

TEST_F(ShuffleReaderTest, AMissingLocalOutputStopsTheRead) {
  peer_->shuffles().Put({"app", 1000, 3, 1}, MapOutput{{{"never-read"}}});
  ShuffleReader reader(ReadOf(0, {{"me", "", 0}, {peer_->worker_id(), peer_->address(), 1}}), &local_, &fetcher_);
  EXPECT_TRUE(ReadAll(reader).empty());
  EXPECT_EQ(reader.status().code(), absl::StatusCode::kNotFound);
  EXPECT_NE(reader.status().message().find("on this worker (me)"), absl::string_view::npos) << reader.status();
  EXPECT_EQ(LostInputWorker(reader.status()), "") << "this worker's own data is no peer's loss";
}

// rpc.inject_failures reaches FetchShuffle too: a dropped request or reply fails the read as a lost peer would,
// naming the fetch, and loses nothing stored (the next read gets it all).
TEST_F(ShuffleReaderTest, InjectedFailuresOfAFetchLookLikeALostPeer) {
  peer_->shuffles().Put({"app", 1000, 3, 0}, MapOutput{{{"a", "b"}}});
  Config lossy;
  lossy.inject_failures = "FetchShuffle:request:n=1,FetchShuffle:reply:n=2";
  GrpcShuffleFetcher fetcher(lossy);
  for (const char* dropped : {"the request of FetchShuffle was dropped", "the reply of FetchShuffle was dropped"}) {
    ShuffleReader reader(ReadOf(0, {{peer_->worker_id(), peer_->address(), 0}}), &local_, &fetcher);
    EXPECT_TRUE(ReadAll(reader).empty());
    EXPECT_EQ(reader.status().code(), absl::StatusCode::kUnavailable) << reader.status();
    EXPECT_NE(reader.status().message().find(dropped), absl::string_view::npos) << reader.status();
    EXPECT_NE(reader.status().message().find("from worker " + peer_->worker_id()), absl::string_view::npos)
        << reader.status();
  }
  ShuffleReader reader(ReadOf(0, {{peer_->worker_id(), peer_->address(), 0}}), &local_, &fetcher);
  EXPECT_EQ(ReadAll(reader), (std::vector<std::string>{"a", "b"}));
  EXPECT_TRUE(reader.status().ok()) << reader.status();
}

}  // namespace
}  // namespace sluice
