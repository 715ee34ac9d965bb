// A job that defines its streams but never starts the context.
#include <string>
#include <vector>

#include "driver/api/sluice.h"

namespace {

int NoStart(const std::vector<std::string>& /*args*/) {
  sluice::StreamingContext ssc(sluice::SluiceConf().setAppName("NoStart"), sluice::Seconds(1));
  ssc.socketTextStream("localhost", 9999).pprint();
  return 0;
}

}  // namespace

SLUICE_JOB(NoStart)
