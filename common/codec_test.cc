#include "common/codec.h"

#include <limits>

#include "common/display.h"
#include "common/testing/round_trip.h"
#include "common/time.h"
#include "gtest/gtest.h"

namespace sluice {
namespace {

using ::sluice::testing::RoundTrip;

TEST(CodecTest, RoundTripsBuiltInTypes) {
  EXPECT_EQ(RoundTrip<int32_t>(-5), -5);
  EXPECT_EQ(RoundTrip<int64_t>(std::numeric_limits<int64_t>::min()), std::numeric_limits<int64_t>::min());
  EXPECT_EQ(RoundTrip<int64_t>(std::numeric_limits<int64_t>::max()), std::numeric_limits<int64_t>::max());
  EXPECT_EQ(RoundTrip<uint64_t>(std::numeric_limits<uint64_t>::max()), std::numeric_limits<uint64_t>::max());
  EXPECT_EQ(RoundTrip(true), true);
  EXPECT_EQ(RoundTrip(2.5), 2.5);
  EXPECT_EQ(RoundTrip(std::string("a\0b", 3)), std::string("a\0b", 3));
  auto nested = std::make_pair(std::string("k"), std::make_tuple(1, std::optional<double>(), std::vector<int>{1, 2}));
  EXPECT_EQ(RoundTrip(nested), nested);
}

TEST(CodecTest, SmallIntegersAreCompact) {
  std::string bytes;
  EncodeRecord(std::make_pair(std::string("word"), int64_t{1}), &bytes);
  EXPECT_EQ(bytes.size(), 6u);  // length byte, 4 letters, one varint byte
}

TEST(CodecTest, CorruptInputIsDetectedNotOverread) {
  std::string bytes;
  EncodeRecord(std::string(100, 'x'), &bytes);
  bytes.resize(50);
  std::vector<std::string> seen;
  EXPECT_FALSE(DecodeRecords<std::string>(bytes, [&](std::string s) { seen.push_back(s); }));
  EXPECT_TRUE(seen.empty());

  std::string huge_count;
  ByteWriter(&huge_count).PutVarint(uint64_t{1} << 60);
  ByteReader reader(huge_count);
  Codec<std::vector<int>>::Decode(reader);
  EXPECT_FALSE(reader.ok());
}

TEST(CodecTest, DecodeRecordsYieldsAllInOrder) {
  std::string bytes;
  for (int i = 0; i < 1000; ++i) EncodeRecord(i, &bytes);
  std::vector<int> out;
  EXPECT_TRUE(DecodeRecords<int>(bytes, [&](int v) { out.push_back(v); }));
  ASSERT_EQ(out.size(), 1000u);
  EXPECT_EQ(out[999], 999);
}

TEST(DisplayTest, PrintsLikeScala) {
  EXPECT_EQ(ToDisplayString(std::make_pair(std::string("hello"), int64_t{2})), "(hello,2)");
  EXPECT_EQ(ToDisplayString(std::make_tuple(1, std::string("x"), true)), "(1,x,true)");
  EXPECT_EQ(ToDisplayString(std::optional<int>(3)), "Some(3)");
  EXPECT_EQ(ToDisplayString(std::optional<int>()), "None");
  EXPECT_EQ(ToDisplayString(std::vector<int>{1, 2}), "[1, 2]");
  EXPECT_EQ(ToDisplayString(1.0), "1.0");
  EXPECT_EQ(ToDisplayString(0.25), "0.25");
}

TEST(TimeTest, PrintsAndAligns) {
  EXPECT_EQ(Time(1500).toString(), "1500 ms");
  EXPECT_EQ(Seconds(2).toString(), "2000 ms");
  EXPECT_EQ(Time(2500).floor(Seconds(1)), Time(2000));
  EXPECT_TRUE(Minutes(1).isMultipleOf(Seconds(2)));
  EXPECT_FALSE(Milliseconds(1500).isMultipleOf(Seconds(1)));
}

}  // namespace
}  // namespace sluice
