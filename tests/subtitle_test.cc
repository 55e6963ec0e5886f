// Tests for subtitles: the SubRip and WebVTT readers (cues, times, tags, skipped blocks, errors
// with lines) and the time mapping and alignment of align/align/subtitle_aligner.h.
#include <catch2/catch.hpp>

#include <cmath>
#include <string>
#include <vector>

#include "align/align/subtitle_aligner.h"
#include "align/common/error.h"
#include "align/input/readers.h"

using talign::Alignment;
using talign::Cue;
using talign::CodeKind;
using talign::Document;
using talign::Error;
using talign::ErrorKind;
using talign::SentenceList;
using talign::TimeMap;

namespace {

std::string cue_text(const Document& doc, size_t k) {
  return doc.text.substr(doc.cues[k].begin, doc.cues[k].end - doc.cues[k].begin);
}

// The error `read` throws for `text`, checked to be a data error naming the file.
template <typename Reader>
Error read_error(Reader read, const std::string& text) {
  try {
    read(text, "subs.srt");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::kData);
    CHECK(e.file() == "subs.srt");
    return e;
  }
  FAIL("no error for: " << text);
  return Error(ErrorKind::kData, "", "");
}

// Cues at times `times` (seconds: start, end), mapped by `speed` and `offset` (seconds).
std::vector<Cue> cues_at(const std::vector<std::pair<double, double>>& times, double speed = 1,
                         double offset = 0) {
  std::vector<Cue> cues;
  for (const auto& [s, e] : times)
    cues.push_back({0, 0, std::llround((speed * s + offset) * 1000),
                    std::llround((speed * e + offset) * 1000)});
  return cues;
}

// A dialogue-like timing: n cues of 1.2 to 4 s with gaps of 0.2 to 2 s (deterministic).
std::vector<std::pair<double, double>> dialogue_times(size_t n, uint32_t seed = 12345) {
  std::vector<std::pair<double, double>> times;
  double t = 3;
  uint32_t state = seed;
  auto next = [&state] {
    state = state * 1103515245u + 12345u;
    return static_cast<double>((state >> 8) % 1000) / 1000.0;
  };
  for (size_t i = 0; i < n; ++i) {
    const double duration = 1.2 + 2.8 * next();
    times.emplace_back(t, t + duration);
    t += duration + 0.2 + 1.8 * next();
  }
  return times;
}

}  // namespace

TEST_CASE("read_srt: one cue per block, lines joined, times in milliseconds", "[subtitles]") {
  const Document doc = talign::read_srt(
      "1\n00:00:01,000 --> 00:00:02,500\nHello there,\nhow are you?\n\n"
      "2\n00:01:02.25 --> 01:00:03,007 X1:10 X2:20 Y1:5 Y2:9\nFine.\n\n"
      "00:00:05,000 --> 00:00:06,000\nNo number.\n",
      "a.srt");
  REQUIRE(doc.cues.size() == 3);
  CHECK(cue_text(doc, 0) == "Hello there, how are you?");
  CHECK(doc.cues[0].start_ms == 1000);
  CHECK(doc.cues[0].end_ms == 2500);
  CHECK(doc.cues[1].start_ms == 62250);
  CHECK(doc.cues[1].end_ms == 3600000 + 3007);
  CHECK(cue_text(doc, 2) == "No number.");
  CHECK(doc.text == "Hello there, how are you?\n\nFine.\n\nNo number.");
}

TEST_CASE("read_srt: i, b, u become codes; font and SSA overrides are dropped", "[subtitles]") {
  const Document doc = talign::read_srt(
      "1\n00:00:01,000 --> 00:00:02,000\n{\\an8}<font color=\"red\"><I>Quiet</I></font> now,\n"
      "<b>please</b> <u>sir</u> <3\n",
      "a.srt");
  REQUIRE(doc.cues.size() == 1);
  CHECK(cue_text(doc, 0) == "Quiet now, please sir <3");
  REQUIRE(doc.codes.size() == 3);
  CHECK(doc.codes[0].kind == CodeKind::kItalic);
  CHECK(doc.text.substr(doc.codes[0].begin, doc.codes[0].end - doc.codes[0].begin) == "Quiet");
  CHECK(doc.codes[1].kind == CodeKind::kBold);
  CHECK(doc.codes[2].kind == CodeKind::kUnderline);
  CHECK(doc.text.substr(doc.codes[2].begin, doc.codes[2].end - doc.codes[2].begin) == "sir");
}

TEST_CASE("read_srt: a tag left open closes with its cue", "[subtitles]") {
  const Document doc = talign::read_srt(
      "1\n00:00:01,000 --> 00:00:02,000\n<i>Open\n\n2\n00:00:03,000 --> 00:00:04,000\nNext\n",
      "a.srt");
  REQUIRE(doc.codes.size() == 1);
  CHECK(doc.codes[0].end == doc.cues[0].end);
}

TEST_CASE("read_srt: malformed timing lines name the file and line", "[subtitles]") {
  auto read = [](const std::string& text, const std::string& name) { talign::read_srt(text, name); };
  CHECK(read_error(read,
                   "1\n00:00:01,000 --> 00:00:02,000\nA\n\n2\n00:00:03,000 --> 00:00:0x,000\nB\n")
            .line() == 6);
  CHECK(read_error(read, "1\n00:00:01,000 -> 00:00:02,000\nA\n").line() == 2);
  CHECK(read_error(read, "1\n00:00:61,000 --> 00:00:62,000\nA\n").line() == 2);
  CHECK(read_error(read, "1\n00:00:01 --> 00:00:02\nA\n").line() == 2);  // no milliseconds
  CHECK(read_error(read, "Just text\n").line() == 1);
  const Error e =
      read_error(read, "1\n00:00:01,000 --> 00:00:02,000\nA\n\n2\n00:00:03,000 --> nope\nB\n");
  CHECK(std::string(e.what()).find("malformed timing line") != std::string::npos);
}

TEST_CASE("read_vtt: header and NOTE, STYLE, REGION blocks skipped; tags and settings dropped",
          "[subtitles]") {
  const Document doc = talign::read_vtt(
      "WEBVTT - a title\nKind: captions\n\n"
      "NOTE a comment\nover two lines\n\n"
      "STYLE\n::cue { color: red }\n\n"
      "REGION\nid:fred\n\n"
      "intro\n00:01.000 --> 00:04.000 align:start line:0%\n<v Roger>Hi <c.loud>you</c> &amp; "
      "<i>me</i>\n<00:02.000>again\n\n"
      "01:02:03.500 --> 01:02:04.000\n<ruby>漢<rt>kan</rt></ruby> &lt;ok&gt;\n",
      "a.vtt");
  REQUIRE(doc.cues.size() == 2);
  CHECK(cue_text(doc, 0) == "Hi you & me again");
  CHECK(doc.cues[0].start_ms == 1000);
  CHECK(doc.cues[0].end_ms == 4000);
  CHECK(cue_text(doc, 1) == "漢 <ok>");
  CHECK(doc.cues[1].start_ms == 3723500);
  REQUIRE(doc.codes.size() == 1);
  CHECK(doc.codes[0].kind == CodeKind::kItalic);
}

TEST_CASE("read_vtt: errors name the line", "[subtitles]") {
  auto read = [](const std::string& text, const std::string& name) { talign::read_vtt(text, name); };
  CHECK(read_error(read, "WEBVTT\n\n00:01.000 --> 00:02.000\nA\n\n00:03.000 --> 00:04.0x\nB\n")
            .line() == 6);
  CHECK(read_error(read, "WEBVTT\n\nid\njust text\n").line() == 3);
  CHECK(read_error(read, "1\n00:00:01,000 --> 00:00:02,000\nA\n").line() == 1);  // no WEBVTT
}

TEST_CASE("estimate_time_map finds offset and speed", "[subtitles]") {
  const auto times = dialogue_times(300);
  const std::vector<Cue> src = cues_at(times);
  struct Case {
    double speed, offset;
  };
  for (const Case c : {Case{1.0, 0.0}, Case{1.001, 2.5}, Case{0.995, -7.0},
                       Case{25.0 / 23.976, 4.0}, Case{1.0, 60.0}, Case{1.0, 3600.0}}) {
    const TimeMap map = talign::estimate_time_map(src, cues_at(times, c.speed, c.offset));
    INFO("speed " << c.speed << ", offset " << c.offset);
    CHECK(map.found);
    CHECK(std::abs(map.speed - c.speed) < 1e-4);
    CHECK(std::abs(map.offset_ms - c.offset * 1000) < 50);
  }
}

TEST_CASE("estimate_time_map: unrelated times are not found", "[subtitles]") {
  const auto times = dialogue_times(200);
  std::vector<std::pair<double, double>> other;
  for (const auto& [s, e] : dialogue_times(230, 777)) other.emplace_back(s, e);
  CHECK_FALSE(talign::estimate_time_map(cues_at(times), cues_at(other)).found);
  CHECK_FALSE(talign::estimate_time_map(cues_at(times), {}).found);
}

TEST_CASE("align_subtitles: merged, split and unmatched cues by time", "[subtitles]") {
  // Source cues 0..5; the target merges 1+2, splits 3, has no cue for 4, and adds one at the end.
  const std::vector<Cue> src = cues_at({{1, 3}, {4, 5}, {5.3, 7}, {8, 12}, {13, 14}, {15, 17}});
  const std::vector<Cue> tgt =
      cues_at({{1, 3}, {4, 7}, {8, 9.9}, {10.1, 12}, {15, 17}, {18, 19}}, 1.0, 10.0);
  SentenceList s, t;
  for (const char* text : {"One two three.", "Four", "five six.", "Seven eight nine ten eleven.",
                           "Oh.", "Twelve thirteen."})
    s.add(text, 0, 0);
  for (const char* text : {"Un deux trois.", "Quatre cinq six.", "Sept huit neuf", "dix onze.",
                           "Douze treize.", "Fin."})
    t.add(text, 0, 0);
  const TimeMap map{1.0, 10'000.0, 10, 0, true};
  const Alignment a = talign::align_subtitles(s, src, t, tgt, map);
  std::vector<std::string> shapes;
  for (const talign::Bead& b : a.beads) {
    shapes.push_back(std::to_string(b.src_begin) + ":" + b.type());
    CHECK(b.score >= 0);
    CHECK(b.score <= 1);
  }
  CHECK(shapes == std::vector<std::string>{"0:1-1", "1:2-1", "3:1-2", "4:1-0", "5:1-1", "6:0-1"});
  CHECK(a.stats.by_time);
  CHECK(a.stats.time_offset_ms == 10'000.0);
}
