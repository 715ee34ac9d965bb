// A job for the cluster tests: queueStream data on a manual clock, so the application ends by itself after its
// last batch. Prints, every batch, the numbers times ten, and the sums of the even and the odd numbers.
#include <string>
#include <utility>
#include <vector>

#include "driver/api/sluice.h"

namespace {

int QueueStreamJob(const std::vector<std::string>& /*args*/) {
  sluice::StreamingContext ssc(sluice::SluiceConf()
                                   .setAppName("QueueStreamJob")
                                   .set("app.clock", "manual")
                                   .set("app.manual_clock.batches", "4"),
                               sluice::Seconds(1));
  auto numbers = ssc.queueStream<int>({{1, 2, 3, 4}, {5, 6, 7, 8}, {9, 10, 11, 12}});
  numbers.map([](int x) { return x * 10; }).pprint();
  numbers.map([](int x) { return std::make_pair(std::string(x % 2 == 0 ? "even" : "odd"), x); })
      .reduceByKey([](int a, int b) { return a + b; })
      .pprint();
  ssc.start();
  ssc.awaitTermination();
  return 0;
}

}  // namespace

SLUICE_JOB(QueueStreamJob)
