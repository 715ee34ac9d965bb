#include "master/master_server.h"

#include <string>

#include "gtest/gtest.h"

namespace sluice {
namespace {

Config LoopbackConfig() {
  Config config;
  config.master_host = "127.0.0.1";
  config.master_port = 0;
  config.master_webui_port = 0;
  return config;
}

TEST(MasterServerTest, StartsOnFreePortsAndShutsDownTwiceCleanly) {
  MasterServer server(LoopbackConfig());
  ASSERT_TRUE(server.Start().ok());
  EXPECT_GT(server.port(), 0);
  EXPECT_GT(server.webui_port(), 0);
  EXPECT_TRUE(server.View().workers.empty());
  server.Shutdown();
  server.Shutdown();
}

TEST(MasterServerTest, ARpcPortInUseIsAnError) {
  MasterServer first(LoopbackConfig());
  ASSERT_TRUE(first.Start().ok());
  Config config = LoopbackConfig();
  config.master_port = first.port();
  MasterServer second(config);
  absl::Status status = second.Start();
  EXPECT_FALSE(status.ok());
  EXPECT_NE(std::string(status.message()).find("cannot listen on 127.0.0.1:" + std::to_string(first.port())),
            std::string::npos)
      << status;
}

TEST(MasterServerTest, AWebUiPortInUseIsAnError) {
  MasterServer first(LoopbackConfig());
  ASSERT_TRUE(first.Start().ok());
  Config config = LoopbackConfig();
  config.master_webui_port = first.webui_port();
  MasterServer second(config);
  absl::Status status = second.Start();
  EXPECT_FALSE(status.ok());
  EXPECT_NE(std::string(status.message()).find(std::to_string(first.webui_port())), std::string::npos) << status;
}

}  // namespace
}  // namespace sluice
