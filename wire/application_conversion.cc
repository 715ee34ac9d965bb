#include "wire/proto_conversion.h"

// Submissions and application events on the wire.

namespace sluice {
namespace {

void QueueSourceToProto(const QueueSourceData& source, proto::QueueSourceData* out) {
  out->set_source_node(source.source_node);
  for (const QueuedDataSet& item : source.items) {
    proto::QueueItem* out_item = out->add_items();
    if (!item) {
      out_item->set_absent(true);
      continue;
    }
    for (const EncodedPartition& partition : *item) ToProto(partition, out_item->add_partitions());
  }
}

QueueSourceData QueueSourceFromProto(const proto::QueueSourceData& source) {
  QueueSourceData out;
  out.source_node = source.source_node();
  out.items.reserve(source.items_size());
  for (const proto::QueueItem& item : source.items()) {
    if (item.absent()) {
      out.items.emplace_back(std::nullopt);
      continue;
    }
    std::vector<EncodedPartition> partitions;
    partitions.reserve(item.partitions_size());
    for (const proto::InlinePartition& partition : item.partitions()) partitions.push_back(FromProto(partition));
    out.items.emplace_back(std::move(partitions));
  }
  return out;
}

void OutputToProto(const BatchOutputEvent& output, proto::BatchOutput* out) {
  out->set_batch_ms(output.batch_ms);
  out->set_output_node(output.output_node);
  out->set_records(output.records);
  out->set_count(output.count);
  for (const HeldPartition& part : output.held) ToProto(part, out->add_held());
}

BatchOutputEvent OutputFromProto(const proto::BatchOutput& output) {
  BatchOutputEvent out{output.batch_ms(), output.output_node(), output.records(), output.count(), {}};
  for (const proto::HeldPartition& part : output.held()) out.held.push_back(FromProto(part));
  return out;
}

}  // namespace

void ToProto(const Submission& submission, proto::SubmitApplicationRequest* out) {
  out->set_name(submission.name);
  ToProto(submission.graph, out->mutable_graph());
  out->set_library(submission.library);
  out->set_library_hash(submission.library_hash);
  for (const std::string& arg : submission.args) out->add_args(arg);
  out->set_default_parallelism(submission.default_parallelism);
  for (const QueueSourceData& source : submission.queue_sources) QueueSourceToProto(source, out->add_queue_sources());
  out->mutable_clock()->set_manual(submission.clock.manual);
  out->mutable_clock()->set_manual_batches(submission.clock.manual_batches);
  out->set_checkpoint_dir(submission.checkpoint.dir);
  out->set_checkpoint_interval_ms(submission.checkpoint.interval_ms);
}

Submission FromProto(const proto::SubmitApplicationRequest& request) {
  Submission submission;
  submission.name = request.name();
  submission.graph = FromProto(request.graph());
  submission.library = request.library();
  submission.library_hash = request.library_hash();
  submission.args.assign(request.args().begin(), request.args().end());
  submission.default_parallelism = request.default_parallelism();
  for (const proto::QueueSourceData& source : request.queue_sources()) {
    submission.queue_sources.push_back(QueueSourceFromProto(source));
  }
  submission.clock = BatchClockSpec{request.clock().manual(), request.clock().manual_batches()};
  submission.checkpoint = CheckpointSpec{request.checkpoint_dir(), request.checkpoint_interval_ms()};
  return submission;
}

void ToProto(const AppEvent& event, proto::AppEvent* out) {
  out->set_seq(event.seq);
  switch (event.kind) {
    case AppEvent::Kind::kOutput:
      OutputToProto(event.output, out->mutable_output());
      break;
    case AppEvent::Kind::kWarning:
      out->set_warning(event.message);
      break;
    case AppEvent::Kind::kBatchFailed:
      out->mutable_batch_failed()->set_batch_ms(event.batch_ms);
      out->mutable_batch_failed()->set_error(event.message);
      break;
    case AppEvent::Kind::kError:
      out->set_error(event.message);
      break;
    case AppEvent::Kind::kFinished:
      out->set_finished(true);
      break;
  }
}

// An event this driver does not know (a newer master's) is shown as a warning.
AppEvent FromProto(const proto::AppEvent& event) {
  AppEvent out;
  out.seq = event.seq();
  switch (event.event_case()) {
    case proto::AppEvent::kOutput:
      out.kind = AppEvent::Kind::kOutput;
      out.output = OutputFromProto(event.output());
      break;
    case proto::AppEvent::kBatchFailed:
      out.kind = AppEvent::Kind::kBatchFailed;
      out.batch_ms = event.batch_failed().batch_ms();
      out.message = event.batch_failed().error();
      break;
    case proto::AppEvent::kError:
      out.kind = AppEvent::Kind::kError;
      out.message = event.error();
      break;
    case proto::AppEvent::kFinished:
      out.kind = AppEvent::Kind::kFinished;
      break;
    default:
      out.kind = AppEvent::Kind::kWarning;
      out.message = event.warning();
  }
  return out;
}

}  // namespace sluice
