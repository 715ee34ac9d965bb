#ifndef SLUICE_DRIVER_SUBMISSION_WIRE_H_
#define SLUICE_DRIVER_SUBMISSION_WIRE_H_

#include "driver/submission.h"
#include "proto/sluice.pb.h"

namespace sluice {

// The driver's submission on the wire.
void SubmissionToProto(const Submission& submission, proto::SubmitApplicationRequest* out);

}  // namespace sluice

#endif  // SLUICE_DRIVER_SUBMISSION_WIRE_H_
