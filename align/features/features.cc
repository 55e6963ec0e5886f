#include "align/features/features.h"

#include <unicode/translit.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <memory>

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

// Computes cognate keys once per word type: the first letters of the word written in ASCII.
class CognateKeys {
 public:
  CognateKeys() {
    UErrorCode status = U_ZERO_ERROR;
    to_ascii_.reset(icu::Transliterator::createInstance("Latin-ASCII", UTRANS_FORWARD, status));
    status = U_ZERO_ERROR;
    to_latin_.reset(
        icu::Transliterator::createInstance("Any-Latin; Latin-ASCII", UTRANS_FORWARD, status));
  }

  // The key for `word` (case-folded), or "" when the word is short or in a script whose
  // transliteration does not meet other languages' spelling (Arabic, CJK, ...).
  const std::string& key(std::string_view word) {
    auto [it, inserted] = cache_.try_emplace(std::string(word));
    if (inserted) it->second = compute(word);
    return it->second;
  }

 private:
  std::string compute(std::string_view word) {
    bool ascii = true;
    for (char c : word) ascii = ascii && static_cast<unsigned char>(c) < 0x80;
    std::string latin;
    if (ascii) {
      latin = word;
    } else {
      UChar32 first;
      int32_t pos = 0;
      U8_NEXT(word.data(), pos, static_cast<int32_t>(word.size()), first);
      UErrorCode status = U_ZERO_ERROR;
      const UScriptCode script = uscript_getScript(first, &status);
      icu::Transliterator* t = nullptr;
      if (script == USCRIPT_LATIN) t = to_ascii_.get();
      else if (script == USCRIPT_CYRILLIC || script == USCRIPT_GREEK) t = to_latin_.get();
      if (t == nullptr) return std::string();
      icu::UnicodeString u = icu::UnicodeString::fromUTF8(
          icu::StringPiece(word.data(), static_cast<int32_t>(word.size())));
      t->transliterate(u);
      u.toUTF8String(latin);
    }
    std::string letters;
    for (char c : latin) {
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
      if (c >= 'a' && c <= 'z') letters.push_back(c);
    }
    if (letters.size() < kCognatePrefix) return std::string();
    return prefixed('~', std::string_view(letters).substr(0, kCognatePrefix));
  }

  std::unique_ptr<icu::Transliterator> to_ascii_, to_latin_;
  std::unordered_map<std::string, std::string> cache_;
};

void add_side(const SentenceList& sentences, const FeatureOptions& options, Vocabulary& words,
              Vocabulary& anchors, CognateKeys& cognates, SideFeatures& side) {
  SentenceTokens tokens;
  std::vector<uint32_t> sentence_anchors;
  side.graphemes.reserve(sentences.size());
  side.bytes.reserve(sentences.size());
  side.word_count.reserve(sentences.size());
  side.paragraph.reserve(sentences.size());
  for (size_t i = 0; i < sentences.size(); ++i) {
    tokenize(sentences.text(i), tokens);
    const std::string_view text = sentences.text(i);
    side.graphemes.push_back(static_cast<float>(std::max<size_t>(tokens.length, 1)));
    const size_t spaces = static_cast<size_t>(std::count(text.begin(), text.end(), ' '));
    side.bytes.push_back(static_cast<float>(std::max<size_t>(text.size() - spaces, 1)));
    side.word_count.push_back(
        static_cast<float>(std::max<size_t>(tokens.words.size() + tokens.numbers.size(), 1)));
    side.paragraph.push_back(sentences.paragraph(i));
    sentence_anchors.clear();
    for (const std::string& w : tokens.words) {
      side.words.ids.push_back(words.intern(w));
      if (options.cognates) {
        const std::string& key = cognates.key(w);
        if (!key.empty()) sentence_anchors.push_back(anchors.intern(key));
      }
    }
    side.words.close_row();
    if (options.numbers)
      for (const std::string& n : tokens.numbers) sentence_anchors.push_back(anchors.intern(prefixed('#', n)));
    if (options.names)
      for (const std::string& n : tokens.names) sentence_anchors.push_back(anchors.intern(prefixed('=', n)));
    if (options.punctuation) {
      if (tokens.question_marks) sentence_anchors.push_back(anchors.intern("?"));
      if (tokens.exclamation_marks) sentence_anchors.push_back(anchors.intern("!"));
      if (tokens.quotes) sentence_anchors.push_back(anchors.intern("\""));
      if (tokens.brackets) sentence_anchors.push_back(anchors.intern("("));
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
  add_side(src, options, features.src_words, features.anchors, cognates, features.src);
  add_side(tgt, options, features.tgt_words, features.anchors, cognates, features.tgt);
  return features;
}

}  // namespace talign
