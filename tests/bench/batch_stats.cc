#include "tests/bench/batch_stats.h"

#include <algorithm>

namespace sluice::bench {
namespace {

int64_t Median(std::vector<int64_t> values) {
  if (values.empty()) return 0;
  std::nth_element(values.begin(), values.begin() + values.size() / 2, values.end());
  return values[values.size() / 2];
}

}  // namespace

std::vector<BatchFigures> BatchesOf(const nlohmann::json& status, const std::string& app_id) {
  std::vector<BatchFigures> batches;
  for (const nlohmann::json& app : status.value("applications", nlohmann::json::array())) {
    if (app.value("id", "") != app_id) continue;
    for (const nlohmann::json& batch : app.value("batches", nlohmann::json::array())) {
      if (!batch.value("failure", "").empty()) continue;
      batches.push_back({batch.value("batch_ms", int64_t{0}), batch.value("records", int64_t{0}),
                         batch.value("scheduling_delay_ms", int64_t{0}), batch.value("processing_ms", int64_t{0})});
    }
  }
  std::sort(batches.begin(), batches.end(), [](auto& a, auto& b) { return a.batch_ms < b.batch_ms; });
  return batches;
}

RunSummary Summarize(const std::vector<BatchFigures>& batches, int64_t batch_interval_ms) {
  RunSummary summary;
  std::vector<int64_t> delays, processing;
  for (const BatchFigures& batch : batches) {
    if (batch.records == 0) continue;
    ++summary.batches;
    summary.records += batch.records;
    summary.last_end_ms = std::max(summary.last_end_ms, batch.end_ms());
    delays.push_back(batch.scheduling_delay_ms);
    processing.push_back(batch.processing_ms);
  }
  if (summary.batches == 0) return summary;
  summary.p50_delay_ms = Median(delays);
  summary.max_delay_ms = *std::max_element(delays.begin(), delays.end());
  summary.p50_processing_ms = Median(processing);
  summary.max_processing_ms = *std::max_element(processing.begin(), processing.end());
  summary.kept_up = summary.max_processing_ms < batch_interval_ms && summary.max_delay_ms < batch_interval_ms;
  return summary;
}

}  // namespace sluice::bench
