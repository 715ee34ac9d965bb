#ifndef SLUICE_RUNTIME_RUNTIME_H_
#define SLUICE_RUNTIME_RUNTIME_H_

// The interfaces through which a worker runs user code: records are pushed through a chain of typed sinks,
// one per pipeline step, and enter or leave the chain as encoded bytes.

#include <cstdint>
#include <string>
#include <string_view>

#include "wire/data_refs.h"  // HeldPartition

namespace sluice {

class AnySink {
 public:
  virtual ~AnySink() = default;
  // The partition is complete: flush and pass the end on.
  virtual void Finish() = 0;
};

template <class T>
class Sink : public AnySink {
 public:
  virtual void Push(T&& value) = 0;
};

// Where a map task writes its shuffle output: one buffer of encoded records per reduce partition.
class ShuffleOutput {
 public:
  virtual ~ShuffleOutput() = default;
  virtual uint32_t num_partitions() const = 0;
  virtual std::string& bucket(uint32_t partition) = 0;
};

// What a reduce task reads: chunks of whole encoded records, from every map output of its partition.
class ShuffleInput {
 public:
  virtual ~ShuffleInput() = default;
  // False at the end of the data, or on a failure that the caller finds in its own status.
  virtual bool Next(std::string_view* chunk) = 0;
};

// How the driver gets a held partition's records (encoded, back to back) from its worker.
class PartitionFetcher {
 public:
  virtual ~PartitionFetcher() = default;
  // False, with the reason in `error`, if the partition cannot be read.
  virtual bool Fetch(const HeldPartition& partition, std::string* records, std::string* error) = 0;
};

// Where a result task puts the records it returns to the master.
struct ResultBuffer {
  int64_t limit = -1;  // < 0: no limit
  std::string records;
  int64_t count = 0;
  int64_t seen = 0;  // records offered, including those over the limit
};

}  // namespace sluice

#endif  // SLUICE_RUNTIME_RUNTIME_H_
