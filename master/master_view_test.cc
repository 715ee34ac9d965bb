#include "master/master_view.h"

#include "gtest/gtest.h"
#include "master/status_page.h"

namespace sluice {
namespace {

Application StoppingApp() {
  Application app;
  app.id = "app-1";
  app.spec.name = "counts";
  app.spec.graph.batch_ms = 1000;
  app.state = Application::State::kStopping;
  app.start_ms = 5000;
  app.completed_count = 30;
  for (int64_t b = 30; b >= 1; --b) app.completed_batches.push_back({.batch_ms = b * 1000, .records = b});
  app.queued_batches.resize(2);
  app.receivers[0].worker_id = "w1";
  app.total_records = 465;
  app.received_records = 480;
  return app;
}

TEST(MasterViewTest, AnApplicationsViewHasItsStateCountsAndTwentyNewestBatches) {
  ApplicationView view = ViewOfApplication(StoppingApp());
  EXPECT_EQ(view.id, "app-1");
  EXPECT_EQ(view.name, "counts");
  EXPECT_EQ(view.state, "STOPPING");
  EXPECT_EQ(view.batch_ms, 1000);
  EXPECT_EQ(view.completed_batches, 30);
  EXPECT_EQ(view.queued_batches, 2) << "no batch is running";
  ASSERT_EQ(view.recent_batches.size(), 20u);
  EXPECT_EQ(view.recent_batches.front().batch_ms, 30000);
  EXPECT_EQ(view.receivers, (std::vector<std::pair<int32_t, std::string>>{{0, "w1"}}));
  EXPECT_EQ(view.total_records, 465);
  EXPECT_EQ(view.received_records, 480);
}

TEST(MasterViewTest, TheStatusJsonCarriesTheView) {
  MasterView view;
  view.applications.push_back(ViewOfApplication(StoppingApp()));
  std::string json = RenderStatusJson(view);
  EXPECT_NE(json.find("\"state\":\"STOPPING\""), std::string::npos) << json;
  EXPECT_NE(json.find("\"batch_ms\":30000"), std::string::npos) << json;
  EXPECT_NE(json.find("\"total_records\":465"), std::string::npos) << json;
  EXPECT_NE(json.find("\"received_records\":480"), std::string::npos) << json;
}

}  // namespace
}  // namespace sluice
