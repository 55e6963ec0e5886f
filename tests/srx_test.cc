// Tests for align/split/srx: loading SRX 2.0 files, choosing rules by language, and the
// positions the rules decide. Expected positions are found by searching the sample text, not
// copied from the code's output.
#include "align/split/srx.h"

#include <unicode/regex.h>
#include <unicode/utext.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <cstdio>
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <memory>
#include <random>
#include <sstream>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

#include "align/common/error.h"

using talign::Error;
using talign::ErrorKind;
using talign::SrxDecision;
using talign::SrxRules;

namespace {

std::string srx_data_path(const std::string& name) {
  return std::string(TALIGN_SOURCE_DIR) + "/tests/data/srx/" + name;
}

std::vector<SrxDecision> decide(const SrxRules& rules, const std::string& text) {
  std::vector<SrxDecision> out;
  rules.decide(text, out);
  return out;
}

// Decisions as (position, is_break) pairs, which Catch can print and compare.
using DecisionPairs = std::vector<std::pair<size_t, bool>>;

DecisionPairs decision_pairs(const std::vector<SrxDecision>& decisions) {
  DecisionPairs out;
  for (const SrxDecision& d : decisions) out.emplace_back(d.position, d.is_break);
  return out;
}

// The byte offset just after the first occurrence of `needle` at or after `from`.
size_t after(const std::string& text, const std::string& needle, size_t from = 0) {
  const size_t at = text.find(needle, from);
  REQUIRE(at != std::string::npos);
  return at + needle.size();
}

// 1-based number of the first line of `path` containing `needle`, or 0.
long line_containing(const std::string& path, const std::string& needle) {
  std::ifstream in(path);
  std::string line;
  for (long n = 1; std::getline(in, line); ++n) {
    if (line.find(needle) != std::string::npos) return n;
  }
  return 0;
}

std::string xml_escape(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '<') {
      out += "&lt;";
    } else if (c == '&') {
      out += "&amp;";
    } else {
      out += c;
    }
  }
  return out;
}

// Loads SRX text written to a temporary file (named per process, so parallel runs do not clash).
SrxRules load_text(const std::string& srx, const std::string& lang) {
  const std::filesystem::path path = std::filesystem::temp_directory_path() /
                                     ("talign_srx_test_" + std::to_string(::getpid()) + ".srx");
  {
    std::ofstream out(path);
    out << srx;
  }
  struct Remove {
    std::filesystem::path path;
    ~Remove() {
      std::error_code ignored;
      std::filesystem::remove(path, ignored);
    }
  } remove{path};
  return SrxRules::load(path.string(), lang);
}

bool at_code_point_boundary(const std::string& text, size_t p) {
  return p == text.size() || (static_cast<unsigned char>(text[p]) & 0xC0) != 0x80;
}

// Reference semantics, quadratic on purpose: a rule matches at p when beforebreak matches some
// [s, p) exactly and afterbreak matches a prefix of [p, end), both seeing the whole text as
// context; the first matching rule decides.
struct OracleRule {
  bool is_break;
  const char* before;
  const char* after;
};

DecisionPairs oracle(const std::vector<OracleRule>& rules, const std::string& text) {
  UErrorCode status = U_ZERO_ERROR;
  UText utext = UTEXT_INITIALIZER;
  utext_openUTF8(&utext, text.data(), static_cast<int64_t>(text.size()), &status);
  REQUIRE(U_SUCCESS(status));
  std::vector<std::unique_ptr<icu::RegexPattern>> patterns;
  std::vector<std::pair<std::unique_ptr<icu::RegexMatcher>, std::unique_ptr<icu::RegexMatcher>>>
      matchers;
  for (const OracleRule& rule : rules) {
    UParseError pe;
    std::unique_ptr<icu::RegexMatcher> before, after;
    if (*rule.before != '\0') {
      patterns.emplace_back(
          icu::RegexPattern::compile(icu::UnicodeString::fromUTF8(rule.before), 0, pe, status));
      before.reset(patterns.back()->matcher(status));
      before->reset(&utext);
      before->useTransparentBounds(true).useAnchoringBounds(false);
    }
    if (*rule.after != '\0') {
      patterns.emplace_back(
          icu::RegexPattern::compile(icu::UnicodeString::fromUTF8(rule.after), 0, pe, status));
      after.reset(patterns.back()->matcher(status));
      after->reset(&utext);
      after->useTransparentBounds(true).useAnchoringBounds(false);
    }
    REQUIRE(U_SUCCESS(status));
    matchers.emplace_back(std::move(before), std::move(after));
  }
  DecisionPairs out;
  const int64_t size = static_cast<int64_t>(text.size());
  for (int64_t p = 0; p <= size; ++p) {
    if (!at_code_point_boundary(text, static_cast<size_t>(p))) continue;
    for (size_t r = 0; r < rules.size(); ++r) {
      auto& [before, after] = matchers[r];
      bool before_ok = before == nullptr;
      for (int64_t s = p; !before_ok && s >= 0; --s) {
        if (!at_code_point_boundary(text, static_cast<size_t>(s))) continue;
        before->region(s, p, status);
        before_ok = before->matches(status);
      }
      bool after_ok = after == nullptr;
      if (!after_ok) {
        after->region(p, size, status);
        after_ok = after->lookingAt(status);
      }
      REQUIRE(U_SUCCESS(status));
      if (before_ok && after_ok) {
        out.emplace_back(static_cast<size_t>(p), rules[r].is_break);
        break;
      }
    }
  }
  utext_close(&utext);
  return out;
}

}  // namespace

TEST_CASE("SRX English rules decide exactly the expected positions", "[srx]") {
  const SrxRules rules = SrxRules::load(srx_data_path("en.srx"), "en");
  CHECK(rules.warnings().empty());
  CHECK(rules.rule_count() == 2);

  const std::string text =
      "Hello Mr. Smith. How are you? I met Dr. Who! fine thanks. ProfDr. Jones said so.";
  const DecisionPairs expected = {
      {after(text, "Mr."), false},    // first rule: title
      {after(text, "Smith."), true},  // second rule
      {after(text, "you?"), true},    // second rule
      {after(text, "Dr."), false},    // first rule: title
      // "Who! fine": lower case after, no rule matches.
      // "thanks. ProfDr.": break, upper case follows.
      {after(text, "thanks."), true},
      // "ProfDr." is no title (\b needs the context before the match), so the break rule decides.
      {after(text, "ProfDr."), true},
      // The final stop has nothing after it.
  };
  CHECK(decision_pairs(decide(rules, text)) == expected);

  // Another language tag matched by "en.*"; decide() appends and does not clear.
  const SrxRules gb = SrxRules::load(srx_data_path("en.srx"), "en-GB");
  std::vector<SrxDecision> out = {{999, true}};
  gb.decide("Hi. Bye.", out);
  REQUIRE(out.size() == 2);
  CHECK(out[0].position == 999);
  CHECK(out[1].position == 3);
  CHECK(out[1].is_break);
}

TEST_CASE("SRX: the first matching rule wins", "[srx]") {
  // "en-x-reversed" is listed before "en.*" and cascade is "no", so only the reversed rules apply:
  // the break rule now comes first and also decides after "Mr.".
  const SrxRules reversed = SrxRules::load(srx_data_path("en.srx"), "en-x-reversed");
  CHECK(reversed.rule_count() == 2);
  const std::string text = "Ask Mr. Lee. He knows Dr. who.";
  CHECK(decision_pairs(decide(reversed, text)) == DecisionPairs{{after(text, "Mr."), true},
                                                                {after(text, "Lee."), true},
                                                                {after(text, "Dr."), false}});

  const SrxRules normal = SrxRules::load(srx_data_path("en.srx"), "en");
  CHECK(decision_pairs(decide(normal, text)) == DecisionPairs{{after(text, "Mr."), false},
                                                              {after(text, "Lee."), true},
                                                              {after(text, "Dr."), false}});
}

TEST_CASE("SRX cascade yes takes every matching map, cascade no only the first", "[srx]") {
  const std::string text = "Nr. 5 ist gut. Das bzw. dies ist alles.";
  const size_t nr = after(text, "Nr.");
  const size_t gut = after(text, "gut.");
  const size_t bzw = after(text, "bzw.");

  const SrxRules yes = SrxRules::load(srx_data_path("cascade_yes.srx"), "de-CH");
  CHECK(yes.rule_count() == 2);  // German's good rule + Default's
  CHECK(decision_pairs(decide(yes, text)) == DecisionPairs{{nr, false}, {gut, true}, {bzw, false}});

  const SrxRules no = SrxRules::load(srx_data_path("cascade_no.srx"), "de-CH");
  CHECK(no.rule_count() == 1);  // German's good rule only
  CHECK(decision_pairs(decide(no, text)) == DecisionPairs{{nr, false}, {bzw, false}});

  // "en" matches only ".*": the Default rules, with or without cascade.
  const SrxRules en = SrxRules::load(srx_data_path("cascade_no.srx"), "en");
  CHECK(en.rule_count() == 1);
  CHECK(decision_pairs(decide(en, text)) == DecisionPairs{{nr, true}, {gut, true}, {bzw, true}});
}

TEST_CASE("SRX rules and language patterns that do not compile are skipped with a warning",
          "[srx]") {
  const std::string path = srx_data_path("cascade_yes.srx");
  const SrxRules rules = SrxRules::load(path, "de");
  const long before_line = line_containing(path, "<beforebreak>(</beforebreak>");
  const long after_line = line_containing(path, "<afterbreak>[</afterbreak>");
  const long map_line = line_containing(path, "languagepattern=\"(\"");
  REQUIRE(before_line > 0);
  REQUIRE(after_line > 0);
  REQUIRE(map_line > 0);

  const std::vector<std::string>& warnings = rules.warnings();
  REQUIRE(warnings.size() == 3);
  // Map patterns are checked before the rules of the chosen language are compiled.
  CHECK(warnings[0].find(path + ": line " + std::to_string(map_line) + ": ") == 0);
  CHECK(warnings[0].find("languagepattern") != std::string::npos);
  CHECK(warnings[1] == path + ": line " + std::to_string(before_line) +
                           ": rule skipped: U_REGEX_MISMATCHED_PAREN at offset 1 in beforebreak");
  CHECK(warnings[2].find(path + ": line " + std::to_string(after_line) + ": rule skipped: U_") ==
        0);
  CHECK(warnings[2].find(" in afterbreak") != std::string::npos);
  CHECK(rules.rule_count() == 2);

  // The bad map is reported even when an earlier map already decided (cascade="no").
  const SrxRules no = SrxRules::load(srx_data_path("cascade_no.srx"), "de");
  REQUIRE(no.warnings().size() == 3);
  CHECK(no.warnings()[0].find("languagepattern") != std::string::npos);

  // Languages that do not use the German rules get no rule warnings.
  const SrxRules en = SrxRules::load(path, "en");
  REQUIRE(en.warnings().size() == 1);
  CHECK(en.warnings()[0].find("languagepattern") != std::string::npos);
}

TEST_CASE("SRX load errors", "[srx]") {
  SECTION("malformed XML is kData with its line") {
    const std::string path = srx_data_path("malformed.srx");
    try {
      SrxRules::load(path, "en");
      FAIL("no exception");
    } catch (const Error& e) {
      CHECK(e.kind() == ErrorKind::kData);
      CHECK(e.file() == path);
      CHECK(e.line() > 0);
      // The mismatch is detected at the closing </languagerule>.
      CHECK(e.line() == line_containing(path, "</languagerule>"));
      const std::string what = e.what();
      CHECK(what.find(path + ": malformed SRX: ") == 0);
      CHECK(what.find(" at line " + std::to_string(e.line())) != std::string::npos);
    }
  }
  SECTION("no rules for the language is kUsage") {
    try {
      SrxRules::load(srx_data_path("french_only.srx"), "en");
      FAIL("no exception");
    } catch (const Error& e) {
      CHECK(e.kind() == ErrorKind::kUsage);
      CHECK(std::string(e.what()).find("no SRX rules for language 'en'") != std::string::npos);
    }
    CHECK(SrxRules::load(srx_data_path("french_only.srx"), "fr-CA").rule_count() == 1);
  }
  SECTION("a missing file is kData") {
    const std::string path = srx_data_path("does-not-exist.srx");
    try {
      SrxRules::load(path, "en");
      FAIL("no exception");
    } catch (const Error& e) {
      CHECK(e.kind() == ErrorKind::kData);
      CHECK(e.file() == path);
      CHECK(std::string(e.what()).find("cannot open") != std::string::npos);
    }
  }
  SECTION("a file that is not SRX is kData") {
    const std::string path = std::string(TALIGN_SOURCE_DIR) + "/tests/CMakeLists.txt";
    CHECK_THROWS_AS(SrxRules::load(path, "en"), Error);
  }
}

TEST_CASE("SRX decisions on non-ASCII text are byte offsets at code point boundaries", "[srx]") {
  const SrxRules ru = SrxRules::load(srx_data_path("en.srx"), "ru");
  const std::string russian = "Привет. Мир. ещё раз";
  const DecisionPairs ru_expected = {{after(russian, "Привет."), true},
                                     {after(russian, "Мир."), true}};
  CHECK(ru_expected[0].first == 13);  // 6 two-byte letters and the stop
  CHECK(decision_pairs(decide(ru, russian)) == ru_expected);

  // Arabic has no case; the Generic rules also know the Arabic question mark.
  const SrxRules ar = SrxRules::load(srx_data_path("en.srx"), "ar");
  const std::string arabic = "مرحبا. كيف حالك؟ أنا بخير.";
  CHECK(decision_pairs(decide(ar, arabic)) ==
        DecisionPairs{{after(arabic, "مرحبا."), true}, {after(arabic, "حالك؟"), true}});

  // A rule with neither side matches at every code point boundary, 1- to 4-byte characters.
  const SrxRules everywhere = SrxRules::load(srx_data_path("en.srx"), "everywhere");
  const std::string mixed = "aб€😀";
  CHECK(decision_pairs(decide(everywhere, mixed)) ==
        DecisionPairs{{0, true}, {1, true}, {3, true}, {6, true}, {10, true}});
  for (const SrxDecision& d : decide(everywhere, russian)) {
    CHECK(at_code_point_boundary(russian, d.position));
  }
  CHECK(decide(everywhere, russian).size() == 21);  // 20 characters, 21 boundaries
  CHECK(decision_pairs(decide(everywhere, "")) == DecisionPairs{{0, true}});
}

TEST_CASE("SRX rules with a missing side and name fallback", "[srx]") {
  // No languagemap matches "PARTIAL": the languagerule of that name (any case) applies.
  const SrxRules rules = SrxRules::load(srx_data_path("en.srx"), "PARTIAL");
  CHECK(rules.rule_count() == 2);
  const std::string text = "box 12x";
  // No-break before each digit (no beforebreak), break after each "x" (no afterbreak); the
  // no-break rule comes first but does not apply after "x" here.
  CHECK(decision_pairs(decide(rules, text)) == DecisionPairs{{after(text, "box"), true},
                                                             {after(text, "box "), false},
                                                             {after(text, "box 1"), false},
                                                             {after(text, "12x"), true}});
}

TEST_CASE("SRX decisions agree with a brute-force reference", "[srx]") {
  // Rules whose beforebreak has one possible end per start, so the fast search is exact. They
  // use context on both sides: \b, lookbehind, lookahead and the end of the text.
  const std::vector<OracleRule> oracle_rules = {
      {false, "\\b(?:Mr|Dr|etc)\\.", "\\s"},
      {false, "(?<=\\d)\\.", "\\d"},
      {true, "[.?!]", "\\s+\\p{Lu}"},
      {true, "", "(?<=\\n)\\S"},
      {false, "\\p{Ll}", "$"},
      // Matches overlap ("abc" has ends after "ab" and "bc"): found only by searching again from
      // each match start + 1, not from the previous match end.
      {true, "\\p{L}\\p{L}", " "},
  };
  std::ostringstream srx;
  srx << "<?xml version=\"1.0\"?>\n<srx xmlns=\"http://www.lisa.org/srx20\" version=\"2.0\">"
         "<header cascade=\"no\"/><body><languagerules><languagerule languagerulename=\"T\">\n";
  for (const OracleRule& r : oracle_rules) {
    srx << "<rule break=\"" << (r.is_break ? "yes" : "no") << "\">";
    if (*r.before) srx << "<beforebreak>" << xml_escape(r.before) << "</beforebreak>";
    if (*r.after) srx << "<afterbreak>" << xml_escape(r.after) << "</afterbreak>";
    srx << "</rule>\n";
  }
  srx << "</languagerule></languagerules><maprules/></body></srx>\n";
  const SrxRules rules = load_text(srx.str(), "t");
  REQUIRE(rules.rule_count() == oracle_rules.size());

  const std::vector<std::string> pieces = {"Mr.", "Dr.", "etc.", "3.5",  "a",  "B", " ",
                                           "  ",  ".",   "?",    "!",    "\n", "é", "Ж",
                                           "ж",   "中",  "😀",    "xMr.", "1.", "Z"};
  std::mt19937 random(20240611);
  std::uniform_int_distribution<size_t> pick(0, pieces.size() - 1);
  for (int round = 0; round < 200; ++round) {
    std::string text;
    const int length = 1 + round % 25;
    for (int i = 0; i < length; ++i) text += pieces[pick(random)];
    INFO("text: " << text);
    CHECK(decision_pairs(decide(rules, text)) == oracle(oracle_rules, text));
  }
}

TEST_CASE("SRX decide handles a 10 KB paragraph with 50 rules", "[srx]") {
  // 50 rules of the usual kinds (abbreviations, punctuation) against a 10 KB paragraph.
  std::ostringstream srx;
  srx << "<?xml version=\"1.0\"?>\n<srx xmlns=\"http://www.lisa.org/srx20\" version=\"2.0\">"
         "<header cascade=\"no\"/><body><languagerules><languagerule languagerulename=\"Big\">\n";
  for (int i = 0; i < 45; ++i) {
    srx << "<rule break=\"no\"><beforebreak>\\b(?:Abbr" << i << "|A" << i
        << "b)\\.</beforebreak><afterbreak>\\s</afterbreak></rule>\n";
  }
  srx << "<rule break=\"no\"><beforebreak>\\b\\p{Lu}\\.</beforebreak>"
         "<afterbreak>\\s\\p{Lu}</afterbreak></rule>\n"
         "<rule break=\"no\"><beforebreak>[.?!]+</beforebreak>"
         "<afterbreak>\\s+\\p{Ll}</afterbreak></rule>\n"
         "<rule break=\"no\"><afterbreak>\\d</afterbreak></rule>\n"
         "<rule break=\"yes\"><beforebreak>\\w+[.?!]+[\"')]*</beforebreak>"
         "<afterbreak>\\s</afterbreak></rule>\n"
         "<rule "
         "break=\"yes\"><beforebreak>[.?!]</beforebreak><afterbreak>\\s+</afterbreak></rule>\n";
  srx << "</languagerule></languagerules><maprules/></body></srx>\n";
  const SrxRules rules = load_text(srx.str(), "big");
  REQUIRE(rules.warnings().empty());
  REQUIRE(rules.rule_count() == 50);

  std::string text;
  const std::string sentence =
      "The Abbr7. committee met J. Smith in Zürich on 12 May. Was it 3.5? ";
  while (text.size() < 10000) text += sentence;
  std::vector<SrxDecision> out;
  rules.decide(text, out);
  // Speed is measured by scripts/bench-split; here only the result on a large input matters.
  CHECK(!out.empty());
  CHECK(std::is_sorted(out.begin(), out.end(),
                       [](const SrxDecision& a, const SrxDecision& b) { return a.position < b.position; }));
}

TEST_CASE("SRX: a catastrophic regex is stopped, disabled and reported once", "[srx]") {
  const std::string srx =
      "<?xml version=\"1.0\"?>\n<srx xmlns=\"http://www.lisa.org/srx20\" version=\"2.0\">\n"
      "<header cascade=\"no\"/><body><languagerules><languagerule languagerulename=\"t\">\n"
      "<rule break=\"no\"><beforebreak>(a|aa)*c</beforebreak></rule>\n"
      "<rule break=\"yes\"><beforebreak>\\.</beforebreak><afterbreak>\\s</afterbreak></rule>\n"
      "</languagerule></languagerules><maprules/></body></srx>\n";
  const SrxRules rules = load_text(srx, "t");
  REQUIRE(rules.warnings().empty());
  const std::string text = std::string(5000, 'a') + ". Next. " + std::string(5000, 'a');
  // Without a time limit the first rule backtracks for longer than anyone waits; the bound here
  // only tells "stopped" from "hung".
  const auto start = std::chrono::steady_clock::now();
  const DecisionPairs first = decision_pairs(decide(rules, text));
  const DecisionPairs second = decision_pairs(decide(rules, text));
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(20));
  // The other rule still decides.
  const DecisionPairs expected = {{after(text, "."), true}, {after(text, "Next."), true}};
  CHECK(first == expected);
  CHECK(second == expected);
  const std::vector<std::string> warnings = rules.take_run_warnings();
  REQUIRE(warnings.size() == 1);
  CHECK(warnings[0].find("line 4: rule disabled") != std::string::npos);
  CHECK(warnings[0].find("U_REGEX_TIME_OUT") != std::string::npos);
  CHECK(rules.take_run_warnings().empty());  // drained
}

TEST_CASE("SrxRules moves", "[srx]") {
  SrxRules rules = SrxRules::load(srx_data_path("en.srx"), "en");
  SrxRules moved(std::move(rules));
  CHECK(moved.rule_count() == 2);
  SrxRules assigned;
  CHECK(assigned.rule_count() == 0);
  CHECK(decide(assigned, "A. B").empty());
  assigned = std::move(moved);
  CHECK(assigned.rule_count() == 2);
  CHECK(decide(assigned, "A. B").size() == 1);
}
