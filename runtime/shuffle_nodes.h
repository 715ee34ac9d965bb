#ifndef SLUICE_RUNTIME_SHUFFLE_NODES_H_
#define SLUICE_RUNTIME_SHUFFLE_NODES_H_

// The keyed exchanges: combineByKey, under reduceByKey, groupByKey and countByValue. The map side combines
// within the partition (when asked), then writes each (key, combiner) to the bucket its encoded key hashes to;
// the reduce side merges the combiners of its partition from every map output and pushes (key, combiner) on.
// And repartition, the exchange without a key.

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "common/hash.h"
#include "runtime/node.h"

namespace sluice {

// Decodes the records of every chunk of `in`, calling `fn(R&&)` for each; false on corrupt data.
template <Encodable R, class Fn>
bool ReadShuffleRecords(ShuffleInput& in, Fn&& fn) {
  std::string_view chunk;
  while (in.Next(&chunk)) {
    if (!DecodeRecords<R>(chunk, fn)) return false;
  }
  return true;
}

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
    bool intact = ReadShuffleRecords<std::pair<K, C>>(in, [&](std::pair<K, C>&& record) {
      auto it = table.find(record.first);
      if (it == table.end()) {
        table.emplace(std::move(record.first), std::move(record.second));
      } else {
        combiner_.merge_combiners(it->second, std::move(record.second));
      }
    });
    if (!intact) return false;
    auto& sink = static_cast<Sink<std::pair<K, C>>&>(downstream);
    for (auto& [key, combined] : table) sink.Push(std::pair<K, C>(key, std::move(combined)));
    sink.Finish();
    return true;
  }

 private:
  Combiner<K, V, C> combiner_;
};

// repartition: deals the records of a map partition to the reduce partitions in turn, as Spark does. Spark
// starts each map partition at a random partition; here the start comes from the partition's first record, so a
// task that runs again (after a failure) writes exactly the same buckets, and partitions that begin differently
// start in different places.
template <class T>
class RoundRobinShuffleWriter final : public Sink<T> {
 public:
  explicit RoundRobinShuffleWriter(ShuffleOutput& out) : out_(out) {}

  void Push(T&& value) override {
    scratch_.clear();
    EncodeRecord(value, &scratch_);
    if (!started_) {
      next_ = PartitionOfEncodedKey(scratch_, out_.num_partitions());
      started_ = true;
    }
    out_.bucket(next_).append(scratch_);
    next_ = (next_ + 1) % out_.num_partitions();
  }
  void Finish() override {}

 private:
  ShuffleOutput& out_;
  std::string scratch_;
  bool started_ = false;
  uint32_t next_ = 0;
};

template <Encodable T>
class RepartitionNode final : public TypedNode<T> {
 public:
  using TypedNode<T>::TypedNode;

  std::unique_ptr<AnySink> MakeShuffleWriter(int /*parent_index*/, ShuffleOutput& out) const override {
    return std::make_unique<RoundRobinShuffleWriter<T>>(out);
  }

  bool ReadShuffle(ShuffleInput& in, AnySink& downstream) const override {
    auto& sink = static_cast<Sink<T>&>(downstream);
    if (!ReadShuffleRecords<T>(in, [&sink](T&& value) { sink.Push(std::move(value)); })) return false;
    sink.Finish();
    return true;
  }
};

}  // namespace sluice

#endif  // SLUICE_RUNTIME_SHUFFLE_NODES_H_
