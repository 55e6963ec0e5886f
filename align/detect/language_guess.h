// Which language a text is in, from its letters: CLD2 (Google's Compact Language Detector 2,
// Debian's libcld2) where it is sure, the Unicode scripts of the letters (ICU) otherwise. Used
// to notice a wrong or swapped --src-lang/--tgt-lang and to resolve "auto"; it only ever
// reports, so a doubtful guess must not turn into a complaint.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace talign {

struct LanguageGuess {
  // Canonical BCP-47 tag of the language CLD2 found ("en", "he" for CLD2's "iw", "zh-Hant"), or
  // "" when CLD2 found nothing it is sure of: too little text, a mixture, or unknown to it.
  std::string language;
  // ISO 15924 code of the script most letters are in ("Latn", "Arab", "Cyrl", "Hani", "Hira"),
  // "" without letters; and the share of the letters in it (0..1).
  std::string script;
  double script_share = 0.0;
  size_t letters = 0;  // letters (alphabetic code points) in the text
};

// Guesses the language of `text` (valid UTF-8, e.g. Document::text). Looks at most at the first
// megabyte: a document's language shows long before that. Never throws on any valid UTF-8.
LanguageGuess guess_language(std::string_view text);

// The language "auto" stands for: the CLD2 language, else the one language a script is written
// in (Hangul: ko, Greek: el, Hebrew: he, Thai: th, ...); "" when the text does not tell.
std::string guessed_language(const LanguageGuess& guess);

// Why the text guessed as `guess` is not in `declared` (a canonical tag), as a message without a
// file name: "text looks like English (en), not Arabic (ar)" or "text is in Latin script, not
// in Arabic script as Arabic (ar) is written"; "" when it may well be. Only a sure guess
// counts: related languages CLD2 confuses (hr/bs/sr, no/nb/nn/da, ms/id, cs/sk, ...) and the
// scripts of one language (zh-Hans/zh-Hant, sr in Latin or Cyrillic) match each other, and a
// language CLD2 cannot recognise is only checked by script. "mul", "und", "zxx", "mis" match
// anything.
std::string language_mismatch(const LanguageGuess& guess, const std::string& declared);

// "English (en)": the English name of a canonical tag (from ICU) with the tag.
std::string language_label(const std::string& tag);

// A finding about the languages of a document pair, for a warning or (strict) an error.
struct LanguageProblem {
  std::string file;     // the file it is about (as given; "-" for stdin)
  std::string message;  // without the file name
};

// Checks a pair's sides against their declared languages (canonical tags): each side's
// language_mismatch, reported as one finding when the sides look swapped (the source looks like
// the target language and the target like the source language), and a finding when both sides
// hold the same text (the same file given twice).
std::vector<LanguageProblem> check_pair_languages(const LanguageGuess& src_guess,
                                                  const LanguageGuess& tgt_guess,
                                                  const std::string& src_lang,
                                                  const std::string& tgt_lang,
                                                  const std::string& src_name,
                                                  const std::string& tgt_name,
                                                  bool same_text);

}  // namespace talign
