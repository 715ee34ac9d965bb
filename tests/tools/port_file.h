#ifndef SLUICE_TESTS_TOOLS_PORT_FILE_H_
#define SLUICE_TESTS_TOOLS_PORT_FILE_H_

#include <string>

#include "absl/status/status.h"

namespace sluice::tools {

// Writes "<port>\n" to `path` through a temporary file and rename(2), so a script polling for the file never
// reads a half-written port.
absl::Status WritePortFile(const std::string& path, int port);

}  // namespace sluice::tools

#endif  // SLUICE_TESTS_TOOLS_PORT_FILE_H_
