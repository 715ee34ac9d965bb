// mapWithState through the real engine in local mode (master and two-slot workers in this process) under the
// manual clock: the mapped records, the state snapshots, the initial state and the timeout, batch by batch.
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "driver/api/errors.h"
#include "driver/api/streaming_context.h"
#include "driver/api/testing/collect.h"
#include "driver/api/testing/manual_clock_conf.h"
#include "gtest/gtest.h"

namespace sluice {
namespace {

using Count = std::pair<std::string, int>;
using Total = std::pair<std::string, int64_t>;
using Totals = std::map<std::string, int64_t>;

SluiceConf ManualClockConf(int batches) { return sluice::ManualClockConf("MapWithStateLocalTest", batches); }

Total RunningTotal(const std::string& word, std::optional<int> one, State<int64_t>& state) {
  if (state.isTimingOut()) return Total(word + " (timed out)", state.get());
  int64_t total = state.getOption().value_or(0) + one.value_or(0);
  state.update(total);
  return Total(word, total);
}

template <class T>
std::vector<std::map<std::string, int64_t>> AsMaps(const std::vector<std::vector<T>>& batches) {
  std::vector<Totals> maps;
  for (const auto& batch : batches) maps.emplace_back(batch.begin(), batch.end());
  return maps;
}

TEST(MapWithStateLocalTest, RunningTotalsAndSnapshotsBatchByBatch) {
  StreamingContext ssc(ManualClockConf(4), Seconds(1));
  ssc.checkpoint(::testing::TempDir() + "/map_with_state_checkpoint");
  auto words = ssc.queueStream<std::string>({{"a", "b", "a"}, {"b"}, {}, {"c", "a"}}, /*one_at_a_time=*/true,
                                            /*num_partitions=*/2);
  auto spec = StateSpec<std::string, int, int64_t>::function(RunningTotal).initialState({{"z", 100}}).numPartitions(3);
  auto mapped = words.map([](std::string w) { return Count(std::move(w), 1); }).mapWithState(spec);
  auto mapped_batches = CollectBatches(mapped);
  auto snapshots = CollectBatches(mapped.stateSnapshots());
  ssc.start();
  ssc.awaitTermination();

  // A word's records are in one partition, in arrival order: its running totals come in order.
  std::vector<std::vector<Total>> emitted = mapped_batches->records();
  ASSERT_EQ(emitted.size(), 4u);
  std::multimap<std::string, int64_t> first(emitted[0].begin(), emitted[0].end());
  EXPECT_EQ(first, (std::multimap<std::string, int64_t>{{"a", 1}, {"a", 2}, {"b", 1}}));
  EXPECT_EQ(emitted[1], (std::vector<Total>{{"b", 2}}));
  EXPECT_TRUE(emitted[2].empty());
  EXPECT_EQ(AsMaps(std::vector<std::vector<Total>>{emitted[3]}).front(), (Totals{{"a", 3}, {"c", 1}}));
  EXPECT_EQ(AsMaps(snapshots->records()), (std::vector<Totals>{{{"a", 2}, {"b", 1}, {"z", 100}},
                                                               {{"a", 2}, {"b", 2}, {"z", 100}},
                                                               {{"a", 2}, {"b", 2}, {"z", 100}},
                                                               {{"a", 3}, {"b", 2}, {"c", 1}, {"z", 100}}}));
}

TEST(MapWithStateLocalTest, IdleKeysTimeOutWithOneLastRecord) {
  StreamingContext ssc(ManualClockConf(5), Seconds(1));
  ssc.checkpoint(::testing::TempDir() + "/map_with_state_checkpoint");
  auto words = ssc.queueStream<std::string>({{"a", "b"}, {"b"}, {"b"}, {"b"}, {}}, true, 2);
  auto spec = StateSpec<std::string, int, int64_t>::function(RunningTotal).timeout(Seconds(2));
  auto mapped = words.map([](std::string w) { return Count(std::move(w), 1); }).mapWithState(spec);
  auto mapped_batches = CollectBatches(mapped);
  auto snapshots = CollectBatches(mapped.stateSnapshots());
  ssc.start();
  ssc.awaitTermination();

  // "a" was last seen at 1000 ms: idle since before 4000 - 2000 ms, it times out at 4000 ms.
  std::vector<Totals> emitted = AsMaps(mapped_batches->records());
  ASSERT_EQ(emitted.size(), 5u);
  EXPECT_EQ(emitted[2], (Totals{{"b", 3}}));
  EXPECT_EQ(emitted[3], (Totals{{"b", 4}, {"a (timed out)", 1}}));
  EXPECT_EQ(AsMaps(snapshots->records()).back(), (Totals{{"b", 4}}));
}

TEST(MapWithStateLocalTest, NeedsACheckpointDirectory) {
  StreamingContext ssc(ManualClockConf(1), Seconds(1));
  auto words = ssc.queueStream<std::string>({{"a"}});
  auto mapped = words.map([](std::string w) { return Count(std::move(w), 1); })
                    .mapWithState(StateSpec<std::string, int, int64_t>::function(RunningTotal));
  CollectBatches(mapped);
  EXPECT_THROW(ssc.start(), IllegalArgumentError);
}

}  // namespace
}  // namespace sluice
