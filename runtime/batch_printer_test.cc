#include "runtime/batch_printer.h"

#include "gtest/gtest.h"

namespace sluice {
namespace {

const std::string kDashes(43, '-');

TEST(BatchPrinterTest, SparkFormat) {
  EXPECT_EQ(FormatPrintedBatch(1795463100000, {"(hello,2)", "(world,1)"}, 10),
            kDashes + "\nTime: 1795463100000 ms\n" + kDashes + "\n(hello,2)\n(world,1)\n\n");
}

TEST(BatchPrinterTest, EmptyBatchPrintsItsHeader) {
  EXPECT_EQ(FormatPrintedBatch(1000, {}, 10), kDashes + "\nTime: 1000 ms\n" + kDashes + "\n\n");
}

TEST(BatchPrinterTest, EllipsisOnlyWhenMoreThanNum) {
  EXPECT_EQ(FormatPrintedBatch(1000, {"a", "b"}, 2), kDashes + "\nTime: 1000 ms\n" + kDashes + "\na\nb\n\n");
  EXPECT_EQ(FormatPrintedBatch(1000, {"a", "b", "c"}, 2),
            kDashes + "\nTime: 1000 ms\n" + kDashes + "\na\nb\n...\n\n");
}

}  // namespace
}  // namespace sluice
