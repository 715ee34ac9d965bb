#ifndef SLUICE_RPC_FAILURE_INJECTION_H_
#define SLUICE_RPC_FAILURE_INJECTION_H_

// Failure injection for tests (setting rpc.inject_failures, off by default): a client makes named RPCs fail as a
// lossy network would, so that chaos tests can check that a retried call is taken once.
//
// The setting is a comma-separated list of rules "<Method>:<request|reply>:<when>":
//   - Method: an RPC of proto/sluice.proto (ReportBlocks, LaunchTask, ...), or * for every one;
//   - request: the call fails before it is sent (the server never sees it);
//     reply: the call is sent and handled, and the client sees it fail (the reply was lost);
//   - when: n=<N> fails the N-th call of the method only (counted from 1, per client), every=<N> every N-th
//     call, p=<probability> each call with that probability (a fixed-seed generator, so a run repeats).
// e.g. "ReportBlocks:reply:n=1,LaunchTask:request:p=0.1". An injected failure is UNAVAILABLE, the code of a
// network failure, with a message that says it was injected.

#include <cstdint>
#include <memory>
#include <random>
#include <string>
#include "absl/strings/string_view.h"
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "common/mutex.h"

namespace sluice {

enum class InjectedFailure { kNone, kDropRequest, kDropReply };

class FailureInjector {
 public:
  // No rules: nothing fails.
  FailureInjector() = default;
  // InvalidArgument, naming the rule and what a rule looks like, if `spec` is not a list of rules.
  static absl::StatusOr<std::unique_ptr<FailureInjector>> FromSpec(absl::string_view spec);
  static absl::Status CheckSpec(absl::string_view spec) { return FromSpec(spec).status(); }

  bool enabled() const { return !rules_.empty(); }
  // Decides the fate of one call of `method`, and counts it. Thread-safe.
  InjectedFailure ForCall(absl::string_view method);
  // The status a call that `failure` hit ends with.
  static absl::Status InjectedError(absl::string_view method, InjectedFailure failure);

 private:
  struct Rule {
    std::string method;  // "*": every method
    InjectedFailure failure = InjectedFailure::kNone;
    int64_t nth = 0;        // > 0: the nth call only
    int64_t every = 0;      // > 0: every such call
    double probability = 0;
  };
  static absl::StatusOr<Rule> ParseRule(absl::string_view text);
  bool Hits(const Rule& rule, int64_t call) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  std::vector<Rule> rules_;
  Mutex mu_;  // clients call from many threads
  absl::flat_hash_map<std::string, int64_t> calls_ ABSL_GUARDED_BY(mu_);
  std::mt19937_64 random_ ABSL_GUARDED_BY(mu_){0x5111ce};
};

// The injector a client built from `spec` uses: nullptr when `spec` is empty or invalid (an invalid one is
// refused by the binaries' flag check, common/daemon_flags.h, before any client exists).
std::unique_ptr<FailureInjector> MakeFailureInjector(const std::string& spec);

}  // namespace sluice

#endif  // SLUICE_RPC_FAILURE_INJECTION_H_
