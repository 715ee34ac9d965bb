#include "common/record.h"

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/hash/hash_testing.h"
#include "common/testing/round_trip.h"
#include "gtest/gtest.h"

// User types live in the user's namespace, with the macro right after each struct.
namespace shop {

struct Point {
  int32_t x = 0;
  int32_t y = 0;
};
SLUICE_RECORD(Point, x, y);

struct Store {
  std::string name;
  Point location;
  std::vector<Point> entrances;
  std::optional<Point> parking;
  double rating = 0;
};
SLUICE_RECORD(Store, name, location, entrances, parking, rating);

struct Wide {
  int a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, p;
};
SLUICE_RECORD(Wide, a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, p);

namespace inner {
struct Tag {
  std::string label;
};
SLUICE_RECORD(Tag, label);
}  // namespace inner

}  // namespace shop

namespace sluice {
namespace {

using shop::Point;
using shop::Store;

using ::sluice::testing::RoundTrip;

Store SampleStore() { return Store{"corner", Point{3, -4}, {Point{1, 1}, Point{2, 2}}, Point{9, 9}, 4.5}; }

TEST(RecordTest, IsAnEncodableElementType) {
  static_assert(Record<Point> && Record<Store> && Record<shop::inner::Tag>);
  static_assert(Encodable<Point> && Encodable<Store> && Encodable<std::pair<Point, Store>>);
  static_assert(!Record<std::string> && !Record<int>);
}

TEST(RecordTest, RoundTripsFieldsNestedRecordsVectorsAndOptionals) {
  EXPECT_EQ(RoundTrip(Point{7, -8}), (Point{7, -8}));
  EXPECT_EQ(RoundTrip(SampleStore()), SampleStore());
  Store without_parking = SampleStore();
  without_parking.parking.reset();
  without_parking.entrances.clear();
  EXPECT_EQ(RoundTrip(without_parking), without_parking);
  auto pair = std::make_pair(Point{1, 2}, std::vector<Store>{SampleStore(), without_parking});
  EXPECT_EQ(RoundTrip(pair), pair);
  EXPECT_EQ(RoundTrip(shop::inner::Tag{"x"}).label, "x");
}

TEST(RecordTest, EncodesTheFieldsInOrderWithTheirOwnCodecs) {
  std::string record_bytes;
  EncodeRecord(Point{5, -6}, &record_bytes);
  std::string tuple_bytes;
  EncodeRecord(std::make_tuple(int32_t{5}, int32_t{-6}), &tuple_bytes);
  EXPECT_EQ(record_bytes, tuple_bytes);
}

TEST(RecordTest, CorruptInputIsDetected) {
  std::string bytes;
  EncodeRecord(SampleStore(), &bytes);
  bytes.resize(bytes.size() - 3);
  std::vector<Store> seen;
  EXPECT_FALSE(DecodeRecords<Store>(bytes, [&](Store s) { seen.push_back(std::move(s)); }));
  EXPECT_TRUE(seen.empty());
}

TEST(RecordTest, DisplaysLikeACaseClass) {
  EXPECT_EQ(ToDisplayString(Point{1, -2}), "Point(1,-2)");
  EXPECT_EQ(ToDisplayString(SampleStore()), "Store(corner,Point(3,-4),[Point(1,1), Point(2,2)],Some(Point(9,9)),4.5)");
  EXPECT_EQ(ToDisplayString(std::make_pair(Point{1, 2}, 3)), "(Point(1,2),3)");
  EXPECT_EQ(ToDisplayString(shop::inner::Tag{"t"}), "Tag(t)");
}

TEST(RecordTest, TakesUpToSixteenFields) {
  shop::Wide wide{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
  EXPECT_EQ(RoundTrip(wide), wide);
  EXPECT_EQ(ToDisplayString(wide), "Wide(1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16)");
}

TEST(RecordTest, EqualityAndHashMakeItAKey) {
  EXPECT_EQ(SampleStore(), SampleStore());
  Store other = SampleStore();
  other.parking->y = 10;
  EXPECT_NE(other, SampleStore());
  EXPECT_TRUE(absl::VerifyTypeImplementsAbslHashCorrectly({Point{0, 0}, Point{0, 1}, Point{1, 0}, Point{-1, 5}}));
  EXPECT_TRUE(absl::VerifyTypeImplementsAbslHashCorrectly({SampleStore(), other}));
  absl::flat_hash_map<Point, int> counts;
  ++counts[Point{1, 2}];
  ++counts[Point{1, 2}];
  ++counts[Point{2, 1}];
  EXPECT_EQ(counts.size(), 2u);
  EXPECT_EQ((counts[Point{1, 2}]), 2);
}

}  // namespace
}  // namespace sluice
