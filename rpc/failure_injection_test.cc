#include "rpc/failure_injection.h"

#include <gtest/gtest.h>

namespace sluice {
namespace {

std::unique_ptr<FailureInjector> Injector(absl::string_view spec) {
  auto injector = FailureInjector::FromSpec(spec);
  EXPECT_TRUE(injector.ok()) << injector.status();
  return injector.ok() ? *std::move(injector) : std::make_unique<FailureInjector>();
}

TEST(FailureInjectionTest, OffByDefault) {
  EXPECT_EQ(MakeFailureInjector(""), nullptr);
  auto none = Injector("");
  EXPECT_FALSE(none->enabled());
  for (int i = 0; i < 100; ++i) EXPECT_EQ(none->ForCall("ReportBlocks"), InjectedFailure::kNone);
}

TEST(FailureInjectionTest, TheNthCallOfTheNamedMethodOnly) {
  auto injector = Injector("ReportBlocks:reply:n=2");
  EXPECT_EQ(injector->ForCall("ReportBlocks"), InjectedFailure::kNone);
  EXPECT_EQ(injector->ForCall("ReportTask"), InjectedFailure::kNone) << "another method counts apart";
  EXPECT_EQ(injector->ForCall("ReportBlocks"), InjectedFailure::kDropReply);
  for (int i = 0; i < 10; ++i) EXPECT_EQ(injector->ForCall("ReportBlocks"), InjectedFailure::kNone);
  for (int i = 0; i < 10; ++i) EXPECT_EQ(injector->ForCall("ReportTask"), InjectedFailure::kNone);
}

TEST(FailureInjectionTest, EveryNthCallAndSeveralRules) {
  auto injector = Injector("LaunchTask:request:every=3, *:reply:n=1");
  std::vector<InjectedFailure> launches;
  for (int i = 0; i < 6; ++i) launches.push_back(injector->ForCall("LaunchTask"));
  EXPECT_EQ(launches, (std::vector<InjectedFailure>{InjectedFailure::kDropReply, InjectedFailure::kNone,
                                                    InjectedFailure::kDropRequest, InjectedFailure::kNone,
                                                    InjectedFailure::kNone, InjectedFailure::kDropRequest}));
  EXPECT_EQ(injector->ForCall("Heartbeat"), InjectedFailure::kDropReply) << "* matches every method";
  EXPECT_EQ(injector->ForCall("Heartbeat"), InjectedFailure::kNone);
}

TEST(FailureInjectionTest, AProbabilityDropsAboutThatShareAndRepeats) {
  auto first = Injector("FetchShuffle:request:p=0.25");
  auto second = Injector("FetchShuffle:request:p=0.25");
  int dropped = 0;
  for (int i = 0; i < 4000; ++i) {
    InjectedFailure failure = first->ForCall("FetchShuffle");
    EXPECT_EQ(failure, second->ForCall("FetchShuffle")) << "a fixed seed: a run repeats";
    if (failure == InjectedFailure::kDropRequest) ++dropped;
  }
  EXPECT_GT(dropped, 800);
  EXPECT_LT(dropped, 1200);
  auto never = Injector("FetchShuffle:request:p=0");
  auto always = Injector("FetchShuffle:reply:p=1");
  for (int i = 0; i < 100; ++i) {
    EXPECT_EQ(never->ForCall("FetchShuffle"), InjectedFailure::kNone);
    EXPECT_EQ(always->ForCall("FetchShuffle"), InjectedFailure::kDropReply);
  }
}

TEST(FailureInjectionTest, AnInjectedErrorLooksLikeANetworkFailureAndSaysItWasInjected) {
  absl::Status error = FailureInjector::InjectedError("ReportBlocks", InjectedFailure::kDropReply);
  EXPECT_EQ(error.code(), absl::StatusCode::kUnavailable);
  EXPECT_NE(error.message().find("failure injected"), absl::string_view::npos);
  EXPECT_NE(error.message().find("reply of ReportBlocks"), absl::string_view::npos);
}

TEST(FailureInjectionTest, ABadSpecSaysWhatARuleLooksLike) {
  for (absl::string_view bad : {"ReportBlocks", "ReportBlocks:reply", ":reply:n=1", "ReportBlocks:answer:n=1",
                               "ReportBlocks:reply:n=0", "ReportBlocks:reply:n=x", "ReportBlocks:reply:p=1.5",
                               "ReportBlocks:reply:every=-2", "ReportBlocks:reply:sometimes", "a:b:c:d"}) {
    absl::Status status = FailureInjector::CheckSpec(bad);
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << bad;
    EXPECT_NE(status.message().find("rpc.inject_failures"), absl::string_view::npos) << status;
    EXPECT_NE(status.message().find("ReportBlocks:reply:n=1"), absl::string_view::npos) << status;
  }
  EXPECT_EQ(MakeFailureInjector("nonsense"), nullptr);
}

}  // namespace
}  // namespace sluice
