#ifndef SLUICE_WORKER_RECEIVER_MANAGER_H_
#define SLUICE_WORKER_RECEIVER_MANAGER_H_

#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "common/config.h"
#include "worker/block_store.h"
#include "worker/job_catalog.h"
#include "worker/master_client.h"
#include "worker/receiver/block_generator.h"
#include "worker/receiver_spec.h"

namespace sluice {

// The receivers running on this worker, by (application, source node). Each is a SocketTextReceiver
// (socketTextStream) or a job's own receiver (receiverStream) feeding a BlockGenerator whose blocks are stored
// here and reported to the master; the receiver's events are reported too. Thread-safe.
class ReceiverManager {
 public:
  ReceiverManager(std::string worker_id, const Config& config, JobCatalog* catalog, BlockStore* blocks,
                  MasterClient* master);
  ~ReceiverManager();  // StopAll()s

  // Starting a receiver that already runs is a no-op (the master may repeat a request it saw time out).
  absl::Status StartReceiver(const ReceiverSpec& spec);
  // Stops the application's receivers; each one's last block is stored and reported, then STOPPED is, all
  // before this returns.
  void StopReceivers(const std::string& app_id);
  // Stops the application's receivers and drops what they still held: the application is over.
  void DiscardReceivers(const std::string& app_id);
  // Shutdown: stops every receiver without reporting.
  void StopAll();

  size_t size() const;

 private:
  struct Receiver;
  using Key = std::pair<std::string, int32_t>;  // app, source node

  std::vector<std::unique_ptr<Receiver>> TakeReceivers(const std::string* app_id);
  // Stores a block and reports it to the master, unless `discard` is set by then.
  BlockGenerator::BlockSink StoreAndReport(const std::string& app_id, std::shared_ptr<std::atomic<bool>> discard);
  void Stop(Receiver& receiver, bool report);

  const std::string worker_id_;
  const Config& config_;
  JobCatalog* const catalog_;
  BlockStore* const blocks_;
  MasterClient* const master_;

  mutable std::mutex mu_;
  std::map<Key, std::unique_ptr<Receiver>> receivers_;
};

}  // namespace sluice

#endif  // SLUICE_WORKER_RECEIVER_MANAGER_H_
