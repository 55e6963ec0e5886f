#include "align/align/pipeline.h"

#include "align/common/error.h"
#include "align/input/document.h"
#include "align/split/presplit.h"
#include "align/split/splitter.h"

namespace talign {
namespace {

SentenceList sentences_of(std::string_view text, const std::string& lang,
                          const PairOptions& options) {
  return options.presplit ? sentences_from_lines(text, options.paragraphs)
                          : Splitter(lang).split(text);
}

}  // namespace

AlignedPair align_texts(std::string_view src_text, std::string_view tgt_text,
                        const PairOptions& options, const std::string& src_name,
                        const std::string& tgt_name) {
  AlignedPair pair;
  pair.src = sentences_of(src_text, options.src_lang, options);
  pair.tgt = sentences_of(tgt_text, options.tgt_lang, options);
  if (pair.src.empty() && pair.tgt.empty())
    throw Error(ErrorKind::kData, src_name,
                "no text in either document (" + display_name(tgt_name) + " is empty too)");
  pair.alignment = align_documents(pair.src, pair.tgt, options.align);
  return pair;
}

AlignedPair align_files(const std::string& src_path, const std::string& tgt_path,
                        const PairOptions& options) {
  return align_files(src_path, tgt_path, options, nullptr);
}

AlignedPair align_files(const std::string& src_path, const std::string& tgt_path,
                        const PairOptions& options, std::string* lexicon_out) {
  // Each document is dropped once split, so a pair holds its text once.
  AlignedPair pair;
  pair.src = sentences_of(read_document(src_path).text, options.src_lang, options);
  pair.tgt = sentences_of(read_document(tgt_path).text, options.tgt_lang, options);
  if (pair.src.empty() && pair.tgt.empty())
    throw Error(ErrorKind::kData, src_path,
                "no text in either document (" + display_name(tgt_path) + " is empty too)");
  pair.alignment = align_documents(pair.src, pair.tgt, options.align, lexicon_out);
  return pair;
}

}  // namespace talign
