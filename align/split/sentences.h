// SentenceList: the split stage's output for one document, stored flat: all sentence texts in one
// buffer with end offsets, plus each sentence's paragraph number and position in the document,
// and which items are paragraph markers (hunalign's `<p>` lines in presplit input).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace talign {

class SentenceList {
 public:
  // Number of sentences.
  size_t size() const { return ends_.size(); }
  bool empty() const { return ends_.empty(); }

  // The i-th sentence: trimmed, internal line breaks folded, never empty.
  std::string_view text(size_t i) const {
    const size_t begin = i == 0 ? 0 : ends_[i - 1];
    return std::string_view(buffer_).substr(begin, ends_[i] - begin);
  }
  // 0-based paragraph number of sentence i; numbers increase by one at each paragraph boundary.
  uint32_t paragraph(size_t i) const { return paragraphs_[i]; }
  // Byte offset in the document text where sentence i starts.
  size_t source_offset(size_t i) const { return source_offsets_[i]; }
  // True if item i is a paragraph marker (a `<p>` line of presplit input, hunalign's and LF
  // Aligner's convention): it keeps its line's id so that beads and ladders count lines as
  // hunalign does, but it is no text. The aligner pairs markers only with markers (or leaves
  // them unmatched), and writers of text leave them out.
  bool is_marker(size_t i) const { return !markers_.empty() && markers_[i] != 0; }
  // Number of markers (0 for split text and for presplit input without `<p>` lines).
  size_t marker_count() const { return marker_count_; }

  // Reserves room for `bytes` of sentence text.
  void reserve(size_t bytes) { buffer_.reserve(bytes); }

  // Appends a sentence (or, with `marker`, a paragraph marker whose text is the line as read).
  // `text` must be non-empty; paragraphs must not decrease.
  void add(std::string_view text, uint32_t paragraph, size_t source_offset, bool marker = false) {
    buffer_.append(text);
    ends_.push_back(buffer_.size());
    paragraphs_.push_back(paragraph);
    source_offsets_.push_back(source_offset);
    // The flags exist only once there is a marker: documents without any pay nothing.
    marker_count_ += marker;
    if (marker_count_ > 0) {
      markers_.resize(ends_.size() - 1, 0);
      markers_.push_back(marker ? 1 : 0);
    }
  }

 private:
  std::string buffer_;
  std::vector<size_t> ends_;
  std::vector<uint32_t> paragraphs_;
  std::vector<size_t> source_offsets_;
  std::vector<uint8_t> markers_;  // per item, 1 for a marker; empty while there is none
  size_t marker_count_ = 0;
};

}  // namespace talign
