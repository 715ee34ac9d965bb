#include "master/grpc_worker_clients.h"

#include "gtest/gtest.h"

namespace sluice {
namespace {

TEST(GrpcWorkerClientsTest, StartingAReceiverMayTakeTheFactorTimesTheRpcTimeout) {
  Config config;
  EXPECT_EQ(StartReceiverTimeoutMs(config), 30000) << "the defaults: 3 x 10 s";
  config.rpc_timeout_ms = 100;
  config.start_receiver_timeout_factor = 20;
  EXPECT_EQ(StartReceiverTimeoutMs(config), 2000);
}

}  // namespace
}  // namespace sluice
