// Bead files: one alignment bead per line, "[i, j]:[k]" with 0-based sentence ids, optionally
// followed by ":SCORE" (as `talign align --format beads` writes them).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace talign {

// One bead: the source and target sentence ids that translate each other, in the order written.
// Either side may be empty (a 1-0 or 0-1 bead), not both.
struct BeadRecord {
  std::vector<uint32_t> src, tgt;
  double score = -1.0;  // -1: none given
  // 1-based line of the bead in the text it was parsed from, so later checks can point at it;
  // -1 for beads built in memory.
  int64_t line = -1;
};

// Parses `text`, one bead per line: "[i, j]:[k]" (spaces optional anywhere between tokens, e.g.
// "[1,2]:[3]", "[]:[4]"), optionally followed by ":SCORE", a decimal number in [0,1] such as
// ":0.934". Blank lines and surrounding white space are ignored. Ids are kept as written (no
// sorting), because evaluation compares beads exactly. Throws Error(kData) naming `name` with
// "malformed bead '...'", the byte offset of the line start in `text` and the line number, for a
// line that does not have this form, a negative, non-integer or out-of-range id, a score outside
// [0,1], or the empty bead "[]:[]".
std::vector<BeadRecord> parse_beads(std::string_view text, const std::string& name);

// Reads `path` ("-" = standard input) with read_document and parses it as parse_beads does. Byte
// offsets in errors refer to the decoded text, which equals the file for LF-terminated UTF-8
// without a BOM (the only form aligners write).
std::vector<BeadRecord> read_beads(const std::string& path);

// Checks that `beads` are a complete, monotone alignment: concatenated in order, the source ids
// are exactly 0, 1, ..., n-1 and so are the target ids. A gold alignment must be; an aligner's
// output should be. Throws Error(kData) naming `name` and the line of the first offending bead (or
// its position in the list when it has no line) for a gap, a repeated id or an id out of order.
void check_coverage(const std::vector<BeadRecord>& beads, const std::string& name);

}  // namespace talign
