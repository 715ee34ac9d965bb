#ifndef SLUICE_WIRE_DATA_REFS_H_
#define SLUICE_WIRE_DATA_REFS_H_

// Where data lives in the cluster, as every process names it: received blocks, file splits, the driver's inline
// partitions, map outputs, materialized partitions, the partitions a worker holds for the driver, and the key a
// worker's shuffle store files them under. Defined once for the master, the workers and the driver; the wire form
// is proto/sluice.proto, converted in wire/proto_conversion.h.

#include <compare>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace sluice {

// A block a receiver stored on its worker. Its id is the stream's name and a sequence number
// (input-<node>-<app>-<worker>-<seq>); the master takes a block once by its id, however often it is reported.
struct BlockRef {
  std::string block_id;
  int32_t source_node = 0;
  std::string worker_id;  // the receiver's worker, which cut it
  int64_t records = 0;
  int64_t bytes = 0;
  // The other workers that hold a copy (receiver.replication), stored before the block was reported.
  std::vector<std::string> replica_worker_ids;
  bool operator==(const BlockRef&) const = default;

  // Every worker that holds the block: its own first, then the replicas.
  std::vector<std::string> holders() const {
    std::vector<std::string> all = {worker_id};
    all.insert(all.end(), replica_worker_ids.begin(), replica_worker_ids.end());
    return all;
  }
};

// A byte range of one file that one task reads. Ranges cut lines anywhere: the reader's rule (a line belongs
// to the split holding its first byte) makes the splits of a file yield each line exactly once.
struct FileSplit {
  std::string path;
  int64_t start = 0;
  int64_t length = 0;
  bool operator==(const FileSplit&) const = default;
};

// One partition of data the driver sent with its submission (queueStream): records of the source node's type,
// encoded back to back (common/codec.h).
struct EncodedPartition {
  std::string records;
  int64_t count = 0;
  bool operator==(const EncodedPartition&) const = default;
};

// Where one map task's output lives.
struct MapOutputLocation {
  std::string worker_id;
  std::string worker_address;
  int32_t map_index = 0;
  bool operator==(const MapOutputLocation&) const = default;
};

// Partition `partition` of node `node` at batch time `batch_ms`: the data set of a node that later batches read
// (the parent of a window, a state node), stored on the worker that computed it.
struct MaterializedKey {
  int32_t node = 0;
  int64_t batch_ms = 0;
  int32_t partition = 0;
  auto operator<=>(const MaterializedKey&) const = default;
};

struct MaterializedSite {
  std::string worker_id;  // empty: computed by the batch that reads it, known once its stage ran
  std::string worker_address;
  bool operator==(const MaterializedSite&) const = default;
};

struct MaterializedPart {
  MaterializedKey key;
  MaterializedSite site;
  bool operator==(const MaterializedPart&) const = default;
};

// One partition of an output's data set that a worker holds for the driver (foreachRDD).
struct HeldPartition {
  int32_t partition = 0;
  std::string worker_id;
  std::string worker_address;
  int64_t records = 0;
  bool operator==(const HeldPartition&) const = default;
};

// Names one map task's output in a worker's shuffle store, and what FetchShuffle asks for.
struct ShuffleKey {
  std::string app_id;
  int64_t batch_ms = 0;
  int32_t shuffle_node = 0;
  int32_t map_index = 0;
  // A materialized partition (shuffle_node: its node, map_index: its partition, one reduce partition). It
  // outlives its batch until released by key.
  bool materialized = false;

  static ShuffleKey Materialized(std::string app_id, int64_t batch_ms, int32_t node, int32_t partition) {
    return ShuffleKey{std::move(app_id), batch_ms, node, partition, true};
  }
  static ShuffleKey Materialized(std::string app_id, const MaterializedKey& key) {
    return Materialized(std::move(app_id), key.batch_ms, key.node, key.partition);
  }

  auto operator<=>(const ShuffleKey&) const = default;

  // "app <id> batch <ms> ms shuffle node <n> map <m>", or "... materialized node <n> partition <p>".
  std::string ToString() const {
    std::string where = materialized ? " ms materialized node " : " ms shuffle node ";
    return "app " + app_id + " batch " + std::to_string(batch_ms) + where + std::to_string(shuffle_node) +
           (materialized ? " partition " : " map ") + std::to_string(map_index);
  }
};

}  // namespace sluice

#endif  // SLUICE_WIRE_DATA_REFS_H_
