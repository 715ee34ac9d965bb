#ifndef SLUICE_DRIVER_API_TESTING_MANUAL_CLOCK_CONF_H_
#define SLUICE_DRIVER_API_TESTING_MANUAL_CLOCK_CONF_H_

#include <string>

#include "driver/api/streaming_context.h"
#include "gtest/gtest.h"

namespace sluice {

// local[2] under the manual clock (Spark's ManualClock in its test suites): `batches` batches at 1, 2, ... batch
// intervals, each as soon as the previous one completed, then the application stops.
inline SluiceConf ManualClockConf(const std::string& app_name, int batches) {
  return SluiceConf()
      .setMaster("local[2]")
      .setAppName(app_name)
      .set("worker.work_dir", ::testing::TempDir() + "/sluice-work")
      .set("app.clock", "manual")
      .set("app.manual_clock.batches", std::to_string(batches));
}

}  // namespace sluice

#endif  // SLUICE_DRIVER_API_TESTING_MANUAL_CLOCK_CONF_H_
