#ifndef SLUICE_DRIVER_API_STATE_H_
#define SLUICE_DRIVER_API_STATE_H_

// The types of the stateful and keyed operations that a job's code names: mapWithState's State and StateSpec
// (Spark's), the entries of updateStateByKey's iterator form (StateEntry), and the record of a cogroup
// (Cogrouped). The nodes that run them are the runtime's (runtime/map_with_state_nodes.h, runtime/state_nodes.h,
// runtime/cogroup_nodes.h).

#include <functional>
#include <optional>
#include <string>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include "common/display.h"
#include "common/time.h"
#include "driver/api/errors.h"

namespace sluice {

// ---- mapWithState

// The state of one key as the mapping function sees it, with Spark's rules.
template <class S>
class State {
 public:
  bool exists() const { return value_.has_value(); }
  const S& get() const {
    if (!value_) throw NoSuchElementError("State is not set");
    return *value_;
  }
  std::optional<S> getOption() const { return value_; }
  void update(S state) {
    if (removed_) throw IllegalArgumentError("requirement failed: Cannot update the state after it has been removed");
    if (timing_out_) throw IllegalArgumentError("requirement failed: Cannot update the state that is timing out");
    value_ = std::move(state);
    updated_ = true;
  }
  void remove() {
    if (timing_out_) throw IllegalArgumentError("requirement failed: Cannot remove the state that is timing out");
    if (removed_) {
      throw IllegalArgumentError("requirement failed: Cannot remove the state that has already been removed");
    }
    value_.reset();
    updated_ = false;
    removed_ = true;
  }
  // True in the last call for a key that was idle longer than the timeout; the state goes after it.
  bool isTimingOut() const { return timing_out_; }
  std::string toString() const { return value_ ? ToDisplayString(*value_) : "<state not set>"; }

 private:
  template <class K, class V, class T, class M>
  friend class MapWithStateNode;  // the runtime's node (runtime/map_with_state_nodes.h) wraps and reads the state

  void Wrap(std::optional<S> value, bool timing_out) {
    value_ = std::move(value);
    timing_out_ = timing_out;
    updated_ = false;
    removed_ = false;
  }

  std::optional<S> value_;
  bool timing_out_ = false;
  bool updated_ = false;
  bool removed_ = false;
};

// The mapping function in its general form, as every form of StateSpec::function reduces to it.
template <class K, class V, class S, class M>
using MappingFunction = std::function<std::optional<M>(Time, const K&, std::optional<V>, State<S>&)>;

template <class K, class V, class S, class M = void>
class StateSpec;

// StateSpec<K, V, S>::function(f) makes the spec of a stream of (K, V) with state S. f is
// f(const K& key, std::optional<V> value, State<S>& state) -> M, or
// f(Time batch_time, const K& key, std::optional<V> value, State<S>& state) -> std::optional<M>.
template <class K, class V, class S>
class StateSpec<K, V, S, void> {
 public:
  template <class F>
  static auto function(F f) {
    if constexpr (std::is_invocable_v<const F&, Time, const K&, std::optional<V>, State<S>&>) {
      using Returned = std::decay_t<std::invoke_result_t<const F&, Time, const K&, std::optional<V>, State<S>&>>;
      using M = typename Returned::value_type;
      return StateSpec<K, V, S, M>(MappingFunction<K, V, S, M>(std::move(f)));
    } else {
      using M = std::decay_t<std::invoke_result_t<const F&, const K&, std::optional<V>, State<S>&>>;
      return StateSpec<K, V, S, M>(
          [f = std::move(f)](Time, const K& key, std::optional<V> value, State<S>& state) -> std::optional<M> {
            return std::invoke(f, key, std::move(value), state);
          });
    }
  }
};

template <class K, class V, class S, class M>
class StateSpec {
 public:
  explicit StateSpec(MappingFunction<K, V, S, M> mapping) : mapping_(std::move(mapping)) {}

  // The (key, state) pairs the first batch starts from (Spark's initialState(rdd)).
  StateSpec& initialState(std::vector<std::pair<K, S>> pairs) {
    initial_state_ = std::move(pairs);
    return *this;
  }
  // The state's partitions (0: the application's default parallelism).
  StateSpec& numPartitions(int partitions) {
    if (partitions <= 0) {
      throw IllegalArgumentError("requirement failed: Number of partitions (" + std::to_string(partitions) +
                                 ") must be positive.");
    }
    num_partitions_ = partitions;
    return *this;
  }
  // A key without records for longer than `idle` gets one last call (no value, isTimingOut()) and is removed.
  StateSpec& timeout(Duration idle) {
    if (idle.milliseconds() <= 0) throw IllegalArgumentError("the timeout of a StateSpec must be positive");
    timeout_ = idle;
    return *this;
  }

  const MappingFunction<K, V, S, M>& mapping() const { return mapping_; }
  const std::vector<std::pair<K, S>>& initial_state() const { return initial_state_; }
  int num_partitions() const { return num_partitions_; }
  std::optional<Duration> timeout() const { return timeout_; }

 private:
  MappingFunction<K, V, S, M> mapping_;
  std::vector<std::pair<K, S>> initial_state_;
  int num_partitions_ = 0;
  std::optional<Duration> timeout_;
};

// ---- updateStateByKey

// What the update sees of one key: its new values of this batch and its state so far (none for a new key).
// Spark's iterator form gets these, for every key of a partition.
template <class K, class V, class S>
using StateEntry = std::tuple<K, std::vector<V>, std::optional<S>>;

// ---- cogroup

// The record of a cogroup: a key with its values from the first stream and from the second.
template <class K, class V, class W>
using Cogrouped = std::pair<K, std::pair<std::vector<V>, std::vector<W>>>;

}  // namespace sluice

#endif  // SLUICE_DRIVER_API_STATE_H_
