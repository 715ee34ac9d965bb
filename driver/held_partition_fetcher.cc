#include "driver/held_partition_fetcher.h"

#include <memory>
#include <string_view>
#include <utility>

#include "absl/strings/str_cat.h"

namespace sluice {

HeldPartitionFetcher::HeldPartitionFetcher(std::string app_id, int64_t batch_ms, int32_t output_node,
                                           const Config& config, ShuffleFetcher* fetcher)
    : app_id_(std::move(app_id)), batch_ms_(batch_ms), output_node_(output_node), config_(config), fetcher_(fetcher) {}

bool HeldPartitionFetcher::Fetch(const HeldPartition& partition, std::string* records, std::string* error) {
  ShuffleKey key = ShuffleKey::Materialized(app_id_, batch_ms_, output_node_, partition.partition);
  std::string what = absl::StrCat("fetching partition ", partition.partition, " of shuffle output (", key.ToString(),
                                  ") from worker ", partition.worker_id, " at ", partition.worker_address);
  std::unique_ptr<ChunkStream> stream =
      fetcher_->Fetch(partition.worker_address, key, 0, Milliseconds(config_.rpc_timeout_ms), std::move(what));
  std::string_view chunk;
  while (stream->Next(&chunk)) records->append(chunk);
  absl::Status status = stream->Finish();
  if (status.ok()) return true;
  *error = std::string(status.message());
  return false;
}

}  // namespace sluice
