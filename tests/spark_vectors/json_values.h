#ifndef SLUICE_TESTS_SPARK_VECTORS_JSON_VALUES_H_
#define SLUICE_TESTS_SPARK_VECTORS_JSON_VALUES_H_

// Conversions between the vectors' JSON values and C++ records, with the vectors' conventions: a Scala tuple is
// a JSON array, None is null and a present Option is bare, a Seq is an array.

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace sluice::spark_vectors {

template <class T>
struct JsonValue;

template <class T>
T FromJson(const nlohmann::json& json) {
  return JsonValue<T>::From(json);
}
template <class T>
nlohmann::json ToJson(const T& value) {
  return JsonValue<T>::To(value);
}

template <class T>
requires(std::is_arithmetic_v<T> || std::is_same_v<T, std::string>) struct JsonValue<T> {
  static T From(const nlohmann::json& json) { return json.get<T>(); }
  static nlohmann::json To(const T& value) { return value; }
};

template <class A, class B>
struct JsonValue<std::pair<A, B>> {
  static std::pair<A, B> From(const nlohmann::json& json) { return {FromJson<A>(json.at(0)), FromJson<B>(json.at(1))}; }
  static nlohmann::json To(const std::pair<A, B>& value) {
    return nlohmann::json::array({ToJson(value.first), ToJson(value.second)});
  }
};

template <class T>
struct JsonValue<std::optional<T>> {
  static std::optional<T> From(const nlohmann::json& json) {
    if (json.is_null()) return std::nullopt;
    return FromJson<T>(json);
  }
  static nlohmann::json To(const std::optional<T>& value) { return value ? ToJson(*value) : nlohmann::json(); }
};

template <class T>
struct JsonValue<std::vector<T>> {
  static std::vector<T> From(const nlohmann::json& json) {
    std::vector<T> values;
    for (const nlohmann::json& element : json) values.push_back(FromJson<T>(element));
    return values;
  }
  static nlohmann::json To(const std::vector<T>& values) {
    nlohmann::json array = nlohmann::json::array();
    for (const T& value : values) array.push_back(ToJson(value));
    return array;
  }
};

// The input batches of a case: a null batch (the stream has no data set at all for that batch) is nullopt.
template <class T>
std::vector<std::optional<std::vector<T>>> InputBatches(const nlohmann::json& inputs) {
  std::vector<std::optional<std::vector<T>>> batches;
  for (const nlohmann::json& batch : inputs) {
    if (batch.is_null()) {
      batches.push_back(std::nullopt);
    } else {
      batches.push_back(FromJson<std::vector<T>>(batch));
    }
  }
  return batches;
}

}  // namespace sluice::spark_vectors

#endif  // SLUICE_TESTS_SPARK_VECTORS_JSON_VALUES_H_
