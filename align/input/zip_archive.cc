#include "align/input/zip_archive.h"

#include <zip.h>

#include "align/common/error.h"

namespace talign {

ZipArchive::ZipArchive(std::string_view bytes, std::string name) : name_(std::move(name)) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
  if (source != nullptr) {
    archive_ = zip_open_from_source(source, ZIP_RDONLY | ZIP_CHECKCONS, &error);
    if (archive_ == nullptr) zip_source_free(source);
  }
  if (archive_ == nullptr) {
    const std::string why = zip_error_strerror(&error);
    zip_error_fini(&error);
    throw Error(ErrorKind::kData, name_, "not a readable zip archive (" + why + "; truncated?)");
  }
  zip_error_fini(&error);
}

ZipArchive::~ZipArchive() {
  if (archive_ != nullptr) zip_discard(archive_);
}

bool ZipArchive::has(const std::string& entry) const {
  return zip_name_locate(archive_, entry.c_str(), 0) >= 0;
}

std::optional<std::string> ZipArchive::read(const std::string& entry, uint64_t max_bytes) const {
  zip_stat_t stat;
  zip_stat_init(&stat);
  if (zip_stat(archive_, entry.c_str(), 0, &stat) != 0) return std::nullopt;
  if ((stat.valid & ZIP_STAT_SIZE) && stat.size > max_bytes)
    throw Error(ErrorKind::kData, name_, "archive entry " + entry + " is too large to read");
  zip_file_t* file = zip_fopen(archive_, entry.c_str(), 0);
  if (file == nullptr)
    throw Error(ErrorKind::kData, name_,
                "cannot read archive entry " + entry + " (" + zip_strerror(archive_) + ")");
  std::string out;
  char buffer[1 << 15];
  for (;;) {
    const zip_int64_t got = zip_fread(file, buffer, sizeof buffer);
    if (got < 0) {
      const std::string why = zip_file_strerror(file);
      zip_fclose(file);
      throw Error(ErrorKind::kData, name_,
                  "archive entry " + entry + " is damaged (" + why + ")");
    }
    if (got == 0) break;
    out.append(buffer, static_cast<size_t>(got));
    if (out.size() > max_bytes) {
      zip_fclose(file);
      throw Error(ErrorKind::kData, name_, "archive entry " + entry + " is too large to read");
    }
  }
  zip_fclose(file);
  return out;
}

}  // namespace talign
