#include "rpc/grpc_worker_clients.h"

#include <grpcpp/grpcpp.h>

#include <atomic>
#include <future>
#include <memory>
#include <string>

#include "common/testing/loopback_server.h"
#include "gtest/gtest.h"
#include "proto/sluice.grpc.pb.h"

namespace sluice {
namespace {

TEST(GrpcWorkerClientsTest, StartingAReceiverMayTakeTheFactorTimesTheRpcTimeout) {
  Config config;
  EXPECT_EQ(StartReceiverTimeoutMs(config), 30000) << "the defaults: 3 x 10 s";
  config.rpc_timeout_ms = 100;
  config.start_receiver_timeout_factor = 20;
  EXPECT_EQ(StartReceiverTimeoutMs(config), 2000);
}

// A worker's RPC service that answers StopReceivers and EndApplication at once.
class AnsweringWorker final : public proto::WorkerService::CallbackService {
 public:
  grpc::ServerUnaryReactor* StopReceivers(grpc::CallbackServerContext* context, const proto::StopReceiversRequest*,
                                          proto::StopReceiversReply*) override {
    return Answer(context);
  }
  grpc::ServerUnaryReactor* EndApplication(grpc::CallbackServerContext* context, const proto::EndApplicationRequest*,
                                           proto::EndApplicationReply*) override {
    return Answer(context);
  }

 private:
  static grpc::ServerUnaryReactor* Answer(grpc::CallbackServerContext* context) {
    grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
    reactor->Finish(grpc::Status::OK);
    return reactor;
  }
};

// The clients go right after their calls, and a worker is forgotten while calls to it are in flight: every call
// still ends, once, before the clients are gone. (UnaryCall also keeps a channel from dying inside a gRPC
// callback, which aborted gRPC 1.51 now and then, grpc/grpc#32584; that abort depends on timing and is not
// reproduced here.)
TEST(GrpcWorkerClientsTest, ClientsDestroyedOrWorkersForgottenRightAfterTheirCallsEndEveryCallOnce) {
  AnsweringWorker answering;
  ::sluice::testing::LoopbackServer worker(&answering);
  ASSERT_TRUE(worker.started());
  Config config;
  for (int round = 0; round < 40; ++round) {
    std::atomic<int> ended{0};
    {
      GrpcWorkerClients clients(config);
      for (int call = 0; call < 4; ++call) {
        clients.StopReceivers(worker.address(), "app", [&ended](const absl::Status& status) {
          EXPECT_TRUE(status.ok()) << status;
          ++ended;
        });
        clients.EndApplication(worker.address(), "app");
        if (call == 1) clients.Forget(worker.address());
      }
    }  // waits for the calls in flight
    EXPECT_EQ(ended.load(), 4) << "round " << round;
  }
}

// A worker's service that counts the StopReceivers calls it gets.
class CountingWorker final : public proto::WorkerService::CallbackService {
 public:
  grpc::ServerUnaryReactor* StopReceivers(grpc::CallbackServerContext* context, const proto::StopReceiversRequest*,
                                          proto::StopReceiversReply*) override {
    ++calls;
    grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
    reactor->Finish(grpc::Status::OK);
    return reactor;
  }
  std::atomic<int> calls{0};
};

// Calls StopReceivers once; what the caller saw.
absl::Status StopOnce(GrpcWorkerClients& clients, const std::string& address) {
  std::promise<absl::Status> ended;
  clients.StopReceivers(address, "app", [&ended](const absl::Status& status) { ended.set_value(status); });
  return ended.get_future().get();
}

// rpc.inject_failures: a dropped request never reaches the worker, a dropped reply does; both look like a lost
// network to the caller, and the other calls go through.
TEST(GrpcWorkerClientsTest, InjectedFailuresDropTheRequestOrTheReplyOfTheNamedCall) {
  CountingWorker counting;
  ::sluice::testing::LoopbackServer worker(&counting);
  ASSERT_TRUE(worker.started());
  Config config;
  config.inject_failures = "StopReceivers:request:n=1,StopReceivers:reply:n=2";
  GrpcWorkerClients clients(config);

  absl::Status dropped_request = StopOnce(clients, worker.address());
  EXPECT_EQ(dropped_request.code(), absl::StatusCode::kUnavailable);
  EXPECT_NE(dropped_request.message().find("the request of StopReceivers was dropped"), absl::string_view::npos)
      << dropped_request;
  EXPECT_EQ(counting.calls, 0);

  absl::Status dropped_reply = StopOnce(clients, worker.address());
  EXPECT_EQ(dropped_reply.code(), absl::StatusCode::kUnavailable);
  EXPECT_NE(dropped_reply.message().find("the reply of StopReceivers was dropped"), absl::string_view::npos)
      << dropped_reply;
  EXPECT_EQ(counting.calls, 1) << "the worker handled the call whose reply was lost";

  EXPECT_TRUE(StopOnce(clients, worker.address()).ok());
  EXPECT_EQ(counting.calls, 2);
}

TEST(GrpcWorkerClientsTest, NoFailureIsInjectedByDefault) {
  CountingWorker counting;
  ::sluice::testing::LoopbackServer worker(&counting);
  ASSERT_TRUE(worker.started());
  GrpcWorkerClients clients(Config{});
  for (int call = 0; call < 5; ++call) EXPECT_TRUE(StopOnce(clients, worker.address()).ok());
  EXPECT_EQ(counting.calls, 5);
}

}  // namespace
}  // namespace sluice
