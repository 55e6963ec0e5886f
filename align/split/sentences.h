// SentenceList: the split stage's output for one document, stored flat: all sentence texts in one
// buffer with end offsets, plus each sentence's paragraph number and position in the document.
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

  // Reserves room for `bytes` of sentence text.
  void reserve(size_t bytes) { buffer_.reserve(bytes); }

  // Appends a sentence. `text` must be non-empty; paragraphs must not decrease.
  void add(std::string_view text, uint32_t paragraph, size_t source_offset) {
    buffer_.append(text);
    ends_.push_back(buffer_.size());
    paragraphs_.push_back(paragraph);
    source_offsets_.push_back(source_offset);
  }

 private:
  std::string buffer_;
  std::vector<size_t> ends_;
  std::vector<uint32_t> paragraphs_;
  std::vector<size_t> source_offsets_;
};

}  // namespace talign
