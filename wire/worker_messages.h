#ifndef SLUICE_WIRE_WORKER_MESSAGES_H_
#define SLUICE_WIRE_WORKER_MESSAGES_H_

// What a worker and the master tell each other besides tasks: registration, receivers and their events, the
// job library a worker loads. Defined once for both sides (wire/proto_conversion.h converts them).

#include <cstdint>
#include <string>
#include <vector>

#include "common/graph_description.h"

namespace sluice {

struct WorkerRegistration {
  std::string worker_id;  // chosen by the worker, stable for the life of its process
  std::string address;    // host:port of the worker's service
  int32_t cores = 0;
  bool operator==(const WorkerRegistration&) const = default;
};

// Another live worker of the cluster, as the master's heartbeat replies list them (block replicas go there).
struct WorkerPeer {
  std::string worker_id;
  std::string address;
  bool operator==(const WorkerPeer&) const = default;
};

// The master's answer to a registration.
struct RegistrationAnswer {
  int64_t heartbeat_interval_ms = 0;  // 0: the worker's own worker.heartbeat_interval_ms
  std::vector<WorkerPeer> peers;      // the live workers, this one included
  // The applications the master knows: a worker drops what it holds of any other (a master that restarted
  // without its bookkeeping knows none of those it ran before).
  std::vector<std::string> applications;
  bool operator==(const RegistrationAnswer&) const = default;
};

// The master's answer to a heartbeat.
struct HeartbeatAnswer {
  bool reregister = false;        // the master does not know this worker (declared dead, or restarted)
  std::vector<WorkerPeer> peers;  // the live workers, this one included
  bool operator==(const HeartbeatAnswer&) const = default;
};

// A receiver the master places on a worker: the source node of an application's graph.
struct ReceiverSpec {
  std::string app_id;
  int32_t source_node = 0;
  std::string library_hash;
  int64_t block_interval_ms = 0;  // 0: the worker's configured interval
  int32_t replication = 0;        // copies of each block, its own included; 0: the worker's receiver.replication
  bool operator==(const ReceiverSpec&) const = default;
};

// A copy of a received block, which the receiver's worker stores on another worker before it reports the block.
struct BlockReplica {
  std::string app_id;
  std::string block_id;
  int64_t records = 0;
  std::string data;  // records encoded back to back
  bool operator==(const BlockReplica&) const = default;
};

// kError: the receiver reported an error and goes on (Spark's reportError); kFailed: it stopped with one.
enum class ReceiverEventKind { kStarted, kError, kFailed, kStopped };

struct ReceiverEvent {
  std::string app_id;
  int32_t source_node = 0;
  std::string worker_id;
  ReceiverEventKind kind = ReceiverEventKind::kStarted;
  std::string message;
  bool operator==(const ReceiverEvent&) const = default;
};

// A job library as the master hands it out, with the graph the driver built from it (a worker whose rebuilt
// graph differs refuses the job).
struct JobLibrary {
  std::string bytes;
  std::vector<std::string> args;
  GraphDescription graph;
  bool operator==(const JobLibrary&) const = default;
};

}  // namespace sluice

#endif  // SLUICE_WIRE_WORKER_MESSAGES_H_
