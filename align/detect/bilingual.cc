#include "align/detect/bilingual.h"

#include <cld2/public/compact_lang_det.h>
#include <cld2/public/encodings.h>
#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <array>
#include <map>
#include <optional>
#include <set>
#include <string_view>

#include "align/common/error.h"
#include "align/detect/language_guess.h"
#include "align/split/language_tag.h"

namespace talign {
namespace {

// A menu has at least this many items, each of at most kMenuItemWords words.
constexpr size_t kMenuItems = 3;
constexpr size_t kMenuItemWords = 4;
// Navigation-like: a line this short (letters, words) that is not a sentence, or shorter still.
constexpr size_t kNavMaxLetters = 80;
constexpr size_t kNavMaxWords = 8;
constexpr size_t kNavMaxWordsUnpunctuated = 12;
// A paragraph this long (letter bytes, as CLD2 counts) with CLD2's reliable guess naming one of
// the two languages takes that side: about a sentence.
constexpr int kMinChoiceBytes = 80;
constexpr int kMinChoicePercent = 70;
// One after the other: each language's longest run holds at least this share of its letters.
constexpr double kRunShare = 0.6;

constexpr int kSrc = 0;
constexpr int kTgt = 1;
constexpr int kUnknown = -1;  // not decided yet (short, same script as both sides)
constexpr int kOther = -2;    // in neither language

struct Paragraph {
  size_t begin = 0;  // byte range in Document::text
  size_t end = 0;
  std::string_view text;
  LanguageGuess guess;
  std::string language;  // guessed_language(guess): "" for a paragraph too short to tell
  size_t words = 0;
  bool sentence_end = false;  // ends in sentence-final punctuation
  int side = kUnknown;
  bool anchored = false;  // side decided from the paragraph itself, not its neighbours
  std::optional<DropReason> drop;
};

Paragraph paragraph_at(std::string_view text, size_t begin, size_t end) {
  Paragraph p;
  p.begin = begin;
  p.end = end;
  p.text = text.substr(begin, end - begin);
  return p;
}

std::vector<Paragraph> paragraphs_of(std::string_view text) {
  std::vector<Paragraph> out;
  size_t pos = 0, begin = std::string_view::npos, end = 0;
  while (pos <= text.size()) {
    size_t eol = text.find('\n', pos);
    if (eol == std::string_view::npos) eol = text.size();
    const std::string_view line = text.substr(pos, eol - pos);
    const bool blank = line.find_first_not_of(" \t\r\f\v") == std::string_view::npos;
    if (!blank) {
      if (begin == std::string_view::npos) begin = pos;
      end = eol;
    } else if (begin != std::string_view::npos) {
      out.push_back(paragraph_at(text, begin, end));
      begin = std::string_view::npos;
    }
    pos = eol + 1;
  }
  if (begin != std::string_view::npos) out.push_back(paragraph_at(text, begin, end));
  return out;
}

size_t count_words(std::string_view text) {
  size_t words = 0;
  bool in_word = false;
  for (char c : text) {
    const bool space = c == ' ' || c == '\n' || c == '\t';
    if (!space && !in_word) ++words;
    in_word = !space;
  }
  return words;
}

// Whether the last visible character, after closing quotes and brackets, ends a sentence.
bool ends_sentence(std::string_view text) {
  const auto* bytes = reinterpret_cast<const uint8_t*>(text.data());
  int32_t i = static_cast<int32_t>(text.size());
  while (i > 0) {
    UChar32 c;
    U8_PREV(bytes, 0, i, c);
    if (u_isUWhiteSpace(c)) continue;
    const int8_t type = u_charType(c);
    if (type == U_FINAL_PUNCTUATION || type == U_END_PUNCTUATION || c == '"' || c == '\'') continue;
    return u_hasBinaryProperty(c, UCHAR_S_TERM) || c == 0x2026;  // . ! ? 。 ؟ । ... and …
  }
  return false;
}

// The scripts written for one language count as one: Chinese and Japanese letters are Han and
// kana in any mixture.
std::string script_group(const std::string& script) {
  if (script == "Hira" || script == "Kana" || script == "Jpan" || script == "Hani") return "Hani";
  return script;
}

// CLD2's best language for a text too short for guess_language to be sure (which must name a
// language out of all it knows): choosing between two known languages needs less text. Sets
// `reliable` when CLD2 calls its guess reliable on at least kMinChoiceLetters letters.
std::string weak_language(std::string_view text, bool& sure) {
  CLD2::CLDHints hints = {nullptr, nullptr, CLD2::UNKNOWN_ENCODING, CLD2::UNKNOWN_LANGUAGE};
  CLD2::Language language3[3];
  int percent3[3] = {0, 0, 0};
  double scores3[3];
  int text_bytes = 0;
  bool reliable = false;
  const CLD2::Language top = CLD2::ExtDetectLanguageSummary(
      text.data(), static_cast<int>(text.size()), true, &hints, 0, language3, percent3, scores3,
      nullptr, &text_bytes, &reliable);
  sure = reliable && text_bytes >= kMinChoiceBytes && percent3[0] >= kMinChoicePercent;
  if (top == CLD2::UNKNOWN_LANGUAGE) return std::string();
  return canonical_language_tag(CLD2::LanguageCode(top)).value_or(std::string());
}

// Which side a language guess fits: language_mismatch knows the related languages CLD2 confuses.
int side_of(const LanguageGuess& guess, const std::array<std::string, 2>& langs) {
  const bool src = language_mismatch(guess, langs[kSrc]).empty();
  const bool tgt = language_mismatch(guess, langs[kTgt]).empty();
  if (src && tgt) return kUnknown;
  if (src) return kSrc;
  if (tgt) return kTgt;
  return kOther;
}

LanguageGuess sure_guess(const Paragraph& p, const std::string& language) {
  LanguageGuess g = p.guess;
  g.language = language;
  return g;
}

// Resolves "auto": the first sure language (not the other side's) is the source, the next
// different one the target.
void resolve_languages(const std::vector<Paragraph>& paragraphs, std::array<std::string, 2>& langs,
                       const std::string& name) {
  for (int side : {kSrc, kTgt}) {
    if (langs[side] != "auto") continue;
    const std::string& other = langs[1 - side];
    for (const Paragraph& p : paragraphs) {
      if (p.language.empty()) continue;
      if (other != "auto" && language_mismatch(sure_guess(p, p.language), other).empty()) continue;
      langs[side] = p.language;
      break;
    }
    if (langs[side] == "auto")
      throw Error(ErrorKind::kData, name,
                  std::string("cannot tell the ") + (side == kSrc ? "source" : "target") +
                      " language: no paragraph long enough in a second language; name it "
                      "instead of 'auto'");
  }
  if (langs[kSrc] == langs[kTgt])
    throw Error(ErrorKind::kData, name, "source and target languages are the same (" +
                                            langs[kSrc] + "): one language cannot be split in two");
}

// A side for each paragraph from itself: CLD2 for a long one, else its script, else CLD2's
// choice between the two languages for a sentence or more, else an HTML lang attribute; no
// letters or another language is a drop.
void place_by_content(std::vector<Paragraph>& paragraphs, const Document& doc,
                      const std::array<std::string, 2>& langs) {
  std::array<std::set<std::string>, 2> scripts;
  for (Paragraph& p : paragraphs) {
    if (p.guess.letters == 0) {
      p.drop = DropReason::kNoLetters;
      continue;
    }
    if (p.language.empty()) continue;
    p.side = side_of(sure_guess(p, p.language), langs);
    p.anchored = p.side >= 0;
    if (p.side == kOther) p.drop = DropReason::kOtherLanguage;
    if (p.side >= 0 && p.guess.script_share >= 0.5) scripts[p.side].insert(script_group(p.guess.script));
  }
  // Language attributes help only when the page marks more than one language: a page-wide
  // lang says nothing about the translation inside it.
  std::vector<std::pair<size_t, int>> marks;
  std::set<int> marked_sides;
  for (const LanguageMark& mark : doc.languages) {
    const std::optional<std::string> tag = canonical_language_tag(mark.lang);
    int side = kUnknown;
    if (tag) {
      LanguageGuess g;
      g.language = *tag;
      side = side_of(g, langs);
    }
    marks.emplace_back(mark.begin, side);
    if (side >= 0) marked_sides.insert(side);
  }
  const bool use_marks = marked_sides.size() == 2;
  for (Paragraph& p : paragraphs) {
    if (p.drop || p.side != kUnknown) continue;
    const std::string group = script_group(p.guess.script);
    const bool known = !scripts[kSrc].empty() && !scripts[kTgt].empty();
    const bool src = scripts[kSrc].count(group) > 0, tgt = scripts[kTgt].count(group) > 0;
    if (known && src != tgt) {
      p.side = src ? kSrc : kTgt;
      p.anchored = true;
      continue;
    }
    if (known && !src && !tgt) {
      p.side = kOther;
      p.drop = DropReason::kOtherLanguage;
      continue;
    }
    bool sure = false;
    const std::string weak = weak_language(p.text, sure);
    if (sure) {
      const int side = side_of(sure_guess(p, weak), langs);
      if (side >= 0) {
        p.side = side;
        p.anchored = true;
        continue;
      }
    }
    if (!use_marks) continue;
    const size_t first = p.begin + (p.text.size() - p.text.substr(p.text.find_first_not_of(" \t\n")).size());
    int side = kUnknown;
    for (const auto& [begin, mark_side] : marks) {
      if (begin > first) break;
      side = mark_side;
    }
    if (side >= 0) {
      p.side = side;
      p.anchored = true;
    }
  }
}

// The rest takes the side of its neighbours: the nearest placed paragraphs before and after;
// when they disagree (a heading between the two texts), CLD2's hint, else the one after (a
// heading belongs to what follows).
void place_by_neighbours(std::vector<Paragraph>& paragraphs, const std::array<std::string, 2>& langs) {
  const size_t n = paragraphs.size();
  std::vector<int> before(n, kUnknown), after(n, kUnknown);
  int last = kUnknown;
  for (size_t i = 0; i < n; ++i) {
    before[i] = last;
    if (paragraphs[i].anchored) last = paragraphs[i].side;
  }
  last = kUnknown;
  for (size_t i = n; i-- > 0;) {
    after[i] = last;
    if (paragraphs[i].anchored) last = paragraphs[i].side;
  }
  for (size_t i = 0; i < n; ++i) {
    Paragraph& p = paragraphs[i];
    if (p.drop || p.side != kUnknown) continue;
    if (before[i] == after[i] || after[i] == kUnknown) {
      p.side = before[i];
    } else if (before[i] == kUnknown) {
      p.side = after[i];
    } else {
      bool sure = false;
      const int hinted = side_of(sure_guess(p, weak_language(p.text, sure)), langs);
      p.side = hinted >= 0 ? hinted : after[i];
    }
    if (p.side == kUnknown) p.side = kSrc;  // no paragraph anywhere is sure: resolve_languages threw
  }
}

bool nav_like(const Paragraph& p) {
  return p.guess.letters <= kNavMaxLetters &&
         (p.words <= kNavMaxWords || (!p.sentence_end && p.words <= kNavMaxWordsUnpunctuated));
}

// Three or more very short items between separators, as menus and breadcrumbs are written.
bool is_menu(const Paragraph& p) {
  if (p.sentence_end) return false;
  static const std::array<std::string_view, 8> kSeparators = {"|", "\u2022", "\u00b7", "\u00bb",
                                                              "\u203a", "\u2219", "\u25e6", " / "};
  std::vector<std::string_view> items{p.text};
  for (std::string_view sep : kSeparators) {
    std::vector<std::string_view> next;
    for (std::string_view item : items) {
      size_t pos = 0;
      for (size_t at; (at = item.find(sep, pos)) != std::string_view::npos; pos = at + sep.size())
        next.push_back(item.substr(pos, at - pos));
      next.push_back(item.substr(pos));
    }
    items.swap(next);
  }
  size_t full = 0;
  for (std::string_view item : items) {
    const size_t words = count_words(item);
    if (words > kMenuItemWords) return false;
    if (words > 0) ++full;
  }
  return full >= kMenuItems;
}

// Whether every visible byte of the paragraph is link text.
bool is_link_only(const Paragraph& p, const std::vector<bool>& in_link) {
  if (in_link.empty()) return false;
  for (size_t i = p.begin; i < p.end; ++i) {
    const char c = p.text[i - p.begin];
    if (c != ' ' && c != '\n' && c != '\t' && !in_link[i]) return false;
  }
  return true;
}

std::string normalised(std::string_view text) {
  std::string out;
  bool space = false;
  for (char c : text) {
    if (c == ' ' || c == '\n' || c == '\t') {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  }
  return out;
}

void drop_repeats(std::vector<Paragraph>& paragraphs) {
  std::map<std::string, size_t> count;
  for (const Paragraph& p : paragraphs) ++count[normalised(p.text)];
  std::set<std::string> seen;
  for (Paragraph& p : paragraphs) {
    const std::string key = normalised(p.text);
    const bool first = seen.insert(key).second;
    if (p.drop || count[key] < 2) continue;
    if (nav_like(p) || !first) p.drop = DropReason::kRepeated;
  }
}

// One language after the other: a paragraph on the other language's side of the boundary
// between the two main runs (a title repeated in the original, the site's own lines after the
// article). Returns whether the layout is interleaved instead.
bool drop_outside_runs(std::vector<Paragraph>& paragraphs) {
  struct Run {
    int side;
    size_t first, last, letters;
  };
  std::vector<Run> runs;
  std::array<size_t, 2> letters = {0, 0};
  for (size_t i = 0; i < paragraphs.size(); ++i) {
    const Paragraph& p = paragraphs[i];
    if (p.drop || p.side < 0 || p.language.empty()) continue;  // long paragraphs make the runs
    letters[p.side] += p.guess.letters;
    if (runs.empty() || runs.back().side != p.side)
      runs.push_back(Run{p.side, i, i, 0});
    runs.back().last = i;
    runs.back().letters += p.guess.letters;
  }
  std::array<const Run*, 2> main = {nullptr, nullptr};
  for (const Run& r : runs)
    if (main[r.side] == nullptr || r.letters > main[r.side]->letters) main[r.side] = &r;
  if (main[kSrc] == nullptr || main[kTgt] == nullptr) return false;
  for (int side : {kSrc, kTgt})
    if (static_cast<double>(main[side]->letters) < kRunShare * static_cast<double>(letters[side]))
      return true;
  const Run& first_run = main[kSrc]->first < main[kTgt]->first ? *main[kSrc] : *main[kTgt];
  const int first = first_run.side;
  size_t boundary = first_run.last + 1;
  while (boundary < paragraphs.size() &&
         (paragraphs[boundary].drop || paragraphs[boundary].side != 1 - first))
    ++boundary;
  for (size_t i = 0; i < paragraphs.size(); ++i) {
    Paragraph& p = paragraphs[i];
    if (p.drop) continue;
    if ((p.side == first && i >= boundary) || (p.side == 1 - first && i < boundary))
      p.drop = DropReason::kOutsideRun;
  }
  return false;
}

// Short lines at the start (end) of one side beyond as many as the other side has there: the
// ones farthest from the text have no counterpart (a title has one in the other language, a
// menu or a share button usually not).
void drop_unmatched_edges(std::vector<Paragraph>& paragraphs) {
  std::array<std::vector<size_t>, 2> sides;
  for (size_t i = 0; i < paragraphs.size(); ++i)
    if (!paragraphs[i].drop && paragraphs[i].side >= 0) sides[paragraphs[i].side].push_back(i);
  auto leading = [&](const std::vector<size_t>& side) {
    size_t n = 0;
    while (n < side.size() && nav_like(paragraphs[side[n]])) ++n;
    return n;
  };
  auto trailing = [&](const std::vector<size_t>& side) {
    size_t n = 0;
    while (n < side.size() && nav_like(paragraphs[side[side.size() - 1 - n]])) ++n;
    return n;
  };
  const std::array<size_t, 2> lead = {leading(sides[kSrc]), leading(sides[kTgt])};
  const std::array<size_t, 2> trail = {trailing(sides[kSrc]), trailing(sides[kTgt])};
  for (int side : {kSrc, kTgt}) {
    const std::vector<size_t>& list = sides[side];
    // A side made of short lines only is not furniture around a text: leave it to the aligner.
    if (lead[side] == list.size()) continue;
    for (size_t k = 0; k + lead[1 - side] < lead[side]; ++k)
      paragraphs[list[k]].drop = DropReason::kEdgeStart;
    for (size_t k = 0; k + trail[1 - side] < trail[side]; ++k)
      paragraphs[list[list.size() - 1 - k]].drop = DropReason::kEdgeEnd;
  }
}

}  // namespace

const char* drop_reason_name(DropReason reason) {
  switch (reason) {
    case DropReason::kNoLetters: return "no letters";
    case DropReason::kOtherLanguage: return "other language";
    case DropReason::kOutsideRun: return "outside its language's run";
    case DropReason::kMenu: return "menu";
    case DropReason::kLinkOnly: return "link only";
    case DropReason::kRepeated: return "repeated";
    case DropReason::kEdgeStart: return "short line at the start";
    case DropReason::kEdgeEnd: return "short line at the end";
  }
  return "?";
}

BilingualSplit split_bilingual(const Document& doc, const std::string& src_lang,
                               const std::string& tgt_lang) {
  std::vector<Paragraph> paragraphs = paragraphs_of(doc.text);
  for (Paragraph& p : paragraphs) {
    p.guess = guess_language(p.text);
    p.language = guessed_language(p.guess);
    p.words = count_words(p.text);
    p.sentence_end = ends_sentence(p.text);
  }
  std::array<std::string, 2> langs = {src_lang, tgt_lang};
  resolve_languages(paragraphs, langs, doc.name);

  std::vector<bool> in_link;
  for (const InlineCode& code : doc.codes) {
    if (code.kind != CodeKind::kLink) continue;
    if (in_link.empty()) in_link.assign(doc.text.size(), false);
    for (size_t i = code.begin; i < code.end && i < in_link.size(); ++i) in_link[i] = true;
  }
  for (Paragraph& p : paragraphs) {
    if (is_link_only(p, in_link)) p.drop = DropReason::kLinkOnly;
    else if (is_menu(p)) p.drop = DropReason::kMenu;
  }
  place_by_content(paragraphs, doc, langs);
  place_by_neighbours(paragraphs, langs);
  drop_repeats(paragraphs);
  BilingualSplit split;
  split.interleaved = drop_outside_runs(paragraphs);
  drop_unmatched_edges(paragraphs);

  split.src_lang = langs[kSrc];
  split.tgt_lang = langs[kTgt];
  split.paragraphs = paragraphs.size();
  for (size_t i = 0; i < paragraphs.size(); ++i) {
    const Paragraph& p = paragraphs[i];
    if (p.drop) {
      split.dropped.push_back(DroppedParagraph{i, *p.drop, std::string(p.text)});
      continue;
    }
    std::string& text = p.side == kSrc ? split.src_text : split.tgt_text;
    if (!text.empty()) text += "\n\n";
    text += p.text;
    ++(p.side == kSrc ? split.src_paragraphs : split.tgt_paragraphs);
  }
  for (int side : {kSrc, kTgt})
    if ((side == kSrc ? split.src_text : split.tgt_text).empty())
      throw Error(ErrorKind::kData, doc.name,
                  "no text in " + language_label(langs[side]) + " found in the file");
  return split;
}

}  // namespace talign
