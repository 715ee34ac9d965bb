// Counts words in the files that appear in a directory, like Spark's HdfsWordCount.
//   sluice-submit --master local[2] hdfs_wordcount.so DIR [BATCH_SECONDS]
// Move (do not write in place) text files into DIR while it runs.
#include <cstdio>
#include <string>
#include <vector>

#include "driver/api/sluice.h"
#include "driver/examples/words.h"

namespace {

using sluice::examples::SplitOnSpaces;

int HdfsWordCount(const std::vector<std::string>& args) {
  if (args.empty() || args.size() > 2) {
    std::fprintf(stderr, "usage: hdfs_wordcount.so DIR [BATCH_SECONDS]\n");
    return 2;
  }
  int batch_seconds = args.size() == 2 ? std::stoi(args[1]) : 10;
  sluice::StreamingContext ssc(sluice::SluiceConf().setAppName("HdfsWordCount"), sluice::Seconds(batch_seconds));
  auto counts = ssc.textFileStream(args[0])
                    .flatMap(SplitOnSpaces)
                    .map([](std::string word) { return std::make_pair(std::move(word), int64_t{1}); })
                    .reduceByKey([](int64_t a, int64_t b) { return a + b; });
  counts.pprint();
  ssc.start();
  ssc.awaitTermination();
  return 0;
}

}  // namespace

SLUICE_JOB(HdfsWordCount)
