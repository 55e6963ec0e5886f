// Fuzz targets: one function per library entry point that reads untrusted input. Each runs one
// input and checks the entry point's contract, aborting (so that libFuzzer and the replay test see
// a crash) when it is broken. talign::Error for bad input is expected; any other exception escapes
// and terminates, which is a finding too. The same functions back the libFuzzer executables
// (fuzz/*_fuzzer.cc, clang only) and talign_fuzz_replay (every build, the fuzz_replay test).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace talign::fuzz {

// decode_document on raw bytes: on success the text is valid UTF-8 and NFC, without NUL, CR, NEL,
// U+2028, U+2029 or form feed, and decoding it again gives it back unchanged.
int fuzz_decode(const uint8_t* data, size_t size);

// Splitter::split. data[0] picks the language (low 4 bits), --line-paragraphs (0x10) and SRX rules
// (0x20); the rest is the text, used when it is valid UTF-8 without NUL or CR. Checks the
// SentenceList contract, that only white space is lost, and that a second split agrees.
int fuzz_split(const uint8_t* data, size_t size);

// align_texts on a small pair. data[0]: option bits (see kAlign* in fuzz_targets.cc), data[1]:
// the languages (low and high nibble); then source, 0xFF, target, each decoded as a file would
// be. Checks coverage, bead shapes, scores in [0,1] and that a second run gives the same beads.
int fuzz_align(const uint8_t* data, size_t size);

// The TMX writer on sentences and beads built from the input (arbitrary bytes, invalid UTF-8 and
// control characters included): the file must parse as XML, hold one <tu> per pair written, and
// every <seg> must read back as the joined sentences (forbidden characters as U+FFFD).
int fuzz_tmx_writer(const uint8_t* data, size_t size);

// read_tmx on arbitrary bytes: Error or a ParallelCorpus keeping its contract; a corpus written as
// TMX and read again gives the same unit texts.
int fuzz_tmx_reader(const uint8_t* data, size_t size);

// One line of `talign stream` (tools/stream_command.h): the output is one JSON object with the
// record's id and either an error or beads covering both sides.
int fuzz_json(const uint8_t* data, size_t size);

// parse_beads and check_coverage: parsed beads are well formed, check_coverage agrees with an
// independent check, and printing the beads and parsing them again gives them back.
int fuzz_beads(const uint8_t* data, size_t size);

struct FuzzTarget {
  const char* name;  // as scripts/fuzz takes it
  int (*run)(const uint8_t* data, size_t size);
  size_t max_len;  // libFuzzer -max_len: inputs longer than this are not interesting
};

// Every target, in the order scripts/fuzz --list prints them.
const std::vector<FuzzTarget>& fuzz_targets();

// The target called `name`, or nullptr.
const FuzzTarget* find_fuzz_target(std::string_view name);

// Seed inputs for target `name` in its input format, built from the sample data of the checkout
// at `source_dir` (corpora/, tests/data/). Throws talign::Error if a file cannot be read.
std::vector<std::string> make_seeds(std::string_view name, const std::string& source_dir);

}  // namespace talign::fuzz
