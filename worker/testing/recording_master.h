#ifndef SLUICE_WORKER_TESTING_RECORDING_MASTER_H_
#define SLUICE_WORKER_TESTING_RECORDING_MASTER_H_

#include <grpcpp/grpcpp.h>

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "common/mutex.h"
#include "proto/sluice.grpc.pb.h"

namespace sluice::testing {

// A master on loopback for tests of a worker: it answers every call a worker makes, places nothing, and keeps the
// task results and receiver events reported to it.
class RecordingMaster final : public proto::MasterService::Service {
 public:
  RecordingMaster() {
    grpc::ServerBuilder builder;
    builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port_);
    builder.RegisterService(this);
    server_ = builder.BuildAndStart();
  }
  ~RecordingMaster() override { server_->Shutdown(std::chrono::system_clock::now()); }

  std::string address() const { return "127.0.0.1:" + std::to_string(port_); }

  std::vector<proto::TaskResult> task_results() {
    MutexLock lock(&mu_);
    return task_results_;
  }
  std::vector<proto::ReportReceiverRequest> receiver_events() {
    MutexLock lock(&mu_);
    return receiver_events_;
  }
  // Waits up to 10 s for the results reported so far to satisfy `condition`.
  bool AwaitTaskResults(const std::function<bool(const std::vector<proto::TaskResult>&)>& condition) {
    MutexLock lock(&mu_);
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (!condition(task_results_)) {
      if (reported_.WaitUntil(&mu_, deadline)) return condition(task_results_);
    }
    return true;
  }

  // As a master restarted without its bookkeeping: the next heartbeat asks the worker to register again, and the
  // registration's answer lists `known_applications` only.
  void Restart(std::vector<std::string> known_applications) {
    MutexLock lock(&mu_);
    known_applications_ = std::move(known_applications);
    forgot_worker_ = true;
  }
  int registrations() {
    MutexLock lock(&mu_);
    return registrations_;
  }

  grpc::Status RegisterWorker(grpc::ServerContext*, const proto::RegisterWorkerRequest*,
                              proto::RegisterWorkerReply* reply) override {
    MutexLock lock(&mu_);
    ++registrations_;
    forgot_worker_ = false;
    for (const std::string& app_id : known_applications_) reply->add_applications(app_id);
    return grpc::Status::OK;
  }
  grpc::Status Heartbeat(grpc::ServerContext*, const proto::HeartbeatRequest*, proto::HeartbeatReply* reply) override {
    MutexLock lock(&mu_);
    reply->set_reregister(forgot_worker_);
    return grpc::Status::OK;
  }
  grpc::Status ReportBlocks(grpc::ServerContext*, const proto::ReportBlocksRequest*,
                            proto::ReportBlocksReply*) override {
    return grpc::Status::OK;
  }
  grpc::Status ReportReceiver(grpc::ServerContext*, const proto::ReportReceiverRequest* request,
                              proto::ReportReceiverReply*) override {
    MutexLock lock(&mu_);
    receiver_events_.push_back(*request);
    return grpc::Status::OK;
  }
  grpc::Status ReportTask(grpc::ServerContext*, const proto::ReportTaskRequest* request,
                          proto::ReportTaskReply*) override {
    MutexLock lock(&mu_);
    task_results_.push_back(request->result());
    reported_.SignalAll();
    return grpc::Status::OK;
  }

 private:
  int port_ = 0;
  std::unique_ptr<grpc::Server> server_;
  Mutex mu_;  // gRPC's threads record reports while the test reads them
  CondVar reported_;
  std::vector<proto::TaskResult> task_results_ ABSL_GUARDED_BY(mu_);
  std::vector<proto::ReportReceiverRequest> receiver_events_ ABSL_GUARDED_BY(mu_);
  std::vector<std::string> known_applications_ ABSL_GUARDED_BY(mu_);
  bool forgot_worker_ ABSL_GUARDED_BY(mu_) = false;
  int registrations_ ABSL_GUARDED_BY(mu_) = 0;
};

}  // namespace sluice::testing

#endif  // SLUICE_WORKER_TESTING_RECORDING_MASTER_H_
