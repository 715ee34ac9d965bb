#ifndef SLUICE_MASTER_MASTER_SERVICE_H_
#define SLUICE_MASTER_MASTER_SERVICE_H_

#include "common/event_loop.h"
#include "master/master.h"
#include "proto/sluice.grpc.pb.h"

namespace sluice {

// The master's RPC handlers: each converts its request, posts the work to the master's loop, and finishes
// the call from there. No decisions are made here.
class MasterService final : public proto::MasterService::CallbackService {
 public:
  MasterService(Master* master, EventLoop* loop) : master_(master), loop_(loop) {}

  grpc::ServerUnaryReactor* RegisterWorker(grpc::CallbackServerContext* context,
                                           const proto::RegisterWorkerRequest* request,
                                           proto::RegisterWorkerReply* reply) override;
  grpc::ServerUnaryReactor* Heartbeat(grpc::CallbackServerContext* context, const proto::HeartbeatRequest* request,
                                      proto::HeartbeatReply* reply) override;
  grpc::ServerUnaryReactor* ReportBlocks(grpc::CallbackServerContext* context,
                                         const proto::ReportBlocksRequest* request,
                                         proto::ReportBlocksReply* reply) override;
  grpc::ServerUnaryReactor* ReportReceiver(grpc::CallbackServerContext* context,
                                           const proto::ReportReceiverRequest* request,
                                           proto::ReportReceiverReply* reply) override;
  grpc::ServerUnaryReactor* ReportTask(grpc::CallbackServerContext* context, const proto::ReportTaskRequest* request,
                                       proto::ReportTaskReply* reply) override;
  grpc::ServerUnaryReactor* SubmitApplication(grpc::CallbackServerContext* context,
                                              const proto::SubmitApplicationRequest* request,
                                              proto::SubmitApplicationReply* reply) override;
  grpc::ServerUnaryReactor* GetLibrary(grpc::CallbackServerContext* context, const proto::GetLibraryRequest* request,
                                       proto::GetLibraryReply* reply) override;
  grpc::ServerUnaryReactor* PollEvents(grpc::CallbackServerContext* context, const proto::PollEventsRequest* request,
                                       proto::PollEventsReply* reply) override;
  grpc::ServerUnaryReactor* StopApplication(grpc::CallbackServerContext* context,
                                            const proto::StopApplicationRequest* request,
                                            proto::StopApplicationReply* reply) override;
  grpc::ServerUnaryReactor* ReleaseOutput(grpc::CallbackServerContext* context,
                                          const proto::ReleaseOutputRequest* request,
                                          proto::ReleaseOutputReply* reply) override;

 private:
  Master* master_;
  EventLoop* loop_;
};

}  // namespace sluice

#endif  // SLUICE_MASTER_MASTER_SERVICE_H_
