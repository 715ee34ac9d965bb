#ifndef SLUICE_COMMON_TESTING_ROUND_TRIP_H_
#define SLUICE_COMMON_TESTING_ROUND_TRIP_H_

#include <string>

#include "common/bytes.h"
#include "common/codec.h"
#include "gtest/gtest.h"

namespace sluice::testing {

// `value` encoded and decoded again with its codec; the decoding must use every byte.
template <class T>
T RoundTrip(const T& value) {
  std::string bytes;
  EncodeRecord(value, &bytes);
  ByteReader reader(bytes);
  T decoded = Codec<T>::Decode(reader);
  EXPECT_TRUE(reader.ok());
  EXPECT_TRUE(reader.AtEnd());
  return decoded;
}

}  // namespace sluice::testing

#endif  // SLUICE_COMMON_TESTING_ROUND_TRIP_H_
