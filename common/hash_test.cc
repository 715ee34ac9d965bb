// The key partitioner is what every worker must agree on: a key's reduce partition is computed by the map task
// that writes it, on whatever worker, and read by the reduce task, on another. These tests pin it to fixed values
// (xxHash's published XXH3 vectors, and our own encoded keys), so a change to the hash, the seed or the key
// encoding fails here before it silently sends keys to the wrong partition.
#include "common/hash.h"

#include <cstdint>
#include <optional>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "common/codec.h"
#include "gtest/gtest.h"

namespace sluice {
namespace {

// xxHash's sanity buffer (cli/xsum_sanity_check.c, XSUM_fillTestBuffer): the input of its published vectors.
std::string SanityBuffer(size_t length) {
  constexpr uint64_t kPrime32 = 2654435761U;
  constexpr uint64_t kPrime64 = 11400714785074694797ULL;
  std::string buffer(length, '\0');
  uint64_t generator = kPrime32;
  for (size_t i = 0; i < length; ++i) {
    buffer[i] = static_cast<char>(generator >> 56);
    generator *= kPrime64;
  }
  return buffer;
}

TEST(StableHashTest, IsXxh3OfSeedZeroByThePublishedVectors) {
  // XSUM_XXH3_testdata, seed 0: one length from each of XXH3's code paths.
  const std::vector<std::pair<size_t, uint64_t>> vectors = {
      {0, 0x2D06800538D394C2ULL},    {1, 0xC44BDFF4074EECDBULL},    {6, 0x27B56A84CD2D7325ULL},
      {12, 0xA713DAF0DFBB77E7ULL},   {24, 0xA3FE70BF9D3510EBULL},   {48, 0x397DA259ECBA1F11ULL},
      {80, 0xBCDEFBBB2C47C90AULL},   {195, 0xCD94217EE362EC3AULL},  {403, 0xCDEB804D65C6DEA4ULL},
      {512, 0x617E49599013CB6BULL},  {2048, 0xDD59E2C3A5F038E0ULL}, {2240, 0x6E73A90539CF2948ULL},
      {2367, 0xCB37AEB9E5D361EDULL},
  };
  for (const auto& [length, expected] : vectors) {
    EXPECT_EQ(StableHash64(SanityBuffer(length)), expected) << "length " << length;
  }
}

struct PinnedKey {
  std::string what;
  std::string encoded;  // the key's bytes as EncodeRecord writes them
  uint64_t hash;        // StableHash64 of those bytes
  uint32_t of_7, of_8, of_200;
};

template <class K>
std::string Encoded(const K& key) {
  std::string bytes;
  EncodeRecord(key, &bytes);
  return bytes;
}

// One key of each built-in type, with its encoding, its hash and its partition among 7, 8 and 200.
std::vector<std::pair<std::string, PinnedKey>> Pins() {
  using std::string;
  return {
      {Encoded(string("hello")), {"string hello", string("\x05hello"), 0xCDBA870FB04D3213ULL, 2, 3, 3}},
      {Encoded(string()), {"empty string", string("\x00", 1), 0xC44BDFF4074EECDBULL, 2, 3, 83}},
      {Encoded(int32_t{-1}), {"int32 -1", string("\x01"), 0xE12EF9D2EB86CEEBULL, 3, 3, 115}},
      {Encoded(int32_t{7}), {"int32 7", string("\x0e"), 0xEFE50F8D11366410ULL, 3, 0, 136}},
      {Encoded(int64_t{1234567890123}),
       {"int64 1234567890123", string("\x96\x93\xd8\x9f\xee\x47"), 0xDEBE36B1A237E164ULL, 2, 4, 100}},
      {Encoded(uint64_t{300}), {"uint64 300", string("\xac\x02"), 0xA6B44AEED67A4FDFULL, 1, 7, 191}},
      {Encoded(true), {"bool true", string("\x01"), 0xE12EF9D2EB86CEEBULL, 3, 3, 115}},
      {Encoded(2.5), {"double 2.5", string("\x00\x00\x00\x00\x00\x00\x04\x40", 8), 0xDF606FB485B75391ULL, 1, 1, 129}},
      {Encoded(-0.5f), {"float -0.5", string("\x00\x00\x00\xbf", 4), 0x7D99FBE36C125803ULL, 0, 3, 43}},
      {Encoded(std::make_pair(string("k"), int64_t{1})),
       {"pair (k,1)", string("\x01k\x02"), 0x4130940B501C4588ULL, 6, 0, 120}},
      {Encoded(std::make_tuple(int32_t{1}, string("x"), false)),
       {"tuple (1,x,false)", string("\x02\x01x\x00", 4), 0x9A94EBD50F4EC776ULL, 0, 6, 150}},
      {Encoded(std::optional<int32_t>(5)), {"Some(5)", string("\x01\x0a"), 0x5CB08687DD2016F9ULL, 0, 1, 81}},
      {Encoded(std::optional<int32_t>()), {"None", string("\x00", 1), 0xC44BDFF4074EECDBULL, 2, 3, 83}},
      {Encoded(std::vector<int32_t>{1, 2, 3}),
       {"vector [1, 2, 3]", string("\x03\x02\x04\x06"), 0x5E44D6CD330C94F8ULL, 3, 0, 120}},
  };
}

TEST(PartitionOfEncodedKeyTest, EveryBuiltInKeyTypeGoesToItsPinnedPartition) {
  for (const auto& [encoded, pin] : Pins()) {
    SCOPED_TRACE(pin.what);
    EXPECT_EQ(encoded, pin.encoded) << "the key encoding changed";
    EXPECT_EQ(StableHash64(encoded), pin.hash);
    EXPECT_EQ(PartitionOfEncodedKey(encoded, 7), pin.of_7);
    EXPECT_EQ(PartitionOfEncodedKey(encoded, 8), pin.of_8);
    EXPECT_EQ(PartitionOfEncodedKey(encoded, 200), pin.of_200);
    EXPECT_EQ(PartitionOfEncodedKey(encoded, 1), 0u);
  }
}

// 10,000 keys over 8 partitions: 1,250 each on average; a fair hash stays within a few percent.
template <class MakeKey>
std::vector<int> Spread(MakeKey make_key) {
  std::vector<int> per_partition(8, 0);
  for (int i = 0; i < 10000; ++i) ++per_partition[PartitionOfEncodedKey(Encoded(make_key(i)), 8)];
  return per_partition;
}

TEST(PartitionOfEncodedKeyTest, KeysSpreadEvenlyOverThePartitions) {
  const std::vector<std::vector<int>> spreads = {
      Spread([](int i) { return "word-" + std::to_string(i); }),
      Spread([](int i) { return int64_t{i}; }),
      Spread([](int i) { return std::make_pair(std::to_string(i % 100), int32_t{i / 100}); }),
  };
  for (const std::vector<int>& spread : spreads) {
    for (size_t p = 0; p < spread.size(); ++p) {
      EXPECT_GT(spread[p], 1125) << "partition " << p << " of 8 got too few of 10,000 keys";
      EXPECT_LT(spread[p], 1375) << "partition " << p << " of 8 got too many of 10,000 keys";
    }
  }
}

}  // namespace
}  // namespace sluice
