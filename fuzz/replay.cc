// talign_fuzz_replay: runs the fuzz targets without libFuzzer, in every build (the fuzz_replay
// test): each file under tests/data/fuzz/TARGET/ (inputs that once failed) and the seeds built
// from the sample data. A broken invariant aborts, so the test fails. Also writes the seed corpora
// scripts/fuzz starts from and lists the targets.
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "align/common/error.h"
#include "fuzz/fuzz_targets.h"

namespace {

namespace fs = std::filesystem;
using talign::fuzz::FuzzTarget;

constexpr const char* kUsage =
    "Usage: talign_fuzz_replay SOURCE_DIR             replay tests/data/fuzz/*/ and the seeds\n"
    "       talign_fuzz_replay TARGET FILE...         run files through one target\n"
    "       talign_fuzz_replay --seeds TARGET SOURCE_DIR OUT_DIR\n"
    "                                                 write TARGET's seeds into OUT_DIR\n"
    "       talign_fuzz_replay --list                 the targets and their -max_len\n";

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw talign::Error(talign::ErrorKind::kData, path.string(), "cannot open");
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

void run(const FuzzTarget& target, const std::string& input) {
  target.run(reinterpret_cast<const uint8_t*>(input.data()), input.size());
}

// The regular files in `dir` (none if it does not exist), sorted.
std::vector<fs::path> files_in(const fs::path& dir) {
  std::vector<fs::path> files;
  std::error_code error;
  for (const auto& entry : fs::directory_iterator(dir, error))
    if (entry.is_regular_file() && entry.path().filename().string()[0] != '.')
      files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  return files;
}

int replay_all(const std::string& source_dir) {
  for (const FuzzTarget& target : talign::fuzz::fuzz_targets()) {
    const std::vector<fs::path> files =
        files_in(fs::path(source_dir) / "tests/data/fuzz" / target.name);
    for (const fs::path& file : files) {
      std::cerr << target.name << ": " << file.filename().string() << std::endl;  // names a crash
      run(target, read_file(file));
    }
    const std::vector<std::string> seeds = talign::fuzz::make_seeds(target.name, source_dir);
    if (seeds.empty()) {
      std::cerr << "talign_fuzz_replay: no seeds for " << target.name << " under " << source_dir
                << '\n';
      return 1;
    }
    for (const std::string& seed : seeds) run(target, seed);
    std::cout << target.name << ": " << files.size() << " regression inputs, " << seeds.size()
              << " seeds: ok" << std::endl;
  }
  return 0;
}

int write_seeds(const FuzzTarget& target, const std::string& source_dir, const fs::path& out_dir) {
  fs::create_directories(out_dir);
  const std::vector<std::string> seeds = talign::fuzz::make_seeds(target.name, source_dir);
  for (size_t i = 0; i < seeds.size(); ++i) {
    std::ofstream out(out_dir / ("seed-" + std::to_string(i)), std::ios::binary);
    out.write(seeds[i].data(), static_cast<std::streamsize>(seeds[i].size()));
    if (!out) throw talign::Error(talign::ErrorKind::kOutput, out_dir.string(), "cannot write");
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const std::vector<std::string> args(argv + 1, argv + argc);
  try {
    if (args.size() == 1 && args[0] == "--list") {
      for (const FuzzTarget& target : talign::fuzz::fuzz_targets())
        std::cout << target.name << ' ' << target.max_len << '\n';
      return 0;
    }
    if (args.size() == 4 && args[0] == "--seeds") {
      const FuzzTarget* target = talign::fuzz::find_fuzz_target(args[1]);
      if (target == nullptr) {
        std::cerr << "talign_fuzz_replay: unknown target '" << args[1] << "'\n";
        return 2;
      }
      return write_seeds(*target, args[2], args[3]);
    }
    if (args.size() == 1 && args[0][0] != '-') return replay_all(args[0]);
    if (args.size() >= 2) {
      const FuzzTarget* target = talign::fuzz::find_fuzz_target(args[0]);
      if (target == nullptr) {
        std::cerr << "talign_fuzz_replay: unknown target '" << args[0] << "'\n";
        return 2;
      }
      for (size_t i = 1; i < args.size(); ++i) {
        run(*target, read_file(args[i]));
        std::cout << args[i] << ": ok\n";
      }
      return 0;
    }
    std::cerr << kUsage;
    return 2;
  } catch (const talign::Error& e) {
    std::cerr << "talign_fuzz_replay: " << e.file() << ": " << e.what() << '\n';
    return 1;
  }
}
