#include "align/split/srx.h"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <unicode/parseerr.h>
#include <unicode/regex.h>
#include <unicode/unistr.h>
#include <unicode/utext.h>
#include <unicode/utypes.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <optional>
#include <utility>

#include "align/common/ascii.h"
#include "align/common/error.h"
#include "align/common/xml.h"

namespace talign {
namespace {

// ICU's limit on one match call, in its units (10,000 steps of the match engine, roughly a
// millisecond): a base plus a share per byte of text, so that a scan through a long paragraph is
// always allowed while a runaway pattern ("(a|aa)*c") is stopped within a fraction of a second.
constexpr int64_t kRegexTimeLimitBase = 200;
constexpr int64_t kRegexTimeLimitBytesPerUnit = 100;

// One <rule> as written in the file, before its regexes are compiled.
struct RawRule {
  bool is_break = true;
  std::string before;  // empty: matches anything
  std::string after;   // empty: matches anything
  long before_line = -1;
  long after_line = -1;
  long line = -1;
};

struct RawLanguageRule {
  std::string name;
  std::vector<RawRule> rules;
};

struct RawLanguageMap {
  std::string pattern;
  std::string rule_name;
  long line = -1;
};

struct RawSrx {
  bool cascade = false;
  std::vector<RawLanguageRule> language_rules;
  std::vector<RawLanguageMap> maps;
};

std::string text_content(xmlNode* node) {
  xmlChar* value = xmlNodeGetContent(node);
  if (value == nullptr) return {};
  std::string result(reinterpret_cast<const char*>(value));
  xmlFree(value);
  return result;
}

bool is_yes(const std::optional<std::string>& value, bool fallback) {
  if (!value) return fallback;
  const std::string v = ascii_lower(*value);
  if (v == "yes" || v == "true" || v == "1") return true;
  if (v == "no" || v == "false" || v == "0") return false;
  return fallback;
}

// Read here rather than by libxml2 so that an unreadable path gets its own message.
std::string read_file(const std::string& path) {
  std::unique_ptr<FILE, int (*)(FILE*)> file(std::fopen(path.c_str(), "rb"), &std::fclose);
  if (!file) {
    throw Error(ErrorKind::kData, path, std::string("cannot open: ") + std::strerror(errno));
  }
  std::string bytes;
  char buffer[1 << 16];
  size_t got;
  while ((got = std::fread(buffer, 1, sizeof buffer, file.get())) > 0) bytes.append(buffer, got);
  if (std::ferror(file.get())) {
    throw Error(ErrorKind::kData, path, std::string("cannot open: ") + std::strerror(errno));
  }
  return bytes;
}

RawRule parse_rule(xmlNode* node) {
  RawRule rule;
  rule.line = xmlGetLineNo(node);
  rule.is_break = is_yes(attribute(node, "break"), true);
  for (xmlNode* child = node->children; child != nullptr; child = child->next) {
    if (is_element(child, "beforebreak")) {
      rule.before = text_content(child);
      rule.before_line = xmlGetLineNo(child);
    } else if (is_element(child, "afterbreak")) {
      rule.after = text_content(child);
      rule.after_line = xmlGetLineNo(child);
    }
  }
  return rule;
}

// SRX 1.0 nests <languagemap>s in <maprule>s; SRX 2.0 puts them directly in <maprules>: collect
// them at any depth, in document order.
void collect_maps(xmlNode* node, std::vector<RawLanguageMap>& maps) {
  for (xmlNode* child = node->children; child != nullptr; child = child->next) {
    if (child->type != XML_ELEMENT_NODE) continue;
    if (is_element(child, "languagemap")) {
      RawLanguageMap map;
      map.pattern = attribute(child, "languagepattern").value_or("");
      map.rule_name = attribute(child, "languagerulename").value_or("");
      map.line = xmlGetLineNo(child);
      maps.push_back(std::move(map));
    } else {
      collect_maps(child, maps);
    }
  }
}

RawSrx parse_srx(const std::string& path) {
  const std::string bytes = read_file(path);
  const XmlDocument doc = parse_xml(bytes, path, "SRX");
  xmlNode* root = xmlDocGetRootElement(doc.get());
  if (root == nullptr || !is_element(root, "srx")) {
    throw Error(ErrorKind::kData, path, "malformed SRX: root element is not <srx>", -1,
                root != nullptr ? xmlGetLineNo(root) : -1);
  }

  RawSrx srx;
  for (xmlNode* section = root->children; section != nullptr; section = section->next) {
    if (is_element(section, "header")) {
      srx.cascade = is_yes(attribute(section, "cascade"), false);
    } else if (is_element(section, "body")) {
      for (xmlNode* part = section->children; part != nullptr; part = part->next) {
        if (is_element(part, "languagerules")) {
          for (xmlNode* lr = part->children; lr != nullptr; lr = lr->next) {
            if (!is_element(lr, "languagerule")) continue;
            RawLanguageRule language_rule;
            language_rule.name = attribute(lr, "languagerulename").value_or("");
            for (xmlNode* r = lr->children; r != nullptr; r = r->next) {
              if (is_element(r, "rule")) language_rule.rules.push_back(parse_rule(r));
            }
            srx.language_rules.push_back(std::move(language_rule));
          }
        } else if (is_element(part, "maprules")) {
          collect_maps(part, srx.maps);
        }
      }
    }
  }
  return srx;
}

std::unique_ptr<icu::RegexPattern> compile(const std::string& regex, UParseError& parse_error,
                                           UErrorCode& status) {
  status = U_ZERO_ERROR;
  parse_error = UParseError();
  std::unique_ptr<icu::RegexPattern> pattern(
      icu::RegexPattern::compile(icu::UnicodeString::fromUTF8(regex), 0, parse_error, status));
  if (U_FAILURE(status)) pattern.reset();
  return pattern;
}

std::string where(const std::string& path, long line) {
  std::string text = display_name(path) + ": ";
  if (line > 0) text += "line " + std::to_string(line) + ": ";
  return text;
}

// The offset of the code point after the one starting at `i`.
size_t next_boundary(std::string_view text, size_t i) {
  ++i;
  while (i < text.size() && (static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) ++i;
  return i;
}

}  // namespace

struct SrxRules::Impl {
  // A compiled rule; a null matcher stands for an empty pattern, which matches anywhere.
  struct Rule {
    bool is_break = true;
    bool disabled = false;  // its regex hit a time or stack limit
    long line = -1;
    std::unique_ptr<icu::RegexPattern> before_pattern;
    std::unique_ptr<icu::RegexPattern> after_pattern;
    // Declared after the patterns they point into, so they are destroyed first.
    std::unique_ptr<icu::RegexMatcher> before;
    std::unique_ptr<icu::RegexMatcher> after;
  };

  std::vector<std::string> warnings;
  std::vector<std::string> run_warnings;  // raised by decide(), drained by take_run_warnings()
  std::string path;
  std::vector<Rule> rules;
  // Per position: 0 undecided, 1 no-break, 2 break. Kept between calls to avoid reallocating.
  std::vector<uint8_t> state;

  void add_rules(const std::string& path, const RawLanguageRule& language_rule);
  void decide(std::string_view text, std::vector<SrxDecision>& out);
  // Disables `rule` if `status` says its regex gave up (time or stack limit); returns true then.
  bool disable_if_exhausted(Rule& rule, UErrorCode status, const char* part);
};

bool SrxRules::Impl::disable_if_exhausted(Rule& rule, UErrorCode status, const char* part) {
  if (status != U_REGEX_TIME_OUT && status != U_REGEX_STACK_OVERFLOW) return false;
  rule.disabled = true;
  run_warnings.push_back(where(path, rule.line) + "rule disabled: regular expression " +
                         (status == U_REGEX_TIME_OUT ? "too slow" : "too deep") + " (" +
                         u_errorName(status) + ") in " + part);
  return true;
}

void SrxRules::Impl::add_rules(const std::string& path, const RawLanguageRule& language_rule) {
  for (const RawRule& raw : language_rule.rules) {
    Rule rule;
    rule.is_break = raw.is_break;
    rule.line = raw.line;
    UParseError parse_error;
    UErrorCode status = U_ZERO_ERROR;
    const char* failed_part = nullptr;
    long failed_line = raw.line;
    if (!raw.before.empty()) {
      rule.before_pattern = compile(raw.before, parse_error, status);
      if (!rule.before_pattern) {
        failed_part = "beforebreak";
        if (raw.before_line > 0) failed_line = raw.before_line;
      }
    }
    if (failed_part == nullptr && !raw.after.empty()) {
      rule.after_pattern = compile(raw.after, parse_error, status);
      if (!rule.after_pattern) {
        failed_part = "afterbreak";
        if (raw.after_line > 0) failed_line = raw.after_line;
      }
    }
    if (failed_part == nullptr) {
      if (rule.before_pattern) rule.before.reset(rule.before_pattern->matcher(status));
      if (U_SUCCESS(status) && rule.after_pattern) {
        rule.after.reset(rule.after_pattern->matcher(status));
      }
      if (U_FAILURE(status)) failed_part = rule.after_pattern ? "afterbreak" : "beforebreak";
    }
    if (failed_part != nullptr) {
      warnings.push_back(where(path, failed_line) + "rule skipped: " + u_errorName(status) +
                         " at offset " + std::to_string(parse_error.offset) + " in " + failed_part);
      continue;
    }
    rules.push_back(std::move(rule));
  }
}

// For every rule, in order, the candidate positions come from the cheaper side:
//  - beforebreak given: find() from every code point where a match can start (one past the start
//    of the previous match, so overlapping matches are seen); each match end is a candidate,
//    confirmed by afterbreak's lookingAt() there.
//  - only afterbreak given: every start of an afterbreak match (find() again, which is exact).
//  - neither: every code point boundary.
// A position keeps the decision of the first rule that matches it, so later rules skip decided
// positions without running their afterbreak.
//
// A rule whose regex gives up (ICU's time limit or backtracking stack limit) is disabled for the
// rest of the run, keeping the decisions it already made, and reported once.
//
// Limitations: from one start the matcher reports one end (the one backtracking prefers, e.g. the
// longest for a greedy quantifier), so ends reachable only by another match length from that start
// are missed: beforebreak "[.?!]+" on "?!" never ends between the two marks, and "\s*" followed by
// afterbreak "\s" never decides before a space (the greedy match swallows it). Exact SRX semantics
// would need "some match ends here" for every position, which ICU can only answer by trying every
// start: quadratic. Patterns that scan far from every start (".*\.") are quadratic here too.
void SrxRules::Impl::decide(std::string_view text, std::vector<SrxDecision>& out) {
  const size_t size = text.size();
  const int64_t size64 = static_cast<int64_t>(size);
  state.assign(size + 1, 0);
  UErrorCode status = U_ZERO_ERROR;
  UText utext = UTEXT_INITIALIZER;
  utext_openUTF8(&utext, text.data(), size64, &status);
  if (U_FAILURE(status)) return;

  const int32_t time_limit = static_cast<int32_t>(
      std::min<int64_t>(INT32_MAX, kRegexTimeLimitBase + size64 / kRegexTimeLimitBytesPerUnit));
  for (Rule& rule : rules) {
    if (rule.disabled) continue;
    const uint8_t decision = rule.is_break ? 2 : 1;
    if (rule.before) {
      rule.before->reset(&utext);
      rule.before->setTimeLimit(time_limit, status);
    }
    if (rule.after) {
      rule.after->reset(&utext);
      rule.after->setTimeLimit(time_limit, status);
    }
    // lookingAt(p) resets the region to the whole text, so lookbehind and \b see the text before
    // p, and ^ does not match at p (only at the start of the text).
    auto after_matches = [&](size_t p) {
      if (rule.disabled) return false;
      if (!rule.after) return true;
      UErrorCode s = U_ZERO_ERROR;
      const bool matches = rule.after->lookingAt(static_cast<int64_t>(p), s);
      disable_if_exhausted(rule, s, "afterbreak");
      return matches && U_SUCCESS(s);
    };
    if (rule.before) {
      size_t start = 0;
      while (start <= size && !rule.disabled) {
        UErrorCode s = U_ZERO_ERROR;
        const bool found = rule.before->find(static_cast<int64_t>(start), s);
        if (disable_if_exhausted(rule, s, "beforebreak") || !found || U_FAILURE(s)) break;
        const int64_t match_start = rule.before->start64(s);
        const int64_t match_end = rule.before->end64(s);
        if (U_FAILURE(s) || match_start < 0 || match_end < match_start || match_end > size64) break;
        const size_t end = static_cast<size_t>(match_end);
        if (state[end] == 0 && after_matches(end)) state[end] = decision;
        if (match_start >= size64) break;
        start = next_boundary(text, static_cast<size_t>(match_start));
      }
    } else if (rule.after) {
      size_t start = 0;
      while (start <= size) {
        UErrorCode s = U_ZERO_ERROR;
        const bool found = rule.after->find(static_cast<int64_t>(start), s);
        if (disable_if_exhausted(rule, s, "afterbreak") || !found || U_FAILURE(s)) break;
        const int64_t match_start = rule.after->start64(s);
        if (U_FAILURE(s) || match_start < 0 || match_start > size64) break;
        const size_t p = static_cast<size_t>(match_start);
        if (state[p] == 0) state[p] = decision;
        if (p >= size) break;
        start = next_boundary(text, p);
      }
    } else {
      for (size_t p = 0; p <= size; p = next_boundary(text, p)) {
        if (state[p] == 0) state[p] = decision;
        if (p == size) break;
      }
    }
  }
  utext_close(&utext);

  for (size_t p = 0; p <= size; ++p) {
    if (state[p] != 0) out.push_back(SrxDecision{p, state[p] == 2});
  }
}

SrxRules SrxRules::load(const std::string& path, const std::string& lang) {
  const RawSrx srx = parse_srx(path);
  SrxRules result;
  Impl& impl = *result.impl_;

  // Which <languagerule>s apply, in order.
  std::vector<const RawLanguageRule*> selected;
  auto find_rule = [&](const std::string& name) -> const RawLanguageRule* {
    for (const RawLanguageRule& lr : srx.language_rules) {
      if (lr.name == name) return &lr;
    }
    return nullptr;
  };
  const icu::UnicodeString ulang = icu::UnicodeString::fromUTF8(lang);
  for (const RawLanguageMap& map : srx.maps) {
    UParseError parse_error;
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::RegexPattern> pattern = compile(map.pattern, parse_error, status);
    std::unique_ptr<icu::RegexMatcher> matcher;
    if (pattern) matcher.reset(pattern->matcher(ulang, status));
    if (!pattern || U_FAILURE(status)) {
      impl.warnings.push_back(where(path, map.line) +
                              "language map skipped: " + u_errorName(status) + " at offset " +
                              std::to_string(parse_error.offset) + " in languagepattern");
      continue;
    }
    // Without cascade only the first matching map counts; the rest are still compiled so that a
    // bad pattern is reported whatever the language.
    if (!srx.cascade && !selected.empty()) continue;
    const bool matches = matcher->matches(status) && U_SUCCESS(status);
    if (!matches) continue;
    const RawLanguageRule* lr = find_rule(map.rule_name);
    if (lr == nullptr) {
      impl.warnings.push_back(where(path, map.line) + "language map skipped: no languagerule '" +
                              map.rule_name + "'");
    } else {
      selected.push_back(lr);
    }
  }
  // Also when the matching maps name no existing languagerule.
  if (selected.empty()) {
    const std::string wanted = ascii_lower(lang);
    for (const RawLanguageRule& lr : srx.language_rules) {
      if (ascii_lower(lr.name) == wanted) {
        selected.push_back(&lr);
        break;
      }
    }
  }
  if (selected.empty()) {
    throw Error(ErrorKind::kUsage, path, "no SRX rules for language '" + lang + "'");
  }
  impl.path = path;
  for (const RawLanguageRule* lr : selected) impl.add_rules(path, *lr);
  return result;
}

SrxRules::SrxRules() : impl_(std::make_unique<Impl>()) {}
SrxRules::~SrxRules() = default;
SrxRules::SrxRules(SrxRules&&) noexcept = default;
SrxRules& SrxRules::operator=(SrxRules&&) noexcept = default;

const std::vector<std::string>& SrxRules::warnings() const {
  static const std::vector<std::string> kNone;
  return impl_ ? impl_->warnings : kNone;
}

size_t SrxRules::rule_count() const { return impl_ ? impl_->rules.size() : 0; }

void SrxRules::decide(std::string_view text, std::vector<SrxDecision>& out) const {
  if (impl_) impl_->decide(text, out);
}

std::vector<std::string> SrxRules::take_run_warnings() const {
  std::vector<std::string> out;
  if (impl_) out.swap(impl_->run_warnings);
  return out;
}

}  // namespace talign
