#ifndef SLUICE_RUNTIME_NODE_H_
#define SLUICE_RUNTIME_NODE_H_

#include <memory>
#include <string>
#include <string_view>
#include <typeinfo>
#include <vector>

#include "common/codec.h"
#include "common/display.h"
#include "common/graph_description.h"
#include "common/time.h"
#include "driver/api/receiver.h"
#include "runtime/keyed_state_table.h"
#include "runtime/queue_items.h"
#include "runtime/runtime.h"

namespace sluice {

// What a state node's task (updateStateByKey) knows besides its inputs: its batch time and which partition of
// how many it computes, and whether this is the state's first time (it starts from its initial state).
struct StateTaskContext {
  Time batch_time;
  int32_t partition = 0;
  int32_t num_partitions = 1;
  bool first_batch = false;
};

// Records of one type, encoded back to back, for a file.
struct EncodedRecords {
  std::string records;
  int64_t count = 0;
  std::string type_name;
};

// Which task an output's sink serves: outputs that write files name them after it.
struct OutputTaskContext {
  std::string app_id;
  Time batch_time;
  int32_t partition = 0;
  int32_t attempt = 0;
};

// One node of a job graph, with the user's code. Workers drive it through these type-erased entry points;
// which of them a node supports follows from its kind. The records a node produces are of one type, known
// to its typed subclass.
class Node {
 public:
  explicit Node(NodeDescription description) : description_(std::move(description)) {}
  virtual ~Node() = default;

  const NodeDescription& description() const { return description_; }
  int32_t id() const { return description_.id; }

  // Every node: decodes records of its type and pushes them on; false on corrupt bytes.
  virtual bool DecodeInto(std::string_view encoded, AnySink& downstream) const = 0;
  // Every node: one display line per encoded record, for pprint on the driver.
  virtual bool FormatRecords(std::string_view encoded, std::vector<std::string>* lines) const = 0;

  // Text sources: one line of input enters the pipeline.
  virtual void FeedLine(std::string_view /*line*/, AnySink& /*downstream*/) const {}
  // kNarrow: a sink for records of parent `parent_index` that passes this node's records downstream.
  virtual std::unique_ptr<AnySink> MakeTransformSink(int /*parent_index*/, AnySink& /*downstream*/) const {
    return nullptr;
  }
  // kShuffle, map side: a sink for the parent's records that writes them partitioned by key.
  virtual std::unique_ptr<AnySink> MakeShuffleWriter(int /*parent_index*/, ShuffleOutput& /*out*/) const {
    return nullptr;
  }
  // kShuffle, reduce side: reads one partition's map outputs and pushes the combined records; false on corrupt data.
  virtual bool ReadShuffle(ShuffleInput& /*in*/, AnySink& /*downstream*/) const { return false; }
  // kShuffle state nodes, reduce side: merges the previous state (`previous_state`, records of this node's type;
  // empty at the first time) with the partition's new values and pushes the new state; false on corrupt data.
  virtual bool ReadState(ShuffleInput& /*new_values*/, ShuffleInput& /*previous_state*/,
                         const StateTaskContext& /*context*/, AnySink& /*downstream*/) const {
    return false;
  }
  // mapWithState: an empty keyed state table for one partition, made on the worker that keeps it.
  virtual std::unique_ptr<KeyedStateTable> MakeKeyedStateTable() const { return nullptr; }
  // mapWithState, reduce side: applies the partition's new values to its table, which BeginBatch readied for
  // this batch, and pushes the mapped records; false on corrupt data.
  virtual bool ApplyToKeyedState(ShuffleInput& /*new_values*/, KeyedStateTable& /*table*/,
                                 const StateTaskContext& /*context*/, AnySink& /*downstream*/) const {
    return false;
  }
  // mapWithState: pushes every (key, state) of the partition's table as of its latest batch (stateSnapshots).
  virtual void ReadKeyedState(const KeyedStateTable& /*table*/, AnySink& /*downstream*/) const {}
  // mapWithState: the table's entries as (key, state, last update ms) records, for a checkpoint.
  virtual EncodedRecords EncodeKeyedState(const KeyedStateTable& /*table*/) const { return {}; }
  // Incremental windows: merges the window's previous result with the reduced batches that entered it and, with
  // the inverse function, those that left it, and pushes the new result; false on corrupt data.
  virtual bool ReadWindowDelta(ShuffleInput& /*previous*/, ShuffleInput& /*added*/, ShuffleInput& /*removed*/,
                               AnySink& /*downstream*/) const {
    return false;
  }
  // kOutput: a sink for the parent's records that encodes them into `out`.
  virtual std::unique_ptr<AnySink> MakeResultSink(int /*parent_index*/, const OutputTaskContext& /*task*/,
                                                  ResultBuffer& /*out*/) const {
    return nullptr;
  }
  // kOutput, on the driver: what becomes of one batch's results, the records of this node's type in partition
  // order. Called by the driver's output thread in batch order and, within a batch, in the order the output
  // operations were defined; false if the records are corrupt.
  virtual bool OnDriverResults(Time /*batch_time*/, std::string_view /*encoded_records*/) const { return true; }
  // kOutput that holds its data set on the workers (foreachRDD), on the driver: what becomes of one batch, whose
  // partitions `fetcher` reads on demand. Called as OnDriverResults is; the workers keep the partitions until it
  // returns.
  virtual void OnDriverHeldOutput(Time /*batch_time*/, const std::vector<HeldPartition>& /*partitions*/,
                                  PartitionFetcher& /*fetcher*/) const {}
  // Every node, when materialized (a later batch reads it): a sink for this node's records that encodes them
  // into partition 0 of `out`, the one partition of a materialized partition.
  virtual std::unique_ptr<AnySink> MakePartitionWriter(ShuffleOutput& out) const = 0;
  // kQueueSource, on the driver: the data sets it sends to the master with the submission, one per queue item.
  virtual const std::vector<EncodedQueueItem>* QueueItems() const { return nullptr; }
  // kReceiverSource with a custom receiver (receiverStream), on the worker that runs it: a new receiver, from the
  // user's factory. nullptr for the built-in receivers, which the worker implements itself.
  virtual std::unique_ptr<ReceiverBase> MakeReceiver() const { return nullptr; }

 protected:
  NodeDescription& mutable_description() { return description_; }

 private:
  friend class GraphBuilder;  // sets the slide of nodes that inherit it

  NodeDescription description_;
};

template <class T>
std::string TypeName() {
  return typeid(T).name();
}

// A node producing records of type T: the codec and display of T.
template <Encodable T>
class TypedNode : public Node {
 public:
  using value_type = T;

  explicit TypedNode(NodeDescription description) : Node(WithType(std::move(description))) {}

  bool DecodeInto(std::string_view encoded, AnySink& downstream) const override {
    auto& sink = static_cast<Sink<T>&>(downstream);
    return DecodeRecords<T>(encoded, [&sink](T&& value) { sink.Push(std::move(value)); });
  }

  bool FormatRecords(std::string_view encoded, std::vector<std::string>* lines) const override {
    return DecodeRecords<T>(encoded, [lines](T&& value) { lines->push_back(ToDisplayString(value)); });
  }

  std::unique_ptr<AnySink> MakePartitionWriter(ShuffleOutput& out) const override {
    return std::make_unique<PartitionWriter>(out);
  }

 private:
  // Asks for the bucket once per record, so a chunked output may cut between any two records.
  class PartitionWriter final : public Sink<T> {
   public:
    explicit PartitionWriter(ShuffleOutput& out) : out_(out) {}
    void Push(T&& value) override { EncodeRecord(value, &out_.bucket(0)); }
    void Finish() override {}

   private:
    ShuffleOutput& out_;
  };

  static NodeDescription WithType(NodeDescription description) {
    description.type_name = TypeName<T>();
    return description;
  }
};

}  // namespace sluice

#endif  // SLUICE_RUNTIME_NODE_H_
