#ifndef SLUICE_WORKER_MASTER_MESSAGES_H_
#define SLUICE_WORKER_MASTER_MESSAGES_H_

// What the worker tells the master and gets from it, as C++ types (converted in wire.h).

#include <cstdint>
#include <string>
#include <vector>

#include "common/graph_description.h"

namespace sluice {

struct WorkerRegistration {
  std::string worker_id;
  std::string address;  // host:port of the worker's service
  int32_t cores = 0;
};

struct BlockReport {
  std::string block_id;
  int32_t source_node = 0;
  int64_t records = 0;
  int64_t bytes = 0;
};

enum class ReceiverEventKind { kStarted, kError, kFailed, kStopped };

struct ReceiverEvent {
  std::string app_id;
  int32_t source_node = 0;
  ReceiverEventKind kind = ReceiverEventKind::kStarted;
  std::string message;
};

// A job library as the master hands it out, with what the driver built from it.
struct JobLibrary {
  std::string bytes;
  std::vector<std::string> args;
  GraphDescription graph;
};

}  // namespace sluice

#endif  // SLUICE_WORKER_MASTER_MESSAGES_H_
