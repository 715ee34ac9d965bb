// Spark's BasicOperationsSuite cases (data/basic_operations.json) through the real engine in local mode, one test
// per case, named after it. The cases in other files, and the one that cannot be expressed yet:
//   cogroup, join, leftOuterJoin, rightOuterJoin, fullOuterJoin: join_operations_test.cc.
//   updateStateByKey and its four variants: state_operations_test.cc.
//   slice (custom case): NOT HERE. Spark's test starts the context and, without running a batch, asks the input
//     stream for its data sets at times [from, to], which Spark computes on the driver on demand (a queueStream
//     hands out its next item for each new time). Sluice computes data sets only in the master's batches, and the
//     driver cannot ask for a data set of a time on its own; DStream.slice needs that driver-started computation
//     (the same that foreachRDD's actions would need for transformations) and is not offered.
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/spark_vectors/case_runner.h"
#include "tests/spark_vectors/spark_case.h"

namespace sluice::spark_vectors {
namespace {

using ::testing::HasSubstr;
using Ints = std::vector<int32_t>;
using Count = std::pair<std::string, int32_t>;

constexpr char kFile[] = "basic_operations.json";

SparkCase Case(const std::string& test) { return LoadCaseOrAddFailure(kFile, test); }

// Runs `test`'s case with `build` over its input stream of In and compares the output as Spark's suite does.
template <class In, class Build>
void ExpectAsSpark(const std::string& test, Build build) {
  ExpectCaseAsSpark<In>(Case(test), std::move(build));
}

int32_t Sum(int32_t a, int32_t b) { return a + b; }

TEST(BasicOperations, map) {
  ExpectAsSpark<int32_t>("map",
                         [](const DStream<int32_t>& s) { return s.map([](int32_t x) { return std::to_string(x); }); });
}

TEST(BasicOperations, flatMap) {
  ExpectAsSpark<int32_t>("flatMap", [](const DStream<int32_t>& s) {
    return s.flatMap([](int32_t x) { return Ints{x, x * 2}; });
  });
}

TEST(BasicOperations, filter) {
  ExpectAsSpark<int32_t>("filter",
                         [](const DStream<int32_t>& s) { return s.filter([](int32_t x) { return x % 2 == 0; }); });
}

TEST(BasicOperations, glom) {
  ExpectAsSpark<int32_t>("glom", [](const DStream<int32_t>& s) { return s.glom(); });
}

TEST(BasicOperations, mapPartitions) {
  ExpectAsSpark<int32_t>("mapPartitions", [](const DStream<int32_t>& s) {
    return s.mapPartitions([](Ints partition) {
      int32_t sum = 0;
      for (int32_t x : partition) sum += x;
      return Ints{sum};
    });
  });
}

TEST(BasicOperations, groupByKey) {
  ExpectAsSpark<std::string>("groupByKey", [](const DStream<std::string>& s) { return WordOnes(s).groupByKey(); });
}

TEST(BasicOperations, reduceByKey) {
  ExpectAsSpark<std::string>("reduceByKey", [](const DStream<std::string>& s) { return WordOnes(s).reduceByKey(Sum); });
}

TEST(BasicOperations, reduce) {
  ExpectAsSpark<int32_t>("reduce", [](const DStream<int32_t>& s) { return s.reduce(Sum); });
}

TEST(BasicOperations, count) {
  ExpectAsSpark<int32_t>("count", [](const DStream<int32_t>& s) { return s.count(); });
}

TEST(BasicOperations, countByValue) {
  ExpectAsSpark<int32_t>("countByValue", [](const DStream<int32_t>& s) { return s.countByValue(); });
}

TEST(BasicOperations, mapValues) {
  ExpectAsSpark<std::string>("mapValues", [](const DStream<std::string>& s) {
    return WordOnes(s).reduceByKey(Sum).mapValues([](int32_t v) { return v + 10; });
  });
}

TEST(BasicOperations, flatMapValues) {
  ExpectAsSpark<std::string>("flatMapValues", [](const DStream<std::string>& s) {
    return WordOnes(s).reduceByKey(Sum).flatMapValues([](int32_t v) { return Ints{v, v + 10}; });
  });
}

TEST(BasicOperations, union) {
  ExpectAsSpark<int32_t>("union",
                         [](const DStream<int32_t>& s) { return s.union_(s.map([](int32_t x) { return x + 4; })); });
}

TEST(BasicOperations, StreamingContextUnion) {
  ExpectAsSpark<int32_t>("StreamingContext.union", [](StreamingContext& ssc, const DStream<int32_t>& s) {
    return ssc.union_<int32_t>({s, s.map([](int32_t x) { return x + 4; }), s.map([](int32_t x) { return x + 8; })});
  });
}

// The custom repartition cases: glom after repartition gives each batch's partitions.
void ExpectPartitionedAsSpark(const std::string& test) {
  SparkCase spark_case = Case(test);
  int partitions = spark_case.params.value("output_partitions", 0);
  absl::StatusOr<std::vector<OutputBatch>> output = RunCase<int32_t>(
      spark_case, [partitions](const DStream<int32_t>& s) { return s.repartition(partitions).glom(); });
  ASSERT_TRUE(output.ok()) << output.status();
  EXPECT_TRUE(MatchesSparkPartitions(spark_case, *output));
}

TEST(BasicOperations, repartitionMorePartitions) { ExpectPartitionedAsSpark("repartition (more partitions)"); }

TEST(BasicOperations, repartitionFewerPartitions) { ExpectPartitionedAsSpark("repartition (fewer partitions)"); }

// The error case: the 4th batch has no data set, so the union over it cannot be formed and the application fails.
TEST(BasicOperations, unionWithInputStreamReturnNone) {
  SparkCase spark_case = Case("union with input stream return None");
  ASSERT_EQ(spark_case.expected_error, "SparkException");
  absl::StatusOr<std::vector<OutputBatch>> output = RunCase<int32_t>(
      spark_case, [](const DStream<int32_t>& s) { return s.union_(s.map([](int32_t x) { return x + 4; })); });
  ASSERT_FALSE(output.ok()) << "the run should have failed";
  EXPECT_TRUE(IsJobFailure(output.status())) << output.status();
  EXPECT_THAT(std::string(output.status().message()), HasSubstr("batch 4000 ms failed: union"));
}

// ---- transform, transformWith and StreamingContext.transform: functions of the batches' data sets (RDD<T>).

std::string Decimal(int32_t x) { return std::to_string(x); }

TEST(BasicOperations, transform) {
  ExpectAsSpark<int32_t>("transform", [](const DStream<int32_t>& s) {
    return s.transform([](RDD<int32_t> rdd) { return rdd.map(Decimal); });
  });
}

TEST(BasicOperations, transformWith) {
  using Joined = std::pair<std::string, std::pair<int32_t, std::string>>;
  SparkCase spark_case = Case("transformWith");
  absl::StatusOr<std::vector<OutputBatch>> output = RunTwoStreamCase<std::string, std::string>(
      spark_case, [](const DStream<std::string>& s1, const DStream<std::string>& s2) {
        auto left = s1.map([](std::string x) { return std::pair<std::string, int32_t>(std::move(x), 1); });
        auto right = s2.map([](std::string x) { return std::pair<std::string, std::string>(std::move(x), "x"); });
        return left.transformWith(
            right,
            [](RDD<std::pair<std::string, int32_t>> rdd1,
               RDD<std::pair<std::string, std::string>> rdd2) -> RDD<Joined> { return rdd1.join(rdd2); });
      });
  ASSERT_TRUE(output.ok()) << output.status();
  EXPECT_TRUE(MatchesSpark(spark_case, *output));
}

// Spark's context-level transform over three streams of one input, returning the union in list order.
DStream<int32_t> UnionOfThreeByTransform(StreamingContext& ssc, const DStream<int32_t>& s) {
  std::vector<DStream<int32_t>> streams = {s, s.map([](int32_t x) { return x + 4; }),
                                           s.map([](int32_t x) { return x + 8; })};
  return ssc.transform(streams,
                       [](std::vector<RDD<int32_t>> rdds, Time) { return rdds[0].union_(rdds[1]).union_(rdds[2]); });
}

TEST(BasicOperations, StreamingContextTransform) {
  ExpectAsSpark<int32_t>("StreamingContext.transform", UnionOfThreeByTransform);
}

// The error cases: a batch without a data set from an input of a transform fails the application, as Spark's
// TransformedDStream does; a function returning a null RDD is refused.
void ExpectTransformFailsAt(const absl::StatusOr<std::vector<OutputBatch>>& output, const std::string& failure) {
  ASSERT_FALSE(output.ok()) << "the run should have failed";
  EXPECT_TRUE(IsJobFailure(output.status())) << output.status();
  EXPECT_THAT(std::string(output.status().message()), HasSubstr(failure));
}

TEST(BasicOperations, transformWithNULL) {
  SparkCase spark_case = Case("transform with NULL");
  ASSERT_EQ(spark_case.expected_error, "SparkException");
  absl::StatusOr<std::vector<OutputBatch>> output = RunCase<int32_t>(spark_case, [](const DStream<int32_t>& s) {
    return s.transform([](RDD<int32_t>) -> RDD<int32_t> { return nullptr; });
  });
  ASSERT_FALSE(output.ok());
  EXPECT_THAT(std::string(output.status().message()), HasSubstr("the transform function returned a null RDD"));
}

TEST(BasicOperations, transformWithInputStreamReturnNone) {
  SparkCase spark_case = Case("transform with input stream return None");
  ExpectTransformFailsAt(RunCase<int32_t>(spark_case,
                                          [](const DStream<int32_t>& s) {
                                            return s.transform([](RDD<int32_t> rdd) { return rdd.map(Decimal); });
                                          }),
                         "batch 3000 ms failed: transform");
}

TEST(BasicOperations, transformWithWithInputStreamReturnNone) {
  SparkCase spark_case = Case("transformWith with input stream return None");
  ExpectTransformFailsAt(RunTwoStreamCase<std::string, std::string>(
                             spark_case,
                             [](const DStream<std::string>& s1, const DStream<std::string>& s2) {
                               return s1.transformWith(
                                   s2, [](RDD<std::string> rdd1, RDD<std::string> rdd2) { return rdd1.union_(rdd2); });
                             }),
                         "batch 4000 ms failed: transformWith");
}

TEST(BasicOperations, StreamingContextTransformWithInputStreamReturnNone) {
  SparkCase spark_case = Case("StreamingContext.transform with input stream return None");
  ExpectTransformFailsAt(RunCase<int32_t>(spark_case, UnionOfThreeByTransform), "batch 4000 ms failed: transform");
}

}  // namespace
}  // namespace sluice::spark_vectors
