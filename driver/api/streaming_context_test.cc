// StreamingContext's lifecycle, with Spark Streaming's rules and messages. The context runs its graph through a
// fake ContextRunner registered by this test, so only the context's own state machine is under test here;
// streaming_context_local_test.cc runs the same lifecycle on a real in-process cluster.
#include "driver/api/streaming_context.h"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "driver/api/errors.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace sluice {
namespace {

using ::testing::HasSubstr;
using std::chrono::milliseconds;
using std::chrono::seconds;

constexpr auto kDeadline = seconds(10);

// What a test sees of one runner a context created; shared, so it outlives the runner.
struct RunnerLog {
  std::mutex mu;
  std::condition_variable cv;
  std::string master;
  std::string app_name;
  int graph_nodes = -1;
  int starts = 0;
  std::vector<bool> stops;  // `gracefully` of every Stop()
  int awaiting = 0;         // callers blocked in AwaitTermination
  bool ended = false;
  std::deque<std::string> batch_failures;
  std::string failure;
};

// The fake cluster behind the factory. Process-wide because the factory is a plain function pointer.
struct FakeCluster {
  std::mutex mu;
  std::condition_variable cv;
  std::vector<std::shared_ptr<RunnerLog>> runners;
  std::string start_error;  // non-empty: Start() throws SluiceError with this message
  bool hold_start = false;  // Start() waits until release_start
  bool start_entered = false;
  bool release_start = false;
};

FakeCluster& Fake() {
  static FakeCluster cluster;
  return cluster;
}

class FakeRunner final : public ContextRunner {
 public:
  explicit FakeRunner(std::shared_ptr<RunnerLog> log) : log_(std::move(log)) {}

  void Start(std::shared_ptr<const JobGraph> graph) override {
    {
      std::lock_guard<std::mutex> lock(log_->mu);
      ++log_->starts;
      log_->graph_nodes = graph->size();
    }
    std::unique_lock<std::mutex> lock(Fake().mu);
    if (Fake().hold_start) {
      Fake().start_entered = true;
      Fake().cv.notify_all();
      Fake().cv.wait(lock, [] { return Fake().release_start; });
    }
    if (!Fake().start_error.empty()) throw SluiceError(Fake().start_error);
  }

  bool AwaitTermination(int64_t timeout_ms) override {
    std::unique_lock<std::mutex> lock(log_->mu);
    ++log_->awaiting;
    log_->cv.notify_all();
    auto ended_or_failed = [this] { return log_->ended || !log_->batch_failures.empty(); };
    if (timeout_ms < 0) {
      log_->cv.wait(lock, ended_or_failed);
    } else {
      log_->cv.wait_for(lock, milliseconds(timeout_ms), ended_or_failed);
    }
    --log_->awaiting;
    return log_->ended;
  }

  std::optional<std::string> TakeBatchFailure() override {
    std::lock_guard<std::mutex> lock(log_->mu);
    if (log_->batch_failures.empty()) return std::nullopt;
    std::string failure = log_->batch_failures.front();
    log_->batch_failures.pop_front();
    return failure;
  }

  std::string FailureMessage() override {
    std::lock_guard<std::mutex> lock(log_->mu);
    return log_->failure;
  }

  void Stop(bool gracefully) override {
    std::lock_guard<std::mutex> lock(log_->mu);
    log_->stops.push_back(gracefully);
    log_->ended = true;
    log_->cv.notify_all();
  }

 private:
  std::shared_ptr<RunnerLog> log_;
};

std::unique_ptr<ContextRunner> MakeFakeRunner(const SluiceConf& conf) {
  auto log = std::make_shared<RunnerLog>();
  log->master = conf.master();
  log->app_name = conf.appName();
  std::lock_guard<std::mutex> lock(Fake().mu);
  Fake().runners.push_back(log);
  return std::make_unique<FakeRunner>(std::move(log));
}

// As the driver does when the master reports a failed batch: the application goes on.
void FailBatch(RunnerLog& log, const std::string& message) {
  std::lock_guard<std::mutex> lock(log.mu);
  log.batch_failures.push_back(message);
  log.cv.notify_all();
}

// As the master does when the application fails: the error is reported and the application ends.
void FailApplication(RunnerLog& log, const std::string& message) {
  std::lock_guard<std::mutex> lock(log.mu);
  log.failure = message;
  log.ended = true;
  log.cv.notify_all();
}

bool WaitFor(const std::function<bool()>& condition) {
  auto deadline = std::chrono::steady_clock::now() + kDeadline;
  while (!condition()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(milliseconds(5));
  }
  return true;
}

SluiceConf TestConf(const std::string& app_name = "LifecycleTest") {
  return SluiceConf().setMaster("fake[1]").setAppName(app_name);
}

// The smallest graph that can start: an input and an output.
DStream<std::string> AddPrintedInput(StreamingContext& ssc) {
  DStream<std::string> lines = ssc.socketTextStream("127.0.0.1", 9999);
  lines.pprint();
  return lines;
}

// Runs `call` and returns the IllegalStateError's message; fails the test if it throws nothing or something else.
template <class Call>
std::string IllegalStateMessage(Call call) {
  try {
    call();
  } catch (const IllegalStateError& error) {
    return error.what();
  } catch (const std::exception& error) {
    ADD_FAILURE() << "expected IllegalStateError, got: " << error.what();
    return "";
  }
  ADD_FAILURE() << "expected IllegalStateError, nothing was thrown";
  return "";
}

class StreamingContextTest : public ::testing::Test {
 protected:
  void SetUp() override {
    RegisterContextRunnerFactory(&MakeFakeRunner);
    std::lock_guard<std::mutex> lock(Fake().mu);
    Fake().runners.clear();
    Fake().start_error.clear();
    Fake().hold_start = Fake().start_entered = Fake().release_start = false;
  }

  static int RunnersCreated() {
    std::lock_guard<std::mutex> lock(Fake().mu);
    return static_cast<int>(Fake().runners.size());
  }

  static RunnerLog& Runner(int index) {
    std::lock_guard<std::mutex> lock(Fake().mu);
    return *Fake().runners.at(index);
  }

  static std::vector<bool> Stops(RunnerLog& log) {
    std::lock_guard<std::mutex> lock(log.mu);
    return log.stops;
  }
};

// --- the batch interval ---

TEST_F(StreamingContextTest, KeepsTheBatchIntervalAsADuration) {
  StreamingContext ssc(TestConf(), Milliseconds(500));
  EXPECT_EQ(ssc.batchDuration(), Milliseconds(500));
  EXPECT_EQ(AddPrintedInput(ssc).slideDuration(), Milliseconds(500));
  EXPECT_EQ(ssc.getState(), StreamingContextState::INITIALIZED);
}

TEST_F(StreamingContextTest, RejectsAZeroOrNegativeBatchInterval) {
  for (Duration interval : {Milliseconds(0), Seconds(-1)}) {
    try {
      StreamingContext ssc(TestConf(), interval);
      ADD_FAILURE() << "a batch interval of " << interval << " was accepted";
    } catch (const IllegalArgumentError& error) {
      EXPECT_THAT(error.what(), HasSubstr("batch duration must be positive"));
      EXPECT_THAT(error.what(), HasSubstr(interval.toString()));
    }
  }
}

// --- start ---

TEST_F(StreamingContextTest, StartRunsTheGraphWithTheContextsConf) {
  StreamingContext ssc("fake[2]", "WordCount", Seconds(1));
  AddPrintedInput(ssc).map([](const std::string& line) { return line.size(); }).pprint();
  ssc.start();

  EXPECT_EQ(ssc.getState(), StreamingContextState::ACTIVE);
  ASSERT_EQ(RunnersCreated(), 1);
  EXPECT_EQ(Runner(0).master, "fake[2]");
  EXPECT_EQ(Runner(0).app_name, "WordCount");
  EXPECT_EQ(Runner(0).graph_nodes, 4);
  EXPECT_EQ(Runner(0).starts, 1);
}

TEST_F(StreamingContextTest, StartWithoutAnOutputOperationFailsAndStopsTheContext) {
  StreamingContext ssc(TestConf(), Seconds(1));
  ssc.socketTextStream("127.0.0.1", 9999).map([](const std::string& line) { return line + "!"; });
  try {
    ssc.start();
    ADD_FAILURE() << "a graph without an output operation started";
  } catch (const IllegalArgumentError& error) {
    EXPECT_STREQ(error.what(), "requirement failed: No output operations registered, so nothing to execute");
  }
  EXPECT_EQ(RunnersCreated(), 0);
  // As in Spark, a context whose start failed is stopped: it cannot be started again, and it is not active.
  EXPECT_EQ(ssc.getState(), StreamingContextState::STOPPED);
  StreamingContext next(TestConf(), Seconds(1));
  AddPrintedInput(next);
  EXPECT_NO_THROW(next.start());
}

// Spark's mustCheckpoint operations refuse to start without StreamingContext.checkpoint(dir).
TEST_F(StreamingContextTest, OperationsThatNeedCheckpointsNeedACheckpointDirectory) {
  using Pair = std::pair<std::string, int32_t>;
  auto add_to_state = [](const std::vector<int32_t>& values, const std::optional<int32_t>& state) {
    return std::optional<int32_t>(static_cast<int32_t>(values.size()) + state.value_or(0));
  };
  std::vector<std::function<void(const DStream<std::string>&)>> needing_checkpoints = {
      [&](const DStream<std::string>& s) {
        s.map([](const std::string& w) { return Pair(w, 1); }).updateStateByKey<int32_t>(add_to_state).pprint();
      },
      [](const DStream<std::string>& s) { s.countByWindow(Seconds(2), Seconds(1)).pprint(); },
      [](const DStream<std::string>& s) { s.countByValueAndWindow(Seconds(2), Seconds(1)).pprint(); },
      [](const DStream<std::string>& s) {
        auto sum = [](int32_t a, int32_t b) { return a + b; };
        auto minus = [](int32_t a, int32_t b) { return a - b; };
        s.map([](const std::string& w) { return Pair(w, 1); })
            .reduceByKeyAndWindow(sum, minus, Seconds(2), Seconds(1))
            .pprint();
      },
      [](const DStream<std::string>& s) {
        auto concat = [](std::string a, std::string b) { return a + b; };
        s.reduceByWindow(concat, concat, Seconds(2), Seconds(1)).pprint();
      },
  };
  for (const auto& define : needing_checkpoints) {
    {
      StreamingContext ssc(TestConf(), Seconds(1));
      define(ssc.socketTextStream("127.0.0.1", 9999));
      try {
        ssc.start();
        ADD_FAILURE() << "an operation that needs checkpoints started without a checkpoint directory";
      } catch (const IllegalArgumentError& error) {
        EXPECT_STREQ(error.what(),
                     "requirement failed: The checkpoint directory has not been set. Please set it by "
                     "StreamingContext.checkpoint().");
      }
      EXPECT_EQ(ssc.getState(), StreamingContextState::STOPPED);
    }
    StreamingContext ssc(TestConf(), Seconds(1));
    ssc.checkpoint(::testing::TempDir() + "/checkpoints");
    EXPECT_EQ(ssc.checkpointDir(), ::testing::TempDir() + "/checkpoints");
    define(ssc.socketTextStream("127.0.0.1", 9999));
    EXPECT_NO_THROW(ssc.start());
    ssc.stop();
  }
  EXPECT_EQ(RunnersCreated(), 5);
  // A plain window needs none.
  StreamingContext plain(TestConf(), Seconds(1));
  plain.socketTextStream("127.0.0.1", 9999).window(Seconds(2), Seconds(1)).pprint();
  EXPECT_NO_THROW(plain.start());
}

TEST_F(StreamingContextTest, StartingAnActiveContextAgainOnlyWarns) {
  // Spark (since 1.4) logs "StreamingContext has already been started" and carries on.
  StreamingContext ssc(TestConf(), Seconds(1));
  AddPrintedInput(ssc);
  ssc.start();
  EXPECT_NO_THROW(ssc.start());
  EXPECT_EQ(ssc.getState(), StreamingContextState::ACTIVE);
  EXPECT_EQ(RunnersCreated(), 1);
  EXPECT_EQ(Runner(0).starts, 1);
}

TEST_F(StreamingContextTest, AStoppedContextCannotBeRestarted) {
  StreamingContext ssc(TestConf(), Seconds(1));
  AddPrintedInput(ssc);
  ssc.start();
  ssc.stop();
  EXPECT_EQ(IllegalStateMessage([&] { ssc.start(); }), "StreamingContext has already been stopped");
  EXPECT_EQ(ssc.getState(), StreamingContextState::STOPPED);
  EXPECT_EQ(RunnersCreated(), 1);
}

TEST_F(StreamingContextTest, AContextStoppedBeforeStartCannotBeStarted) {
  StreamingContext ssc(TestConf(), Seconds(1));
  AddPrintedInput(ssc);
  ssc.stop();
  EXPECT_EQ(ssc.getState(), StreamingContextState::STOPPED);
  EXPECT_EQ(IllegalStateMessage([&] { ssc.start(); }), "StreamingContext has already been stopped");
  EXPECT_EQ(RunnersCreated(), 0);
}

TEST_F(StreamingContextTest, AFailedRunnerStartStopsTheContextAndReleasesTheProcess) {
  {
    std::lock_guard<std::mutex> lock(Fake().mu);
    Fake().start_error = "cannot reach the master at 10.0.0.1:7077";
  }
  StreamingContext ssc(TestConf(), Seconds(1));
  DStream<std::string> lines = AddPrintedInput(ssc);
  try {
    ssc.start();
    ADD_FAILURE() << "start() hid the runner's failure";
  } catch (const SluiceError& error) {
    EXPECT_STREQ(error.what(), "cannot reach the master at 10.0.0.1:7077");
  }
  EXPECT_EQ(ssc.getState(), StreamingContextState::STOPPED);
  EXPECT_THAT(IllegalStateMessage([&] { lines.pprint(); }), HasSubstr("after stopping a context"));

  {
    std::lock_guard<std::mutex> lock(Fake().mu);
    Fake().start_error.clear();
  }
  StreamingContext next(TestConf(), Seconds(1));
  AddPrintedInput(next);
  EXPECT_NO_THROW(next.start());
}

TEST_F(StreamingContextTest, StartWithoutALinkedRunnerNamesTheMissingLibrary) {
  RegisterContextRunnerFactory(nullptr);
  StreamingContext ssc(TestConf(), Seconds(1));
  AddPrintedInput(ssc);
  EXPECT_THAT(IllegalStateMessage([&] { ssc.start(); }), HasSubstr("//driver:driver"));
  EXPECT_EQ(ssc.getState(), StreamingContextState::INITIALIZED);
}

// --- nothing can be defined after start or stop ---

// Every kind of definition: an input, a transformation, a shuffle, an output.
std::vector<std::function<void()>> Definitions(StreamingContext& ssc, const DStream<std::string>& lines,
                                               const DStream<std::pair<std::string, int>>& pairs) {
  return {
      [&] { ssc.socketTextStream("127.0.0.1", 9998); },
      [&] { ssc.textFileStream("/tmp/incoming"); },
      [&] { lines.map([](const std::string& line) { return line.size(); }); },
      [&] { lines.flatMap([](const std::string& line) { return std::vector<std::string>{line}; }); },
      [&] { lines.filter([](const std::string& line) { return !line.empty(); }); },
      [&] { pairs.reduceByKey([](int a, int b) { return a + b; }); },
      [&] { lines.pprint(); },
  };
}

TEST_F(StreamingContextTest, NothingCanBeAddedAfterStart) {
  StreamingContext ssc(TestConf(), Seconds(1));
  DStream<std::string> lines = AddPrintedInput(ssc);
  auto pairs = lines.map([](const std::string& word) { return std::make_pair(word, 1); });
  ssc.start();
  for (const auto& define : Definitions(ssc, lines, pairs)) {
    EXPECT_EQ(IllegalStateMessage(define),
              "Adding new inputs, transformations, and output operations after starting a context is not supported");
  }
  EXPECT_EQ(Runner(0).graph_nodes, 3);
}

TEST_F(StreamingContextTest, NothingCanBeAddedAfterStop) {
  StreamingContext ssc(TestConf(), Seconds(1));
  DStream<std::string> lines = AddPrintedInput(ssc);
  auto pairs = lines.map([](const std::string& word) { return std::make_pair(word, 1); });
  ssc.stop();
  for (const auto& define : Definitions(ssc, lines, pairs)) {
    EXPECT_EQ(IllegalStateMessage(define),
              "Adding new inputs, transformations, and output operations after stopping a context is not supported");
  }
}

// --- one active context per process ---

TEST_F(StreamingContextTest, OnlyOneContextIsActiveInAProcess) {
  StreamingContext first(TestConf("FirstApp"), Seconds(1));
  AddPrintedInput(first);
  first.start();

  StreamingContext second(TestConf("SecondApp"), Seconds(1));
  AddPrintedInput(second);
  std::string message = IllegalStateMessage([&] { second.start(); });
  EXPECT_THAT(message, HasSubstr("Only one StreamingContext may be started in this process"));
  EXPECT_THAT(message, HasSubstr("FirstApp"));
  // The refused context was never started, so it may start once the first one is gone.
  EXPECT_EQ(second.getState(), StreamingContextState::INITIALIZED);
  EXPECT_EQ(RunnersCreated(), 1);

  first.stop();
  EXPECT_NO_THROW(second.start());
  EXPECT_EQ(second.getState(), StreamingContextState::ACTIVE);
}

TEST_F(StreamingContextTest, ANewContextCanStartAfterTheActiveOneStopped) {
  {
    StreamingContext first(TestConf(), Seconds(1));
    AddPrintedInput(first);
    first.start();
    first.stop();
  }
  StreamingContext second(TestConf(), Seconds(1));
  AddPrintedInput(second);
  EXPECT_NO_THROW(second.start());
  EXPECT_EQ(RunnersCreated(), 2);
}

TEST_F(StreamingContextTest, DestroyingAnActiveContextStopsItAndReleasesTheProcess) {
  {
    StreamingContext first(TestConf(), Seconds(1));
    AddPrintedInput(first);
    first.start();
  }
  EXPECT_EQ(Stops(Runner(0)), std::vector<bool>{false});
  StreamingContext second(TestConf(), Seconds(1));
  AddPrintedInput(second);
  EXPECT_NO_THROW(second.start());
}

// --- stop ---

TEST_F(StreamingContextTest, StopIsImmediateByDefaultAndGracefulOnRequest) {
  {
    StreamingContext ssc(TestConf(), Seconds(1));
    AddPrintedInput(ssc);
    ssc.start();
    ssc.stop();
    EXPECT_EQ(ssc.getState(), StreamingContextState::STOPPED);
  }
  {
    StreamingContext ssc(TestConf(), Seconds(1));
    AddPrintedInput(ssc);
    ssc.start();
    ssc.stop(/*stop_gracefully=*/true);
  }
  EXPECT_EQ(Stops(Runner(0)), std::vector<bool>{false});
  EXPECT_EQ(Stops(Runner(1)), std::vector<bool>{true});
}

TEST_F(StreamingContextTest, StoppingTwiceIsANoOp) {
  StreamingContext ssc(TestConf(), Seconds(1));
  AddPrintedInput(ssc);
  ssc.start();
  ssc.stop(true);
  EXPECT_NO_THROW(ssc.stop(false));
  EXPECT_NO_THROW(ssc.stop(true));
  EXPECT_EQ(ssc.getState(), StreamingContextState::STOPPED);
  EXPECT_EQ(Stops(Runner(0)), std::vector<bool>{true});
}

TEST_F(StreamingContextTest, StopActiveStopsTheActiveContextWithTheRequestedMode) {
  StreamingContext::StopActive(true);  // none active: nothing to do

  StreamingContext ssc(TestConf(), Seconds(1));
  AddPrintedInput(ssc);
  ssc.start();
  StreamingContext::StopActive(true);
  EXPECT_EQ(ssc.getState(), StreamingContextState::STOPPED);
  EXPECT_EQ(Stops(Runner(0)), std::vector<bool>{true});
}

// A signal's StopActive() that lands while start() is failing must not deadlock with it.
TEST_F(StreamingContextTest, StopActiveDuringAFailingStartDoesNotDeadlock) {
  {
    std::lock_guard<std::mutex> lock(Fake().mu);
    Fake().hold_start = true;
    Fake().start_error = "the master refused the application";
  }
  StreamingContext ssc(TestConf(), Seconds(1));
  AddPrintedInput(ssc);
  std::atomic<bool> start_failed{false};
  std::atomic<bool> stop_returned{false};
  std::thread starter([&] {
    try {
      ssc.start();
    } catch (const SluiceError&) {
      start_failed = true;
    }
  });
  {
    std::unique_lock<std::mutex> lock(Fake().mu);
    ASSERT_TRUE(Fake().cv.wait_for(lock, kDeadline, [] { return Fake().start_entered; }));
  }
  std::thread stopper([&] {
    StreamingContext::StopActive(false);
    stop_returned = true;
  });
  // Gives the stopper time to block on the starting context; without this the test can pass vacuously, never
  // wrongly fail.
  std::this_thread::sleep_for(milliseconds(200));
  {
    std::lock_guard<std::mutex> lock(Fake().mu);
    Fake().release_start = true;
    Fake().cv.notify_all();
  }
  if (!WaitFor([&] { return start_failed && stop_returned; })) {
    ADD_FAILURE() << "start() and StopActive() deadlocked";
    std::abort();  // the threads cannot be joined
  }
  starter.join();
  stopper.join();
  EXPECT_EQ(ssc.getState(), StreamingContextState::STOPPED);
}

// --- awaitTermination ---

TEST_F(StreamingContextTest, AwaitTerminationReturnsAfterAStopFromAnotherThread) {
  StreamingContext ssc(TestConf(), Seconds(1));
  AddPrintedInput(ssc);
  ssc.start();
  RunnerLog& runner = Runner(0);
  std::thread stopper([&] {
    // Stops only once the main thread is blocked in awaitTermination().
    WaitFor([&] {
      std::lock_guard<std::mutex> lock(runner.mu);
      return runner.awaiting > 0;
    });
    ssc.stop();
  });
  ssc.awaitTermination();
  stopper.join();
  EXPECT_EQ(ssc.getState(), StreamingContextState::STOPPED);
}

TEST_F(StreamingContextTest, AwaitTerminationOrTimeoutIsFalseOnTimeoutAndTrueOnceStopped) {
  StreamingContext ssc(TestConf(), Seconds(1));
  AddPrintedInput(ssc);
  ssc.start();
  EXPECT_FALSE(ssc.awaitTerminationOrTimeout(0));
  EXPECT_FALSE(ssc.awaitTerminationOrTimeout(50));

  std::thread stopper([&] {
    RunnerLog& runner = Runner(0);
    WaitFor([&] {
      std::lock_guard<std::mutex> lock(runner.mu);
      return runner.awaiting > 0;
    });
    ssc.stop();
  });
  EXPECT_TRUE(ssc.awaitTerminationOrTimeout(60'000));
  stopper.join();
  EXPECT_TRUE(ssc.awaitTerminationOrTimeout(0));
  EXPECT_NO_THROW(ssc.awaitTermination());
}

TEST_F(StreamingContextTest, AwaitTerminationOfAContextStoppedBeforeStartReturnsAtOnce) {
  StreamingContext ssc(TestConf(), Seconds(1));
  ssc.stop();
  EXPECT_TRUE(ssc.awaitTerminationOrTimeout(0));
  EXPECT_NO_THROW(ssc.awaitTermination());
}

// Spark would block until another thread stops the context; a single-threaded program would hang for ever.
TEST_F(StreamingContextTest, AwaitTerminationBeforeStartIsAnError) {
  StreamingContext ssc(TestConf(), Seconds(1));
  AddPrintedInput(ssc);
  EXPECT_EQ(IllegalStateMessage([&] { ssc.awaitTermination(); }), "StreamingContext has not been started yet");
  EXPECT_EQ(IllegalStateMessage([&] { ssc.awaitTerminationOrTimeout(10); }),
            "StreamingContext has not been started yet");
}

TEST_F(StreamingContextTest, AFailedApplicationRethrowsItsErrorFromAwaitTermination) {
  StreamingContext ssc(TestConf(), Seconds(1));
  AddPrintedInput(ssc);
  ssc.start();
  const std::string cause = "batch 1000 ms: task 0 of node 1 failed: out of memory";
  FailApplication(Runner(0), cause);

  try {
    ssc.awaitTermination();
    ADD_FAILURE() << "awaitTermination() hid the failure";
  } catch (const JobFailedError& error) {
    EXPECT_EQ(error.what(), cause);
  }
  EXPECT_THROW(ssc.awaitTerminationOrTimeout(0), JobFailedError);
  // As in Spark, the context stays active until it is stopped, and the error is still reported after that.
  EXPECT_EQ(ssc.getState(), StreamingContextState::ACTIVE);
  ssc.stop();
  EXPECT_THROW(ssc.awaitTermination(), JobFailedError);
}

// Spark's awaitTermination throws as soon as a batch's job failed; the application goes on.
TEST_F(StreamingContextTest, AFailedBatchIsThrownOnceAndTheContextGoesOn) {
  StreamingContext ssc(TestConf(), Seconds(1));
  AddPrintedInput(ssc);
  ssc.start();
  std::atomic<bool> thrown{false};
  std::string message;
  std::thread awaiting([&] {
    try {
      ssc.awaitTermination();
    } catch (const JobFailedError& error) {
      message = error.what();
      thrown = true;
    }
  });
  ASSERT_TRUE(WaitFor([&] {
    std::lock_guard<std::mutex> lock(Runner(0).mu);
    return Runner(0).awaiting == 1;
  }));
  FailBatch(Runner(0), "batch 2000 ms failed: boom (in map, node 1)");
  awaiting.join();
  EXPECT_TRUE(thrown.load()) << "awaitTermination() returned without the failure";
  EXPECT_EQ(message, "batch 2000 ms failed: boom (in map, node 1)");
  EXPECT_EQ(ssc.getState(), StreamingContextState::ACTIVE);
  EXPECT_FALSE(ssc.awaitTerminationOrTimeout(20)) << "thrown once; the next call waits on";

  FailBatch(Runner(0), "batch 3000 ms failed: boom");
  FailBatch(Runner(0), "batch 4000 ms failed: boom");
  std::vector<std::string> thrown_in_order;
  for (int i = 0; i < 2; ++i) {
    try {
      ssc.awaitTerminationOrTimeout(0);
    } catch (const JobFailedError& error) {
      thrown_in_order.push_back(error.what());
    }
  }
  EXPECT_EQ(thrown_in_order, (std::vector<std::string>{"batch 3000 ms failed: boom", "batch 4000 ms failed: boom"}));
  ssc.stop();
  EXPECT_NO_THROW(ssc.awaitTermination()) << "the application itself did not fail";
}

}  // namespace
}  // namespace sluice
