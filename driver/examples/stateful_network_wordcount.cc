// Running word counts over text received from a TCP server, like Spark's StatefulNetworkWordCount: mapWithState
// keeps each word's total across batches and emits it with every occurrence; the state starts with hello and
// world at 1.
//   sluice-submit --master local[2] stateful_network_wordcount.so HOST PORT CHECKPOINT_DIR [BATCH_SECONDS]
// Try it with `nc -lk 9999` in another terminal.
#include <charconv>
#include <cstdio>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "driver/api/sluice.h"
#include "driver/examples/words.h"

namespace {

using sluice::examples::SplitOnSpaces;
using Count = std::pair<std::string, int64_t>;

Count RunningTotal(const std::string& word, std::optional<int64_t> one, sluice::State<int64_t>& total) {
  total.update(total.getOption().value_or(0) + one.value_or(0));
  return Count(word, total.get());
}

std::optional<int> ParsePositive(const std::string& text) {
  int value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || value <= 0) return std::nullopt;
  return value;
}

int StatefulNetworkWordCount(const std::vector<std::string>& args) {
  std::optional<int> port = args.size() >= 3 ? ParsePositive(args[1]) : std::nullopt;
  std::optional<int> batch_seconds = args.size() == 4 ? ParsePositive(args[3]) : std::optional<int>(1);
  if (args.size() < 3 || args.size() > 4 || !port || !batch_seconds) {
    std::fprintf(stderr, "usage: stateful_network_wordcount.so HOST PORT CHECKPOINT_DIR [BATCH_SECONDS]\n");
    return 2;
  }
  sluice::StreamingContext ssc(sluice::SluiceConf().setAppName("StatefulNetworkWordCount"),
                               sluice::Seconds(*batch_seconds));
  ssc.checkpoint(args[2]);
  auto words = ssc.socketTextStream(args[0], *port).flatMap(SplitOnSpaces);
  auto pairs = words.map([](std::string word) { return Count(std::move(word), 1); });
  auto spec = sluice::StateSpec<std::string, int64_t, int64_t>::function(RunningTotal).initialState(
      {{"hello", 1}, {"world", 1}});
  pairs.mapWithState(spec).pprint();
  ssc.start();
  ssc.awaitTermination();
  return 0;
}

}  // namespace

SLUICE_JOB(StatefulNetworkWordCount)
