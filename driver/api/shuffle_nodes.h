#ifndef SLUICE_DRIVER_API_SHUFFLE_NODES_H_
#define SLUICE_DRIVER_API_SHUFFLE_NODES_H_

// combineByKey, the exchange under reduceByKey and its kin. The map side combines within the partition
// (when asked), then writes each (key, combiner) to the bucket its encoded key hashes to; the reduce side
// merges the combiners of its partition from every map output and pushes (key, combiner) on.

#include <memory>
#include <string>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "common/hash.h"
#include "driver/api/node.h"

namespace sluice {

template <class K, class V, class C>
struct Combiner {
  std::function<C(V&&)> create;
  std::function<void(C&, V&&)> merge_value;
  std::function<void(C&, C&&)> merge_combiners;
  bool map_side_combine = true;
};

template <class K, class C>
void WritePartitioned(const K& key, const C& combined, ShuffleOutput& out, std::string& key_scratch) {
  key_scratch.clear();
  EncodeRecord(key, &key_scratch);
  std::string& bucket = out.bucket(PartitionOfEncodedKey(key_scratch, out.num_partitions()));
  bucket.append(key_scratch);
  EncodeRecord(combined, &bucket);
}

template <class K, class V, class C>
class CombiningShuffleWriter final : public Sink<std::pair<K, V>> {
 public:
  CombiningShuffleWriter(const Combiner<K, V, C>& combiner, ShuffleOutput& out) : combiner_(combiner), out_(out) {}

  void Push(std::pair<K, V>&& record) override {
    auto it = table_.find(record.first);
    if (it == table_.end()) {
      table_.emplace(std::move(record.first), combiner_.create(std::move(record.second)));
    } else {
      combiner_.merge_value(it->second, std::move(record.second));
    }
  }

  void Finish() override {
    std::string key_scratch;
    for (const auto& [key, combined] : table_) WritePartitioned(key, combined, out_, key_scratch);
    table_.clear();
  }

 private:
  const Combiner<K, V, C>& combiner_;
  ShuffleOutput& out_;
  absl::flat_hash_map<K, C> table_;
};

// Without map-side combining, every record crosses as (key, create(value)).
template <class K, class V, class C>
class PassThroughShuffleWriter final : public Sink<std::pair<K, V>> {
 public:
  PassThroughShuffleWriter(const Combiner<K, V, C>& combiner, ShuffleOutput& out) : combiner_(combiner), out_(out) {}
  void Push(std::pair<K, V>&& record) override {
    WritePartitioned(record.first, combiner_.create(std::move(record.second)), out_, key_scratch_);
  }
  void Finish() override {}

 private:
  const Combiner<K, V, C>& combiner_;
  ShuffleOutput& out_;
  std::string key_scratch_;
};

template <class K, class V, class C>
class CombineByKeyNode final : public TypedNode<std::pair<K, C>> {
 public:
  CombineByKeyNode(NodeDescription description, Combiner<K, V, C> combiner)
      : TypedNode<std::pair<K, C>>(std::move(description)), combiner_(std::move(combiner)) {}

  std::unique_ptr<AnySink> MakeShuffleWriter(int /*parent_index*/, ShuffleOutput& out) const override {
    if (combiner_.map_side_combine) return std::make_unique<CombiningShuffleWriter<K, V, C>>(combiner_, out);
    return std::make_unique<PassThroughShuffleWriter<K, V, C>>(combiner_, out);
  }

  bool ReadShuffle(ShuffleInput& in, AnySink& downstream) const override {
    absl::flat_hash_map<K, C> table;
    std::string_view chunk;
    while (in.Next(&chunk)) {
      ByteReader reader(chunk);
      while (!reader.AtEnd()) {
        K key = Codec<K>::Decode(reader);
        C combined = Codec<C>::Decode(reader);
        if (!reader.ok()) return false;
        auto it = table.find(key);
        if (it == table.end()) {
          table.emplace(std::move(key), std::move(combined));
        } else {
          combiner_.merge_combiners(it->second, std::move(combined));
        }
      }
    }
    auto& sink = static_cast<Sink<std::pair<K, C>>&>(downstream);
    for (auto& [key, combined] : table) sink.Push(std::pair<K, C>(key, std::move(combined)));
    sink.Finish();
    return true;
  }

 private:
  Combiner<K, V, C> combiner_;
};

}  // namespace sluice

#endif  // SLUICE_DRIVER_API_SHUFFLE_NODES_H_
