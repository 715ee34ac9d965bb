#include "worker/receiver/custom_receiver_runner.h"

#include <exception>
#include <utility>

#include "common/logging.h"

namespace sluice {
namespace {

// What a job's exception says, whatever it threw.
std::string Describe(std::exception_ptr error) {
  try {
    std::rethrow_exception(error);
  } catch (const std::exception& e) {
    return e.what();
  } catch (...) {
    return "an exception that is not a std::exception";
  }
}

}  // namespace

CustomReceiverRunner::CustomReceiverRunner(std::unique_ptr<ReceiverBase> receiver, CustomReceiverOptions options,
                                           BlockGenerator* generator, BlockGenerator::BlockSink block_sink,
                                           CustomReceiverListener* listener)
    : receiver_(std::move(receiver)),
      options_(std::move(options)),
      generator_(generator),
      block_sink_(std::move(block_sink)),
      listener_(listener),
      lifecycle_("rcvr-" + std::to_string(options_.source_node),
                 "custom receiver of node " + std::to_string(options_.source_node),
                 // The receiving threads see the stop before onStop runs.
                 [this] { state_ = State::kStopped; }) {
  receiver_->AttachHost(this);
}

CustomReceiverRunner::~CustomReceiverRunner() { Stop(); }

void CustomReceiverRunner::Start() {
  lifecycle_.Start([this] { Run(); });
}

void CustomReceiverRunner::Stop() { lifecycle_.Stop(); }

void CustomReceiverRunner::Run() {
  StartReceiver();
  while (std::optional<Command> command = NextCommand()) {
    if (!command->restart) {
      StopForGood(command->message);
      return;
    }
    std::string message =
        "Restarting receiver with delay " + options_.restart_delay.toString() + ": " + command->message;
    Logger(LogComponent::kReceiver).Warn("custom receiver of node {}: {}", options_.source_node, message);
    listener_->OnReceiverError(message);
    StopReceiver();
    if (!lifecycle_.SleepUnlessStopped(options_.restart_delay)) return;
    StartReceiver();
  }
  StopReceiver();  // Stop() came while the receiver was started
}

void CustomReceiverRunner::StopForGood(const std::string& message) {
  Logger(LogComponent::kReceiver).Info("custom receiver of node {} stopped itself: {}", options_.source_node, message);
  StopReceiver();
  generator_->StopAndFlush();
  listener_->OnReceiverStopped("Stopped receiver: " + message);
  // Stop() joins this thread, as it does while the receiver runs.
  lifecycle_.WaitForStop();
}

void CustomReceiverRunner::StartReceiver() {
  {
    MutexLock lock(&lifecycle_.mu());
    if (lifecycle_.stop_requested()) return;
    state_ = State::kStarted;  // before onStart, so the threads it starts see the receiver running
  }
  // A failed onStart is followed by onStop too (as in Spark): it may have started threads before it threw.
  receiver_active_ = true;
  bool restart = starts_.fetch_add(1) > 0;
  try {
    receiver_->onStart();
  } catch (...) {
    std::string message = "Error starting receiver: " + Describe(std::current_exception());
    Logger(LogComponent::kReceiver).Warn("custom receiver of node {}: {}", options_.source_node, message);
    listener_->OnReceiverError(message);
    Post(Command{/*restart=*/true, message});
    return;
  }
  listener_->OnReceiverStarted(restart ? "Restarted receiver" : "Started receiver");
}

void CustomReceiverRunner::StopReceiver() {
  if (!receiver_active_) return;
  receiver_active_ = false;
  try {
    receiver_->onStop();
  } catch (...) {
    std::string message = "Error stopping receiver: " + Describe(std::current_exception());
    Logger(LogComponent::kReceiver).Warn("custom receiver of node {}: {}", options_.source_node, message);
    listener_->OnReceiverError(message);
  }
}

std::optional<CustomReceiverRunner::Command> CustomReceiverRunner::NextCommand() {
  MutexLock lock(&lifecycle_.mu());
  if (!lifecycle_.AwaitLocked([this]() ABSL_NO_THREAD_SAFETY_ANALYSIS { return command_.has_value(); })) {
    return std::nullopt;
  }
  std::optional<Command> command = std::move(command_);
  command_.reset();
  return command;
}

bool CustomReceiverRunner::Post(Command command) {
  MutexLock lock(&lifecycle_.mu());
  // A restart or stop already under way, or the end of the application, makes a request moot.
  if (lifecycle_.stop_requested() || state_ != State::kStarted) return false;
  state_ = State::kStopped;  // isStopped() holds from the request on, so the receiving threads wind down
  command_ = std::move(command);
  lifecycle_.NotifyLocked();
  return true;
}

void CustomReceiverRunner::StoreRecord(std::string_view encoded_record) {
  generator_->AddEncodedRecord(encoded_record);
}

void CustomReceiverRunner::StoreBlock(std::string encoded_records, int64_t records) {
  if (records <= 0) return;
  if (lifecycle_.stopped()) {
    if (dropped_blocks_.fetch_add(1) == 0) {
      Logger(LogComponent::kReceiver)
          .Warn("custom receiver of node {} is stopped; dropping blocks stored after it", options_.source_node);
    }
    return;
  }
  ReceivedBlock block;
  // "s": numbered apart from the generator's blocks, which share the prefix.
  block.block_id = "input-" + std::to_string(options_.source_node) + "-" + options_.origin + "-s" +
                   std::to_string(next_block_seq_.fetch_add(1));
  block.source_node = options_.source_node;
  block.records = records;
  block.data = std::move(encoded_records);
  block.created = WallClockNow();
  block_sink_(std::move(block));
}

void CustomReceiverRunner::RequestRestart(const std::string& message) {
  if (!Post(Command{/*restart=*/true, message})) {
    Logger(LogComponent::kReceiver)
        .Info("custom receiver of node {} is not running; restart ignored: {}", options_.source_node, message);
  }
}

void CustomReceiverRunner::RequestStop(const std::string& message) {
  if (!Post(Command{/*restart=*/false, message})) {
    Logger(LogComponent::kReceiver)
        .Info("custom receiver of node {} is not running; stop ignored: {}", options_.source_node, message);
  }
}

void CustomReceiverRunner::ReportError(const std::string& message) { listener_->OnReceiverError(message); }

bool CustomReceiverRunner::IsStarted() const { return state_.load() == State::kStarted; }

bool CustomReceiverRunner::IsStopped() const { return state_.load() == State::kStopped; }

}  // namespace sluice
