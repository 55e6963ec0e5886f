// Dictionary: a bilingual word/phrase list that tells the aligner which source phrases translate
// which target phrases. Read from hunalign's format or from TSV; phrases are kept as written
// (no case folding, no tokenisation: the aligner does both with its own rules).
#pragma once

#include <cstddef>
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
  //   hunalign  "target @ source"                     otherwise (note: the TARGET comes first).
  // Throws Error(kData, name, "malformed dictionary entry", byte offset of the line start in
  // `text`, line number) for a line that does not fit the format: no tab / no " @ " (or more than
  // one), or an empty phrase. Repeated pairs are kept once, in first-seen order. Throws
  // Error(kData, name, "no entries") when nothing is left.
  static Dictionary parse(std::string_view text, const std::string& name);

  const std::vector<DictionaryEntry>& entries() const { return entries_; }
  size_t size() const { return entries_.size(); }

 private:
  Dictionary() = default;

  std::vector<DictionaryEntry> entries_;
};

}  // namespace talign
