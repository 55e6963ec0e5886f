#include <catch2/catch.hpp>
#include <optional>
#include <string>

#include "align/split/language_tag.h"

using talign::canonical_language_tag;

TEST_CASE("canonical_language_tag: BCP-47 from what users type", "[language]") {
  // Expected forms from BCP-47 and ISO 639 (639-2/B and /T codes, deprecated codes).
  const std::pair<const char*, const char*> cases[] = {
      {"en", "en"},          {"eng", "en"},           {"fre", "fr"},     {"fra", "fr"},
      {"ger", "de"},         {"en_US", "en-US"},      {"EN-us", "en-US"}, {"de-CH", "de-CH"},
      {"iw", "he"},          {"zh_Hans_CN", "zh-Hans-CN"}, {"ZH-hant-tw", "zh-Hant-TW"},
      {"sr_Latn", "sr-Latn"}, {"fil", "fil"},
  };
  for (const auto& [typed, canonical] : cases) {
    INFO(typed);
    REQUIRE(canonical_language_tag(typed).has_value());
    CHECK(*canonical_language_tag(typed) == canonical);
  }
}

TEST_CASE("canonical_language_tag: no language, no tag", "[language]") {
  for (const char* bad : {"", "english", "xx", "und", "e", "en us", "123", "en--US", "-en"}) {
    INFO(bad);
    CHECK_FALSE(canonical_language_tag(bad).has_value());
  }
}
