// ZipArchive: the entries of a zip archive held in memory (DOCX and ODT are zip archives of XML
// files), read with libzip. Errors name the file the archive came from.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

struct zip;

namespace talign {

class ZipArchive {
 public:
  // Opens the archive in `bytes`, which must outlive it. Throws Error(kData) naming `name` when
  // the bytes are not a readable zip archive (truncated, corrupt).
  ZipArchive(std::string_view bytes, std::string name);
  ~ZipArchive();
  ZipArchive(const ZipArchive&) = delete;
  ZipArchive& operator=(const ZipArchive&) = delete;

  // True if the archive has an entry named `entry`.
  bool has(const std::string& entry) const;

  // The content of `entry`, or nullopt when there is none. Throws Error(kData) naming the file
  // and the entry when the entry cannot be inflated (a damaged archive) or inflates to more than
  // `max_bytes` (a zip bomb).
  std::optional<std::string> read(const std::string& entry,
                                  uint64_t max_bytes = uint64_t{1} << 30) const;

 private:
  struct zip* archive_ = nullptr;
  std::string name_;
};

}  // namespace talign
