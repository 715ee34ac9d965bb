// Counts words in text received from a TCP server every batch, like Spark's NetworkWordCount.
//   sluice-submit --master local[2] network_wordcount.so HOST PORT [BATCH_SECONDS]
// Try it with `nc -lk 9999` in another terminal.
#include <cstdio>
#include <string>
#include <vector>

#include "driver/api/sluice.h"
#include "driver/examples/words.h"

namespace {

using sluice::examples::SplitOnSpaces;

int NetworkWordCount(const std::vector<std::string>& args) {
  if (args.size() < 2 || args.size() > 3) {
    std::fprintf(stderr, "usage: network_wordcount.so HOST PORT [BATCH_SECONDS]\n");
    return 2;
  }
  int port = std::stoi(args[1]);
  int batch_seconds = args.size() == 3 ? std::stoi(args[2]) : 1;
  sluice::StreamingContext ssc(sluice::SluiceConf().setAppName("NetworkWordCount"), sluice::Seconds(batch_seconds));
  auto lines = ssc.socketTextStream(args[0], port);
  auto words = lines.flatMap(SplitOnSpaces);
  auto pairs = words.map([](std::string word) { return std::make_pair(std::move(word), int64_t{1}); });
  auto counts = pairs.reduceByKey([](int64_t a, int64_t b) { return a + b; });
  counts.pprint();
  ssc.start();
  ssc.awaitTermination();
  return 0;
}

}  // namespace

SLUICE_JOB(NetworkWordCount)
