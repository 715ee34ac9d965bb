#ifndef SLUICE_COMMON_DISPLAY_H_
#define SLUICE_COMMON_DISPLAY_H_

// How records print in pprint and in messages, following Scala's toString where users know it:
// a pair is "(a,b)", a tuple "(a,b,c)", an optional "Some(x)" or "None", a vector "[a, b]".

#include <charconv>
#include <cmath>
#include <optional>
#include <string>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

namespace sluice {

template <class T, class Enable = void>
struct Display;  // static void Append(const T&, std::string*)

template <class T>
void AppendDisplay(const T& value, std::string* out) {
  Display<T>::Append(value, out);
}

template <class T>
std::string ToDisplayString(const T& value) {
  std::string out;
  AppendDisplay(value, &out);
  return out;
}

template <>
struct Display<bool> {
  static void Append(bool v, std::string* out) { out->append(v ? "true" : "false"); }
};

template <class T>
struct Display<T, std::enable_if_t<std::is_integral_v<T> && !std::is_same_v<T, bool>>> {
  static void Append(T v, std::string* out) {
    char buf[24];
    auto [end, ec] = std::to_chars(buf, buf + sizeof(buf), v);
    out->append(buf, end);
  }
};

// Shortest round-trip digits, with ".0" on whole numbers as the JVM prints doubles.
template <class T>
struct Display<T, std::enable_if_t<std::is_floating_point_v<T>>> {
  static void Append(T v, std::string* out) {
    if (std::isnan(v)) return out->append("NaN"), void();
    if (std::isinf(v)) return out->append(v > 0 ? "Infinity" : "-Infinity"), void();
    char buf[64];
    auto [end, ec] = std::to_chars(buf, buf + sizeof(buf), v);
    std::string_view text(buf, end - buf);
    out->append(text);
    if (text.find_first_of(".eEn") == std::string_view::npos) out->append(".0");
  }
};

template <>
struct Display<std::string> {
  static void Append(const std::string& v, std::string* out) { out->append(v); }
};

template <class A, class B>
struct Display<std::pair<A, B>> {
  static void Append(const std::pair<A, B>& v, std::string* out) {
    out->push_back('(');
    AppendDisplay(v.first, out);
    out->push_back(',');
    AppendDisplay(v.second, out);
    out->push_back(')');
  }
};

template <class... Ts>
struct Display<std::tuple<Ts...>> {
  static void Append(const std::tuple<Ts...>& v, std::string* out) {
    out->push_back('(');
    bool first = true;
    std::apply(
        [&](const Ts&... fields) {
          ((first ? void() : out->push_back(','), first = false, AppendDisplay(fields, out)), ...);
        },
        v);
    out->push_back(')');
  }
};

template <class T>
struct Display<std::optional<T>> {
  static void Append(const std::optional<T>& v, std::string* out) {
    if (!v) return out->append("None"), void();
    out->append("Some(");
    AppendDisplay(*v, out);
    out->push_back(')');
  }
};

template <class T>
struct Display<std::vector<T>> {
  static void Append(const std::vector<T>& v, std::string* out) {
    out->push_back('[');
    for (size_t i = 0; i < v.size(); ++i) {
      if (i > 0) out->append(", ");
      AppendDisplay(v[i], out);
    }
    out->push_back(']');
  }
};

}  // namespace sluice

#endif  // SLUICE_COMMON_DISPLAY_H_
