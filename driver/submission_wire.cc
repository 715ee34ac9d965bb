#include "driver/submission_wire.h"

#include "proto/graph_wire.h"

namespace sluice {
namespace {

void QueueSourceToProto(const QueueSourceSubmission& source, proto::QueueSourceData* out) {
  out->set_source_node(source.source_node);
  for (const EncodedQueueItem& item : source.items) {
    proto::QueueItem* out_item = out->add_items();
    if (!item) {
      out_item->set_absent(true);
      continue;
    }
    for (const EncodedPartition& partition : *item) {
      proto::InlinePartition* out_partition = out_item->add_partitions();
      out_partition->set_records(partition.records);
      out_partition->set_count(partition.count);
    }
  }
}

}  // namespace

void SubmissionToProto(const Submission& submission, proto::SubmitApplicationRequest* out) {
  out->set_name(submission.name);
  GraphToProto(submission.graph, out->mutable_graph());
  out->set_library(submission.library);
  out->set_library_hash(submission.library_hash);
  for (const std::string& arg : submission.args) out->add_args(arg);
  out->set_default_parallelism(submission.default_parallelism);
  for (const QueueSourceSubmission& source : submission.queue_sources) {
    QueueSourceToProto(source, out->add_queue_sources());
  }
  out->mutable_clock()->set_manual(submission.manual_clock);
  out->mutable_clock()->set_manual_batches(submission.manual_clock_batches);
  out->set_checkpoint_dir(submission.checkpoint_dir);
  out->set_checkpoint_interval_ms(submission.checkpoint_interval_ms);
}

}  // namespace sluice
