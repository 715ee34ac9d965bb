// A word count whose map side is slow on purpose (it sleeps on every line), so that a test can kill a worker in
// the middle of a shuffle stage, while it holds map output that reduce tasks have not read yet.
//   slow_wordcount_job.so file DIR BATCH_SECONDS SLEEP_US_PER_LINE
//   slow_wordcount_job.so socket HOST PORT BATCH_SECONDS SLEEP_US_PER_LINE
#include <chrono>
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

#include "driver/api/sluice.h"
#include "driver/examples/words.h"

namespace {

int SlowWordCount(const std::vector<std::string>& args) {
  const bool file = args.size() == 4 && args[0] == "file";
  const bool socket = args.size() == 5 && args[0] == "socket";
  if (!file && !socket) {
    std::fprintf(stderr,
                 "usage: slow_wordcount_job.so file DIR BATCH_SECONDS SLEEP_US_PER_LINE\n"
                 "       slow_wordcount_job.so socket HOST PORT BATCH_SECONDS SLEEP_US_PER_LINE\n");
    return 2;
  }
  const int batch_seconds = std::stoi(args[args.size() - 2]);
  const int sleep_us = std::stoi(args.back());
  sluice::StreamingContext ssc(sluice::SluiceConf().setAppName("SlowWordCount"), sluice::Seconds(batch_seconds));
  auto lines = file ? ssc.textFileStream(args[1]) : ssc.socketTextStream(args[1], std::stoi(args[2]));
  auto counts = lines
                    .flatMap([sleep_us](const std::string& line) {
                      std::this_thread::sleep_for(std::chrono::microseconds(sleep_us));
                      return sluice::examples::SplitOnSpaces(line);
                    })
                    .map([](std::string word) { return std::make_pair(std::move(word), int64_t{1}); })
                    .reduceByKey([](int64_t a, int64_t b) { return a + b; }, 4);
  counts.pprint();
  ssc.start();
  ssc.awaitTermination();
  return 0;
}

}  // namespace

SLUICE_JOB(SlowWordCount)
