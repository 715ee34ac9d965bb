#ifndef SLUICE_COMMON_RECORD_H_
#define SLUICE_COMMON_RECORD_H_

// SLUICE_RECORD: a user struct becomes an element type with one line, written right after the struct in the
// struct's own namespace:
//
//   namespace shop {
//   struct Sale {
//     std::string region;
//     int64_t cents = 0;
//   };
//   SLUICE_RECORD(Sale, region, cents);
//   }  // namespace shop
//
// The struct then has
//   - a sluice::Codec: the listed fields in order, each with its own codec (nested records, vectors,
//     optionals, pairs and tuples of records all work). Decoding default-constructs the struct and assigns the
//     fields, so the struct needs a default constructor and public fields.
//   - a sluice::Display like a Scala case class's toString: "Sale(north,250)".
//   - operator== and absl hashing over the listed fields, which is what a key of reduceByKey, groupByKey, joins
//     and state needs (their tables are absl::flat_hash_map). Do not declare operator== yourself as well.
// List every field: one left out is neither sent nor compared.
//
// Why free functions rather than specializations: a specialization of sluice::Codec must be written in namespace
// sluice, so it could not follow a struct in the user's namespace. The macro declares functions next to the
// struct instead, and the Codec and Display below find them by argument-dependent lookup. So the macro must be in
// the namespace that declares the struct (for a nested struct, the enclosing namespace, naming it Outer::Inner).

#include <optional>
#include <string>
#include <tuple>
#include <type_traits>
#include <utility>

#include "common/codec.h"
#include "common/display.h"

namespace sluice {

// What SLUICE_RECORD declares: the struct's name, and its listed fields as a tuple of references.
template <class T>
concept Record = requires(T& mutable_value, const T& value) {
  { SluiceRecordName(static_cast<const T*>(nullptr)) } -> std::convertible_to<const char*>;
  SluiceRecordFields(value);
  SluiceRecordFields(mutable_value);
};

template <class T>
struct Codec<T, std::enable_if_t<Record<T>>> {
  static void Encode(const T& value, ByteWriter& w) {
    std::apply([&w](const auto&... fields) { (EncodeField(fields, w), ...); }, SluiceRecordFields(value));
  }
  static T Decode(ByteReader& r) {
    T value{};
    // A fold over the comma operator runs left to right: fields are read in the order they were written.
    std::apply([&r](auto&... fields) { ((fields = DecodeField<std::remove_cvref_t<decltype(fields)>>(r)), ...); },
               SluiceRecordFields(value));
    return value;
  }

 private:
  template <class F>
  static void EncodeField(const F& field, ByteWriter& w) {
    Codec<F>::Encode(field, w);
  }
  template <class F>
  static F DecodeField(ByteReader& r) {
    return Codec<F>::Decode(r);
  }
};

template <class T>
struct Display<T, std::enable_if_t<Record<T>>> {
  static void Append(const T& value, std::string* out) {
    out->append(SluiceRecordName(static_cast<const T*>(nullptr)));
    out->push_back('(');
    bool first = true;
    std::apply(
        [&](const auto&... fields) {
          ((first ? void() : out->push_back(','), first = false, AppendDisplay(fields, out)), ...);
        },
        SluiceRecordFields(value));
    out->push_back(')');
  }
};

namespace internal_record {

template <class T>
struct IsOptional : std::false_type {};
template <class T>
struct IsOptional<std::optional<T>> : std::true_type {};

// Abseil hashes std::optional<T> only through std::hash<T>, which a record does not have, so an optional field
// is hashed as its presence and then its value.
template <class H, class F>
H CombineField(H state, const F& field) {
  if constexpr (IsOptional<F>::value) {
    state = H::combine(std::move(state), field.has_value());
    if (field) state = CombineField(std::move(state), *field);
    return state;
  } else {
    return H::combine(std::move(state), field);
  }
}

template <class H, class... Fs>
H CombineFields(H state, const Fs&... fields) {
  ((state = CombineField(std::move(state), fields)), ...);
  return state;
}

}  // namespace internal_record
}  // namespace sluice

// `value.a, value.b, ...` for up to 16 field names.
#define SLUICE_INTERNAL_RECORD_CAT_(a, b) a##b
#define SLUICE_INTERNAL_RECORD_CAT(a, b) SLUICE_INTERNAL_RECORD_CAT_(a, b)
#define SLUICE_INTERNAL_RECORD_COUNT_(_1, _2, _3, _4, _5, _6, _7, _8, _9, _10, _11, _12, _13, _14, _15, _16, N, ...) N
#define SLUICE_INTERNAL_RECORD_COUNT(...) \
  SLUICE_INTERNAL_RECORD_COUNT_(__VA_ARGS__, 16, 15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0)
#define SLUICE_INTERNAL_RECORD_OF_1(v, a) v.a
#define SLUICE_INTERNAL_RECORD_OF_2(v, a, ...) v.a, SLUICE_INTERNAL_RECORD_OF_1(v, __VA_ARGS__)
#define SLUICE_INTERNAL_RECORD_OF_3(v, a, ...) v.a, SLUICE_INTERNAL_RECORD_OF_2(v, __VA_ARGS__)
#define SLUICE_INTERNAL_RECORD_OF_4(v, a, ...) v.a, SLUICE_INTERNAL_RECORD_OF_3(v, __VA_ARGS__)
#define SLUICE_INTERNAL_RECORD_OF_5(v, a, ...) v.a, SLUICE_INTERNAL_RECORD_OF_4(v, __VA_ARGS__)
#define SLUICE_INTERNAL_RECORD_OF_6(v, a, ...) v.a, SLUICE_INTERNAL_RECORD_OF_5(v, __VA_ARGS__)
#define SLUICE_INTERNAL_RECORD_OF_7(v, a, ...) v.a, SLUICE_INTERNAL_RECORD_OF_6(v, __VA_ARGS__)
#define SLUICE_INTERNAL_RECORD_OF_8(v, a, ...) v.a, SLUICE_INTERNAL_RECORD_OF_7(v, __VA_ARGS__)
#define SLUICE_INTERNAL_RECORD_OF_9(v, a, ...) v.a, SLUICE_INTERNAL_RECORD_OF_8(v, __VA_ARGS__)
#define SLUICE_INTERNAL_RECORD_OF_10(v, a, ...) v.a, SLUICE_INTERNAL_RECORD_OF_9(v, __VA_ARGS__)
#define SLUICE_INTERNAL_RECORD_OF_11(v, a, ...) v.a, SLUICE_INTERNAL_RECORD_OF_10(v, __VA_ARGS__)
#define SLUICE_INTERNAL_RECORD_OF_12(v, a, ...) v.a, SLUICE_INTERNAL_RECORD_OF_11(v, __VA_ARGS__)
#define SLUICE_INTERNAL_RECORD_OF_13(v, a, ...) v.a, SLUICE_INTERNAL_RECORD_OF_12(v, __VA_ARGS__)
#define SLUICE_INTERNAL_RECORD_OF_14(v, a, ...) v.a, SLUICE_INTERNAL_RECORD_OF_13(v, __VA_ARGS__)
#define SLUICE_INTERNAL_RECORD_OF_15(v, a, ...) v.a, SLUICE_INTERNAL_RECORD_OF_14(v, __VA_ARGS__)
#define SLUICE_INTERNAL_RECORD_OF_16(v, a, ...) v.a, SLUICE_INTERNAL_RECORD_OF_15(v, __VA_ARGS__)
#define SLUICE_INTERNAL_RECORD_FIELDS_OF(v, ...) \
  SLUICE_INTERNAL_RECORD_CAT(SLUICE_INTERNAL_RECORD_OF_, SLUICE_INTERNAL_RECORD_COUNT(__VA_ARGS__))(v, __VA_ARGS__)

// The hash is a template on the hash state, so the user's file need not include Abseil: it is instantiated only
// where a table that hashes the type is, and those include absl/hash.
#define SLUICE_RECORD(Type, ...)                                                                                  \
  [[maybe_unused]] inline constexpr const char* SluiceRecordName(const Type*) { return #Type; }                   \
  [[maybe_unused]] inline auto SluiceRecordFields(const Type& sluice_value) {                                     \
    return std::tie(SLUICE_INTERNAL_RECORD_FIELDS_OF(sluice_value, __VA_ARGS__));                                 \
  }                                                                                                               \
  [[maybe_unused]] inline auto SluiceRecordFields(Type& sluice_value) {                                           \
    return std::tie(SLUICE_INTERNAL_RECORD_FIELDS_OF(sluice_value, __VA_ARGS__));                                 \
  }                                                                                                               \
  [[maybe_unused]] inline bool operator==(const Type& sluice_left, const Type& sluice_right) {                    \
    return SluiceRecordFields(sluice_left) == SluiceRecordFields(sluice_right);                                   \
  }                                                                                                               \
  template <class SluiceHashState>                                                                                \
  SluiceHashState AbslHashValue(SluiceHashState sluice_state, const Type& sluice_value) {                         \
    return ::sluice::internal_record::CombineFields(std::move(sluice_state),                                      \
                                                    SLUICE_INTERNAL_RECORD_FIELDS_OF(sluice_value, __VA_ARGS__)); \
  }                                                                                                               \
  static_assert(true, "SLUICE_RECORD takes a semicolon")

#endif  // SLUICE_COMMON_RECORD_H_
