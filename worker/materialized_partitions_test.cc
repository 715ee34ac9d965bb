// Materialized partitions on a worker: a task stores its node's records as one partition (a map output with a
// single partition) that outlives its batch's release; later tasks read lists of them, local ones from the
// store and remote ones over FetchShuffle, apart from a shuffle's map outputs with the same ids.
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <string>
#include <vector>

#include "common/codec.h"
#include "driver/api/dstream.h"
#include "rpc/grpc_shuffle_fetcher.h"
#include "runtime/source_nodes.h"
#include "worker/shuffle_reader.h"
#include "worker/task_runner.h"
#include "worker/testing/peer_worker.h"
#include "worker/worker_server.h"

namespace sluice {
namespace {

using ::sluice::testing::PeerWorker;

// 0 queueStream<int> -> 1 map(x * 10) -> 2 window -> 3 pprint
std::shared_ptr<const JobGraph> WindowGraph() {
  auto builder = std::make_shared<GraphBuilder>(Seconds(1));
  NodeDescription source;
  source.id = 0;
  source.kind = NodeKind::kQueueSource;
  source.op = "queueStream";
  builder->Add(std::make_unique<QueueSourceNode<int>>(source, std::vector<EncodedQueueItem>{}));
  DStream<int>(builder, 0).map([](int x) { return x * 10; }).window(Seconds(2)).pprint();
  return builder->Build();
}

std::string Encode(const std::vector<int>& values) {
  std::string data;
  for (int x : values) EncodeRecord(x, &data);
  return data;
}

std::vector<int> Decode(const std::string& data) {
  std::vector<int> values;
  EXPECT_TRUE(DecodeRecords<int>(data, [&](int&& x) { values.push_back(x); }));
  return values;
}

class MaterializedPartitionsTest : public ::testing::Test {
 protected:

  // Stores the map of `values` as partition `partition` of node 1 at `batch_ms`.
  TaskResult Materialize(int64_t batch_ms, int32_t partition, const std::vector<int>& values) {
    TaskSpec task;
    task.app_id = "app";
    task.batch_ms = batch_ms;
    task.partition = partition;
    task.input_node = 0;
    task.input = EncodedPartition{Encode(values), static_cast<int64_t>(values.size())};
    task.steps = {{1, 0}};
    task.sink = PartitionWriteSpec{partition};
    return runner_.Run(task, *graph_);
  }

  // The window's task over the given partitions of node 1, returning every record.
  TaskResult ReadWindow(std::vector<MaterializedPart> parts) {
    TaskSpec task;
    task.app_id = "app";
    task.batch_ms = 2000;
    task.stage_id = 1;
    task.input_node = 1;
    task.input = MaterializedInput{std::move(parts)};
    task.steps = {{2, 0}, {3, 0}};
    task.sink = ResultSpec{-1};
    return runner_.Run(task, *graph_);
  }

  MaterializedPart Local(int64_t batch_ms, int32_t partition) {
    return MaterializedPart{MaterializedKey{1, batch_ms, partition}, MaterializedSite{worker_id_, ""}};
  }

  PeerWorker peer_;
  std::shared_ptr<const JobGraph> graph_ = WindowGraph();
  std::string worker_id_ = "me";
  Config config_;
  BlockStore blocks_;
  ShuffleStore shuffles_;
  KeyedStateStore keyed_states_;
  GrpcShuffleFetcher peers_{config_};
  TaskRunner runner_{worker_id_, config_, &blocks_, &shuffles_, &keyed_states_, &peers_};
};

TEST_F(MaterializedPartitionsTest, ATaskStoresItsTerminalNodesRecordsAsOnePartition) {
  TaskResult result = Materialize(1000, 1, {1, 2});
  ASSERT_EQ(result.state, TaskState::kSucceeded) << result.error;
  EXPECT_EQ(result.records_out, 2);
  auto chunks = shuffles_.Get(ShuffleKey::Materialized("app", 1000, 1, 1), 0);
  ASSERT_TRUE(chunks.ok()) << chunks.status();
  std::string data;
  for (const std::string& chunk : **chunks) data += chunk;
  EXPECT_EQ(Decode(data), (std::vector<int>{10, 20}));
  EXPECT_FALSE(shuffles_.Get({"app", 1000, 1, 1}, 0).ok()) << "not a map output of node 1";
}

TEST_F(MaterializedPartitionsTest, ASourceIsStoredAsItIsRead) {
  TaskSpec task;
  task.app_id = "app";
  task.batch_ms = 1000;
  task.input_node = 0;
  task.input = EncodedPartition{Encode({7}), 1};
  task.sink = PartitionWriteSpec{0};  // no steps: the input node's own records
  TaskResult result = runner_.Run(task, *graph_);
  ASSERT_EQ(result.state, TaskState::kSucceeded) << result.error;
  EXPECT_TRUE(shuffles_.Get(ShuffleKey::Materialized("app", 1000, 0, 0), 0).ok());
}

TEST_F(MaterializedPartitionsTest, AWindowReadsPartitionsOfSeveralBatchesInOrderLocalAndRemote) {
  ASSERT_EQ(Materialize(1000, 0, {1}).state, TaskState::kSucceeded);
  ASSERT_EQ(Materialize(2000, 0, {3, 4}).state, TaskState::kSucceeded);
  peer_->shuffles().Put(ShuffleKey::Materialized("app", 1000, 1, 1), MapOutput{{{Encode({20})}}});
  // A map output with the same node, batch and index must not be served instead.
  peer_->shuffles().Put({"app", 1000, 1, 1}, MapOutput{{{Encode({-1})}}});
  TaskResult result = ReadWindow({Local(1000, 0), {1, 1000, 1, peer_->worker_id(), peer_->address()}, Local(2000, 0)});
  ASSERT_EQ(result.state, TaskState::kSucceeded) << result.error;
  EXPECT_EQ(Decode(result.result_records), (std::vector<int>{10, 20, 30, 40}));
}

TEST_F(MaterializedPartitionsTest, AMissingPartitionFailsTheTaskNamingIt) {
  TaskResult result = ReadWindow({{1, 1000, 3, peer_->worker_id(), peer_->address()}});
  EXPECT_EQ(result.state, TaskState::kFailed);
  EXPECT_NE(result.error.find("materialized node 1 partition 3) is not on this worker"), std::string::npos)
      << result.error;
}

TEST_F(MaterializedPartitionsTest, PartitionsOfAnotherNodeAreRefused) {
  TaskResult result = ReadWindow({MaterializedPart{MaterializedKey{0, 1000, 0}, MaterializedSite{worker_id_, ""}}});
  EXPECT_EQ(result.state, TaskState::kFailed);
  EXPECT_NE(result.error.find("materialized partitions of node 0 but its input node is 1"), std::string::npos)
      << result.error;
}

TEST_F(MaterializedPartitionsTest, ReleasingABatchKeepsThemUntilReleasedByKey) {
  ASSERT_EQ(Materialize(1000, 0, {1}).state, TaskState::kSucceeded);
  ASSERT_EQ(Materialize(1000, 1, {2}).state, TaskState::kSucceeded);
  shuffles_.Put({"app", 1000, 1, 0}, MapOutput{{{"x"}}});
  shuffles_.ReleaseUpTo("app", 1000);
  EXPECT_FALSE(shuffles_.Get({"app", 1000, 1, 0}, 0).ok());
  EXPECT_EQ(shuffles_.size(), 2u);
  shuffles_.Release({ShuffleKey::Materialized("app", 1000, 1, 0)});
  EXPECT_FALSE(shuffles_.Get(ShuffleKey::Materialized("app", 1000, 1, 0), 0).ok());
  EXPECT_TRUE(shuffles_.Get(ShuffleKey::Materialized("app", 1000, 1, 1), 0).ok());
}

}  // namespace
}  // namespace sluice
