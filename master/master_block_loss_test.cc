// A worker lost while it holds received blocks not yet given to a batch: a block with a copy on a live worker
// (receiver.replication) is kept, and read there; a block whose only copy was there is lost, and the application is
// told which.
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "gtest/gtest.h"
#include "master/testing/master_test_env.h"

namespace sluice {
namespace {

Config FastExpiry() {
  Config config;
  config.heartbeat_interval_ms = 50;
  config.worker_timeout_ms = 300;
  return config;
}

class MasterBlockLossTest : public testing::MasterTestEnv {
 protected:
  MasterBlockLossTest() : MasterTestEnv(FastExpiry()) {}

  TaskReport RunTask(const TaskSpec& task) override { return SucceededReport(task, "", 0); }

  // A receiver and batches of a day: no batch takes the blocks while the test runs (unless it runs at midnight).
  static Submission ReceiverSpec() {
    Submission spec;
    spec.name = "blocks";
    spec.library_hash = "local-test";
    spec.graph.batch_ms = 24 * 3600 * 1000;
    spec.graph.nodes.push_back(
        {0, NodeKind::kReceiverSource, "socketTextStream", {}, {{"host", "h"}, {"port", "1"}}, 0, ""});
    spec.graph.nodes.push_back({1, NodeKind::kOutput, "collectBatches", {0}, {}, 0, ""});
    return spec;
  }

  // w1 keeps heartbeating while w2 falls silent, until the master has removed w2.
  bool LoseWorker2() {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (std::chrono::steady_clock::now() < deadline) {
      bool gone = OnLoop([&] {
        master_->Heartbeat("w1");
        for (const WorkerInfo& worker : master_->View().workers) {
          if (worker.id == "w2") return false;
        }
        return true;
      });
      if (gone) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return false;
  }
};

TEST_F(MasterBlockLossTest, ABlockWithACopyOnALiveWorkerSurvivesItsWorkerAndOneWithoutIsNamed) {
  OnLoop([&] {
    master_->Start();  // the liveness checks
    master_->RegisterWorker("w2", "127.0.0.1:2", 2);
  });
  auto submitted = OnLoop([&] { return master_->Submit(ReceiverSpec()); });
  ASSERT_TRUE(submitted.ok()) << submitted.status();
  const std::string app = submitted->app_id;
  OnLoop([&] {
    master_->ReportBlocks(app, {BlockRef{"input-0-copied", 0, "w2", 3, 30, {"w1"}},
                                BlockRef{"input-0-only-on-w2", 0, "w2", 4, 40, {}},
                                BlockRef{"input-0-on-w1", 0, "w1", 5, 50, {"w2"}}});
  });
  ASSERT_TRUE(LoseWorker2());

  std::vector<std::string> warnings;
  for (const AppEvent& event : EventsSoFar(app)) {
    if (event.kind == AppEvent::Kind::kWarning && event.message.find("received blocks") != std::string::npos) {
      warnings.push_back(event.message);
    }
  }
  EXPECT_EQ(warnings, std::vector<std::string>{
                          "1 received blocks were lost with worker w2, which held their only copy "
                          "(receiver.replication keeps more): input-0-only-on-w2"});
}

}  // namespace
}  // namespace sluice
