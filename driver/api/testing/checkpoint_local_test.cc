// Checkpoints through the real engine in local mode under the manual clock: the state of updateStateByKey, of an
// incremental window and of mapWithState is written at Spark's checkpoint times in our versioned format, old
// checkpoints go, and a checkpoint directory that cannot be written fails the application clearly.
#include <stdlib.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "common/checkpoint_file.h"
#include "driver/api/errors.h"
#include "driver/api/streaming_context.h"
#include "driver/api/testing/collect.h"
#include "driver/api/testing/manual_clock_conf.h"
#include "gtest/gtest.h"

namespace sluice {
namespace {

namespace fs = std::filesystem;
using Count = std::pair<std::string, int64_t>;

SluiceConf CheckpointTestConf(int batches, int64_t checkpoint_interval_ms = 0) {
  SluiceConf conf = ManualClockConf("CheckpointLocalTest", batches);
  if (checkpoint_interval_ms > 0) conf.set("app.checkpoint_interval_ms", std::to_string(checkpoint_interval_ms));
  return conf;
}

std::string MakeTempDir() {
  std::string pattern = ::testing::TempDir() + "/checkpoint_local_test.XXXXXX";
  EXPECT_NE(::mkdtemp(pattern.data()), nullptr);
  return pattern;
}

// The one application directory under a checkpoint directory.
std::string AppDir(const std::string& checkpoint_dir) {
  std::vector<fs::path> apps;
  for (const auto& entry : fs::directory_iterator(checkpoint_dir)) apps.push_back(entry.path());
  EXPECT_EQ(apps.size(), 1u);
  return apps.empty() ? "" : apps.front().string();
}

std::vector<std::string> Names(const fs::path& dir) {
  std::vector<std::string> names;
  if (!fs::exists(dir)) return names;
  for (const auto& entry : fs::directory_iterator(dir)) names.push_back(entry.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

// Every record of a node's checkpoint at one time, across its partitions.
template <class T>
std::vector<T> ReadCheckpoint(const std::string& app_dir, int32_t node, int64_t batch_ms, int partitions) {
  std::vector<T> records;
  for (int p = 0; p < partitions; ++p) {
    char part[32];
    std::snprintf(part, sizeof(part), "part-%05d", p);
    const std::string path = app_dir + "/" + std::to_string(node) + "/" + std::to_string(batch_ms) + "/" + part;
    absl::StatusOr<CheckpointPartition> file = ReadCheckpointPartition(path);
    if (!file.ok()) {
      ADD_FAILURE() << file.status();
      continue;
    }
    EXPECT_EQ(file->header.node, node);
    EXPECT_EQ(file->header.batch_ms, batch_ms);
    EXPECT_EQ(file->header.partition, p);
    int64_t count = 0;
    EXPECT_TRUE(DecodeRecords<T>(file->payload, [&](T&& record) {
      records.push_back(std::move(record));
      ++count;
    }));
    EXPECT_EQ(count, file->header.record_count);
  }
  std::sort(records.begin(), records.end());
  return records;
}

std::optional<int64_t> Sum(const std::vector<int64_t>& values, const std::optional<int64_t>& state) {
  int64_t total = state.value_or(0);
  for (int64_t v : values) total += v;
  return total;
}

TEST(CheckpointLocalTest, StateIsWrittenAtEveryIntervalAndOldCheckpointsGo) {
  const std::string dir = MakeTempDir();
  StreamingContext ssc(CheckpointTestConf(6, /*checkpoint_interval_ms=*/2000), Seconds(1));
  ssc.checkpoint(dir);
  auto pairs =
      ssc.queueStream<std::string>({{"a", "b"}, {"a"}, {"c"}, {}, {"a"}, {"b"}}, true, 2).map([](std::string w) {
        return Count(std::move(w), 1);
      });
  auto state = pairs.updateStateByKey<int64_t>(Sum, 2);
  auto states = CollectBatches(state);
  ssc.start();
  ssc.awaitTermination();
  ASSERT_EQ(states->size(), 6u);

  const std::string app_dir = AppDir(dir);
  const fs::path node_dir = fs::path(app_dir) / std::to_string(state.id());
  // Checkpoints at 2000, 4000 and 6000 ms; writing 6000 removed those before 4000.
  EXPECT_EQ(Names(node_dir), (std::vector<std::string>{"4000", "6000"}));
  EXPECT_EQ(Names(node_dir / "6000"), (std::vector<std::string>{"part-00000", "part-00001"}));
  std::vector<Count> expected_at_4000 = {{"a", 2}, {"b", 1}, {"c", 1}};
  EXPECT_EQ(ReadCheckpoint<Count>(app_dir, state.id(), 4000, 2), expected_at_4000);
  std::vector<Count> expected_at_6000 = {{"a", 3}, {"b", 2}, {"c", 1}};
  EXPECT_EQ(ReadCheckpoint<Count>(app_dir, state.id(), 6000, 2), expected_at_6000);
  auto file = ReadCheckpointPartition(node_dir / "6000" / "part-00000");
  ASSERT_TRUE(file.ok()) << file.status();
  EXPECT_FALSE(file->header.type_name.empty());
}

TEST(CheckpointLocalTest, SparksDefaultIntervalIsTenSecondsForUpdateStateByKeyAndTenBatchesForMapWithState) {
  const std::string dir = MakeTempDir();
  StreamingContext ssc(CheckpointTestConf(12), Milliseconds(500));
  ssc.checkpoint(dir);
  std::vector<std::vector<std::string>> items(12, std::vector<std::string>{"a"});
  auto pairs = ssc.queueStream<std::string>(items, true, 1).map([](std::string w) { return Count(std::move(w), 1); });
  auto state = pairs.updateStateByKey<int64_t>(Sum, 1);
  auto spec =
      StateSpec<std::string, int64_t, int64_t>::function([](const std::string& key, std::optional<int64_t> value,
                                                            State<int64_t>& total) {
        total.update(total.getOption().value_or(0) + value.value_or(0));
        return Count(key, total.get());
      }).numPartitions(1);
  auto mapped = pairs.mapWithState(spec);
  CollectBatches(state);
  CollectBatches(mapped);
  ssc.start();
  ssc.awaitTermination();

  const std::string app_dir = AppDir(dir);
  // Batches at 500 .. 6000 ms: 10 s is past the run for updateStateByKey; mapWithState every 10 x 500 ms.
  EXPECT_EQ(Names(fs::path(app_dir) / std::to_string(state.id())), std::vector<std::string>{});
  EXPECT_EQ(Names(fs::path(app_dir) / std::to_string(mapped.id())), (std::vector<std::string>{"5000"}));
  using Entry = std::tuple<std::string, int64_t, int64_t>;  // key, state, last update ms
  EXPECT_EQ(ReadCheckpoint<Entry>(app_dir, mapped.id(), 5000, 1), (std::vector<Entry>{{"a", 10, 5000}}));
}

TEST(CheckpointLocalTest, AnIncrementalWindowIsCheckpointedToo) {
  const std::string dir = MakeTempDir();
  StreamingContext ssc(CheckpointTestConf(4, 2000), Seconds(1));
  ssc.checkpoint(dir);
  auto pairs = ssc.queueStream<std::string>({{"a"}, {"a", "b"}, {"b"}, {}}, true, 2).map([](std::string w) {
    return Count(std::move(w), 1);
  });
  auto plus = [](int64_t a, int64_t b) { return a + b; };
  auto minus = [](int64_t a, int64_t b) { return a - b; };
  auto windowed = pairs.reduceByKeyAndWindow(plus, minus, Seconds(2), Seconds(1), 2);
  CollectBatches(windowed);
  ssc.start();
  ssc.awaitTermination();
  const std::string app_dir = AppDir(dir);
  std::vector<Count> window_at_4000 = {{"a", 0}, {"b", 1}};  // batches 3000 and 4000 ms; "a" stays at 0 (no filter)
  EXPECT_EQ(ReadCheckpoint<Count>(app_dir, windowed.id(), 4000, 2), window_at_4000);
}

TEST(CheckpointLocalTest, ACheckpointDirectoryThatCannotBeWrittenFailsTheApplicationClearly) {
  const std::string dir = MakeTempDir();
  const std::string blocked = dir + "/a-file";
  { std::ofstream(blocked) << "not a directory"; }
  StreamingContext ssc(CheckpointTestConf(2, 1000), Seconds(1));
  ssc.checkpoint(blocked + "/checkpoints");
  auto pairs =
      ssc.queueStream<std::string>({{"a"}, {"b"}}, true, 1).map([](std::string w) { return Count(std::move(w), 1); });
  CollectBatches(pairs.updateStateByKey<int64_t>(Sum, 1));
  ssc.start();
  try {
    ssc.awaitTermination();
    ADD_FAILURE() << "the application should have failed";
  } catch (const JobFailedError& e) {
    EXPECT_NE(std::string(e.what()).find("cannot checkpoint"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find(blocked), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace sluice
