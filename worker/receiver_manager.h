#ifndef SLUICE_WORKER_RECEIVER_MANAGER_H_
#define SLUICE_WORKER_RECEIVER_MANAGER_H_

#include <atomic>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "common/config.h"
#include "common/event_loop.h"
#include "worker/block_replicator.h"
#include "worker/block_store.h"
#include "worker/job_catalog.h"
#include "rpc/master_client.h"
#include "worker/receiver/block_generator.h"
#include "worker/receiver/receiver_listener.h"
#include "wire/worker_messages.h"

namespace sluice {

// The receivers running on this worker, by (application, source node). Each is a SocketTextReceiver
// (socketTextStream) or a job's own receiver (receiverStream) feeding a BlockGenerator whose blocks are stored
// here, copied to other workers (receiver.replication, by the BlockReplicator) and then reported to the master with
// the workers that hold them; the receiver's events are reported too.
//
// Threads. The registry is the control loop's: StartReceiver, StopReceivers and DiscardReceivers are called on
// it, and their `done` runs on it. Starting a receiver (loading its job) and stopping one (joining its threads,
// storing and reporting its last block) block, so they run on the thread "receiver-ops", which owns nothing but
// the receiver it is working on; the loop gives it one request of a receiver at a time, in the order they came.
// The receivers' own threads store their blocks and report to the master themselves.
class ReceiverManager {
 public:
  using StartDone = std::function<void(const absl::Status&)>;
  using StopDone = std::function<void()>;

  ReceiverManager(std::string worker_id, const Config& config, JobCatalog* catalog, BlockStore* blocks,
                  BlockReplicator* replicator, MasterClient* master, EventLoop* control_loop);
  ~ReceiverManager();  // StopAll()s

  // Starts receiver-ops.
  void Start();

  // Starting a receiver that already runs is a no-op (the master may repeat a request it saw time out).
  void StartReceiver(const ReceiverSpec& spec, StartDone done);
  // Stops the application's receivers; each one's last block is stored and reported, then STOPPED is, all
  // before `done` runs.
  void StopReceivers(const std::string& app_id, StopDone done);
  // Stops the application's receivers and drops what they still held: the application is over.
  void DiscardReceivers(const std::string& app_id, StopDone done);

  // Receivers running, starting or stopping.
  size_t size() const { return slots_.size(); }

  // Shutdown, once the control loop has stopped (its thread joined, the registry is the caller's): ends
  // receiver-ops, then stops every receiver without reporting. Idempotent.
  void StopAll();

 private:
  struct Receiver;
  using Key = std::pair<std::string, int32_t>;  // app, source node

  // A request of one receiver, waiting for its turn: a start, or a stop with or without the last report.
  struct Request {
    std::optional<ReceiverSpec> start;  // nullopt: a stop
    bool report = false;
    StartDone done;
  };
  struct Slot {
    std::shared_ptr<Receiver> receiver;  // null until started
    std::deque<Request> waiting;
    bool busy = false;  // one of its requests is on receiver-ops
  };

  // On the control loop.
  void Enqueue(const Key& key, Request request);
  // Takes the slot's waiting requests until one goes to receiver-ops; forgets a slot left with nothing.
  void RunNext(const Key& key);
  void StartNow(const Key& key, Slot& slot, Request request);
  void StopNow(const Key& key, Slot& slot, Request request);
  // A request that needed nothing done: it ends on a later turn of the loop, since `done` may make new requests
  // while RunNext still works on the slot.
  void FinishLater(StartDone done);
  // A request of the key came back from receiver-ops.
  void OnDone(const Key& key, const absl::Status& status, const StartDone& done);
  void StopApp(const std::string& app_id, bool report, StopDone done);

  // On receiver-ops.
  absl::StatusOr<std::shared_ptr<Receiver>> Build(const ReceiverSpec& spec);
  void Stop(Receiver& receiver, bool report);
  // Stores a block here and its copies elsewhere, then reports it to the master, unless `discard` is set by then.
  // Runs on the receiver's threads; `listener` hears when blocks are short of copies.
  BlockGenerator::BlockSink StoreAndReport(const ReceiverSpec& spec, std::shared_ptr<std::atomic<bool>> discard,
                                           ReceiverListener* listener);

  const std::string worker_id_;
  const Config& config_;
  JobCatalog* const catalog_;
  BlockStore* const blocks_;
  BlockReplicator* const replicator_;
  MasterClient* const master_;
  EventLoop* const control_;

  std::map<Key, Slot> slots_;  // the control loop's
  EventLoop ops_{"receiver-ops"};
};

}  // namespace sluice

#endif  // SLUICE_WORKER_RECEIVER_MANAGER_H_
