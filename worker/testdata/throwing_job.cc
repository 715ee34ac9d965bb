// A job that fails before it starts its context, as one with a bad argument would.
#include <stdexcept>
#include <string>
#include <vector>

#include "driver/api/sluice.h"

namespace {

int Throwing(const std::vector<std::string>& /*args*/) {
  throw std::invalid_argument("usage: throwing_job <directory>");
}

}  // namespace

SLUICE_JOB(Throwing)
