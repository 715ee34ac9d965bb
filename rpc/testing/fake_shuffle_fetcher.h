#ifndef SLUICE_RPC_TESTING_FAKE_SHUFFLE_FETCHER_H_
#define SLUICE_RPC_TESTING_FAKE_SHUFFLE_FETCHER_H_

#include <map>
#include <memory>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/mutex.h"
#include "rpc/shuffle_fetcher.h"

namespace sluice::testing {

// A ShuffleFetcher that serves partitions the test put, by worker address, key and partition; a partition nobody
// put is NOT_FOUND, as a worker answers. Every fetch is recorded. Thread-safe.
class FakeShuffleFetcher final : public ShuffleFetcher {
 public:
  struct Fetched {
    std::string address;
    ShuffleKey key;
    int32_t partition = 0;
  };

  void Put(const std::string& address, const ShuffleKey& key, int32_t partition, std::vector<std::string> chunks) {
    MutexLock lock(&mu_);
    stored_[{address, key, partition}] = std::move(chunks);
  }

  std::unique_ptr<ChunkStream> Fetch(const std::string& address, const ShuffleKey& key, int32_t partition,
                                     Duration /*timeout*/, std::string what) override {
    MutexLock lock(&mu_);
    fetched_.push_back({address, key, partition});
    auto it = stored_.find({address, key, partition});
    if (it == stored_.end()) {
      return std::make_unique<Stream>(std::vector<std::string>{},
                                      absl::NotFoundError(absl::StrCat(what, ": ", key.ToString(), " is not there")));
    }
    return std::make_unique<Stream>(it->second, absl::OkStatus());
  }

  std::vector<Fetched> fetched() const {
    MutexLock lock(&mu_);
    return fetched_;
  }

 private:
  class Stream final : public ChunkStream {
   public:
    Stream(std::vector<std::string> chunks, absl::Status end) : chunks_(std::move(chunks)), end_(std::move(end)) {}
    bool Next(std::string_view* chunk) override {
      if (next_ >= chunks_.size()) return false;
      *chunk = chunks_[next_++];
      return true;
    }
    absl::Status Finish() override { return end_; }

   private:
    const std::vector<std::string> chunks_;
    const absl::Status end_;
    size_t next_ = 0;
  };

  mutable Mutex mu_;
  std::map<std::tuple<std::string, ShuffleKey, int32_t>, std::vector<std::string>> stored_ ABSL_GUARDED_BY(mu_);
  std::vector<Fetched> fetched_ ABSL_GUARDED_BY(mu_);
};

}  // namespace sluice::testing

#endif  // SLUICE_RPC_TESTING_FAKE_SHUFFLE_FETCHER_H_
