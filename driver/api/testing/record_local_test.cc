// A user struct declared with SLUICE_RECORD as an element type through the real engine in local mode: it is
// encoded into the queue's blocks, mapped, shuffled as a reduceByKey key and value, and collected on the driver.
#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "common/record.h"
#include "driver/api/streaming_context.h"
#include "driver/api/testing/collect.h"
#include "driver/api/testing/manual_clock_conf.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

// The user's types, in the user's namespace, each with the macro right after it.
namespace retail {

struct Sale {
  std::string region;
  std::string product;
  int64_t cents = 0;
  int32_t quantity = 0;
};
SLUICE_RECORD(Sale, region, product, cents, quantity);

struct RegionProduct {
  std::string region;
  std::string product;
};
SLUICE_RECORD(RegionProduct, region, product);

struct Totals {
  int64_t cents = 0;
  int32_t quantity = 0;
};
SLUICE_RECORD(Totals, cents, quantity);

}  // namespace retail

namespace sluice {
namespace {

using retail::RegionProduct;
using retail::Sale;
using retail::Totals;
using Summary = std::pair<RegionProduct, Totals>;

SluiceConf ManualClockConf(int batches) { return sluice::ManualClockConf("RecordLocalTest", batches); }

std::vector<std::string> SortedDisplay(const std::vector<Summary>& batch) {
  std::vector<std::string> lines;
  for (const Summary& summary : batch) lines.push_back(ToDisplayString(summary));
  std::sort(lines.begin(), lines.end());
  return lines;
}

TEST(RecordLocalTest, AUserStructIsMappedAndReducedByAUserStructKey) {
  StreamingContext ssc(ManualClockConf(2), Seconds(1));
  std::vector<std::vector<Sale>> batches = {
      {{"north", "tea", 250, 1}, {"south", "tea", 300, 2}, {"north", "tea", 125, 3}, {"north", "cake", 400, 1}},
      {{"south", "cake", 99, 1}},
  };
  // Three partitions, so equal keys start on different map tasks and meet only through the shuffle.
  auto sales = ssc.queueStream<Sale>(batches, /*one_at_a_time=*/true, /*num_partitions=*/3);
  auto totals = sales
                    .map([](Sale sale) {
                      return Summary(RegionProduct{sale.region, sale.product}, Totals{sale.cents, sale.quantity});
                    })
                    .reduceByKey(
                        [](Totals a, Totals b) {
                          return Totals{a.cents + b.cents, a.quantity + b.quantity};
                        },
                        /*num_partitions=*/2);
  auto collected = CollectBatches(totals);
  ssc.start();
  ssc.awaitTermination();

  ASSERT_EQ(collected->records().size(), 2u);
  EXPECT_THAT(collected->records()[0],
              ::testing::UnorderedElementsAre(Summary({"north", "tea"}, {375, 4}), Summary({"south", "tea"}, {300, 2}),
                                              Summary({"north", "cake"}, {400, 1})));
  EXPECT_THAT(collected->records()[1], ::testing::ElementsAre(Summary({"south", "cake"}, {99, 1})));
  EXPECT_EQ(
      SortedDisplay(collected->records()[0]),
      (std::vector<std::string>{"(RegionProduct(north,cake),Totals(400,1))", "(RegionProduct(north,tea),Totals(375,4))",
                                "(RegionProduct(south,tea),Totals(300,2))"}));
}

}  // namespace
}  // namespace sluice
