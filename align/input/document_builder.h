// DocumentBuilder: how every reader of a structured format assembles its Document: text in
// paragraphs, inline codes as byte ranges of that text, cue times, language attributes. It keeps
// the Document's promises (NFC, LF, a blank line between paragraphs, no empty paragraph, codes
// sorted and inside the text) so that readers only walk their format.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "align/input/document.h"

namespace talign {

class DocumentBuilder {
 public:
  // `name` is the file's name for errors; `format` is recorded in the Document.
  DocumentBuilder(std::string name, InputFormat format);

  // Appends valid UTF-8 text to the current paragraph. With `collapse_spaces` (HTML's rendering)
  // a run of white space, line breaks included, becomes one space and white space at the start
  // of a paragraph is dropped; without it, text is kept as is except that LF and tab become a
  // space (a line break inside a paragraph is line_break()).
  void add_text(std::string_view text, bool collapse_spaces);

  // A line break inside the paragraph (HTML <br>, Word's w:br): a LF in the text and a
  // kLineBreak code.
  void line_break();

  // Ends the current paragraph (a no-op while it has no text).
  void end_paragraph();

  // Opens a paired code of `kind` at the current position; returns a handle for close().
  size_t open(CodeKind kind, std::string native = {});
  // Closes the code `handle` at the current position. A pair that covers no text is dropped.
  void close(size_t handle);
  // An isolated code (kFootnote, kPlaceholder) at the current position.
  void add_isolated(CodeKind kind, std::string native = {});

  // The text from here on is in `lang` (as written in the file).
  void set_language(std::string lang);

  // Starts a subtitle cue at the current position (a new paragraph); end_cue() ends both.
  void begin_cue(int64_t start_ms, int64_t end_ms);
  void end_cue();

  // True while the current paragraph has no text.
  bool paragraph_empty() const { return paragraph_start_ == text_.size(); }

  // The Document: the last paragraph ended, text normalised to NFC (code offsets kept in step),
  // codes sorted. The builder is spent afterwards.
  Document finish();

 private:
  void append_piece(std::string_view piece);

  std::string name_;
  InputFormat format_;
  std::string text_;
  size_t paragraph_start_ = 0;   // where the current paragraph's text starts
  bool pending_space_ = false;   // a collapsed space not yet written (dropped at paragraph end)
  std::vector<InlineCode> codes_;
  std::vector<size_t> open_codes_;  // handles still open
  std::vector<Cue> cues_;
  bool in_cue_ = false;
  std::vector<LanguageMark> languages_;
};

}  // namespace talign
