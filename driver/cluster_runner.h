#ifndef SLUICE_DRIVER_CLUSTER_RUNNER_H_
#define SLUICE_DRIVER_CLUSTER_RUNNER_H_

#include <atomic>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "common/config.h"
#include "driver/api/streaming_context.h"
#include "rpc/app_client.h"
#include "driver/local_cluster.h"
#include "rpc/grpc_shuffle_fetcher.h"

namespace sluice {

// Runs a started StreamingContext: on a cluster's master, or on a LocalCluster for local[N]. A named thread
// polls the master for the application's events (driver.poll_wait_ms) and prints its outputs; after
// driver.max_poll_failures failed polls in a row it gives up, failing the application.
class ClusterRunner final : public ContextRunner {
 public:
  explicit ClusterRunner(SluiceConf conf);
  ~ClusterRunner() override;

  void Start(std::shared_ptr<const JobGraph> graph) override;
  bool AwaitTermination(int64_t timeout_ms) override;
  std::optional<std::string> TakeBatchFailure() override;
  std::string FailureMessage() override;
  void Stop(bool gracefully) override;

 private:
  Submission PrepareSubmission(const std::string& master);
  void PollEvents();
  void Handle(const AppEvent& event);
  // Hands a batch's results to its output node (pprint prints them, a test's collector keeps them).
  void DeliverOutput(const BatchOutputEvent& event);
  // Runs the node's driver-side code (OnDriverResults, or OnDriverHeldOutput for foreachRDD).
  bool RunOutput(const Node& output, const BatchOutputEvent& event);
  void AddBatchFailure(const std::string& message);
  // Blocks until the application ended, or with `or_batch_failure` until a batch failure is waiting to be taken,
  // at most `timeout_ms` (< 0: forever); true if it ended.
  bool WaitForEnd(int64_t timeout_ms, bool or_batch_failure);
  void EndWith(const std::string& failure);
  void Teardown();

  SluiceConf conf_;
  Config config_;
  std::shared_ptr<const JobGraph> graph_;
  std::unique_ptr<LocalCluster> local_;
  std::unique_ptr<AppClient> client_;
  std::unique_ptr<GrpcShuffleFetcher> shuffle_fetcher_;  // to the workers, for the partitions foreachRDD collects
  std::string app_id_;
  std::thread poller_;
  std::atomic<bool> stop_polling_{false};
  std::mutex mu_;
  std::condition_variable ended_cv_;
  bool ended_ = false;
  std::deque<std::string> batch_failures_;  // not yet thrown by awaitTermination
  std::string failure_;
};

}  // namespace sluice

#endif  // SLUICE_DRIVER_CLUSTER_RUNNER_H_
