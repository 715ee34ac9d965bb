#ifndef SLUICE_MASTER_APPLICATION_WIRE_H_
#define SLUICE_MASTER_APPLICATION_WIRE_H_

#include "master/application.h"
#include "proto/sluice.pb.h"

namespace sluice {

// A driver's submission as the master keeps it.
ApplicationSpec ApplicationSpecFromProto(const proto::SubmitApplicationRequest& request);

}  // namespace sluice

#endif  // SLUICE_MASTER_APPLICATION_WIRE_H_
