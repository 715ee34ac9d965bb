#ifndef SLUICE_DRIVER_API_SLUICE_H_
#define SLUICE_DRIVER_API_SLUICE_H_

// Everything a Sluice job uses. A job is a shared library built with sluice_job() (bazel/job.bzl) whose
// entry point is declared with SLUICE_JOB:
//
//   int NetworkWordCount(const std::vector<std::string>& args) {
//     sluice::StreamingContext ssc(sluice::SluiceConf().setAppName("NetworkWordCount"), sluice::Seconds(1));
//     ...
//     ssc.start();
//     ssc.awaitTermination();
//     return 0;
//   }
//   SLUICE_JOB(NetworkWordCount)
//
// sluice-submit runs the entry point as the driver. Workers run it too, up to ssc.start(), to rebuild the graph.

#include <string>
#include <vector>

#include "common/time.h"
#include "driver/api/dstream.h"
#include "driver/api/errors.h"
#include "driver/api/state.h"
#include "driver/api/streaming_context.h"

#define SLUICE_JOB(function)                                                         \
  extern "C" int sluice_job_entry(const std::vector<std::string>* args) {           \
    return function(*args);                                                          \
  }

#endif  // SLUICE_DRIVER_API_SLUICE_H_
