#ifndef SLUICE_WORKER_RECEIVER_BLOCK_GENERATOR_H_
#define SLUICE_WORKER_RECEIVER_BLOCK_GENERATOR_H_

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <thread>

#include "common/mutex.h"
#include "common/time.h"
#include "worker/receiver/received_block.h"

namespace sluice {

// Cuts a stream of encoded records into blocks, one per block interval (Spark's BlockGenerator).
//
// Receivers append records from their own threads; a single generator thread cuts the buffer every
// interval and hands the block to the sink, so blocks reach the sink one at a time and in order.
class BlockGenerator {
 public:
  // Called on the generator's thread (or on the caller of StopAndFlush if Start was never called),
  // never with an empty block.
  using BlockSink = std::function<void(ReceivedBlock)>;

  // Block ids are input-<source_node>-<origin>-<sequence>: `origin` must tell this generator from every other
  // one a block store may meet (the worker's receivers make it <application>-<worker>).
  BlockGenerator(int32_t source_node, std::string origin, Duration block_interval, BlockSink sink);
  ~BlockGenerator();  // StopAndFlush()s

  BlockGenerator(const BlockGenerator&) = delete;
  BlockGenerator& operator=(const BlockGenerator&) = delete;

  // Starts the thread "blockgen-<node>". Records added before Start are kept for the first block.
  void Start();

  // Thread-safe. A record added after StopAndFlush has cut the last block is dropped (and logged):
  // nothing would ever hand it on.
  void AddEncodedRecord(std::string_view encoded_record);

  // Cuts the last partial block, hands it to the sink and joins the thread. Idempotent.
  void StopAndFlush();

  int64_t blocks_cut() const { return blocks_cut_.load(); }

 private:
  // The records taken out of the buffer at one cut.
  struct Batch {
    std::string data;
    int64_t records = 0;
  };

  void RunCutLoop();
  // Waits until the next cut is due; false if a stop came first.
  bool WaitForCut(std::chrono::steady_clock::time_point next_cut);
  // Takes the buffer under the lock; closes it to further records if `last`.
  Batch TakeBuffer(bool last);
  // Builds the block outside the lock and hands it to the sink; skips an empty batch.
  void Emit(Batch batch);

  const int32_t source_node_;
  const std::string origin_;
  const Duration block_interval_;
  const BlockSink sink_;

  Mutex mu_;  // the receiver's threads append to the buffer that the generator's thread cuts
  CondVar stop_cv_;
  std::string buffer_ ABSL_GUARDED_BY(mu_);
  int64_t buffered_records_ ABSL_GUARDED_BY(mu_) = 0;
  int64_t dropped_after_stop_ ABSL_GUARDED_BY(mu_) = 0;
  bool stop_requested_ ABSL_GUARDED_BY(mu_) = false;
  bool closed_ ABSL_GUARDED_BY(mu_) = false;  // the last block has been cut

  // Start and StopAndFlush come from different threads: receiver-ops, and a custom receiver's runner that stops
  // itself. Held while StopAndFlush joins, so a second stopper returns only after the last block is handed on.
  Mutex lifecycle_mu_;
  std::thread thread_ ABSL_GUARDED_BY(lifecycle_mu_);
  bool started_ ABSL_GUARDED_BY(lifecycle_mu_) = false;
  bool stopped_ ABSL_GUARDED_BY(lifecycle_mu_) = false;

  int64_t next_seq_ = 0;  // touched only by whoever emits: the generator thread, or the stopper
  std::atomic<int64_t> blocks_cut_{0};
};

}  // namespace sluice

#endif  // SLUICE_WORKER_RECEIVER_BLOCK_GENERATOR_H_
