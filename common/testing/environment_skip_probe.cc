// A test binary for deploy/test_summary_test.sh: one case that skips for its environment, one that passes.
#include "common/testing/environment_skip.h"
#include "gtest/gtest.h"

namespace {

TEST(EnvironmentSkipProbe, SkipsForItsEnvironment) {
  SLUICE_SKIP_FOR_ENVIRONMENT("no " << "frobnicator" << " here");
  ADD_FAILURE() << "ran on past the skip";
}

TEST(EnvironmentSkipProbe, Runs) { SUCCEED(); }

}  // namespace
