#include "driver/held_partition_fetcher.h"

#include <string_view>
#include <utility>

#include "worker/shuffle_reader.h"

namespace sluice {

HeldPartitionFetcher::HeldPartitionFetcher(std::string app_id, int64_t batch_ms, int32_t output_node,
                                           const Config& config, PeerChannels* peers)
    : app_id_(std::move(app_id)), batch_ms_(batch_ms), output_node_(output_node), config_(config), peers_(peers) {}

bool HeldPartitionFetcher::Fetch(const HeldPartition& partition, std::string* records, std::string* error) {
  // No local store: the driver is no worker, so every partition is fetched.
  ShuffleReader reader(
      ShuffleReader::Options{.app_id = app_id_,
                             .batch_ms = batch_ms_,
                             .fetch_timeout = Milliseconds(config_.rpc_timeout_ms),
                             .materialized = {MaterializedPart{
                                 MaterializedKey{output_node_, batch_ms_, partition.partition},
                                 MaterializedSite{partition.worker_id, partition.worker_address}}}},
      /*store=*/nullptr, peers_);
  std::string_view chunk;
  while (reader.Next(&chunk)) records->append(chunk);
  if (reader.status().ok()) return true;
  *error = std::string(reader.status().message());
  return false;
}

}  // namespace sluice
