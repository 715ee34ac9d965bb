#ifndef SLUICE_TESTS_BENCH_BATCH_STATS_H_
#define SLUICE_TESTS_BENCH_BATCH_STATS_H_

#include <cstdint>
#include <vector>

#include <nlohmann/json.hpp>

namespace sluice::bench {

// One completed batch as the master's /api/status reports it.
struct BatchFigures {
  int64_t batch_ms = 0;
  int64_t records = 0;
  int64_t scheduling_delay_ms = 0;
  int64_t processing_ms = 0;
  int64_t end_ms() const { return batch_ms + scheduling_delay_ms + processing_ms; }
};

// The completed batches of one application in a status document, in time order.
std::vector<BatchFigures> BatchesOf(const nlohmann::json& status, const std::string& app_id);

struct RunSummary {
  int batches = 0;  // with records
  int64_t records = 0;
  int64_t last_end_ms = 0;
  int64_t p50_delay_ms = 0, max_delay_ms = 0;
  int64_t p50_processing_ms = 0, max_processing_ms = 0;
  // Every batch finished within the interval and none waited a whole interval to start: the rate is sustainable.
  bool kept_up = false;
};
RunSummary Summarize(const std::vector<BatchFigures>& batches, int64_t batch_interval_ms);

}  // namespace sluice::bench

#endif  // SLUICE_TESTS_BENCH_BATCH_STATS_H_
