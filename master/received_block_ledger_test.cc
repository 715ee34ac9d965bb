#include "master/received_block_ledger.h"

#include <string>

#include "gtest/gtest.h"

namespace sluice {
namespace {

std::string Block(const std::string& worker, int64_t seq) {
  return "input-0-app-1-" + worker + "-" + std::to_string(seq);
}

TEST(ReceivedBlockLedgerTest, ABlockIsTakenTheFirstTimeOnly) {
  ReceivedBlockLedger ledger;
  EXPECT_TRUE(ledger.TakeFirst(Block("w1", 0)));
  EXPECT_FALSE(ledger.TakeFirst(Block("w1", 0)));
  EXPECT_TRUE(ledger.TakeFirst(Block("w1", 1)));
  EXPECT_FALSE(ledger.TakeFirst(Block("w1", 0)));
  EXPECT_FALSE(ledger.TakeFirst(Block("w1", 1)));
  EXPECT_EQ(ledger.sequences_above_floors(), 0u) << "blocks in order leave nothing above the floor";
}

TEST(ReceivedBlockLedgerTest, AReceiverPlacedAgainOnAnotherWorkerCountsFromZeroInAStreamOfItsOwn) {
  ReceivedBlockLedger ledger;
  ASSERT_TRUE(ledger.TakeFirst(Block("w1", 0)));
  ASSERT_TRUE(ledger.TakeFirst(Block("w1", 1)));
  EXPECT_TRUE(ledger.TakeFirst(Block("w2", 0)));
  EXPECT_TRUE(ledger.TakeFirst(Block("w2", 1)));
  EXPECT_FALSE(ledger.TakeFirst(Block("w1", 1))) << "the first worker's late repeat";
  EXPECT_TRUE(ledger.TakeFirst(Block("w1", 2))) << "the first worker's stream goes on where it was";
  EXPECT_EQ(ledger.streams(), 2u);
}

TEST(ReceivedBlockLedgerTest, BlocksStoredWholeAreAStreamApartFromTheGenerators) {
  ReceivedBlockLedger ledger;
  ASSERT_TRUE(ledger.TakeFirst("input-3-app-1-w1-0"));
  EXPECT_TRUE(ledger.TakeFirst("input-3-app-1-w1-s0"));
  EXPECT_FALSE(ledger.TakeFirst("input-3-app-1-w1-s0"));
  EXPECT_TRUE(ledger.TakeFirst("input-4-app-1-w1-0")) << "another source node";
}

TEST(ReceivedBlockLedgerTest, BlocksOutOfOrderAreEachTakenOnce) {
  ReceivedBlockLedger ledger;
  for (int64_t seq : {3, 1, 0, 2}) EXPECT_TRUE(ledger.TakeFirst(Block("w1", seq))) << seq;
  for (int64_t seq : {0, 1, 2, 3}) EXPECT_FALSE(ledger.TakeFirst(Block("w1", seq))) << seq;
  EXPECT_EQ(ledger.sequences_above_floors(), 0u);
}

TEST(ReceivedBlockLedgerTest, ABlockThatNeverArrivesDoesNotMakeItsStreamGrowForEver) {
  ReceivedBlockLedger ledger;
  constexpr int64_t kBlocks = 5 * ReceivedBlockLedger::kReorderWindow;
  for (int64_t seq = 1; seq <= kBlocks; ++seq) ASSERT_TRUE(ledger.TakeFirst(Block("w1", seq))) << seq;  // 0 is lost
  EXPECT_LE(ledger.sequences_above_floors(), static_cast<size_t>(ReceivedBlockLedger::kReorderWindow));
  for (int64_t seq = 1; seq <= kBlocks; ++seq) EXPECT_FALSE(ledger.TakeFirst(Block("w1", seq))) << seq;
  EXPECT_FALSE(ledger.TakeFirst(Block("w1", 0))) << "given up on, after a window of later blocks";
  EXPECT_TRUE(ledger.TakeFirst(Block("w1", kBlocks + 1)));
}

TEST(ReceivedBlockLedgerTest, IdsWithoutASequenceNumberAreRememberedOneByOne) {
  ReceivedBlockLedger ledger;
  EXPECT_TRUE(ledger.TakeFirst("block"));
  EXPECT_FALSE(ledger.TakeFirst("block"));
  EXPECT_TRUE(ledger.TakeFirst("block0")) << "not the same id";
  EXPECT_TRUE(ledger.TakeFirst("block-007"));
  EXPECT_TRUE(ledger.TakeFirst("block-7")) << "a leading zero is no sequence number a worker writes";
  EXPECT_FALSE(ledger.TakeFirst("block-007"));
}

}  // namespace
}  // namespace sluice
