#include "wire/proto_conversion.h"

// Where data lives, on the wire.

namespace sluice {

void ToProto(const BlockRef& block, proto::BlockRef* out) {
  out->set_block_id(block.block_id);
  out->set_source_node(block.source_node);
  out->set_worker_id(block.worker_id);
  out->set_records(block.records);
  out->set_bytes(block.bytes);
  for (const std::string& replica : block.replica_worker_ids) out->add_replica_worker_ids(replica);
}

BlockRef FromProto(const proto::BlockRef& block) {
  return BlockRef{block.block_id(),
                  block.source_node(),
                  block.worker_id(),
                  block.records(),
                  block.bytes(),
                  {block.replica_worker_ids().begin(), block.replica_worker_ids().end()}};
}

void ToProto(const FileSplit& split, proto::FileSplit* out) {
  out->set_path(split.path);
  out->set_start(split.start);
  out->set_length(split.length);
}

FileSplit FromProto(const proto::FileSplit& split) { return FileSplit{split.path(), split.start(), split.length()}; }

void ToProto(const EncodedPartition& partition, proto::InlinePartition* out) {
  out->set_records(partition.records);
  out->set_count(partition.count);
}

EncodedPartition FromProto(const proto::InlinePartition& partition) {
  return EncodedPartition{partition.records(), partition.count()};
}

void ToProto(const MapOutputLocation& location, proto::ShuffleMapOutput* out) {
  out->set_worker_id(location.worker_id);
  out->set_worker_address(location.worker_address);
  out->set_map_index(location.map_index);
}

MapOutputLocation FromProto(const proto::ShuffleMapOutput& location) {
  return MapOutputLocation{location.worker_id(), location.worker_address(), location.map_index()};
}

void ToProto(const MaterializedPart& part, proto::MaterializedPartition* out) {
  out->set_node(part.key.node);
  out->set_batch_ms(part.key.batch_ms);
  out->set_partition(part.key.partition);
  out->set_worker_id(part.site.worker_id);
  out->set_worker_address(part.site.worker_address);
}

MaterializedPart FromProto(const proto::MaterializedPartition& part) {
  return MaterializedPart{MaterializedKey{part.node(), part.batch_ms(), part.partition()},
                          MaterializedSite{part.worker_id(), part.worker_address()}};
}

void ToProto(const MaterializedKey& key, proto::MaterializedKey* out) {
  out->set_node(key.node);
  out->set_batch_ms(key.batch_ms);
  out->set_partition(key.partition);
}

MaterializedKey FromProto(const proto::MaterializedKey& key) {
  return MaterializedKey{key.node(), key.batch_ms(), key.partition()};
}

void ToProto(const HeldPartition& partition, proto::HeldPartition* out) {
  out->set_partition(partition.partition);
  out->set_worker_id(partition.worker_id);
  out->set_worker_address(partition.worker_address);
  out->set_records(partition.records);
}

HeldPartition FromProto(const proto::HeldPartition& partition) {
  return HeldPartition{partition.partition(), partition.worker_id(), partition.worker_address(), partition.records()};
}

void ToProto(const ShuffleKey& key, int32_t reduce_partition, proto::FetchShuffleRequest* out) {
  out->set_app_id(key.app_id);
  out->set_batch_ms(key.batch_ms);
  out->set_shuffle_node(key.shuffle_node);
  out->set_map_index(key.map_index);
  out->set_reduce_partition(reduce_partition);
  out->set_materialized(key.materialized);
}

ShuffleKey FromProto(const proto::FetchShuffleRequest& request) {
  return ShuffleKey{request.app_id(), request.batch_ms(), request.shuffle_node(), request.map_index(),
                    request.materialized()};
}

}  // namespace sluice
