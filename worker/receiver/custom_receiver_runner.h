#ifndef SLUICE_WORKER_RECEIVER_CUSTOM_RECEIVER_RUNNER_H_
#define SLUICE_WORKER_RECEIVER_CUSTOM_RECEIVER_RUNNER_H_

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "common/mutex.h"
#include "common/time.h"
#include "driver/api/receiver.h"
#include "runtime/receiver_host.h"
#include "worker/receiver/block_generator.h"
#include "worker/receiver/receiver_lifecycle.h"
#include "worker/receiver/receiver_listener.h"

namespace sluice {

struct CustomReceiverOptions {
  int32_t source_node = 0;
  std::string origin;  // in the ids of the blocks it stores whole, as BlockGenerator's
  // Between onStop and onStart when the receiver restarts (Spark: 2 s).
  Duration restart_delay = Milliseconds(2000);
};

// A custom receiver's events: any receiver's, and its stopping itself.
class CustomReceiverListener : public ReceiverListener {
 public:
  // The receiver stopped itself (stop()) and does not run again in this application; the records it stored
  // before have been handed on already.
  virtual void OnReceiverStopped(const std::string& message) = 0;
};

// Runs a job's custom receiver (Spark's ReceiverSupervisor). Its thread "rcvr-<node>" calls onStart, and onStop
// and onStart again on each restart, so that a receiver may restart itself from its own threads. Single records
// go to the BlockGenerator; a vector of records becomes a block of its own, handed to `block_sink` on the
// calling thread. Exceptions from onStart and onStop are reported; onStart failing restarts the receiver. A
// receiver that stops itself flushes the generator before that is reported, so its records are reported first.
class CustomReceiverRunner final : public ReceiverRunner, public ReceiverHost {
 public:
  // `generator`, `listener` and the receiver's code must outlive the runner.
  CustomReceiverRunner(std::unique_ptr<ReceiverBase> receiver, CustomReceiverOptions options, BlockGenerator* generator,
                       BlockGenerator::BlockSink block_sink, CustomReceiverListener* listener);
  ~CustomReceiverRunner() override;  // Stop()s

  CustomReceiverRunner(const CustomReceiverRunner&) = delete;
  CustomReceiverRunner& operator=(const CustomReceiverRunner&) = delete;

  // Starts the thread, which calls onStart; never blocks the caller.
  void Start() override;
  // Calls onStop if the receiver is started, interrupts a restart delay and joins the thread; blocks stored
  // afterwards are dropped. Idempotent. Does not stop the generator: the caller owns it, and flushes it after
  // this so that the records stored before onStop returned are kept.
  void Stop() override;

  // ReceiverHost, for the receiver's threads.
  void StoreRecord(std::string_view encoded_record) override;
  void StoreBlock(std::string encoded_records, int64_t records) override;
  void RequestRestart(const std::string& message) override;
  void RequestStop(const std::string& message) override;
  void ReportError(const std::string& message) override;
  bool IsStarted() const override;
  bool IsStopped() const override;

  // How many times onStart has been called.
  int64_t starts() const { return starts_.load(); }

 private:
  enum class State { kInitialized, kStarted, kStopped };
  // What the receiver asked for; taken by the runner's thread.
  struct Command {
    bool restart = false;  // otherwise stop for good
    std::string message;
  };

  void Run();
  // Calls onStart; if it throws, reports it and asks for a restart.
  void StartReceiver();
  // The receiver's stop(): onStop, the generator's last block, the report; then waits for Stop().
  void StopForGood(const std::string& message);
  // Calls onStop unless it was since the last onStart, reporting an exception.
  void StopReceiver();
  // The receiver's next command; nullopt once Stop() was called.
  std::optional<Command> NextCommand();
  // Records `command` if the receiver is started; false (nothing recorded) otherwise.
  bool Post(Command command);

  std::unique_ptr<ReceiverBase> receiver_;
  const CustomReceiverOptions options_;
  BlockGenerator* const generator_;
  const BlockGenerator::BlockSink block_sink_;
  CustomReceiverListener* const listener_;

  // The receiver's threads post commands to the runner's thread; the stopper (receiver-ops) shuts it down.
  ReceiverLifecycle lifecycle_;
  std::optional<Command> command_ ABSL_GUARDED_BY(lifecycle_.mu());
  // Written under lifecycle_.mu(); atomic so that isStopped(), which receiving threads poll, takes no lock.
  std::atomic<State> state_{State::kInitialized};

  bool receiver_active_ = false;     // onStart was called and onStop not since; used on the runner's thread only
  std::atomic<int64_t> next_block_seq_{0};
  std::atomic<int64_t> dropped_blocks_{0};
  std::atomic<int64_t> starts_{0};
};

}  // namespace sluice

#endif  // SLUICE_WORKER_RECEIVER_CUSTOM_RECEIVER_RUNNER_H_
