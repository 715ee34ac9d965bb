#ifndef SLUICE_COMMON_CODEC_H_
#define SLUICE_COMMON_CODEC_H_

// Compact binary encoding of typed records, for blocks, shuffle data and results.
// A record is encoded field by field with no framing of its own: a block is records back to back.
//
// Built in: bool, integers (zigzag varints when signed), float, double, std::string, std::pair, std::tuple,
// std::optional, std::vector. A user struct gets a codec from SLUICE_RECORD (common/record.h), any other type by
// specializing sluice::Codec<T>.

#include <algorithm>
#include <concepts>
#include <cstring>
#include <cstdint>
#include <optional>
#include <string>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include "common/bytes.h"

namespace sluice {

template <class T, class Enable = void>
struct Codec;  // Encode(const T&, ByteWriter&); T Decode(ByteReader&)

template <class T>
concept Encodable = requires(const T& value, ByteWriter& writer, ByteReader& reader) {
  Codec<T>::Encode(value, writer);
  { Codec<T>::Decode(reader) } -> std::same_as<T>;
};

template <>
struct Codec<bool> {
  static void Encode(bool v, ByteWriter& w) { w.PutVarint(v ? 1 : 0); }
  static bool Decode(ByteReader& r) { return r.GetVarint() != 0; }
};

template <class T>
struct Codec<T, std::enable_if_t<std::is_integral_v<T> && std::is_unsigned_v<T> && !std::is_same_v<T, bool>>> {
  static void Encode(T v, ByteWriter& w) { w.PutVarint(v); }
  static T Decode(ByteReader& r) { return static_cast<T>(r.GetVarint()); }
};

template <class T>
struct Codec<T, std::enable_if_t<std::is_integral_v<T> && std::is_signed_v<T>>> {
  static void Encode(T v, ByteWriter& w) {
    int64_t x = v;
    w.PutVarint((static_cast<uint64_t>(x) << 1) ^ static_cast<uint64_t>(x >> 63));
  }
  static T Decode(ByteReader& r) {
    uint64_t z = r.GetVarint();
    return static_cast<T>(static_cast<int64_t>((z >> 1) ^ (~(z & 1) + 1)));
  }
};

template <>
struct Codec<float> {
  static void Encode(float v, ByteWriter& w) {
    uint32_t bits;
    std::memcpy(&bits, &v, 4);
    w.PutFixed32(bits);
  }
  static float Decode(ByteReader& r) {
    uint32_t bits = r.GetFixed32();
    float v;
    std::memcpy(&v, &bits, 4);
    return v;
  }
};

template <>
struct Codec<double> {
  static void Encode(double v, ByteWriter& w) {
    uint64_t bits;
    std::memcpy(&bits, &v, 8);
    w.PutFixed64(bits);
  }
  static double Decode(ByteReader& r) {
    uint64_t bits = r.GetFixed64();
    double v;
    std::memcpy(&v, &bits, 8);
    return v;
  }
};

template <>
struct Codec<std::string> {
  static void Encode(const std::string& v, ByteWriter& w) { w.PutLengthPrefixed(v); }
  static std::string Decode(ByteReader& r) { return std::string(r.GetLengthPrefixed()); }
};

template <class A, class B>
struct Codec<std::pair<A, B>> {
  static void Encode(const std::pair<A, B>& v, ByteWriter& w) {
    Codec<A>::Encode(v.first, w);
    Codec<B>::Encode(v.second, w);
  }
  static std::pair<A, B> Decode(ByteReader& r) {
    A a = Codec<A>::Decode(r);  // sequenced: arguments of a braced init are evaluated in order anyway
    B b = Codec<B>::Decode(r);
    return {std::move(a), std::move(b)};
  }
};

template <class... Ts>
struct Codec<std::tuple<Ts...>> {
  static void Encode(const std::tuple<Ts...>& v, ByteWriter& w) {
    std::apply([&w](const Ts&... fields) { (Codec<Ts>::Encode(fields, w), ...); }, v);
  }
  static std::tuple<Ts...> Decode(ByteReader& r) { return std::tuple<Ts...>{Codec<Ts>::Decode(r)...}; }
};

template <class T>
struct Codec<std::optional<T>> {
  static void Encode(const std::optional<T>& v, ByteWriter& w) {
    w.PutVarint(v.has_value() ? 1 : 0);
    if (v) Codec<T>::Encode(*v, w);
  }
  static std::optional<T> Decode(ByteReader& r) {
    if (r.GetVarint() == 0) return std::nullopt;
    return Codec<T>::Decode(r);
  }
};

template <class T>
struct Codec<std::vector<T>> {
  static void Encode(const std::vector<T>& v, ByteWriter& w) {
    w.PutVarint(v.size());
    for (const T& item : v) Codec<T>::Encode(item, w);
  }
  static std::vector<T> Decode(ByteReader& r) {
    uint64_t n = r.GetVarint();
    std::vector<T> out;
    // A corrupt count must not reserve gigabytes: each element takes at least one byte.
    out.reserve(std::min<uint64_t>(n, r.remaining().size()));
    for (uint64_t i = 0; i < n && r.ok(); ++i) out.push_back(Codec<T>::Decode(r));
    return out;
  }
};

template <Encodable T>
void EncodeRecord(const T& value, std::string* out) {
  ByteWriter writer(out);
  Codec<T>::Encode(value, writer);
}

// Decodes every record in `bytes`, calling `fn(T&&)` for each. Returns false if the bytes are corrupt;
// records decoded before the corruption have already been passed on.
template <Encodable T, class Fn>
bool DecodeRecords(std::string_view bytes, Fn&& fn) {
  ByteReader reader(bytes);
  while (!reader.AtEnd()) {
    T value = Codec<T>::Decode(reader);
    if (!reader.ok()) return false;
    fn(std::move(value));
  }
  return true;
}

}  // namespace sluice

#endif  // SLUICE_COMMON_CODEC_H_
