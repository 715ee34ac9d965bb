#include "rpc/grpc_shuffle_fetcher.h"

#include "proto/sluice.grpc.pb.h"
#include "rpc/client_call.h"
#include "rpc/status.h"
#include "wire/proto_conversion.h"

namespace sluice {
namespace {

class GrpcChunkStream final : public ChunkStream {
 public:
  GrpcChunkStream(std::shared_ptr<grpc::Channel> channel, const proto::FetchShuffleRequest& request, Duration timeout,
                  FailureInjector* injector, std::string what)
      : stub_(proto::WorkerService::NewStub(std::move(channel))), what_(std::move(what)) {
    SetDeadline(&context_, timeout.milliseconds());
    injected_ = PrepareCall(injector, "FetchShuffle", &context_);
    reader_ = stub_->FetchShuffle(&context_, request);
  }

  // A stream abandoned midway (the task failed) cancels the call rather than draining it.
  ~GrpcChunkStream() override {
    if (finished_) return;
    context_.TryCancel();
    reader_->Finish();
  }

  bool Next(std::string_view* chunk) override {
    // A lost reply loses the data: the stream ends with nothing read.
    if (injected_ == InjectedFailure::kDropReply) return false;
    while (reader_->Read(&message_)) {
      if (message_.data().empty()) continue;
      *chunk = message_.data();
      return true;
    }
    return false;
  }

  absl::Status Finish() override {
    finished_ = true;
    if (injected_ == InjectedFailure::kDropReply) context_.TryCancel();
    return FromGrpcStatus(CallOutcome(injected_, "FetchShuffle", reader_->Finish()), what_);
  }

 private:
  std::unique_ptr<proto::WorkerService::Stub> stub_;
  grpc::ClientContext context_;
  InjectedFailure injected_ = InjectedFailure::kNone;
  std::unique_ptr<grpc::ClientReader<proto::ShuffleChunk>> reader_;
  proto::ShuffleChunk message_;
  const std::string what_;
  bool finished_ = false;
};

}  // namespace

GrpcShuffleFetcher::GrpcShuffleFetcher(const Config& config)
    : channels_(config), injector_(MakeFailureInjector(config.inject_failures)) {}

std::unique_ptr<ChunkStream> GrpcShuffleFetcher::Fetch(const std::string& address, const ShuffleKey& key,
                                                       int32_t partition, Duration timeout, std::string what) {
  proto::FetchShuffleRequest request;
  ToProto(key, partition, &request);
  return std::make_unique<GrpcChunkStream>(channels_.Get(address), request, timeout, injector_.get(),
                                           std::move(what));
}

}  // namespace sluice
