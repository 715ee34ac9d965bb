#ifndef SLUICE_DRIVER_API_STREAMING_CONTEXT_H_
#define SLUICE_DRIVER_API_STREAMING_CONTEXT_H_

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "common/time.h"
#include "driver/api/dstream.h"
#include "driver/api/errors.h"
#include "runtime/receiver_source_node.h"
#include "runtime/source_nodes.h"

namespace sluice {

// queueStream's items that may lack a data set: std::vector<std::optional<std::vector<T>>>.
template <class Items>
struct OptionalBatches {};
template <class T>
struct OptionalBatches<std::vector<std::optional<std::vector<T>>>> {
  using element = T;
};

// What an application runs with: where the master is, its name, and settings (names from the settings table).
// A default-constructed SluiceConf takes the master and name that sluice-submit was given, as SparkConf does.
class SluiceConf {
 public:
  SluiceConf();
  SluiceConf& setMaster(std::string master);
  SluiceConf& setAppName(std::string name);
  SluiceConf& set(std::string name, std::string value);

  const std::string& master() const { return master_; }
  const std::string& appName() const { return app_name_; }
  const std::map<std::string, std::string>& settings() const { return settings_; }

  // What sluice-submit sets before it runs a job's entry point.
  static void SetSubmitDefaults(std::string master, std::string app_name,
                                std::map<std::string, std::string> settings = {});

 private:
  std::string master_;
  std::string app_name_;
  std::map<std::string, std::string> settings_;
};

enum class StreamingContextState { INITIALIZED, ACTIVE, STOPPED };

// Runs a started context's graph on a cluster (or an in-process one). Provided by the driver library
// (//driver:driver); the API itself stays free of RPC code.
class ContextRunner {
 public:
  virtual ~ContextRunner() = default;
  // Throws SluiceError if the application cannot be started; the context then stops and drops the runner.
  virtual void Start(std::shared_ptr<const JobGraph> graph) = 0;
  // Blocks until the application ends, a batch failure not yet taken is there, or `timeout_ms` (< 0: forever)
  // passes; true if it ended. A failed application ends, and so does one that Stop() returned from.
  virtual bool AwaitTermination(int64_t timeout_ms) = 0;
  // The oldest batch failure not taken yet (the application goes on after it); each is taken once.
  virtual std::optional<std::string> TakeBatchFailure() = 0;
  // Empty unless the application failed.
  virtual std::string FailureMessage() = 0;
  virtual void Stop(bool gracefully) = 0;
};

using ContextRunnerFactory = std::unique_ptr<ContextRunner> (*)(const SluiceConf& conf);
// Called once by the driver library at load time.
bool RegisterContextRunnerFactory(ContextRunnerFactory factory);

// The entry point of a Sluice Streaming application, with Spark's lifecycle (INITIALIZED -> ACTIVE -> STOPPED):
// define streams, start(), then awaitTermination(); stop() ends it. At most one context is active in a process;
// a context whose start() failed, or that was stopped, cannot be started again; nothing can be added after
// start or stop.
class StreamingContext {
 public:
  StreamingContext(const SluiceConf& conf, Duration batch_duration);
  StreamingContext(std::string master, std::string app_name, Duration batch_duration);
  ~StreamingContext();
  StreamingContext(const StreamingContext&) = delete;
  StreamingContext& operator=(const StreamingContext&) = delete;

  // Lines from a TCP server at host:port (the receiver connects as a client, e.g. to `nc -lk 9999`).
  DStream<std::string> socketTextStream(const std::string& host, int port);
  // Lines of every file that appears in `directory` after the start.
  DStream<std::string> textFileStream(const std::string& directory);

  // Spark's receiverStream: the records a custom receiver (a Receiver<T> subclass) stores. `factory` makes the
  // receiver on the worker the master places it on, which rebuilds the graph from the job library: it must make
  // the same receiver wherever it runs. The receiver holds one task slot for the whole application.
  template <Encodable T>
  DStream<T> receiverStream(ReceiverFactory<T> factory) {
    if (!factory) throw IllegalArgumentError("receiverStream needs a receiver factory");
    NodeDescription description;
    description.id = graph_->NextId();
    description.kind = NodeKind::kReceiverSource;
    description.op = "receiverStream";
    int32_t id = description.id;
    graph_->Add(std::make_unique<ReceiverSourceNode<T>>(std::move(description), std::move(factory)));
    return DStream<T>(graph_, id);
  }

  // Spark's queueStream of sc.parallelize(batch, num_partitions) items: each item is cut into num_partitions
  // contiguous slices as parallelize cuts it. one_at_a_time: the k-th batch of the application gets item k;
  // otherwise the first batch gets every item (partitions in item order). Batches after the queue is drained are
  // empty, with num_partitions empty partitions, as in Spark's TestSuiteBase. The items travel to the master with
  // the submission, so this works on a cluster too.
  template <Encodable T>
  DStream<T> queueStream(std::vector<std::vector<T>> batches, bool one_at_a_time = true, int num_partitions = 2) {
    std::vector<std::optional<std::vector<T>>> items;
    items.reserve(batches.size());
    for (std::vector<T>& batch : batches) items.emplace_back(std::move(batch));
    return queueStream(items, one_at_a_time, num_partitions);
  }
  // As above, from a std::vector<std::optional<std::vector<T>>>: an item without a value gives its batch no data
  // set at all (Spark's null input in its tests), not an empty one: operations downstream produce nothing for that
  // batch, and union or transform fail the job. A template on the whole type, so that a braced list always means
  // the overload above.
  template <class Items, class T = typename OptionalBatches<Items>::element>
  DStream<T> queueStream(const Items& batches, bool one_at_a_time = true, int num_partitions = 2) {
    NodeDescription description = DescribeQueueStream(batches.size(), one_at_a_time, num_partitions);
    int32_t id = description.id;
    graph_->Add(std::make_unique<QueueSourceNode<T>>(std::move(description),
                                                     EncodeQueueItems(batches, num_partitions)));
    return DStream<T>(graph_, id);
  }

  // The records of every stream, partitions in the order of the streams. Throws IllegalArgumentError if the
  // list is empty or the streams differ in context or slide duration.
  template <class T>
  DStream<T> union_(const std::vector<DStream<T>>& streams) {
    return DStream<T>::Union(streams);
  }

  // Spark's StreamingContext.transform: f(std::vector<RDD<T>> batches[, Time batch_time]) -> RDD<U> over the
  // batches of every stream, in the order of `streams` (same context and slide). See driver/api/rdd.h.
  template <class T, class F>
  auto transform(const std::vector<DStream<T>>& streams, F f) {
    return TransformStreams(streams, std::move(f));
  }

  // Sets the directory the state of stateful operations is checkpointed to (Spark's StreamingContext.checkpoint;
  // also set by the setting app.checkpoint_dir). See docs/windows-and-state.md for what is written when.
  void checkpoint(const std::string& directory);
  const std::string& checkpointDir() const { return checkpoint_dir_; }

  // Throws IllegalStateError if stopped or another context is active, IllegalArgumentError without an output
  // operation or, when an operation needs checkpoints, without a checkpoint directory. On an ACTIVE context it only
  // logs a warning, as Spark does.
  void start();
  // Blocks until stopped; throws JobFailedError with the cause if the application failed, IllegalStateError
  // if the context was never started. As in Spark, a batch that failed (a function threw in all of a task's
  // attempts, or its input was lost) makes it throw JobFailedError as soon as it is known, while the application
  // goes on with the next batches: each batch failure is thrown once, and a later call waits on.
  void awaitTermination();
  // As awaitTermination, at most `timeout_ms`; true if the context stopped.
  bool awaitTerminationOrTimeout(int64_t timeout_ms);
  // Graceful: received data is processed first. Idempotent; allowed before start.
  void stop(bool stop_gracefully = false);

  StreamingContextState getState() const;
  Duration batchDuration() const { return batch_duration_; }
  const SluiceConf& conf() const { return conf_; }

  // Stops the active context of this process, if any (sluice-submit's signal handling).
  static void StopActive(bool gracefully);

 private:
  bool capturing() const;
  // The next node's description for a queueStream; throws IllegalArgumentError for num_partitions < 1.
  NodeDescription DescribeQueueStream(size_t items, bool one_at_a_time, int num_partitions);
  // Throws Spark's error for a graph that computes nothing.
  void CheckHasOutput() const;
  // Throws Spark's error when an operation needs checkpoints and no directory is set.
  void CheckCheckpointDir() const;
  // Makes this the process's active context; throws IllegalStateError if another one is, or no runner is linked.
  ContextRunnerFactory BecomeActive();

  SluiceConf conf_;
  Duration batch_duration_;
  std::shared_ptr<GraphBuilder> graph_;
  std::unique_ptr<ContextRunner> runner_;
  mutable std::mutex mu_;
  std::mutex stop_mu_;  // held for a whole stop(), so the context outlives a stop from another thread
  StreamingContextState state_ = StreamingContextState::INITIALIZED;
  bool capture_mode_;
  std::string checkpoint_dir_;
};

}  // namespace sluice

#endif  // SLUICE_DRIVER_API_STREAMING_CONTEXT_H_
