#ifndef SLUICE_COMMON_LOGGING_H_
#define SLUICE_COMMON_LOGGING_H_

#include <memory>
#include <string>

#include <spdlog/spdlog.h>

namespace sluice {

// The logger of one component ("master", "worker", "driver", "receiver", ...), created on first use.
// Every logger writes to stderr with the component's name, at info and above until SetLogLevel says otherwise
// (each binary sets the setting log.level at startup).
std::shared_ptr<spdlog::logger> ComponentLogger(const std::string& component);

// Sets the level of every component logger, present and future ("info", "debug", "warn", ...).
void SetLogLevel(const std::string& level);

}  // namespace sluice

#endif  // SLUICE_COMMON_LOGGING_H_
