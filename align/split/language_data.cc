#include "align/split/language_data.h"

#include <unicode/locid.h>
#include <unicode/putil.h>
#include <unicode/uchar.h>
#include <unicode/utf8.h>
#include <unicode/udata.h>
#include <unicode/uscript.h>
#include <unicode/unistr.h>
#include <unicode/ures.h>

#include <algorithm>
#include <cstdlib>
#include <map>
#include <memory>
#include <mutex>

namespace talign {
namespace {

std::string lower_first_letter(std::string_view word) {
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(icu::StringPiece(word.data(), word.size()));
  if (u.isEmpty()) return std::string();
  const UChar32 first = u.char32At(0);
  const UChar32 lower = u_tolower(first);
  if (lower == first) return std::string();
  icu::UnicodeString result;
  result.append(lower);
  result.append(u, U16_LENGTH(first), u.length() - U16_LENGTH(first));
  std::string out;
  result.toUTF8String(out);
  return out;
}

// The characters of a token in a character section: the token's own characters, or one code point
// written "U+0589" (for marks that are hard to see or to type).
std::vector<UChar32> token_characters(std::string_view token) {
  std::vector<UChar32> out;
  if (token.size() > 2 && (token[0] == 'U' || token[0] == 'u') && token[1] == '+') {
    out.push_back(static_cast<UChar32>(std::strtol(std::string(token.substr(2)).c_str(), nullptr, 16)));
    return out;
  }
  int32_t i = 0;
  const int32_t length = static_cast<int32_t>(token.size());
  while (i < length) {
    UChar32 c;
    U8_NEXT(token.data(), i, length, c);
    if (c >= 0) out.push_back(c);
  }
  return out;
}

bool is_icu_terminator(UChar32 c) {
  const int32_t sb = u_getIntPropertyValue(c, UCHAR_SENTENCE_BREAK);
  return sb == U_SB_ATERM || sb == U_SB_STERM;
}

bool contains(const std::vector<UChar32>& v, UChar32 c) {
  return std::find(v.begin(), v.end(), c) != v.end();
}

}  // namespace

std::string primary_language(std::string_view tag) {
  std::string out;
  for (char c : tag) {
    if (c == '-' || c == '_' || c == '@' || c == '.') break;
    out.push_back(static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c));
  }
  if (out.empty()) return out;
  // ICU's alias data knows the ISO 639-2/B and 639-3 codes of languages with a two-letter code.
  const icu::Locale canonical = icu::Locale::createCanonical(out.c_str());
  const char* language = canonical.getLanguage();
  if (!canonical.isBogus() && language != nullptr && language[0] != '\0') out = language;
  return out;
}

bool is_language_tag(std::string_view tag) {
  auto is_alpha = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); };
  auto is_alnum = [&](char c) { return is_alpha(c) || (c >= '0' && c <= '9'); };
  size_t i = 0;
  while (i < tag.size() && is_alpha(tag[i])) ++i;
  if (i < 2 || i > 3) return false;
  while (i < tag.size()) {
    if (tag[i] != '-' && tag[i] != '_') return false;
    const size_t start = ++i;
    while (i < tag.size() && is_alnum(tag[i])) ++i;
    if (i == start || i - start > 8) return false;
  }
  return true;
}

LanguageData::LanguageData(std::string language) : language_(std::move(language)) {
  for (int c = 0; c < 128; ++c) ascii_terminators_[c] = is_icu_terminator(c);
  // und.txt holds what every language shares (terminators of all scripts, quotation marks,
  // bullets); the language's own file adds to it.
  for (const char* file : {"und", language_.c_str()}) {
    for (int i = 0; i < kEmbeddedLangFileCount; ++i) {
      if (std::string_view(file) == kEmbeddedLangFiles[i].language) {
        if (language_ != "und" && std::string_view(file) != "und") own_data_ = true;
        parse(kEmbeddedLangFiles[i].content, false);
      }
    }
    if (language_ == "und") break;
  }
  add_icu_suppressions();
}

LanguageData LanguageData::with_user_data(std::string_view content) const {
  LanguageData copy = *this;
  copy.parse(content, true);
  return copy;
}

void LanguageData::add_terminator(UChar32 c) {
  removed_terminators_.erase(std::remove(removed_terminators_.begin(), removed_terminators_.end(), c),
                             removed_terminators_.end());
  if (c < 0x80) {
    ascii_terminators_[c] = true;
  }
  if (!is_icu_terminator(c) && !contains(extra_terminators_, c)) extra_terminators_.push_back(c);
}

void LanguageData::remove_terminator(UChar32 c) {
  extra_terminators_.erase(std::remove(extra_terminators_.begin(), extra_terminators_.end(), c),
                           extra_terminators_.end());
  if (c < 0x80) ascii_terminators_[c] = false;
  if (is_icu_terminator(c) && !contains(removed_terminators_, c)) removed_terminators_.push_back(c);
}

bool LanguageData::is_non_ascii_terminator(UChar32 c) const {
  if (is_icu_terminator(c)) return !contains(removed_terminators_, c);
  return contains(extra_terminators_, c);
}

bool LanguageData::is_removed_terminator(UChar32 c) const { return contains(removed_terminators_, c); }

bool LanguageData::opens_quotation(UChar32 open) const {
  for (const auto& [o, c] : quotation_pairs_) {
    if (o == open) return true;
  }
  return false;
}

bool LanguageData::closes_quotation(UChar32 open, UChar32 close) const {
  for (const auto& [o, c] : quotation_pairs_) {
    if (o == open && c == close) return true;
  }
  return false;
}

bool LanguageData::is_sentence_opener(UChar32 c) const { return contains(sentence_openers_, c); }


void LanguageData::parse(std::string_view content, bool user) {
  enum class Section {
    kNone, kOptions, kNonfinal, kNumeric, kAbbreviations, kStarters, kTerminators,
    kNotTerminators, kQuotes, kOpeners, kBullets, kFinalEndings, kEmoticons, kCapitalised,
    kJoiners, kListMarkers, kDialogueDashes, kIntroducers, kSpeechVerbs
  };
  // A user's plain list (no section header) holds abbreviations that never end a sentence.
  Section section = user ? Section::kNonfinal : Section::kNone;
  size_t pos = 0;
  while (pos < content.size()) {
    size_t eol = content.find('\n', pos);
    if (eol == std::string_view::npos) eol = content.size();
    std::string_view line = content.substr(pos, eol - pos);
    pos = eol + 1;
    if (line.empty() || line[0] == '#') continue;
    if (line[0] == '[') {
      if (line.starts_with("[options]")) section = Section::kOptions;
      else if (line.starts_with("[nonfinal]")) section = Section::kNonfinal;
      else if (line.starts_with("[numeric]")) section = Section::kNumeric;
      else if (line.starts_with("[abbreviations]")) section = Section::kAbbreviations;
      else if (line.starts_with("[starters]")) section = Section::kStarters;
      else if (line.starts_with("[terminators]")) section = Section::kTerminators;
      else if (line.starts_with("[not_terminators]")) section = Section::kNotTerminators;
      else if (line.starts_with("[quotes]")) section = Section::kQuotes;
      else if (line.starts_with("[openers]")) section = Section::kOpeners;
      else if (line.starts_with("[bullets]")) section = Section::kBullets;
      else if (line.starts_with("[final_endings]")) section = Section::kFinalEndings;
      else if (line.starts_with("[emoticons]")) section = Section::kEmoticons;
      else if (line.starts_with("[capitalised]")) section = Section::kCapitalised;
      else if (line.starts_with("[joiners]")) section = Section::kJoiners;
      else if (line.starts_with("[list_markers]")) section = Section::kListMarkers;
      else if (line.starts_with("[dialogue_dashes]")) section = Section::kDialogueDashes;
      else if (line.starts_with("[introducers]")) section = Section::kIntroducers;
      else if (line.starts_with("[speech_verbs]")) section = Section::kSpeechVerbs;
      else section = Section::kNone;
      continue;
    }
    size_t i = 0;
    while (i < line.size()) {
      while (i < line.size() && (line[i] == ' ' || line[i] == '\t' || line[i] == '\r')) ++i;
      size_t j = i;
      while (j < line.size() && line[j] != ' ' && line[j] != '\t' && line[j] != '\r') ++j;
      if (j == i) break;
      std::string word(line.substr(i, j - i));
      i = j;
      // Users write abbreviations with their period ("TP."); the lists leave it out.
      const bool abbreviation_section = section == Section::kNonfinal ||
                                        section == Section::kNumeric ||
                                        section == Section::kAbbreviations;
      if (abbreviation_section && word.size() > 1 && word.back() == '.') word.pop_back();
      switch (section) {
        case Section::kOptions:
          if (word == "ordinal_dot=yes") ordinal_dot_ = true;
          if (word == "dateline_colon=yes") dateline_colon_ = true;
          if (word == "colon_capital_ends=yes") colon_capital_ends_ = true;
          if (word == "space_ends_sentence=yes") space_ends_sentence_ = true;
          if (word.starts_with("quote_runs_on=")) {
            const std::string script = word.substr(std::string_view("quote_runs_on=").size());
            quote_runs_on_ = u_getPropertyValueEnum(UCHAR_SCRIPT, script.c_str());
          }
          break;
        case Section::kNonfinal:
          abbreviations_[word] = AbbreviationKind::kNonfinal;
          break;
        case Section::kNumeric:
          abbreviations_.try_emplace(word, AbbreviationKind::kNumeric);
          break;
        case Section::kAbbreviations:
          abbreviations_.try_emplace(word, AbbreviationKind::kAmbiguous);
          break;
        case Section::kStarters:
          starters_.insert(word);
          break;
        case Section::kTerminators:
          for (UChar32 c : token_characters(word)) add_terminator(c);
          break;
        case Section::kNotTerminators:
          for (UChar32 c : token_characters(word)) remove_terminator(c);
          break;
        case Section::kQuotes: {
          const std::vector<UChar32> pair = token_characters(word);
          if (pair.size() == 2) quotation_pairs_.emplace_back(pair[0], pair[1]);
          break;
        }
        case Section::kOpeners:
          for (UChar32 c : token_characters(word)) sentence_openers_.push_back(c);
          break;
        case Section::kBullets:
          for (UChar32 c : token_characters(word)) {
            bullets_.push_back(c);
            if (c >= 0 && c < 0x80) ascii_bullets_[c] = true;
          }
          break;
        case Section::kFinalEndings:
          final_endings_.push_back(word);
          break;
        case Section::kEmoticons:
          emoticons_.push_back(word);
          if (emoticon_starts_.find(word[0]) == std::string::npos) emoticon_starts_ += word[0];
          break;
        case Section::kCapitalised:
          capitalised_.insert(word);
          break;
        case Section::kJoiners:
          joiners_.insert(word);
          break;
        case Section::kSpeechVerbs:
          speech_verbs_.insert(word);
          break;
        case Section::kListMarkers: {
          // "1" stands for a number, "a" for a letter; the rest is written as is ("(1)", "a.)").
          const size_t label = word.find_first_of("1a");
          if (label == std::string::npos) break;
          ListMarkerForm form;
          form.prefix = word.substr(0, label);
          form.label = word[label] == '1' ? ListMarkerForm::Label::kNumber
                                          : ListMarkerForm::Label::kLetter;
          form.suffix = word.substr(label + 1);
          list_markers_.push_back(form);
          // Longest first, so that "1.)" is tried before "1.".
          std::stable_sort(list_markers_.begin(), list_markers_.end(),
                           [](const ListMarkerForm& a, const ListMarkerForm& b) {
                             return a.prefix.size() + a.suffix.size() >
                                    b.prefix.size() + b.suffix.size();
                           });
          break;
        }
        case Section::kDialogueDashes:
          for (UChar32 c : token_characters(word)) dialogue_dashes_.push_back(c);
          break;
        case Section::kIntroducers:
          for (UChar32 c : token_characters(word)) introducers_.push_back(c);
          break;
        case Section::kNone:
          break;
      }
    }
  }
}

// ICU keeps per-language lists of abbreviations after which its "ss=standard" sentence
// iterator suppresses a break. They join our lists as ambiguous abbreviations, so the
// sentence-starter test still lets "Co. It closed" split.
void LanguageData::add_icu_suppressions() {
  if (language_.empty()) return;
  UErrorCode status = U_ZERO_ERROR;
  UResourceBundle* bundle =
      ures_open(U_ICUDATA_NAME U_TREE_SEPARATOR_STRING "brkitr", language_.c_str(), &status);
  // A fallback to another locale's data would apply, say, English lists to Dutch.
  if (U_FAILURE(status) || status == U_USING_FALLBACK_WARNING ||
      status == U_USING_DEFAULT_WARNING) {
    ures_close(bundle);
    return;
  }
  UResourceBundle* exceptions = ures_getByKey(bundle, "exceptions", nullptr, &status);
  UResourceBundle* list = ures_getByKey(exceptions, "SentenceBreak", nullptr, &status);
  if (U_SUCCESS(status)) {
    const int32_t size = ures_getSize(list);
    for (int32_t i = 0; i < size; ++i) {
      UErrorCode item_status = U_ZERO_ERROR;
      int32_t length = 0;
      const UChar* chars = ures_getStringByIndex(list, i, &length, &item_status);
      if (U_FAILURE(item_status)) continue;
      std::string word;
      icu::UnicodeString(chars, length).toUTF8String(word);
      // Entries end in "."; multi-word ones ("n. Chr.") cannot match a single token.
      if (word.size() < 2 || word.back() != '.' || word.find(' ') != std::string::npos) continue;
      word.pop_back();
      if (abbreviations_.try_emplace(word, AbbreviationKind::kAmbiguous).second)
        ++icu_suppression_count_;
    }
  }
  ures_close(list);
  ures_close(exceptions);
  ures_close(bundle);
}

namespace {

// The languages' data, made on first use, and the users' lists added to them. Adding a list
// starts a new generation: data made before stays valid (splitters hold references to it).
struct Registry {
  std::mutex mutex;
  std::map<std::pair<std::string, int>, std::unique_ptr<LanguageData>> cache;
  std::vector<std::pair<std::string, std::string>> user_data;  // (language or "", content)
  int generation = 0;
};

Registry& registry() {
  static Registry* instance = new Registry;  // never destroyed: references outlive main()
  return *instance;
}

}  // namespace

const LanguageData& LanguageData::for_language(std::string_view tag) {
  Registry& r = registry();
  const std::string language = primary_language(tag);
  std::lock_guard<std::mutex> lock(r.mutex);
  auto it = r.cache.find({language, r.generation});
  if (it == r.cache.end()) {
    auto data = std::unique_ptr<LanguageData>(new LanguageData(language));
    for (const auto& [user_language, content] : r.user_data) {
      if (user_language.empty() || user_language == language) data->parse(content, true);
    }
    it = r.cache.emplace(std::make_pair(language, r.generation), std::move(data)).first;
  }
  return *it->second;
}

void LanguageData::add_user_data(std::string_view language, std::string content) {
  Registry& r = registry();
  std::lock_guard<std::mutex> lock(r.mutex);
  r.user_data.emplace_back(language.empty() ? std::string() : primary_language(language),
                           std::move(content));
  ++r.generation;
}

std::vector<std::string> LanguageData::languages_with_data() {
  std::vector<std::string> out;
  for (int i = 0; i < kEmbeddedLangFileCount; ++i) {
    if (std::string_view(kEmbeddedLangFiles[i].language) != "und")
      out.emplace_back(kEmbeddedLangFiles[i].language);
  }
  std::sort(out.begin(), out.end());
  return out;
}

AbbreviationKind LanguageData::abbreviation_kind(std::string_view word) const {
  auto it = abbreviations_.find(word);
  if (it != abbreviations_.end()) return it->second;
  if (word.empty() || static_cast<unsigned char>(word[0]) < 0x80) {
    if (!word.empty() && word[0] >= 'A' && word[0] <= 'Z') {
      std::string lowered(word);
      lowered[0] = static_cast<char>(lowered[0] - 'A' + 'a');
      it = abbreviations_.find(lowered);
      if (it != abbreviations_.end()) return it->second;
    }
    return AbbreviationKind::kNone;
  }
  const std::string lowered = lower_first_letter(word);
  if (lowered.empty()) return AbbreviationKind::kNone;
  it = abbreviations_.find(lowered);
  return it == abbreviations_.end() ? AbbreviationKind::kNone : it->second;
}

bool LanguageData::is_always_capitalised(std::string_view word) const {
  return capitalised_.find(word) != capitalised_.end();
}

bool LanguageData::is_starter(std::string_view word) const {
  if (starters_.find(word) != starters_.end()) return true;
  // An elided or contracted form starts a sentence as its first part does ("L'étude", "It's").
  size_t apostrophe = word.find('\'');
  if (apostrophe == std::string_view::npos) apostrophe = word.find("\u2019");
  return apostrophe != std::string_view::npos && apostrophe > 0 &&
         starters_.find(word.substr(0, apostrophe)) != starters_.end();
}

bool is_unspaced_script(UChar32 c) {
  if (c < 0x0E00) return false;
  UErrorCode status = U_ZERO_ERROR;
  switch (uscript_getScript(c, &status)) {
    case USCRIPT_HAN: case USCRIPT_HIRAGANA: case USCRIPT_KATAKANA: case USCRIPT_THAI:
    case USCRIPT_LAO: case USCRIPT_KHMER: case USCRIPT_MYANMAR:
      return true;
    default:
      return (c >= 0x3000 && c <= 0x303F) || (c >= 0xFF00 && c <= 0xFF65);
  }
}

}  // namespace talign
