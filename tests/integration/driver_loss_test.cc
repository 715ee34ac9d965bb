// A driver SIGKILLed, and not restarted: the master notices it polls no more (app.driver_timeout_ms), ends its
// application, stops its receiver and frees its slots, so that no zombie application keeps the only connection of
// a `nc -lk`-like source. A new application then gets the source, and counts what is sent to it exactly.
#include <signal.h>

#include <chrono>
#include <random>
#include <string>

#include "gtest/gtest.h"
#include "tests/integration/cluster.h"
#include "tests/integration/line_server.h"
#include "tests/integration/printed_batches.h"
#include "tests/integration/random_text.h"
#include "tests/integration/subprocess.h"

namespace sluice::testing {
namespace {

using std::chrono::seconds;

constexpr int kDriverTimeoutMs = 3000;

int UsedSlots(const std::optional<nlohmann::json>& status) {
  int used = 0;
  if (!status) return -1;
  for (const auto& worker : (*status)["workers"]) used += worker["used_slots"].get<int>();
  return used;
}

TEST(DriverLossTest, TheApplicationOfADeadDriverEndsAndANewOneGetsTheSource) {
  ClusterOptions options;
  options.master_conf = {"app.driver_timeout_ms=" + std::to_string(kDriverTimeoutMs)};
  Cluster cluster(options);
  ASSERT_TRUE(cluster.Start());
  LineServer server;
  const std::vector<std::string> args = {"127.0.0.1", std::to_string(server.port()), "1"};

  auto first = cluster.Submit("driver/examples/network_wordcount.so", args, "first");
  ASSERT_TRUE(server.WaitForClient(seconds(30))) << DescribeRun(*first, cluster);
  ASSERT_TRUE(WaitFor([&] { return UsedSlots(cluster.Status()) == 1; }, seconds(10))) << "the receiver's slot";
  first->Signal(SIGKILL);
  auto killed_at = std::chrono::steady_clock::now();

  ASSERT_TRUE(WaitFor(
      [&] {
        std::optional<nlohmann::json> status = cluster.Status();
        return status && (*status)["applications"].size() == 1 &&
               (*status)["applications"][0]["state"] == "FINISHED" && UsedSlots(status) == 0;
      },
      seconds(30)))
      << cluster.Status().value_or(nlohmann::json()).dump() << DescribeRun(*first, cluster);
  auto ended_after = std::chrono::steady_clock::now() - killed_at;
  EXPECT_LT(ended_after, std::chrono::milliseconds(kDriverTimeoutMs) + seconds(5))
      << "ended long after app.driver_timeout_ms";
  EXPECT_NE(cluster.master().Stderr().find("the driver has not polled for"), std::string::npos)
      << DescribeRun(*first, cluster);

  // The old receiver let go of the source, and the new application's receiver is served.
  ASSERT_TRUE(server.WaitForNoClient(seconds(10))) << "the dead driver's receiver still holds the source";
  auto second = cluster.Submit("driver/examples/network_wordcount.so", args, "second");
  ASSERT_TRUE(server.WaitForClient(seconds(30))) << DescribeRun(*second, cluster);
  std::mt19937 random(29);
  WordCounts sent;
  server.Send(RandomLines(random, {"alpha", "beta", "gamma"}, 50, 3, &sent));
  ASSERT_TRUE(WaitFor([&] { return SumCounts(ParsePrintedBatches(second->Stdout())) == sent; }, seconds(30)))
      << DescribeRun(*second, cluster);

  ASSERT_TRUE(StopsGracefully(*second, cluster));
  EXPECT_TRUE(cluster.Stop());
}

}  // namespace
}  // namespace sluice::testing
