#include "driver/cluster_runner.h"

#include <pthread.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

#include "absl/cleanup/cleanup.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "common/hash.h"
#include "common/logging.h"
#include "driver/api/errors.h"
#include "driver/held_partition_fetcher.h"
#include "driver/master_url.h"
#include "driver/submitted_job.h"
#include "rpc/grpc_app_client.h"

namespace sluice {
namespace {

std::unique_ptr<ContextRunner> MakeClusterRunner(const SluiceConf& conf) {
  return std::make_unique<ClusterRunner>(conf);
}

[[maybe_unused]] const bool registered = RegisterContextRunnerFactory(&MakeClusterRunner);

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw SluiceError("cannot read the job library " + path);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

std::vector<QueueSourceData> QueueSources(const JobGraph& graph) {
  std::vector<QueueSourceData> sources;
  for (int32_t id = 0; id < graph.size(); ++id) {
    if (const std::vector<EncodedQueueItem>* items = graph.node(id).QueueItems()) {
      sources.push_back(QueueSourceData{id, *items});
    }
  }
  return sources;
}

}  // namespace

ClusterRunner::ClusterRunner(SluiceConf conf) : conf_(std::move(conf)) {
  std::vector<std::string> overrides;
  for (const auto& [name, value] : conf_.settings()) overrides.push_back(name + "=" + value);
  if (absl::Status status = config_.ApplyOverrides(overrides); !status.ok()) {
    throw IllegalArgumentError(std::string(status.message()));
  }
  shuffle_fetcher_ = std::make_unique<GrpcShuffleFetcher>(config_);
}

ClusterRunner::~ClusterRunner() { Teardown(); }

Submission ClusterRunner::PrepareSubmission(const std::string& master) {
  absl::StatusOr<MasterUrl> url = ParseMasterUrl(master);
  if (!url.ok()) throw IllegalArgumentError(std::string(url.status().message()));
  Submission submission;
  submission.name = conf_.appName().empty() ? "sluice-app" : conf_.appName();
  submission.graph = graph_->description();
  submission.queue_sources = QueueSources(*graph_);
  submission.clock = BatchClockSpec{config_.app_clock == "manual", config_.manual_clock_batches};
  submission.checkpoint = CheckpointSpec{config_.checkpoint_dir, config_.checkpoint_interval_ms};
  std::optional<SubmittedJob> job = GetSubmittedJob();
  if (job) submission.args = job->args;
  if (url->local) {
    static std::atomic<int> counter{0};
    submission.library_hash = absl::StrFormat("local-%016x-%d-%d", submission.graph.Fingerprint(), getpid(), counter++);
    submission.default_parallelism = url->local_slots;
    local_ = std::make_unique<LocalCluster>(url->local_slots, config_);
    if (absl::Status status = local_->Start(); !status.ok()) {
      throw SluiceError("cannot start the local cluster: " + std::string(status.message()));
    }
    local_->ShareGraph(submission.library_hash, graph_);
    client_ = std::make_unique<GrpcAppClient>(local_->master_address(), config_);
    return submission;
  }
  if (!job) {
    throw IllegalStateError("a job for a cluster must be a job library run by sluice-submit (see sluice_job())");
  }
  submission.library = ReadFile(job->library_path);
  // Workers rebuild the graph by running the library with its arguments and keep the result under this key, so
  // the arguments are part of it: the same library run with another port must not reuse the first graph.
  submission.library_hash =
      absl::StrFormat("%016x-%016x-%d", StableHash64(submission.library),
                      StableHash64(absl::StrJoin(submission.args, std::string(1, '\0'))), submission.library.size());
  client_ = std::make_unique<GrpcAppClient>(url->address, config_);
  return submission;
}

void ClusterRunner::Start(std::shared_ptr<const JobGraph> graph) {
  graph_ = std::move(graph);
  if (conf_.master().empty()) {
    throw IllegalArgumentError("no master set: use SluiceConf().setMaster(...) or sluice-submit --master");
  }
  Submission submission = PrepareSubmission(conf_.master());
  absl::StatusOr<std::string> app_id = client_->Submit(submission);
  if (!app_id.ok()) {
    Teardown();
    throw SluiceError(std::string(app_id.status().message()));
  }
  app_id_ = *app_id;
  Logger(LogComponent::kDriver).Info("application {} submitted to {}", app_id_, conf_.master());
  poller_ = std::thread([this] {
    pthread_setname_np(pthread_self(), "driver-events");
    PollEvents();
  });
}

void ClusterRunner::PollEvents() {
  int64_t after_seq = 0;
  int failures = 0;
  while (!stop_polling_) {
    absl::StatusOr<std::vector<AppEvent>> events = client_->Poll(app_id_, after_seq, config_.poll_wait_ms);
    if (!events.ok()) {
      if (++failures >= config_.max_poll_failures) {
        EndWith(absl::StrCat("lost contact with the master: ", events.status().message()));
        return;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(config_.poll_retry_delay_ms));
      continue;
    }
    failures = 0;
    for (const AppEvent& event : *events) {
      after_seq = event.seq;
      Handle(event);
      if (event.kind == AppEvent::Kind::kFinished) return;
    }
  }
}

void ClusterRunner::Handle(const AppEvent& event) {
  switch (event.kind) {
    case AppEvent::Kind::kOutput:
      DeliverOutput(event.output);
      break;
    case AppEvent::Kind::kWarning:
      Logger(LogComponent::kDriver).Warn("{}", event.message);
      break;
    case AppEvent::Kind::kBatchFailed:
      AddBatchFailure(event.message);
      break;
    case AppEvent::Kind::kError: {
      Logger(LogComponent::kDriver).Error("application failed: {}", event.message);
      std::lock_guard<std::mutex> lock(mu_);
      failure_ = event.message;
      break;
    }
    case AppEvent::Kind::kFinished:
      EndWith("");
      break;
  }
}

bool ClusterRunner::RunOutput(const Node& output, const BatchOutputEvent& event) {
  if (!output.description().HoldsOutputForDriver()) return output.OnDriverResults(Time(event.batch_ms), event.records);
  HeldPartitionFetcher fetcher(app_id_, event.batch_ms, event.output_node, config_, shuffle_fetcher_.get());
  output.OnDriverHeldOutput(Time(event.batch_ms), event.held, fetcher);
  return true;
}

void ClusterRunner::DeliverOutput(const BatchOutputEvent& event) {
  const Node& output = graph_->node(event.output_node);
  // Whatever the function did, the workers may drop what they held for it.
  absl::Cleanup release = [&] {
    if (!output.description().HoldsOutputForDriver()) return;
    if (absl::Status status = client_->ReleaseOutput(app_id_, event.batch_ms, event.output_node); !status.ok()) {
      Logger(LogComponent::kDriver).Warn("{}", std::string(status.message()));
    }
  };
  try {
    if (!RunOutput(output, event)) {
      Logger(LogComponent::kDriver)
          .ForBatch(event.batch_ms)
          .Error("the results of node {} are corrupt", event.output_node);
    }
  } catch (const std::exception& e) {
    // As in Spark, where an exception in an output operation fails that batch's job, and the next batch runs.
    AddBatchFailure(absl::StrCat("batch ", event.batch_ms, " ms failed: output operation ", output.description().op,
                                 " (node ", event.output_node, ") failed on the driver: ", e.what()));
  } catch (...) {
    AddBatchFailure(absl::StrCat("batch ", event.batch_ms, " ms failed: output operation ", output.description().op,
                                 " (node ", event.output_node, ") threw on the driver"));
  }
}

// awaitTermination() throws it; the application goes on.
void ClusterRunner::AddBatchFailure(const std::string& message) {
  Logger(LogComponent::kDriver).Error("{}", message);
  std::lock_guard<std::mutex> lock(mu_);
  batch_failures_.push_back(message);
  ended_cv_.notify_all();
}

void ClusterRunner::EndWith(const std::string& failure) {
  std::lock_guard<std::mutex> lock(mu_);
  if (!failure.empty() && failure_.empty()) failure_ = failure;
  ended_ = true;
  ended_cv_.notify_all();
}

bool ClusterRunner::AwaitTermination(int64_t timeout_ms) { return WaitForEnd(timeout_ms, /*or_batch_failure=*/true); }

bool ClusterRunner::WaitForEnd(int64_t timeout_ms, bool or_batch_failure) {
  std::unique_lock<std::mutex> lock(mu_);
  auto done = [&] { return ended_ || (or_batch_failure && !batch_failures_.empty()); };
  if (timeout_ms < 0) {
    ended_cv_.wait(lock, done);
  } else {
    ended_cv_.wait_for(lock, std::chrono::milliseconds(timeout_ms), done);
  }
  return ended_;
}

std::optional<std::string> ClusterRunner::TakeBatchFailure() {
  std::lock_guard<std::mutex> lock(mu_);
  if (batch_failures_.empty()) return std::nullopt;
  std::string failure = std::move(batch_failures_.front());
  batch_failures_.pop_front();
  return failure;
}

std::string ClusterRunner::FailureMessage() {
  std::lock_guard<std::mutex> lock(mu_);
  return failure_;
}

void ClusterRunner::Stop(bool gracefully) {
  if (client_ && !app_id_.empty()) {
    bool ended;
    {
      std::lock_guard<std::mutex> lock(mu_);
      ended = ended_;
    }
    if (!ended) {
      absl::Status status = client_->Stop(app_id_, gracefully);
      if (!status.ok()) {
        Logger(LogComponent::kDriver).Warn("{}", std::string(status.message()));
      } else {
        int64_t batch = graph_->batch_duration().milliseconds();
        int64_t wait = gracefully
                           ? (config_.graceful_stop_timeout_ms > 0 ? config_.graceful_stop_timeout_ms : 10 * batch) +
                                 batch + config_.rpc_timeout_ms
                           : config_.rpc_timeout_ms;
        WaitForEnd(wait, /*or_batch_failure=*/false);
      }
    }
  }
  Teardown();
}

void ClusterRunner::Teardown() {
  stop_polling_ = true;
  if (poller_.joinable()) poller_.join();
  if (local_) local_->Shutdown();
  EndWith("");
}

}  // namespace sluice
