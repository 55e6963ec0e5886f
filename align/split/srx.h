// SrxRules: the break / no-break rules of an SRX 2.0 file (Segmentation Rules eXchange), for one
// language, used to override the built-in splitter at the positions the rules match.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace talign {

// One position a rule decided: `position` is a byte offset into the text given to decide();
// `is_break` is the rule's break="yes|no".
struct SrxDecision {
  size_t position;
  bool is_break;
};

class SrxRules {
 public:
  // Loads the rules that apply to `lang` from the SRX file at `path`: the <languagerule>s whose
  // <languagemap languagepattern> matches `lang` (all of them in order when cascade="yes", else the
  // first), or, if no pattern matches, the <languagerule> whose languagerulename equals `lang`.
  // Throws Error(kData) naming the file and line/column for an unreadable or malformed file, and
  // Error(kUsage) when no rule set applies to `lang`. A rule whose regular expression does not
  // compile (ICU syntax) is skipped and described in warnings() with its line and offset.
  static SrxRules load(const std::string& path, const std::string& lang);

  SrxRules();
  ~SrxRules();
  SrxRules(SrxRules&&) noexcept;
  SrxRules& operator=(SrxRules&&) noexcept;

  // One line per skipped rule, e.g. "rules.srx: line 12: rule skipped: U_REGEX_MISMATCHED_PAREN
  // at offset 4 in beforebreak".
  const std::vector<std::string>& warnings() const;
  // Number of usable rules loaded.
  size_t rule_count() const;

  // Appends to `out`, sorted by position, one decision for every position in `text` (valid UTF-8)
  // where at least one rule matches: its beforebreak regex matches text ending at the position and
  // its afterbreak regex matches text starting there. The first matching rule in file order
  // decides, as SRX specifies. Not thread-safe: use one SrxRules per thread.
  // A rule whose regex runs into ICU's time or stack limit (catastrophic backtracking, e.g.
  // "(a|aa)*c") is disabled for the rest of the run and reported once by take_run_warnings().
  void decide(std::string_view text, std::vector<SrxDecision>& out) const;

  // Returns and forgets the warnings raised by decide() since the last call, e.g. "rules.srx: line
  // 12: rule disabled: regular expression too slow (U_REGEX_TIME_OUT) in beforebreak".
  std::vector<std::string> take_run_warnings() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace talign
