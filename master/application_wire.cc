#include "master/application_wire.h"

#include "proto/graph_wire.h"

namespace sluice {
namespace {

std::vector<QueuedDataSet> QueueItemsFromProto(const proto::QueueSourceData& source) {
  std::vector<QueuedDataSet> items;
  items.reserve(source.items_size());
  for (const proto::QueueItem& item : source.items()) {
    if (item.absent()) {
      items.emplace_back(std::nullopt);
      continue;
    }
    std::vector<QueuedPartition> partitions;
    partitions.reserve(item.partitions_size());
    for (const proto::InlinePartition& partition : item.partitions()) {
      partitions.push_back(QueuedPartition{partition.records(), partition.count()});
    }
    items.emplace_back(std::move(partitions));
  }
  return items;
}

}  // namespace

ApplicationSpec ApplicationSpecFromProto(const proto::SubmitApplicationRequest& request) {
  ApplicationSpec spec;
  spec.name = request.name();
  spec.graph = GraphFromProto(request.graph());
  spec.library = request.library();
  spec.library_hash = request.library_hash();
  spec.args.assign(request.args().begin(), request.args().end());
  spec.default_parallelism = request.default_parallelism();
  spec.clock = BatchClockSpec{request.clock().manual(), request.clock().manual_batches()};
  spec.checkpoint = CheckpointSpec{request.checkpoint_dir(), request.checkpoint_interval_ms()};
  for (const proto::QueueSourceData& source : request.queue_sources()) {
    spec.queue_data[source.source_node()] = QueueItemsFromProto(source);
  }
  return spec;
}

}  // namespace sluice
