#ifndef SLUICE_COMMON_TESTING_ENVIRONMENT_SKIP_H_
#define SLUICE_COMMON_TESTING_ENVIRONMENT_SKIP_H_

#include <cstdlib>
#include <sstream>
#include <string_view>

#include "gtest/gtest.h"

namespace sluice::testing {

// CI (.ci/run) sets CI=true; deploy/test.sh passes it to the tests.
inline bool RunningOnCi() {
  const char* ci = std::getenv("CI");
  return ci != nullptr && std::string_view(ci) == "true";
}

}  // namespace sluice::testing

// In a test body: skips the test, saying what this environment lacks (`message` is a `<<` chain). Under CI=true
// it fails the test instead: CI runs as root on Debian 12, where every such condition holds, so there a skip
// would only hide a test that did not run.
#define SLUICE_SKIP_FOR_ENVIRONMENT(message)                                                                    \
  do {                                                                                                          \
    std::ostringstream sluice_skip_reason;                                                                      \
    sluice_skip_reason << message;                                                                              \
    if (::sluice::testing::RunningOnCi()) {                                                                     \
      FAIL() << "CI=true, and this environment lacks what the test needs: " << sluice_skip_reason.str();        \
    } else {                                                                                                    \
      GTEST_SKIP() << sluice_skip_reason.str();                                                                 \
    }                                                                                                           \
  } while (false)

#endif  // SLUICE_COMMON_TESTING_ENVIRONMENT_SKIP_H_
