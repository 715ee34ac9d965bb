#ifndef SLUICE_MASTER_APPLICATION_H_
#define SLUICE_MASTER_APPLICATION_H_

#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "common/graph_description.h"
#include "master/app_events.h"
#include "master/batch_clock.h"
#include "master/batch_run.h"
#include "master/file_stream/file_stream_monitor.h"
#include "master/materialized.h"
#include "master/queue_input.h"
#include "master/received_block_ledger.h"
#include "wire/application.h"

namespace sluice {

struct ReceiverPlacement {
  std::string worker_id;  // empty while waiting for a free slot
  bool stopped = false;
};

// The timings of one finished batch, as Spark's BatchInfo has them.
struct BatchSummary {
  int64_t batch_ms = 0;
  int64_t records = 0;
  int64_t submitted_ms = 0;
  int64_t started_ms = 0;
  int64_t finished_ms = 0;
  std::string failure;
  int64_t scheduling_delay_ms() const { return started_ms - submitted_ms; }
  int64_t processing_ms() const { return finished_ms - started_ms; }
};

// The master's bookkeeping for one application: plain data, so it can be persisted later.
struct Application {
  enum class State { kRunning, kStopping, kFinished };

  std::string id;
  Submission spec;
  State state = State::kRunning;
  int64_t start_ms = 0;       // the first batch time
  int64_t next_batch_ms = 0;  // the next batch the clock generates
  int32_t default_parallelism = 2;

  std::map<int32_t, ReceiverPlacement> receivers;                       // by source node
  std::map<int32_t, std::unique_ptr<FileStreamMonitor>> file_monitors;  // by source node
  std::map<int32_t, std::vector<BlockRef>> unallocated_blocks;         // by source node
  std::map<int32_t, QueueSourceState> queues;                           // by source node
  MaterializedIndex materialized;  // data sets later batches read, until released
  std::set<int32_t> started_states;  // state nodes an earlier batch computed: they have a state
  // The blocks its receivers reported, so that a report repeated after a lost reply takes none twice.
  ReceivedBlockLedger received_blocks;

  int64_t zero_ms() const { return ZeroTimeMs(start_ms, batch_ms()); }

  // Generated batches waiting for the running one, with their inputs. They are planned only when they start,
  // once every earlier batch is complete: a window or a state reads what earlier batches materialized.
  std::deque<BatchInputs> queued_batches;
  std::unique_ptr<BatchRun> running_batch;
  int64_t running_batch_started_ms = 0;
  std::map<int64_t, int64_t> submitted_ms;  // batch time -> when it was generated
  std::deque<BatchSummary> completed_batches;
  int64_t completed_count = 0;
  int64_t total_records = 0;     // records of the completed batches
  int64_t received_records = 0;  // records in the blocks its receivers reported

  // Graceful stop: batches up to this time still run; 0 while receivers are still flushing.
  bool graceful_stop = false;
  bool ended_on_workers = false;  // the workers were told to drop its data
  int64_t last_batch_ms = 0;
  int64_t stop_deadline_ms = 0;

  AppEventLog events;
  int64_t driver_seen_ms = 0;  // the driver's last poll (its submission counts as one)

  int64_t batch_ms() const { return spec.graph.batch_ms; }
  bool AllReceiversStopped() const;
};

}  // namespace sluice

#endif  // SLUICE_MASTER_APPLICATION_H_
