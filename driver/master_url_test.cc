#include "driver/master_url.h"

#include "gtest/gtest.h"

namespace sluice {
namespace {

TEST(MasterUrlTest, ParsesLocalAndCluster) {
  EXPECT_EQ(ParseMasterUrl("local[2]")->local_slots, 2);
  EXPECT_TRUE(ParseMasterUrl("local")->local);
  EXPECT_GE(ParseMasterUrl("local[*]")->local_slots, 1);
  auto cluster = ParseMasterUrl("sluice://10.0.0.1:7077");
  ASSERT_TRUE(cluster.ok());
  EXPECT_FALSE(cluster->local);
  EXPECT_EQ(cluster->address, "10.0.0.1:7077");
}

TEST(MasterUrlTest, RejectsNonsenseWithAClearMessage) {
  for (const char* bad : {"", "local[0]", "local[x]", "spark://h:1", "sluice://h", "sluice://h:99999", "h:7077"}) {
    auto parsed = ParseMasterUrl(bad);
    EXPECT_FALSE(parsed.ok()) << bad;
    EXPECT_NE(parsed.status().message().find("expected local"), std::string::npos);
  }
}

}  // namespace
}  // namespace sluice
