// NetworkWordCount: the worker tests load it to rebuild its graph. Its arguments shape the graph, so a test
// can make the worker's graph differ from the driver's.
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "driver/api/sluice.h"

namespace {

int WordCount(const std::vector<std::string>& args) {
  std::string host = args.size() > 0 ? args[0] : "localhost";
  int port = args.size() > 1 ? std::stoi(args[1]) : 9999;
  int partitions = args.size() > 2 ? std::stoi(args[2]) : 0;
  sluice::StreamingContext ssc(sluice::SluiceConf().setAppName("WordCount"), sluice::Seconds(1));
  ssc.socketTextStream(host, port)
      .flatMap([](std::string line) {
        std::vector<std::string> words;
        std::istringstream in(line);
        for (std::string word; in >> word;) words.push_back(word);
        return words;
      })
      .map([](std::string word) { return std::make_pair(std::move(word), int64_t{1}); })
      .reduceByKey([](int64_t a, int64_t b) { return a + b; }, partitions)
      .pprint();
  ssc.start();
  ssc.awaitTermination();
  return 0;
}

}  // namespace

SLUICE_JOB(WordCount)
