#include "align/features/features.h"

#include <unicode/translit.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <memory>
#include <span>
#include <unordered_set>

#include "align/common/ascii.h"
#include "align/common/utf8.h"
#include "align/features/tokenizer.h"

namespace talign {

uint32_t Vocabulary::intern(std::string_view word) {
  auto it = ids_.find(word);
  if (it != ids_.end()) return it->second;
  const uint32_t id = static_cast<uint32_t>(words_.size());
  words_.emplace_back(word);
  ids_.emplace(words_.back(), id);
  return id;
}

uint32_t Vocabulary::find(std::string_view word) const {
  auto it = ids_.find(word);
  return it == ids_.end() ? kMissing : it->second;
}

namespace {

constexpr size_t kCognatePrefix = 4;

// "#" + text, built by appending: GCC 12 warns falsely (-Wrestrict) on operator+ here at -O3.
std::string prefixed(char kind, std::string_view text) {
  std::string key;
  key.reserve(text.size() + 1);
  key.push_back(kind);
  key.append(text);
  return key;
}


// --- Names across scripts ------------------------------------------------------------------
// A name written in another script ("林黛玉" / "Lin Daiyu", "Нвидиа" / "Nvidia", "محمد" /
// "Mohammed") meets its Latin spelling once both are reduced to ASCII letters by ICU's
// transliterators: "@" + the letters for alphabets and syllabaries, "&" + a consonant skeleton
// for the scripts that do not write vowels (Arabic, Hebrew, Syriac). One side's candidates are
// its capitalised words and runs of them; the other side's keys are kept only where they equal
// one of those, so a key is in the shared vocabulary only when it can link the two documents.

constexpr size_t kMinNameLetters = 4;  // shorter keys ("ta", "shi", "lin") meet by chance
constexpr size_t kMinSkeleton = 3;     // consonants; "mhmd", "bdn", "srl"
constexpr size_t kMaxNameGroups = 3;   // "Jia Bao-yu": up to three capitalised words in a row
constexpr size_t kMinSyllables = 2;    // Han, kana, hangul n-grams of 2..4 characters
constexpr size_t kMaxSyllables = 4;
constexpr size_t kCacheLimit = 1 << 18;  // words in the per-thread cache before it is emptied

// How a script writes names, as far as matching them goes.
enum class Writing : uint8_t {
  kCased,      // Latin, Cyrillic, Greek, Armenian: a capital marks a name
  kSyllables,  // Han, kana, hangul: names not marked, not separated; one syllable a character
  kAbjad,      // Arabic, Hebrew, Syriac: consonants only
  kOther,      // any other letters (Devanagari, Thai, Georgian, Ethiopic...): word by word
  kNone,       // not a letter
};

UScriptCode script_of(UChar32 c) {
  if (c < 0x80) return USCRIPT_LATIN;
  UErrorCode status = U_ZERO_ERROR;
  return uscript_getScript(c, &status);
}

Writing writing_of(UScriptCode script) {
  switch (script) {
    case USCRIPT_LATIN: case USCRIPT_CYRILLIC: case USCRIPT_GREEK: case USCRIPT_ARMENIAN:
      return Writing::kCased;
    case USCRIPT_HAN: case USCRIPT_HIRAGANA: case USCRIPT_KATAKANA: case USCRIPT_HANGUL:
      return Writing::kSyllables;
    case USCRIPT_ARABIC: case USCRIPT_HEBREW: case USCRIPT_SYRIAC:
      return Writing::kAbjad;
    case USCRIPT_COMMON: case USCRIPT_INHERITED: case USCRIPT_INVALID_CODE:
      return Writing::kNone;
    default:
      return Writing::kOther;
  }
}

// One bit per cased script, to tell a name in another script from the same spelling.
uint8_t script_bit(UScriptCode script) {
  switch (script) {
    case USCRIPT_LATIN: return 1;
    case USCRIPT_CYRILLIC: return 2;
    case USCRIPT_GREEK: return 4;
    default: return 8;
  }
}

// ASCII letters of words of any script, through ICU's transliterators (created once per thread,
// on first need: Han-Latin takes a third of a second to build) and cached per word and per
// character, since transliteration is slow (Han-Latin about 20 us a character).
class Romanizer {
 public:
  // The lower-case ASCII letters of `word` written in Latin: accents, tones, apostrophes and
  // hyphens dropped ("lín dài yù" -> "lindaiyu", "mḥmd" -> "mhmd"). A copy: the cache may be
  // emptied by the next call.
  std::string letters(std::string_view word) {
    // ASCII needs no transliteration: filtering it is cheaper than the cache's hash and copy.
    if (is_ascii(word)) return ascii_letters(word);
    auto it = words_.find(word);
    if (it != words_.end()) return it->second;
    if (words_.size() >= kCacheLimit) words_.clear();
    return words_.emplace(std::string(word), compute(word)).first->second;
  }

  // The letters of one character of a syllabic script (Han: its toneless pinyin). The reference
  // stays valid: this cache is never emptied (there are fewer than 100,000 such characters).
  const std::string& syllable(UChar32 c) {
    auto it = syllables_.find(c);
    if (it != syllables_.end()) return it->second;
    char buffer[4];
    int32_t length = 0;
    U8_APPEND_UNSAFE(buffer, length, c);
    return syllables_.emplace(c, compute(std::string_view(buffer, static_cast<size_t>(length))))
        .first->second;
  }

 private:
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };

  icu::Transliterator* get(std::unique_ptr<icu::Transliterator>& slot, bool& failed,
                           const char* id) {
    if (!slot && !failed) {
      UErrorCode status = U_ZERO_ERROR;
      slot.reset(icu::Transliterator::createInstance(id, UTRANS_FORWARD, status));
      if (U_FAILURE(status)) slot.reset();
      failed = !slot;
    }
    return slot.get();
  }

  // The lower-case letters a-z of an ASCII text, in order.
  static std::string ascii_letters(std::string_view latin) {
    std::string out;
    for (char c : latin) {
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
      if (c >= 'a' && c <= 'z') out.push_back(c);
    }
    return out;
  }

  std::string compute(std::string_view word) {
    std::string latin;
    if (is_ascii(word)) {
      latin = word;
    } else {
      const UScriptCode script = script_of(first_code_point(word));
      icu::Transliterator* t =
          script == USCRIPT_LATIN ? get(latin_ascii_, latin_ascii_failed_, "Latin-ASCII")
          : script == USCRIPT_HAN ? get(han_latin_, han_latin_failed_, "Han-Latin; Latin-ASCII")
                                  : get(any_latin_, any_latin_failed_, "Any-Latin; Latin-ASCII");
      if (t == nullptr) return std::string();
      icu::UnicodeString u = icu::UnicodeString::fromUTF8(
          icu::StringPiece(word.data(), static_cast<int32_t>(word.size())));
      t->transliterate(u);
      u.toUTF8String(latin);
    }
    return ascii_letters(latin);
  }

  std::unique_ptr<icu::Transliterator> latin_ascii_, han_latin_, any_latin_;
  bool latin_ascii_failed_ = false, han_latin_failed_ = false, any_latin_failed_ = false;
  std::unordered_map<std::string, std::string, Hash, std::equal_to<>> words_;
  std::unordered_map<UChar32, std::string> syllables_;
};

Romanizer& romanizer() {
  thread_local Romanizer r;
  return r;
}

// Computes cognate keys once per word type: the first letters of the word written in ASCII,
// through the thread's Romanizer (its transliterators are built once per thread, not per
// document).
class CognateKeys {
 public:
  // The key for `word` (case-folded), or "" when the word is short or in a script whose
  // transliteration does not meet other languages' spelling (Arabic, CJK, ...).
  const std::string& key(std::string_view word) {
    auto [it, inserted] = cache_.try_emplace(std::string(word));
    if (inserted) it->second = compute(word);
    return it->second;
  }

 private:
  static std::string compute(std::string_view word) {
    if (!is_ascii(word)) {
      const UScriptCode script = script_of(first_code_point(word));
      if (script != USCRIPT_LATIN && script != USCRIPT_CYRILLIC && script != USCRIPT_GREEK)
        return std::string();
    }
    const std::string letters = romanizer().letters(word);
    if (letters.size() < kCognatePrefix) return std::string();
    return prefixed('~', std::string_view(letters).substr(0, kCognatePrefix));
  }

  std::unordered_map<std::string, std::string> cache_;
};


// The consonant skeleton of ASCII letters, as a script without vowels writes a name: vowels and
// the semivowels y, w dropped, p as b and v as f (Arabic has neither), c as k, doubled letters
// once. "mohammed" -> "mhmd" (محمد gives "mhmd"), "trump" -> "trmb" (ترامب "tramb").
std::string skeleton(std::string_view letters) {
  std::string out;
  for (char c : letters) {
    switch (c) {
      case 'a': case 'e': case 'i': case 'o': case 'u': case 'y': case 'w': continue;
      case 'p': c = 'b'; break;
      case 'v': c = 'f'; break;
      case 'c': c = 'k'; break;
      default: break;
    }
    if (out.empty() || out.back() != c) out.push_back(c);
  }
  return out;
}

// Arabic words carry their conjunctions, prepositions and article: "ومحمد" is "and Mohammed".
// Hebrew writes its prefixes the same way.
constexpr std::string_view kArabicProclitics[] = {"وال", "بال", "فال", "كال", "لل", "ال",
                                                  "و",   "ف",   "ب",   "ل",   "ك"};
constexpr std::string_view kHebrewProclitics[] = {"וה", "שה", "ו", "ה", "ב", "ל", "מ", "ש", "כ"};

// A capitalised word of a cased script, with the words hyphenated to it: "Bao-yu", "Jean-Paul".
struct NameGroup {
  uint32_t sentence;
  uint32_t begin, end;  // its words: ids in SideNames::words[begin..end)
  UScriptCode script;
  bool clause_start;  // first in its sentence or clause: the capital proves nothing
  bool follows;       // right after the previous group, one space between
};

// What add_side gathers for names across scripts.
struct SideNames {
  std::vector<uint32_t> words;  // word ids of the groups
  std::vector<NameGroup> groups;
  std::vector<char> lower;  // per word id: seen in lower case, so not a name (a flag per id,
                            // not a hash set: a long document has a million such words)
  bool foreign = false;     // a word in another script than Latin

  bool is_lower(uint32_t word) const { return word < lower.size() && lower[word]; }
};

bool single_letter(std::string_view word) {
  if (word.empty()) return false;
  int32_t pos = 0;
  UChar32 c;
  U8_NEXT(word.data(), pos, static_cast<int32_t>(word.size()), c);
  (void)c;
  return static_cast<size_t>(pos) == word.size();
}

// Collects the name groups of one sentence (its word ids in `ids`).
void collect_names(uint32_t sentence, const SentenceTokens& tokens, const uint32_t* ids,
                   SideNames& names) {
  bool open = false;           // the last word belongs to the last group
  size_t last_end = SIZE_MAX;  // index of the word after the last group
  for (size_t k = 0; k < tokens.words.size(); ++k) {
    const std::string& w = tokens.words[k];
    const uint8_t flags = tokens.word_flags[k];
    const UScriptCode script = script_of(first_code_point(w));
    if (script != USCRIPT_LATIN) names.foreign = true;
    if (writing_of(script) != Writing::kCased) {
      open = false;
      continue;
    }
    const bool capital = flags & kCapitalised;
    if (open && (flags & kJoined)) {
      NameGroup& g = names.groups.back();
      // "Bao-yu" is one name; "Bao-yu's" ends it (a one-letter tail is a suffix).
      if (g.script == script && !single_letter(w)) {
        names.words.push_back(ids[k]);
        ++g.end;
        last_end = k + 1;
      } else {
        open = false;
      }
      continue;
    }
    open = false;
    if (!capital) {
      // (not the "yu" of "Bao-yu": that one is no evidence)
      if (ids[k] >= names.lower.size()) names.lower.resize(ids[k] + 1, 0);
      names.lower[ids[k]] = 1;
      continue;
    }
    const bool follows = last_end == k && (flags & kAfterSpace) && !names.groups.empty() &&
                         names.groups.back().sentence == sentence;
    const auto begin = static_cast<uint32_t>(names.words.size());
    names.words.push_back(ids[k]);
    names.groups.push_back(
        {sentence, begin, begin + 1, script, (flags & kClauseStart) != 0, follows});
    open = true;
    last_end = k + 1;
  }
}

// The strings of names across scripts, shared by both sides, so that the lists kept per
// occurrence hold numbers: a long document has millions of capitalised words but few distinct
// names, and a string per occurrence made those lists the largest thing in memory at the end of
// feature building (1M sentences a side: 0.4 of 1.5 GB allocated).
class NameVocabulary {
 public:
  Vocabulary keys;  // ASCII letters of cased names and runs of them ("lindaiyu")

  // The id of anchor key kind + key ("@lindaiyu", "&mhmd") among anchor_keys().
  uint32_t anchor(char kind, std::string_view key) { return anchors_.intern(prefixed(kind, key)); }
  // "@" + keys.word(key), looked up once per key.
  uint32_t name_anchor(uint32_t key) {
    if (key >= name_anchor_.size()) name_anchor_.resize(keys.size(), Vocabulary::kMissing);
    if (name_anchor_[key] == Vocabulary::kMissing) name_anchor_[key] = anchor('@', keys.word(key));
    return name_anchor_[key];
  }
  const Vocabulary& anchor_keys() const { return anchors_; }

 private:
  Vocabulary anchors_;
  std::vector<uint32_t> name_anchor_;  // per key: its "@" anchor id, or kMissing until asked
};

// One side's cross-script name keys, before and after meeting the other side's. Keys are ids in
// the shared NameVocabulary::keys.
struct NameKeys {
  struct Candidate {
    uint32_t sentence;
    uint32_t key;
    UScriptCode script;
  };
  std::vector<Candidate> cased;        // capitalised words and runs of them (>= kMinNameLetters)
  std::vector<uint8_t> cased_scripts;  // per key: script bits of `cased` (0: not a cased key)
  std::unordered_set<std::string> skeletons;           // skeletons of `cased` keys
  std::vector<char> matched;                           // per key: an uncased key of this side
                                                       // equal to the other's cased key
  std::unordered_set<std::string> matched_skeletons;   // abjad skeletons found there
  std::vector<std::pair<uint32_t, uint32_t>> anchors;  // (sentence, anchor key id) to add

  uint8_t scripts(uint32_t key) const {
    return key < cased_scripts.size() ? cased_scripts[key] : uint8_t{0};
  }
  bool is_cased(uint32_t key) const { return scripts(key) != 0; }
  bool is_matched(uint32_t key) const { return key < matched.size() && matched[key]; }
  void set_matched(uint32_t key) {
    if (key >= matched.size()) matched.resize(key + 1, 0);
    matched[key] = 1;
  }
};

// The candidates of one side's cased names: groups not at a clause start (or known as names from
// elsewhere in the document), never seen in lower case, and runs of up to three of them.
void cased_candidates(const SideNames& names, const Vocabulary& vocabulary, NameVocabulary& table,
                      NameKeys& keys) {
  Romanizer& roman = romanizer();
  std::vector<uint32_t> group_keys;  // per group: its key
  group_keys.reserve(names.groups.size());
  std::string key;
  for (const NameGroup& g : names.groups) {
    key.clear();
    for (uint32_t k = g.begin; k < g.end; ++k)
      key += roman.letters(vocabulary.word(names.words[k]));
    group_keys.push_back(table.keys.intern(key));
  }
  std::vector<char> known(table.keys.size());  // per key: seen capitalised away from a clause start
  for (size_t g = 0; g < names.groups.size(); ++g)
    if (!names.groups[g].clause_start && !names.is_lower(names.words[names.groups[g].begin]))
      known[group_keys[g]] = 1;
  std::vector<char> accepted(names.groups.size());
  for (size_t g = 0; g < names.groups.size(); ++g) {
    const NameGroup& group = names.groups[g];
    accepted[g] =
        !names.is_lower(names.words[group.begin]) && (!group.clause_start || known[group_keys[g]]);
  }
  for (size_t g = 0; g < names.groups.size(); ++g) {
    if (!accepted[g]) continue;
    key = table.keys.word(group_keys[g]);
    uint32_t id = group_keys[g];
    for (size_t n = 1;; ++n) {
      if (key.size() >= kMinNameLetters)
        keys.cased.push_back({names.groups[g].sentence, id, names.groups[g].script});
      const size_t next = g + n;
      if (n == kMaxNameGroups || next >= names.groups.size() || !names.groups[next].follows ||
          !accepted[next] || names.groups[next].script != names.groups[g].script)
        break;
      key += table.keys.word(group_keys[next]);
      id = table.keys.intern(key);
    }
  }
  keys.cased_scripts.assign(table.keys.size(), 0);
  for (const auto& c : keys.cased) {
    // The skeleton once per key, when the key is first met.
    if (keys.cased_scripts[c.key] == 0) {
      std::string s = skeleton(table.keys.word(c.key));
      if (s.size() >= kMinSkeleton) keys.skeletons.insert(std::move(s));
    }
    keys.cased_scripts[c.key] |= script_bit(c.script);
  }
}

// The uncased side of the meeting: n-grams of Han, kana and hangul characters, words of other
// alphabets and abjad skeletons, kept where they equal a cased key of the other side.
void uncased_matches(const SentenceList& sentences, const SideFeatures& side,
                     const Vocabulary& vocabulary, const NameKeys& other, NameVocabulary& table,
                     NameKeys& keys) {
  if (other.cased.empty()) return;
  Romanizer& roman = romanizer();
  std::vector<const std::string*> run;  // the syllables of the current run of characters
  std::string key;
  // The id of `letters` when the other side has it as a cased key, else kMissing.
  auto other_cased = [&](std::string_view letters) {
    const uint32_t id = table.keys.find(letters);
    return id != Vocabulary::kMissing && other.is_cased(id) ? id : Vocabulary::kMissing;
  };
  // An uncased key equal to a cased key of the other side.
  auto add_match = [&](uint32_t sentence, uint32_t id) {
    keys.set_matched(id);
    keys.anchors.emplace_back(sentence, table.name_anchor(id));
  };
  auto flush_run = [&](uint32_t sentence) {
    for (size_t begin = 0; begin < run.size(); ++begin) {
      key.clear();
      for (size_t n = 1; n <= kMaxSyllables && begin + n <= run.size(); ++n) {
        key += *run[begin + n - 1];
        if (n < kMinSyllables || key.size() < kMinNameLetters) continue;
        const uint32_t id = other_cased(key);
        if (id != Vocabulary::kMissing) add_match(sentence, id);
      }
    }
    run.clear();
  };
  auto try_skeleton = [&](uint32_t sentence, std::string_view letters) {
    std::string s = skeleton(letters);
    if (s.size() < kMinSkeleton || !other.skeletons.count(s)) return;
    keys.anchors.emplace_back(sentence, table.anchor('&', s));
    keys.matched_skeletons.insert(std::move(s));
  };
  for (uint32_t i = 0; i < sentences.size(); ++i) {
    if (sentences.is_marker(i)) continue;  // no text
    // Characters of syllabic scripts, straight from the text (the word break cuts names).
    const std::string_view text = sentences.text(i);
    for (int32_t pos = 0; pos < static_cast<int32_t>(text.size());) {
      if (static_cast<unsigned char>(text[static_cast<size_t>(pos)]) < 0x80) {
        if (!run.empty()) flush_run(i);
        ++pos;
        continue;
      }
      UChar32 c;
      U8_NEXT(text.data(), pos, static_cast<int32_t>(text.size()), c);
      if (c >= 0x2E80 && u_isalpha(c) && writing_of(script_of(c)) == Writing::kSyllables) {
        run.push_back(&roman.syllable(c));
      } else if (!run.empty()) {
        flush_run(i);
      }
    }
    if (!run.empty()) flush_run(i);
    // Words of other scripts, alone and with the next one ("narendra" "modi", "عبد" "الله").
    const std::string* previous = nullptr;
    Writing previous_writing = Writing::kNone;
    for (uint32_t k = side.words.begin[i]; k < side.words.begin[i + 1]; ++k) {
      const std::string& w = vocabulary.word(side.words.ids[k]);
      const UScriptCode script = script_of(first_code_point(w));
      const Writing writing = writing_of(script);
      if (writing == Writing::kOther) {
        const std::string letters = roman.letters(w);
        if (letters.size() >= kMinNameLetters) {
          const uint32_t id = other_cased(letters);
          if (id != Vocabulary::kMissing) add_match(i, id);
        }
        if (previous_writing == Writing::kOther) {
          key = roman.letters(*previous) + letters;
          const uint32_t id = other_cased(key);
          if (id != Vocabulary::kMissing) add_match(i, id);
        }
      } else if (writing == Writing::kAbjad) {
        try_skeleton(i, roman.letters(w));
        const std::span<const std::string_view> proclitics =
            script == USCRIPT_HEBREW ? std::span<const std::string_view>(kHebrewProclitics)
                                     : std::span<const std::string_view>(kArabicProclitics);
        for (std::string_view p : proclitics) {
          // The rest must keep two letters (four bytes) to be a name.
          if (w.size() >= p.size() + 4 && std::string_view(w).substr(0, p.size()) == p) {
            try_skeleton(i, roman.letters(std::string_view(w).substr(p.size())));
          }
        }
        if (previous_writing == Writing::kAbjad)
          try_skeleton(i, roman.letters(*previous) + roman.letters(w));
      }
      previous = &w;
      previous_writing = writing;
    }
  }
}

// The cased side's anchors: a candidate counts when the other side has the same key in another
// script or an uncased match of it.
void cased_matches(const NameKeys& other, NameVocabulary& table, NameKeys& keys) {
  // Per key: its "&" anchor when the other side matched its skeleton, looked up once per key.
  constexpr uint32_t kNotLookedUp = Vocabulary::kMissing - 1;
  std::vector<uint32_t> skeleton_anchor;
  if (!other.matched_skeletons.empty()) skeleton_anchor.assign(table.keys.size(), kNotLookedUp);
  for (const auto& c : keys.cased) {
    if ((other.scripts(c.key) & ~script_bit(c.script)) || other.is_matched(c.key))
      keys.anchors.emplace_back(c.sentence, table.name_anchor(c.key));
    if (!other.matched_skeletons.empty()) {
      uint32_t& anchor = skeleton_anchor[c.key];
      if (anchor == kNotLookedUp) {
        const std::string s = skeleton(table.keys.word(c.key));
        anchor = other.matched_skeletons.count(s) ? table.anchor('&', s) : Vocabulary::kMissing;
      }
      if (anchor != Vocabulary::kMissing) keys.anchors.emplace_back(c.sentence, anchor);
    }
  }
}

// Adds (sentence, anchor key id) anchors to a side's rows, keeping each row sorted and without
// repeats. The keys are interned in the order of `extra`: anchor ids follow first appearance.
void add_anchors(const std::vector<std::pair<uint32_t, uint32_t>>& extra,
                 const Vocabulary& anchor_keys, Vocabulary& anchors, SideFeatures& side) {
  if (extra.empty()) return;
  // The extra ids grouped by sentence, in compressed rows (counting sort).
  std::vector<uint32_t> begin(side.size() + 1, 0);
  for (const auto& e : extra) ++begin[e.first + 1];
  for (size_t i = 0; i < side.size(); ++i) begin[i + 1] += begin[i];
  std::vector<uint32_t> per_sentence(extra.size());
  {
    std::vector<uint32_t> next(begin.begin(), begin.end() - 1);
    for (const auto& [sentence, key] : extra)
      per_sentence[next[sentence]++] = anchors.intern(anchor_keys.word(key));
  }
  IdLists merged;
  merged.begin.reserve(side.size() + 1);
  merged.ids.reserve(side.anchors.ids.size() + extra.size());
  std::vector<uint32_t> row;
  for (size_t i = 0; i < side.size(); ++i) {
    row.assign(side.anchors.data(i), side.anchors.data(i) + side.anchors.count(i));
    row.insert(row.end(), per_sentence.begin() + begin[i], per_sentence.begin() + begin[i + 1]);
    std::sort(row.begin(), row.end());
    row.erase(std::unique(row.begin(), row.end()), row.end());
    merged.ids.insert(merged.ids.end(), row.begin(), row.end());
    merged.close_row();
  }
  side.anchors = std::move(merged);
}

// --- Sides ---------------------------------------------------------------------------------

void add_side(const SentenceList& sentences, const FeatureOptions& options, Vocabulary& words,
              Vocabulary& anchors, CognateKeys& cognates, SideFeatures& side, SideNames& names) {
  Tokenizer tokenizer;
  SentenceTokens tokens;
  std::vector<uint32_t> sentence_anchors;
  constexpr uint32_t kNotLookedUp = UINT32_MAX, kNoCognate = UINT32_MAX - 1;
  std::vector<uint32_t> cognate_of;  // per word id: its cognate key's anchor id
  side.graphemes.reserve(sentences.size());
  side.bytes.reserve(sentences.size());
  side.word_count.reserve(sentences.size());
  side.paragraph.reserve(sentences.size());
  if (sentences.marker_count() > 0) side.marker_prefix.assign(1, 0);
  for (size_t i = 0; i < sentences.size(); ++i) {
    if (side.has_markers())
      side.marker_prefix.push_back(side.marker_prefix.back() + sentences.is_marker(i));
    if (sentences.is_marker(i)) {  // no text: no words, anchors or names, the least length
      side.graphemes.push_back(1);
      side.bytes.push_back(1);
      side.word_count.push_back(1);
      side.paragraph.push_back(sentences.paragraph(i));
      side.words.close_row();
      side.anchors.close_row();
      continue;
    }
    tokenizer.tokenize(sentences.text(i), tokens);
    const std::string_view text = sentences.text(i);
    side.graphemes.push_back(static_cast<float>(std::max<size_t>(tokens.length, 1)));
    const size_t spaces = static_cast<size_t>(std::count(text.begin(), text.end(), ' '));
    side.bytes.push_back(static_cast<float>(std::max<size_t>(text.size() - spaces, 1)));
    side.word_count.push_back(
        static_cast<float>(std::max<size_t>(tokens.words.size() + tokens.numbers.size(), 1)));
    side.paragraph.push_back(sentences.paragraph(i));
    sentence_anchors.clear();
    const size_t row_begin = side.words.ids.size();
    for (const std::string& w : tokens.words) {
      const uint32_t id = words.intern(w);
      side.words.ids.push_back(id);
      if (options.cognates) {
        // A word's cognate anchor is looked up once per distinct word, not once per token.
        if (id >= cognate_of.size()) cognate_of.resize(id + 1, kNotLookedUp);
        if (cognate_of[id] == kNotLookedUp) {
          const std::string& key = cognates.key(w);
          cognate_of[id] = key.empty() ? kNoCognate : anchors.intern(key);
        }
        if (cognate_of[id] != kNoCognate) sentence_anchors.push_back(cognate_of[id]);
      }
    }
    side.words.close_row();
    if (options.names)
      collect_names(static_cast<uint32_t>(i), tokens, side.words.ids.data() + row_begin, names);
    if (options.numbers)
      for (const std::string& n : tokens.numbers) sentence_anchors.push_back(anchors.intern(prefixed('#', n)));
    if (options.names)
      for (const std::string& n : tokens.names) sentence_anchors.push_back(anchors.intern(prefixed('=', n)));
    if (options.punctuation) {
      if (tokens.question_marks) sentence_anchors.push_back(anchors.intern("?"));
      if (tokens.exclamation_marks) sentence_anchors.push_back(anchors.intern("!"));
      if (tokens.quotes) sentence_anchors.push_back(anchors.intern("\""));
      if (tokens.brackets) sentence_anchors.push_back(anchors.intern("("));
      if (tokens.dialogue_dash) sentence_anchors.push_back(anchors.intern("—"));
      if (tokens.corner_quotes) sentence_anchors.push_back(anchors.intern("「"));
      if (tokens.colons) sentence_anchors.push_back(anchors.intern(":"));
      if (tokens.ellipses) sentence_anchors.push_back(anchors.intern("…"));
    }
    std::sort(sentence_anchors.begin(), sentence_anchors.end());
    sentence_anchors.erase(std::unique(sentence_anchors.begin(), sentence_anchors.end()),
                           sentence_anchors.end());
    side.anchors.ids.insert(side.anchors.ids.end(), sentence_anchors.begin(),
                            sentence_anchors.end());
    side.anchors.close_row();
  }
  side.length = side.graphemes;
}

}  // namespace

DocumentFeatures build_features(const SentenceList& src, const SentenceList& tgt,
                                const FeatureOptions& options) {
  DocumentFeatures features;
  CognateKeys cognates;
  SideNames src_names, tgt_names;
  add_side(src, options, features.src_words, features.anchors, cognates, features.src, src_names);
  add_side(tgt, options, features.tgt_words, features.anchors, cognates, features.tgt, tgt_names);
  // Names across scripts, when some word is not in Latin script.
  if (options.names && (src_names.foreign || tgt_names.foreign)) {
    NameVocabulary table;
    NameKeys src_keys, tgt_keys;
    // Each side's groups are dropped once they gave their candidates.
    cased_candidates(src_names, features.src_words, table, src_keys);
    src_names = SideNames();
    cased_candidates(tgt_names, features.tgt_words, table, tgt_keys);
    tgt_names = SideNames();
    uncased_matches(src, features.src, features.src_words, tgt_keys, table, src_keys);
    uncased_matches(tgt, features.tgt, features.tgt_words, src_keys, table, tgt_keys);
    cased_matches(tgt_keys, table, src_keys);
    cased_matches(src_keys, table, tgt_keys);
    add_anchors(src_keys.anchors, table.anchor_keys(), features.anchors, features.src);
    add_anchors(tgt_keys.anchors, table.anchor_keys(), features.anchors, features.tgt);
  }
  return features;
}

}  // namespace talign
