// Dictionary: a bilingual word/phrase list that tells the aligner which source phrases translate
// which target phrases. Read from hunalign's format, from TSV or from CC-CEDICT's text format;
// phrases are kept as written (no case folding, no tokenisation: the aligner does both with its
// own rules). Either column order serves a language pair: fits_reversed() says which way round
// the entries fit a pair of documents.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace talign {

// One pair: `src` is a phrase of the source language, `tgt` its translation in the target language.
// Both are non-empty, trimmed, with runs of spaces and tabs collapsed to one space.
struct DictionaryEntry {
  std::string src;
  std::string tgt;
};

class Dictionary {
 public:
  // Reads `path` ("-" = standard input) with read_document (UTF-8 or UTF-16, BOM, CRLF) and
  // parses it as parse() does. Throws Error(kData) for an unreadable path or invalid text, and as
  // parse() does; error positions are those of the file as stored (byte offset of the line start,
  // 1-based line), except for standard input, where the byte offset is in the decoded text.
  static Dictionary load(const std::string& path);

  // Parses dictionary text (NFC UTF-8, LF newlines, as read_document returns it), one entry per
  // line. Blank lines and lines whose first non-blank character is '#' are skipped. The format is
  // chosen by the first other line and holds for the whole text:
  //   TSV       "source<TAB>target[<TAB>ignored...]"  when the line contains a tab;
  //   CC-CEDICT "TRAD SIMP [pin1 yin1] /gloss/gloss/"  when the line has that shape: entries
  //             (SIMP, g) and, when it differs, (TRAD, g) for each g that reduce_cedict_gloss
  //             makes of the glosses (a line whose glosses reduce to nothing adds nothing);
  //   hunalign  "target @ source"                     otherwise (note: the TARGET comes first).
  // Throws Error(kData, name, "malformed dictionary entry", byte offset of the line start in
  // `text`, line number) for a line that does not fit the format: no tab / no " @ " (or more than
  // one) / not the CC-CEDICT shape, or an empty phrase. Repeated pairs are kept once, in
  // first-seen order. Throws Error(kData, name, "no entries") when nothing is left.
  static Dictionary parse(std::string_view text, const std::string& name);

  const std::vector<DictionaryEntry>& entries() const { return entries_; }
  size_t size() const { return entries_.size(); }

  // The words of a phrase as the aligner sees them (the dictionary knows no word boundaries);
  // the result may be overwritten by the next call.
  using PhraseWords = std::function<const std::vector<std::string>&(std::string_view phrase)>;
  // Whether a word occurs in one of the documents.
  using WordTest = std::function<bool(std::string_view word)>;

  // Whether the entries fit a document pair better reversed: `tgt` phrases in the source
  // document and `src` phrases in the target. A phrase fits a side when one of its words
  // (`words`) passes that side's test. Counts the entries whose two phrases fit as written (src
  // in source, tgt in target) and reversed; true only when reversed fit strictly more, so a tie
  // (say no fit either way) keeps the file's order. This lets one zh-en file serve -s zh -t en
  // and -s en -t zh alike, whatever its format. Each phrase is split once.
  bool fits_reversed(const PhraseWords& words, const WordTest& in_source,
                     const WordTest& in_target) const;

 private:
  Dictionary() = default;

  std::vector<DictionaryEntry> entries_;
};

// The translations one CC-CEDICT gloss (the text of one /.../ field) reduces to: words that can
// occur in a translation, without notes, cross-references and definitions. The same rules as
// scripts/get-dict (which documents them; tests/data/dict/cedict-sample.* checks both):
//  1. a gloss starting with "CL:" (classifiers) gives nothing;
//  2. bracketed text, (...) [...] {...}, nested or not, becomes one space ("(lit.)", "(coll.)",
//     pinyin "[ge4]"); an unclosed bracket drops the rest;
//  3. the rest is split at ';' into alternatives, each split into words at spaces and tabs;
//  4. an alternative goes when it has a CJK character, the words "variant of", or starts with
//     "see", "cf.", "abbr.", "pr.", "used in/for/as", "also written/pr./called/see/read",
//     "refers to", "same as", "classifier for", "Taiwan pr.", "abbreviation for/of", "name of",
//     "old name" (ASCII case-insensitive); "surname X" gives "X" (a longer "surname ..." goes);
//  5. a leading "lit."/"fig.", then "to" (and a "be" after it), then "a"/"an"/"the" go, each
//     only when words follow; "sb", "sth", "sb's", "sth's", "one's", "etc", "etc." go anywhere;
//     " ,;:" are trimmed from both ends;
//  6. kept when 1 to 4 words with a letter or digit are left; a longer alternative with a comma
//     is cut before its first comma first ("Sarajevo, capital of Bosnia and Herzegovina").
// Each result once, in order.
std::vector<std::string> reduce_cedict_gloss(std::string_view gloss);

}  // namespace talign
