#include "worker/receiver/block_generator.h"

#include <pthread.h>

#include <algorithm>
#include <chrono>
#include <utility>

#include "common/logging.h"
#include "common/thread_name.h"

namespace sluice {

BlockGenerator::BlockGenerator(int32_t source_node, std::string origin, Duration block_interval, BlockSink sink)
    : source_node_(source_node),
      origin_(std::move(origin)),
      // A zero interval would make the cut loop spin.
      block_interval_(std::max(block_interval, Milliseconds(1))),
      sink_(std::move(sink)) {}

BlockGenerator::~BlockGenerator() { StopAndFlush(); }

void BlockGenerator::Start() {
  MutexLock lifecycle(&lifecycle_mu_);
  if (started_ || stopped_) {
    Logger(LogComponent::kReceiver)
        .Warn("BlockGenerator for node {} already {}; Start ignored", source_node_, stopped_ ? "stopped" : "started");
    return;
  }
  started_ = true;
  thread_ = std::thread([this] { RunCutLoop(); });
}

void BlockGenerator::AddEncodedRecord(std::string_view encoded_record) {
  MutexLock lock(&mu_);
  if (closed_) {
    if (++dropped_after_stop_ == 1) {
      Logger(LogComponent::kReceiver)
          .Warn("BlockGenerator for node {} is stopped; dropping records added after it", source_node_);
    }
    return;
  }
  buffer_.append(encoded_record.data(), encoded_record.size());
  ++buffered_records_;
}

void BlockGenerator::StopAndFlush() {
  MutexLock lifecycle(&lifecycle_mu_);
  if (stopped_) return;
  stopped_ = true;
  if (!started_) {
    // No thread to hand on what was added before Start, so the stopper does.
    Emit(TakeBuffer(/*last=*/true));
    return;
  }
  {
    MutexLock lock(&mu_);
    stop_requested_ = true;
    stop_cv_.SignalAll();
  }
  thread_.join();
}

void BlockGenerator::RunCutLoop() {
  NameCurrentThread("blockgen-" + std::to_string(source_node_));
  using Clock = std::chrono::steady_clock;
  const auto interval = std::chrono::milliseconds(block_interval_.milliseconds());
  auto next_cut = Clock::now() + interval;
  while (WaitForCut(next_cut)) {
    Emit(TakeBuffer(/*last=*/false));
    next_cut += interval;
    // After a slow sink, resume the cadence from now rather than cutting a burst of tiny blocks.
    auto now = Clock::now();
    if (next_cut < now) next_cut = now + interval;
  }
  Emit(TakeBuffer(/*last=*/true));
}

bool BlockGenerator::WaitForCut(std::chrono::steady_clock::time_point next_cut) {
  MutexLock lock(&mu_);
  while (!stop_requested_) {
    if (stop_cv_.WaitUntil(&mu_, next_cut)) return !stop_requested_;
  }
  return false;
}

BlockGenerator::Batch BlockGenerator::TakeBuffer(bool last) {
  Batch batch;
  MutexLock lock(&mu_);
  batch.data.swap(buffer_);
  batch.records = buffered_records_;
  buffered_records_ = 0;
  if (last) closed_ = true;
  return batch;
}

void BlockGenerator::Emit(Batch batch) {
  if (batch.records == 0) return;
  ReceivedBlock block;
  block.block_id = "input-" + std::to_string(source_node_) + "-" + origin_ + "-" + std::to_string(next_seq_++);
  block.source_node = source_node_;
  block.records = batch.records;
  block.data = std::move(batch.data);
  block.created = WallClockNow();
  blocks_cut_.fetch_add(1);
  sink_(std::move(block));
}

}  // namespace sluice
