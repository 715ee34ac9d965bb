#ifndef SLUICE_COMMON_TIME_H_
#define SLUICE_COMMON_TIME_H_

#include <chrono>
#include <cstdint>
#include <ostream>
#include <string>

namespace sluice {

// A span of whole milliseconds, as in Spark Streaming. Prints as "<ms> ms".
class Duration {
 public:
  constexpr Duration() = default;
  constexpr explicit Duration(int64_t ms) : ms_(ms) {}

  constexpr int64_t milliseconds() const { return ms_; }
  constexpr bool isMultipleOf(Duration other) const {
    return other.ms_ != 0 && ms_ % other.ms_ == 0;
  }
  std::string toString() const { return std::to_string(ms_) + " ms"; }

  constexpr Duration operator+(Duration o) const { return Duration(ms_ + o.ms_); }
  constexpr Duration operator-(Duration o) const { return Duration(ms_ - o.ms_); }
  constexpr Duration operator*(int64_t k) const { return Duration(ms_ * k); }
  constexpr int64_t operator/(Duration o) const { return ms_ / o.ms_; }
  constexpr auto operator<=>(const Duration&) const = default;

 private:
  int64_t ms_ = 0;
};

constexpr Duration Milliseconds(int64_t ms) { return Duration(ms); }
constexpr Duration Seconds(int64_t s) { return Duration(s * 1000); }
constexpr Duration Minutes(int64_t m) { return Duration(m * 60000); }

// An instant in whole milliseconds since the Unix epoch: a batch time. Prints as "<ms> ms".
class Time {
 public:
  constexpr Time() = default;
  constexpr explicit Time(int64_t ms) : ms_(ms) {}

  constexpr int64_t milliseconds() const { return ms_; }
  std::string toString() const { return std::to_string(ms_) + " ms"; }
  constexpr bool isMultipleOf(Duration d) const {
    return d.milliseconds() != 0 && ms_ % d.milliseconds() == 0;
  }
  // The latest multiple of `d` at or before this time.
  constexpr Time floor(Duration d) const { return Time(ms_ - ms_ % d.milliseconds()); }

  constexpr Time operator+(Duration d) const { return Time(ms_ + d.milliseconds()); }
  constexpr Time operator-(Duration d) const { return Time(ms_ - d.milliseconds()); }
  constexpr Duration operator-(Time o) const { return Duration(ms_ - o.ms_); }
  constexpr auto operator<=>(const Time&) const = default;

 private:
  int64_t ms_ = 0;
};

// The wall clock's time now.
inline Time WallClockNow() {
  auto since_epoch = std::chrono::system_clock::now().time_since_epoch();
  return Time(std::chrono::duration_cast<std::chrono::milliseconds>(since_epoch).count());
}

inline std::ostream& operator<<(std::ostream& os, Duration d) { return os << d.toString(); }
inline std::ostream& operator<<(std::ostream& os, Time t) { return os << t.toString(); }

}  // namespace sluice

#endif  // SLUICE_COMMON_TIME_H_
