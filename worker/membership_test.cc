// A worker whose master is not there keeps trying to register, every worker.register_retry_ms.
#include "worker/membership.h"

#include "gtest/gtest.h"
#include "worker/testing/dead_port.h"
#include "worker/testing/eventually.h"

namespace sluice {
namespace {

TEST(MembershipTest, RetriesRegistrationAsOftenAsTheSettingSays) {
  testing::DeadPort no_master;
  Config config;
  config.register_retry_ms = 20;
  MasterClient client(no_master.address(), config);
  EventLoop loop("test-control");
  Membership membership(&client, config, &loop, [] { return 0; });
  loop.Start();
  membership.Start({"w1", "127.0.0.1:1", 1});
  // 20 attempts take about 0.4 s; at the default of one a second they would take longer than Eventually waits.
  EXPECT_TRUE(testing::Eventually([&] { return membership.registration_attempts() >= 20; }))
      << membership.registration_attempts() << " attempts";
  EXPECT_FALSE(membership.registered());
  client.Shutdown();  // as the worker does: the calls end first, then the loop
  loop.Stop();
}

}  // namespace
}  // namespace sluice
