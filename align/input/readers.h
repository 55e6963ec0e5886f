// The readers of structured formats, one source file each (align/input/*_reader.cc). Each takes
// the file's bytes and its name (for errors) and returns a Document built with DocumentBuilder:
// one paragraph per block, inline formatting as InlineCode ranges, cue times for subtitles.
// Each throws Error(kData) naming the file, with a line or byte where there is one, for input it
// cannot read. read_input_document (format.h) picks the reader.
#pragma once

#include <string>
#include <string_view>

#include "align/input/document.h"

namespace talign {

class DocumentBuilder;

// WordprocessingML (.docx): `bytes` is the zip archive.
Document read_docx(std::string_view bytes, const std::string& name);

// OpenDocument text (.odt): `bytes` is the zip archive.
Document read_odt(std::string_view bytes, const std::string& name);

// HTML or XHTML: `bytes` as in the file (its charset from a BOM, <meta charset> or UTF-8).
// Throws Error(kData) naming the first byte that is not a character of the declared charset.
Document read_html(std::string_view bytes, const std::string& name);

// HTML already decoded to UTF-8 (a UTF-16 file, decoded first): any declared charset is ignored.
Document read_html_text(std::string_view text, const std::string& name);

// Appends the HTML `fragment` (UTF-8) to `builder` as read_html reads a page: Markdown's HTML
// blocks. Paragraphs end before and after it.
void add_html_fragment(std::string_view fragment, DocumentBuilder& builder);

// Markdown (CommonMark's block structure): `text` already decoded (Document::text). Code
// blocks, HTML comments and YAML front matter are left out; markup characters never reach the text.
Document read_markdown(std::string_view text, const std::string& name);

// SubRip (.srt) and WebVTT (.vtt): `text` already decoded.
Document read_srt(std::string_view text, const std::string& name);
Document read_vtt(std::string_view text, const std::string& name);

// XLIFF 1.2 or 2.x: the source side of its units, one paragraph each.
Document read_xliff(std::string_view bytes, const std::string& name);

}  // namespace talign
