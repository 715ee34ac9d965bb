#ifndef SLUICE_WORKER_TESTING_BLOCK_COLLECTOR_H_
#define SLUICE_WORKER_TESTING_BLOCK_COLLECTOR_H_

#include <functional>
#include <utility>
#include <vector>

#include "common/codec.h"
#include "common/mutex.h"
#include "gtest/gtest.h"
#include "worker/receiver/block_generator.h"
#include "worker/testing/eventually.h"

namespace sluice::testing {

// Keeps the blocks a receiver's generator (or a custom receiver's runner) hands on, which arrive on their threads.
class BlockCollector {
 public:
  BlockGenerator::BlockSink Sink() {
    return [this](ReceivedBlock block) {
      MutexLock lock(&mu_);
      blocks_.push_back(std::move(block));
    };
  }
  std::vector<ReceivedBlock> blocks() const {
    MutexLock lock(&mu_);
    return blocks_;
  }
  // Every block's records, in the order the blocks came.
  template <class T>
  std::vector<T> Records() const {
    std::vector<T> records;
    for (const ReceivedBlock& block : blocks()) {
      EXPECT_TRUE(DecodeRecords<T>(block.data, [&records](T&& value) { records.push_back(std::move(value)); }));
    }
    return records;
  }
  // True once `done` holds for the blocks so far, false after a generous deadline.
  bool WaitFor(const std::function<bool(const std::vector<ReceivedBlock>&)>& done) const {
    return Eventually([&] { return done(blocks()); });
  }

 private:
  mutable Mutex mu_;  // the receiver's threads hand blocks on while the test reads them
  std::vector<ReceivedBlock> blocks_ ABSL_GUARDED_BY(mu_);
};

}  // namespace sluice::testing

#endif  // SLUICE_WORKER_TESTING_BLOCK_COLLECTOR_H_
