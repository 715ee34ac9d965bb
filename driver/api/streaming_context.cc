#include "driver/api/streaming_context.h"

#include <atomic>

#include "common/logging.h"
#include "driver/api/errors.h"
#include "runtime/graph_capture.h"
#include "runtime/source_nodes.h"

namespace sluice {
namespace {

constexpr char kCheckpointDirSetting[] = "app.checkpoint_dir";

struct ProcessState {
  // Recursive: StopActive() holds it while the active context's stop() clears itself.
  std::recursive_mutex mu;
  ContextRunnerFactory runner_factory = nullptr;
  // Set under `mu`, cleared by ClearActive(). Lock order: `mu`, then a context's stop_mu_, then its mu_.
  // start() holds its mu_ and takes `mu` only while it is not the active context, so StopActive() cannot be
  // waiting for that mu_; once active, it must not take `mu` again (a failing start clears this without it).
  std::atomic<StreamingContext*> active{nullptr};
  std::string submit_master;
  std::string submit_app_name;
  std::map<std::string, std::string> submit_settings;
};

ProcessState& Process() {
  static ProcessState state;
  return state;
}

void ClearActive(StreamingContext* context) { Process().active.compare_exchange_strong(context, nullptr); }

}  // namespace

SluiceConf::SluiceConf() {
  std::lock_guard<std::recursive_mutex> lock(Process().mu);
  master_ = Process().submit_master;
  app_name_ = Process().submit_app_name;
  settings_ = Process().submit_settings;
}

SluiceConf& SluiceConf::setMaster(std::string master) {
  master_ = std::move(master);
  return *this;
}

SluiceConf& SluiceConf::setAppName(std::string name) {
  app_name_ = std::move(name);
  return *this;
}

SluiceConf& SluiceConf::set(std::string name, std::string value) {
  settings_[std::move(name)] = std::move(value);
  return *this;
}

void SluiceConf::SetSubmitDefaults(std::string master, std::string app_name,
                                   std::map<std::string, std::string> settings) {
  std::lock_guard<std::recursive_mutex> lock(Process().mu);
  Process().submit_master = std::move(master);
  Process().submit_app_name = std::move(app_name);
  Process().submit_settings = std::move(settings);
}

bool RegisterContextRunnerFactory(ContextRunnerFactory factory) {
  std::lock_guard<std::recursive_mutex> lock(Process().mu);
  Process().runner_factory = factory;
  return true;
}

StreamingContext::StreamingContext(const SluiceConf& conf, Duration batch_duration)
    : conf_(conf),
      batch_duration_(batch_duration),
      graph_(std::make_shared<GraphBuilder>(batch_duration)),
      capture_mode_(GraphCapture::Current() != nullptr) {
  if (batch_duration.milliseconds() <= 0) {
    throw IllegalArgumentError("batch duration must be positive, got " + batch_duration.toString());
  }
  // As Spark's spark.streaming.checkpoint.directory: the setting calls checkpoint(dir).
  if (auto it = conf_.settings().find(kCheckpointDirSetting); it != conf_.settings().end()) checkpoint_dir_ = it->second;
}

StreamingContext::StreamingContext(std::string master, std::string app_name, Duration batch_duration)
    : StreamingContext(SluiceConf().setMaster(std::move(master)).setAppName(std::move(app_name)), batch_duration) {}

StreamingContext::~StreamingContext() {
  try {
    stop(false);
  } catch (...) {
    // A destructor must not throw; stop() reports its own problems through the log.
  }
}

bool StreamingContext::capturing() const { return capture_mode_; }

DStream<std::string> StreamingContext::socketTextStream(const std::string& host, int port) {
  if (port <= 0 || port > 65535) throw IllegalArgumentError("port must be in 1..65535, got " + std::to_string(port));
  NodeDescription description;
  description.id = graph_->NextId();
  description.kind = NodeKind::kReceiverSource;
  description.op = "socketTextStream";
  description.params = {{"host", host}, {"port", std::to_string(port)}};
  graph_->Add(std::make_unique<TextSourceNode>(description));
  return DStream<std::string>(graph_, description.id);
}

DStream<std::string> StreamingContext::textFileStream(const std::string& directory) {
  if (directory.empty()) throw IllegalArgumentError("textFileStream needs a directory");
  NodeDescription description;
  description.id = graph_->NextId();
  description.kind = NodeKind::kFileSource;
  description.op = "textFileStream";
  description.params = {{"directory", directory}};
  graph_->Add(std::make_unique<TextSourceNode>(description));
  return DStream<std::string>(graph_, description.id);
}

NodeDescription StreamingContext::DescribeQueueStream(size_t items, bool one_at_a_time, int num_partitions) {
  if (num_partitions < 1) {
    throw IllegalArgumentError("queueStream needs at least one partition per batch, got " +
                               std::to_string(num_partitions));
  }
  NodeDescription description;
  description.id = graph_->NextId();
  description.kind = NodeKind::kQueueSource;
  description.op = "queueStream";
  description.params = {{"items", std::to_string(items)},
                        {"one_at_a_time", one_at_a_time ? "true" : "false"},
                        {"num_partitions", std::to_string(num_partitions)}};
  return description;
}

void StreamingContext::start() {
  std::lock_guard<std::mutex> lock(mu_);
  if (state_ == StreamingContextState::ACTIVE) {
    // Spark (since 1.4) only warns: a second start() is harmless.
    Logger(LogComponent::kDriver).Warn("StreamingContext has already been started");
    return;
  }
  if (state_ == StreamingContextState::STOPPED) throw IllegalStateError("StreamingContext has already been stopped");
  if (capturing()) {
    CheckHasOutput();
    CheckCheckpointDir();
    graph_->Freeze("starting");
    GraphCapture::Current()->Deliver(graph_->Build());
    throw GraphCaptured{};
  }
  // As in Spark: a context refused because another one is active stays INITIALIZED; any later failure stops it.
  ContextRunnerFactory factory = BecomeActive();
  try {
    CheckHasOutput();
    CheckCheckpointDir();
    graph_->Freeze("starting");
    SluiceConf conf = conf_;
    if (!checkpoint_dir_.empty()) conf.set(kCheckpointDirSetting, checkpoint_dir_);
    runner_ = factory(conf);
    runner_->Start(graph_->Build());
  } catch (...) {
    ClearActive(this);
    runner_.reset();
    graph_->Freeze("stopping");
    state_ = StreamingContextState::STOPPED;
    throw;
  }
  state_ = StreamingContextState::ACTIVE;
}

void StreamingContext::CheckHasOutput() const {
  if (!graph_->HasOutput()) {
    throw IllegalArgumentError("requirement failed: No output operations registered, so nothing to execute");
  }
}

void StreamingContext::checkpoint(const std::string& directory) {
  std::lock_guard<std::mutex> lock(mu_);
  checkpoint_dir_ = directory;
}

void StreamingContext::CheckCheckpointDir() const {
  if (graph_->checkpoint_required() && checkpoint_dir_.empty()) {
    throw IllegalArgumentError(
        "requirement failed: The checkpoint directory has not been set. Please set it by "
        "StreamingContext.checkpoint().");
  }
}

ContextRunnerFactory StreamingContext::BecomeActive() {
  std::lock_guard<std::recursive_mutex> process_lock(Process().mu);
  if (const StreamingContext* running = Process().active.load(); running != nullptr) {
    throw IllegalStateError("Only one StreamingContext may be started in this process. Currently running "
                            "StreamingContext is application '" + running->conf().appName() + "' on master '" +
                            running->conf().master() + "'");
  }
  ContextRunnerFactory factory = Process().runner_factory;
  if (factory == nullptr) throw IllegalStateError("no cluster runner is linked in: depend on //driver:driver");
  Process().active = this;
  return factory;
}

void StreamingContext::awaitTermination() { awaitTerminationOrTimeout(-1); }

bool StreamingContext::awaitTerminationOrTimeout(int64_t timeout_ms) {
  if (capturing()) throw GraphCaptured{};
  ContextRunner* runner;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (state_ == StreamingContextState::INITIALIZED) {
      throw IllegalStateError("StreamingContext has not been started yet");
    }
    runner = runner_.get();
  }
  if (runner == nullptr) return true;
  bool ended = runner->AwaitTermination(timeout_ms);
  if (std::optional<std::string> batch_failure = runner->TakeBatchFailure()) throw JobFailedError(*batch_failure);
  std::string failure = runner->FailureMessage();
  if (!failure.empty()) throw JobFailedError(failure);
  return ended;
}

void StreamingContext::stop(bool stop_gracefully) {
  {
    // While StopActive() stops this context from another thread, this waits here, so the context is not
    // destroyed under it.
    std::lock_guard<std::recursive_mutex> process_lock(Process().mu);
    ClearActive(this);
  }
  std::lock_guard<std::mutex> stopping(stop_mu_);
  ContextRunner* runner;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (state_ == StreamingContextState::STOPPED) return;
    graph_->Freeze("stopping");
    state_ = StreamingContextState::STOPPED;
    runner = runner_.get();
  }
  // The runner stays owned by the context, so awaitTermination() after stop() still reports a failure.
  if (runner) runner->Stop(stop_gracefully);
}

StreamingContextState StreamingContext::getState() const {
  std::lock_guard<std::mutex> lock(mu_);
  return state_;
}

void StreamingContext::StopActive(bool gracefully) {
  // Held throughout: the active context cannot be destroyed while it is being stopped from here.
  std::lock_guard<std::recursive_mutex> lock(Process().mu);
  if (StreamingContext* active = Process().active.load(); active != nullptr) active->stop(gracefully);
}

}  // namespace sluice
