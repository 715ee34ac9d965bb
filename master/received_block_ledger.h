#ifndef SLUICE_MASTER_RECEIVED_BLOCK_LEDGER_H_
#define SLUICE_MASTER_RECEIVED_BLOCK_LEDGER_H_

#include <cstdint>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <string_view>

namespace sluice {

// Which received blocks an application has taken, so that a block reported again (a worker retries ReportBlocks
// when a reply is lost) is taken once: allocated to one batch and counted once, whether the repeat comes in the
// same request or a later one, before or after the block's batch ran.
//
// It relies on how block ids are made (proto/sluice.proto, BlockRef): an id is its stream's name followed by a
// decimal sequence number that counts that stream's blocks from 0. A stream is one receiver's run on one worker
// (the name holds the source node, the application and the worker), so a receiver placed again on another worker
// starts a stream of its own at 0; a custom receiver's blocks stored whole are another stream ("...-s<n>").
//
// Per stream it keeps a floor (every sequence below it is settled: taken, or given up on) and the sequences taken
// above it, which exist while an earlier block of the stream is missing: a generator's reports arrive in order,
// blocks stored whole from several threads may not. So that a block whose report never arrived (the worker gave up
// on it and logged so) does not make the set grow for ever, a stream remembers at most kReorderWindow sequences
// above its floor: past that, the floor moves over the oldest gap. A block that arrives after that many later blocks
// of its stream is then taken for a repeat; a worker reports each block before its next one (the generator's
// thread, or the custom receiver's thread that stored it, waits for its report), so only a report held up while
// 1024 others got through could be late like that. Memory is thus bounded per stream, and streams are as many as
// receiver placements.
class ReceivedBlockLedger {
 public:
  static constexpr int64_t kReorderWindow = 1024;

  // True the first time a block id is seen; false when it was taken before (or given up on).
  bool TakeFirst(std::string_view block_id);

  // What is remembered, for tests of the bound.
  size_t streams() const { return streams_.size(); }
  size_t sequences_above_floors() const;

 private:
  struct Stream {
    int64_t floor = 0;
    std::set<int64_t> taken_above_floor;
  };
  static void Settle(Stream& stream);

  std::map<std::string, Stream, std::less<>> streams_;
  // Ids that do not end in a sequence number: remembered one by one, without a bound (no worker makes them).
  std::set<std::string, std::less<>> unnumbered_;
};

}  // namespace sluice

#endif  // SLUICE_MASTER_RECEIVED_BLOCK_LEDGER_H_
