#include "align/detect/language_guess.h"

#include <cld2/public/compact_lang_det.h>
#include <cld2/public/encodings.h>
#include <unicode/locid.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <array>
#include <initializer_list>
#include <optional>
#include <vector>

#include "align/common/error.h"
#include "align/split/language_tag.h"

namespace talign {
namespace {

// A megabyte says what language a document is in; CLD2 and the script count stay fast on a
// book-length file.
constexpr size_t kSampleBytes = 1 << 20;
// Below this many letter bytes CLD2's "reliable" still errs on names, numbers and quotations
// (a three-line test text in German with English names); a real document has far more.
constexpr int kMinCld2TextBytes = 300;
// CLD2 must find its language in most of the text: a bilingual or quoting document is no
// evidence against either language.
constexpr int kMinCld2Percent = 70;
// The script check needs this many letters and this share of them in one script: a few
// foreign words (names, product codes) in another script prove nothing.
constexpr size_t kMinScriptLetters = 100;
constexpr double kMinScriptShare = 0.8;

// Tags that name no single language: anything goes.
bool names_no_language(const std::string& primary) {
  return primary == "mul" || primary == "und" || primary == "zxx" || primary == "mis";
}

std::string primary_subtag(const std::string& tag) { return tag.substr(0, tag.find('-')); }

// Languages CLD2 tells apart poorly, or that a writer may well call by one another's name
// (Serbo-Croatian standards, Norwegian written standards and Danish, Malay and Indonesian...):
// a document in one declared as another is no wrong language worth a warning.
bool related_languages(const std::string& a, const std::string& b) {
  static const std::vector<std::vector<std::string>> kGroups = {
      {"hr", "bs", "sr", "sh", "cnr"}, {"no", "nb", "nn", "da"}, {"ms", "id", "zsm"},
      {"cs", "sk"},                    {"pt", "gl"},             {"es", "gl"},
      {"nl", "af", "fy"},              {"zh", "yue", "wuu"},     {"fa", "prs"},
      {"zu", "xh", "ss", "nr"},        {"st", "nso", "tn"},      {"rw", "rn"}};
  if (a == b) return true;
  for (const auto& group : kGroups)
    if (std::find(group.begin(), group.end(), a) != group.end() &&
        std::find(group.begin(), group.end(), b) != group.end())
      return true;
  return false;
}

// Languages written in more than one script in everyday use (Serbian in Cyrillic and Latin,
// Uzbek, Azerbaijani, Kurdish, Punjabi...): their text's script says nothing about the tag.
bool written_in_several_scripts(const std::string& primary) {
  static const std::array<const char*, 24> kLanguages = {
      "sr", "bs", "sh", "cnr", "uz", "az", "ku", "ckb", "kmr", "mn", "pa", "sd",
      "ks", "tg", "tk", "ug", "kk", "ky", "ha", "ms", "ff", "tt", "ba", "crh"};
  return std::find(kLanguages.begin(), kLanguages.end(), primary) != kLanguages.end();
}

// The script a declared tag is written in: the one it names, else ICU's likely script for it
// ("ar" -> "Arab", "zh" -> "Hans", "ja" -> "Jpan"); "" when ICU does not know.
std::string expected_script(const std::string& tag) {
  UErrorCode status = U_ZERO_ERROR;
  icu::Locale locale = icu::Locale::forLanguageTag(tag, status);
  if (U_FAILURE(status) || locale.isBogus()) return std::string();
  if (locale.getScript()[0] != '\0') return locale.getScript();
  locale.addLikelySubtags(status);
  if (U_FAILURE(status)) return std::string();
  return locale.getScript();
}

// Whether letters mostly in `text_script` can be text in a language written in `expected`:
// Chinese in Han (simplified or traditional), Japanese in Han and kana, Korean in Hangul and Han.
bool script_fits(const std::string& expected, const std::string& text_script) {
  if (expected == text_script) return true;
  if (expected == "Hans" || expected == "Hant" || expected == "Hani") return text_script == "Hani";
  if (expected == "Jpan")
    return text_script == "Hani" || text_script == "Hira" || text_script == "Kana" ||
           text_script == "Jpan";
  if (expected == "Kore") return text_script == "Hang" || text_script == "Hani";
  return false;
}

// Whether CLD2 can recognise `primary` at all: a language it has no model for is detected as a
// neighbour with confidence, so only the script can be checked.
bool cld2_recognises(const std::string& primary) {
  // CLD2 spells a few codes its own (pre-2000) way.
  std::string code = primary == "he" ? "iw" : primary == "jv" ? "jw" : primary;
  if (code == "fil") code = "tl";
  if (code == "nb") code = "no";
  const CLD2::Language lang = CLD2::GetLanguageFromName(code.c_str());
  return lang != CLD2::UNKNOWN_LANGUAGE &&
         CLD2::LanguageRecognizedScript(lang, 0) != CLD2::ULScript_Common;
}

std::string script_name(const std::string& code) {
  UScriptCode script = USCRIPT_INVALID_CODE;
  UErrorCode status = U_ZERO_ERROR;
  const bool found = uscript_getCode(code.c_str(), &script, 1, &status) == 1 && U_SUCCESS(status);
  const char* name = found ? uscript_getName(script) : nullptr;
  std::string out = name ? name : code;
  std::replace(out.begin(), out.end(), '_', ' ');
  return out;
}

// The sample: at most kSampleBytes, cut before a partial UTF-8 sequence.
std::string_view sample_of(std::string_view text) {
  if (text.size() <= kSampleBytes) return text;
  size_t end = kSampleBytes;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  return text.substr(0, end);
}

}  // namespace

LanguageGuess guess_language(std::string_view text) {
  LanguageGuess guess;
  const std::string_view sample = sample_of(text);

  // Letters by script; common (digits, punctuation) and inherited (combining marks) say nothing.
  std::vector<size_t> counts(USCRIPT_CODE_LIMIT, 0);
  const auto* bytes = reinterpret_cast<const uint8_t*>(sample.data());
  const int32_t length = static_cast<int32_t>(sample.size());
  for (int32_t i = 0; i < length;) {
    UChar32 c;
    U8_NEXT(bytes, i, length, c);
    if (c < 0 || !u_hasBinaryProperty(c, UCHAR_ALPHABETIC)) continue;
    UErrorCode status = U_ZERO_ERROR;
    const UScriptCode script = uscript_getScript(c, &status);
    if (U_FAILURE(status) || script == USCRIPT_COMMON || script == USCRIPT_INHERITED) continue;
    ++counts[script];
    ++guess.letters;
  }
  const auto top = std::max_element(counts.begin(), counts.end());
  if (*top > 0) {
    guess.script = uscript_getShortName(static_cast<UScriptCode>(top - counts.begin()));
    guess.script_share = static_cast<double>(*top) / static_cast<double>(guess.letters);
  }
  // Japanese mixes Han and kana in about equal parts: with kana among the Han letters, the text
  // is in the Japanese writing system as a whole ("Jpan").
  const size_t kana = counts[USCRIPT_HIRAGANA] + counts[USCRIPT_KATAKANA];
  const size_t japanese = kana + counts[USCRIPT_HAN];
  if (kana * 10 >= japanese && japanese > 0 && japanese >= *top) {
    guess.script = "Jpan";
    guess.script_share = static_cast<double>(japanese) / static_cast<double>(guess.letters);
  }

  if (sample.empty()) return guess;
  CLD2::CLDHints hints = {nullptr, nullptr, CLD2::UNKNOWN_ENCODING, CLD2::UNKNOWN_LANGUAGE};
  CLD2::Language language3[3];
  int percent3[3] = {0, 0, 0};
  double scores3[3];
  int text_bytes = 0;
  bool reliable = false;
  const CLD2::Language top_language = CLD2::ExtDetectLanguageSummary(
      sample.data(), static_cast<int>(sample.size()), /*is_plain_text=*/true, &hints, 0,
      language3, percent3, scores3, nullptr, &text_bytes, &reliable);
  if (!reliable || text_bytes < kMinCld2TextBytes || percent3[0] < kMinCld2Percent ||
      top_language == CLD2::UNKNOWN_LANGUAGE || top_language != language3[0])
    return guess;
  // CLD2's codes are old or its own ("iw", "zh-Hant"); its pseudo-languages for scripts it
  // has no model of ("xx-Qaai") are no ISO 639 language and are dropped here.
  if (const std::optional<std::string> tag = canonical_language_tag(CLD2::LanguageCode(top_language)))
    guess.language = *tag;
  return guess;
}

std::string guessed_language(const LanguageGuess& guess) {
  if (!guess.language.empty()) return guess.language;
  if (guess.letters < kMinScriptLetters || guess.script_share < kMinScriptShare) return std::string();
  // Scripts of one language each; Han alone (no kana) is Chinese.
  static const std::array<std::pair<const char*, const char*>, 22> kScripts = {{
      {"Hang", "ko"}, {"Jpan", "ja"}, {"Kana", "ja"}, {"Grek", "el"}, {"Hebr", "he"},
      {"Thai", "th"}, {"Armn", "hy"}, {"Geor", "ka"}, {"Khmr", "km"}, {"Laoo", "lo"},
      {"Mymr", "my"}, {"Sinh", "si"}, {"Ethi", "am"}, {"Gujr", "gu"}, {"Guru", "pa"},
      {"Orya", "or"}, {"Taml", "ta"}, {"Telu", "te"}, {"Knda", "kn"}, {"Mlym", "ml"},
      {"Tibt", "bo"}, {"Hani", "zh"}}};
  for (const auto& [script, language] : kScripts)
    if (guess.script == script) return language;
  return std::string();
}

std::string language_label(const std::string& tag) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Locale locale = icu::Locale::forLanguageTag(tag, status);
  icu::UnicodeString name;
  if (U_SUCCESS(status)) locale.getDisplayName(icu::Locale::getEnglish(), name);
  std::string out;
  name.toUTF8String(out);
  return out.empty() || out == tag ? tag : out + " (" + tag + ")";
}

std::string language_mismatch(const LanguageGuess& guess, const std::string& declared) {
  const std::string primary = primary_subtag(declared);
  if (names_no_language(primary)) return std::string();
  if (!guess.language.empty() && cld2_recognises(primary)) {
    if (related_languages(primary_subtag(guess.language), primary)) return std::string();
    return "text looks like " + language_label(guess.language) + ", not " +
           language_label(declared);
  }
  if (guess.letters < kMinScriptLetters || guess.script_share < kMinScriptShare ||
      written_in_several_scripts(primary))
    return std::string();
  const std::string expected = expected_script(declared);
  if (expected.empty() || script_fits(expected, guess.script)) return std::string();
  return "text is in " + script_name(guess.script) + " script, not in " + script_name(expected) +
         " script as " + language_label(declared) + " is written";
}

std::vector<LanguageProblem> check_pair_languages(const LanguageGuess& src_guess,
                                                  const LanguageGuess& tgt_guess,
                                                  const std::string& src_lang,
                                                  const std::string& tgt_lang,
                                                  const std::string& src_name,
                                                  const std::string& tgt_name,
                                                  bool same_text) {
  std::vector<LanguageProblem> out;
  if (same_text)
    out.push_back({src_name, "the source and the target (" + display_name(tgt_name) +
                                 ") hold the same text: a document aligned with itself"});
  const std::string src_problem = language_mismatch(src_guess, src_lang);
  const std::string tgt_problem = language_mismatch(tgt_guess, tgt_lang);
  // Swapped: each side is wrong for its own language and fits the other side's.
  if (!src_problem.empty() && !tgt_problem.empty() &&
      language_mismatch(src_guess, tgt_lang).empty() &&
      language_mismatch(tgt_guess, src_lang).empty() &&
      primary_subtag(src_lang) != primary_subtag(tgt_lang)) {
    out.push_back({src_name, "source and target look swapped: this text looks like the target "
                             "language, " + language_label(tgt_lang) + ", and " +
                                 display_name(tgt_name) + " like the source language, " +
                                 language_label(src_lang)});
    return out;
  }
  if (!src_problem.empty()) out.push_back({src_name, src_problem});
  if (!tgt_problem.empty()) out.push_back({tgt_name, tgt_problem});
  return out;
}

}  // namespace talign
