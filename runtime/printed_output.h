#ifndef SLUICE_RUNTIME_PRINTED_OUTPUT_H_
#define SLUICE_RUNTIME_PRINTED_OUTPUT_H_

#include <string>
#include <vector>

#include "common/time.h"

namespace sluice {

// Writes one batch of pprint to the driver's stdout in Spark's format: the time, the first `num` of `lines`
// (which holds up to num + 1 records), "..." if there are more. Defined in the process that runs the driver,
// not in job libraries.
void PrintBatchOnDriver(Time batch_time, const std::vector<std::string>& lines, int num);

}  // namespace sluice

#endif  // SLUICE_RUNTIME_PRINTED_OUTPUT_H_
