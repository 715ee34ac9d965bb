#ifndef SLUICE_DRIVER_HELD_PARTITION_FETCHER_H_
#define SLUICE_DRIVER_HELD_PARTITION_FETCHER_H_

#include <cstdint>
#include <string>

#include "common/config.h"
#include "rpc/shuffle_fetcher.h"
#include "runtime/runtime.h"

namespace sluice {

// Reads the partitions of one output's batch that the workers hold for the driver (foreachRDD) with the
// workers' FetchShuffle: each is a materialized partition of the output node on its worker.
class HeldPartitionFetcher final : public PartitionFetcher {
 public:
  HeldPartitionFetcher(std::string app_id, int64_t batch_ms, int32_t output_node, const Config& config,
                       ShuffleFetcher* fetcher);

  bool Fetch(const HeldPartition& partition, std::string* records, std::string* error) override;

 private:
  const std::string app_id_;
  const int64_t batch_ms_;
  const int32_t output_node_;
  const Config& config_;
  ShuffleFetcher* const fetcher_;
};

}  // namespace sluice

#endif  // SLUICE_DRIVER_HELD_PARTITION_FETCHER_H_
