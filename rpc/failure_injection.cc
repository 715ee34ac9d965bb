#include "rpc/failure_injection.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"

namespace sluice {
namespace {

constexpr char kRuleShape[] =
    "a rule is <Method>:<request|reply>:<n=N|every=N|p=probability>, e.g. ReportBlocks:reply:n=1";

absl::Status BadRule(absl::string_view text, absl::string_view why) {
  return absl::InvalidArgumentError(
      absl::StrCat("rpc.inject_failures: \"", text, "\" ", why, "; ", kRuleShape));
}

}  // namespace

absl::StatusOr<FailureInjector::Rule> FailureInjector::ParseRule(absl::string_view text) {
  std::vector<absl::string_view> parts = absl::StrSplit(text, ':');
  if (parts.size() != 3) return BadRule(text, "does not have three parts");
  Rule rule;
  rule.method = std::string(parts[0]);
  if (rule.method.empty()) return BadRule(text, "names no method");
  if (parts[1] == "request") {
    rule.failure = InjectedFailure::kDropRequest;
  } else if (parts[1] == "reply") {
    rule.failure = InjectedFailure::kDropReply;
  } else {
    return BadRule(text, "drops neither the request nor the reply");
  }
  absl::string_view when = parts[2];
  if (absl::ConsumePrefix(&when, "n=")) {
    if (!absl::SimpleAtoi(when, &rule.nth) || rule.nth <= 0) return BadRule(text, "needs a positive n");
  } else if (absl::ConsumePrefix(&when, "every=")) {
    if (!absl::SimpleAtoi(when, &rule.every) || rule.every <= 0) return BadRule(text, "needs a positive every");
  } else if (absl::ConsumePrefix(&when, "p=")) {
    if (!absl::SimpleAtod(when, &rule.probability) || rule.probability < 0 || rule.probability > 1) {
      return BadRule(text, "needs a probability between 0 and 1");
    }
  } else {
    return BadRule(text, "says neither n=, every= nor p=");
  }
  return rule;
}

absl::StatusOr<std::unique_ptr<FailureInjector>> FailureInjector::FromSpec(absl::string_view spec) {
  auto injector = std::make_unique<FailureInjector>();
  for (absl::string_view text : absl::StrSplit(spec, ',', absl::SkipWhitespace())) {
    absl::StatusOr<Rule> rule = ParseRule(absl::StripAsciiWhitespace(text));
    if (!rule.ok()) return rule.status();
    injector->rules_.push_back(*std::move(rule));
  }
  return injector;
}

bool FailureInjector::Hits(const Rule& rule, int64_t call) {
  if (rule.nth > 0) return call == rule.nth;
  if (rule.every > 0) return call % rule.every == 0;
  return std::uniform_real_distribution<double>(0, 1)(random_) < rule.probability;
}

InjectedFailure FailureInjector::ForCall(absl::string_view method) {
  if (rules_.empty()) return InjectedFailure::kNone;
  MutexLock lock(&mu_);
  const int64_t call = ++calls_[method];
  for (const Rule& rule : rules_) {
    if ((rule.method == "*" || rule.method == method) && Hits(rule, call)) return rule.failure;
  }
  return InjectedFailure::kNone;
}

absl::Status FailureInjector::InjectedError(absl::string_view method, InjectedFailure failure) {
  return absl::UnavailableError(absl::StrCat("failure injected (rpc.inject_failures): the ",
                                             failure == InjectedFailure::kDropRequest ? "request" : "reply", " of ",
                                             method, " was dropped"));
}

std::unique_ptr<FailureInjector> MakeFailureInjector(const std::string& spec) {
  if (spec.empty()) return nullptr;
  absl::StatusOr<std::unique_ptr<FailureInjector>> injector = FailureInjector::FromSpec(spec);
  return injector.ok() ? *std::move(injector) : nullptr;
}

}  // namespace sluice
