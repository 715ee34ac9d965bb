#ifndef SLUICE_MASTER_MASTER_H_
#define SLUICE_MASTER_MASTER_H_

#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/config.h"
#include "common/event_loop.h"
#include "master/application.h"
#include "master/master_view.h"
#include "master/task_dispatcher.h"
#include "rpc/worker_clients.h"
#include "master/worker_registry.h"
#include "wire/worker_messages.h"

namespace sluice {

// How often the master checks worker liveness, receiver placement and graceful-stop deadlines, and answers parked
// polls: every worker.heartbeat_interval_ms, but at least every master.max_tick_interval_ms.
std::chrono::milliseconds MasterTickInterval(const Config& config);

// The master's state and decisions: membership, applications, their batch clocks, and the placement of tasks
// and receivers on worker slots (tasks through its TaskDispatcher). Every method runs on the master's event
// loop, which owns all of this.
class Master : private TaskDispatcher::Batches {
 public:
  Master(const Config& config, EventLoop* loop, WorkerClients* clients);

  void Start();  // begins the liveness checks

  // Workers.
  void RegisterWorker(const std::string& id, const std::string& address, int cores);
  bool Heartbeat(const std::string& id);
  // The registered workers, for their block replicas.
  std::vector<WorkerPeer> LiveWorkers() const;
  // Every application it has, finished ones included: a worker keeps what it holds of these only.
  std::vector<std::string> KnownApplications() const;
  void ReportBlocks(const std::string& app_id, std::vector<BlockRef> blocks);
  void ReportReceiver(const std::string& app_id, int32_t source_node, const std::string& worker_id,
                      ReceiverEventKind event, const std::string& message);
  void ReportTask(TaskReport report);

  // Drivers.
  struct Submitted {
    std::string app_id;
    int64_t start_ms = 0;
  };
  absl::StatusOr<Submitted> Submit(Submission spec);
  absl::StatusOr<JobLibrary> GetLibrary(const std::string& library_hash) const;
  absl::Status PollEvents(const std::string& app_id, int64_t after_seq, AppEventLog::Waiter waiter);
  absl::Status Stop(const std::string& app_id, bool graceful);
  // The driver is done with a foreachRDD output's batch: the workers drop its partitions.
  absl::Status ReleaseOutput(const std::string& app_id, int64_t batch_ms, int32_t output_node);

  MasterView View() const;
  // Ends every application and answers every parked poll.
  void Shutdown();

 private:
  Application* FindApp(const std::string& app_id);
  int64_t NowMs() const;
  void Tick();
  void ExpireWorkers();
  void OnWorkerLost(const WorkerInfo& worker);
  void MoveBlocksOffLostWorker(Application& app, const std::string& worker_id);

  void ScheduleBatch(Application& app, int64_t batch_ms);
  void GenerateBatch(const std::string& app_id, int64_t batch_ms);
  BatchInputs CollectInputs(Application& app);
  void StartNextBatch(Application& app);
  void CheckBatchDone(Application& app);
  void KeepMaterialized(Application& app, const BatchRun& run);
  void ReleaseBatchData(Application& app, const BatchRun& run);

  void PlaceReceivers(Application& app);
  void Enqueue(Application& app);

  // TaskDispatcher::Batches.
  BatchRun* RunningBatch(const std::string& app_id, int64_t batch_ms) override;
  void EnqueueRunnable(const std::string& app_id) override;
  void BatchMayBeDone(const std::string& app_id) override;

  void BeginGracefulStop(Application& app);
  void MaybeFinishGracefully(Application& app);
  void ReportBatchFailure(Application& app, int64_t batch_ms, const std::string& error);
  void FailApplication(Application& app, const std::string& message);
  void FinishApplication(Application& app);
  void EndOnWorkersOnceReleased(Application& app);
  void EndOnWorkers(Application& app);
  void Warn(Application& app, const std::string& message);

  const Config config_;
  EventLoop* loop_;
  WorkerClients* clients_;
  WorkerRegistry registry_;
  std::map<std::string, std::unique_ptr<Application>> apps_;
  TaskDispatcher dispatcher_{&registry_, clients_, loop_, this};
  int64_t next_app_number_ = 0;
};

}  // namespace sluice

#endif  // SLUICE_MASTER_MASTER_H_
