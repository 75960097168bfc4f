// BundleTarStream: a bundle as a POSIX pax tar archive, written by libarchive into a buffer that
// each Next() hands out. Blocking is switched off so that libarchive passes every write through
// at once (the archive is produced as fast as it is consumed, never held whole).
#include <archive.h>
#include <archive_entry.h>
#include <locale.h>

#include <ctime>

#include "service/evidence_bundle.h"

namespace giai::service {

namespace {

// libarchive converts UTF-8 file names through the thread's C locale; under the default "C"
// locale a name like "témoignage.jpg" or an Arabic one cannot be converted (and libarchive 3.6
// then crashes writing the pax header). Every call into libarchive runs inside this scope, which
// switches this thread (only) to C.UTF-8 and back.
class Utf8Scope {
 public:
  Utf8Scope() {
    static const locale_t utf8 = newlocale(LC_CTYPE_MASK, "C.UTF-8", static_cast<locale_t>(0));
    if (utf8 != static_cast<locale_t>(0)) previous_ = uselocale(utf8);
  }
  ~Utf8Scope() {
    if (previous_ != static_cast<locale_t>(0)) uselocale(previous_);
  }
  Utf8Scope(const Utf8Scope&) = delete;
  Utf8Scope& operator=(const Utf8Scope&) = delete;
  bool ok() const { return previous_ != static_cast<locale_t>(0); }

 private:
  locale_t previous_ = static_cast<locale_t>(0);
};

}  // namespace

struct BundleTarStream::Archive {
  struct archive* handle = nullptr;
  std::string out;  // what libarchive wrote since the last Next()

  static la_ssize_t Collect(struct archive*, void* self, const void* buffer, size_t length) {
    static_cast<Archive*>(self)->out.append(static_cast<const char*>(buffer), length);
    return static_cast<la_ssize_t>(length);
  }
  Status Check(int rc, const std::string& what) {
    if (rc >= ARCHIVE_WARN) return Status::Ok();
    const char* message = archive_error_string(handle);
    return Internal("tar " + what + ": " + (message ? message : "failed"));
  }
  ~Archive() {
    if (handle) archive_write_free(handle);
  }
};

BundleTarStream::BundleTarStream(EvidenceService& evidence, std::shared_ptr<const Bundle> bundle)
    : evidence_(evidence), bundle_(std::move(bundle)), archive_(std::make_unique<Archive>()) {
  Utf8Scope utf8;
  archive_->handle = archive_write_new();
  archive_write_set_format_pax_restricted(archive_->handle);  // ustar, pax only when needed
  archive_write_set_bytes_per_block(archive_->handle, 0);     // no blocking: stream through
  archive_write_open(archive_->handle, archive_.get(), nullptr, &Archive::Collect, nullptr);
}

BundleTarStream::~BundleTarStream() {
  Utf8Scope utf8;
  archive_.reset();
}

Status BundleTarStream::StartEntry(const BundleEntry& entry) {
  struct archive_entry* e = archive_entry_new();
  archive_entry_set_pathname_utf8(e, entry.path.c_str());
  archive_entry_set_size(e, static_cast<la_int64_t>(entry.size));
  archive_entry_set_filetype(e, AE_IFREG);
  archive_entry_set_perm(e, 0644);
  archive_entry_set_mtime(e, std::time(nullptr), 0);
  const int rc = archive_write_header(archive_->handle, e);
  archive_entry_free(e);
  return archive_->Check(rc, "header of " + entry.path);
}

Result<std::string> BundleTarStream::Next() {
  Utf8Scope utf8;
  if (!utf8.ok()) return Internal("the C.UTF-8 locale is missing: file names cannot be archived");
  archive_->out.clear();
  while (archive_->out.empty() && !closed_) {
    if (reader_) {
      // Inside a stored file: one verified piece at a time.
      GIAI_ASSIGN_OR_RETURN(std::string piece, reader_->Next());
      if (piece.empty()) {
        reader_.reset();
        GIAI_RETURN_IF_ERROR(
            archive_->Check(archive_write_finish_entry(archive_->handle), "end of entry"));
        continue;
      }
      if (archive_write_data(archive_->handle, piece.data(), piece.size()) !=
          static_cast<la_ssize_t>(piece.size())) {
        return archive_->Check(ARCHIVE_FATAL, "data");
      }
      continue;
    }
    if (next_entry_ == bundle_->entries.size()) {
      GIAI_RETURN_IF_ERROR(archive_->Check(archive_write_close(archive_->handle), "close"));
      closed_ = true;
      break;
    }
    const BundleEntry& entry = bundle_->entries[next_entry_++];
    GIAI_RETURN_IF_ERROR(StartEntry(entry));
    if (entry.file) {
      GIAI_ASSIGN_OR_RETURN(reader_, OpenBundleFile(evidence_, entry));
      continue;
    }
    if (!entry.text.empty() &&
        archive_write_data(archive_->handle, entry.text.data(), entry.text.size()) !=
            static_cast<la_ssize_t>(entry.text.size())) {
      return archive_->Check(ARCHIVE_FATAL, "data of " + entry.path);
    }
    GIAI_RETURN_IF_ERROR(
        archive_->Check(archive_write_finish_entry(archive_->handle), "end of " + entry.path));
  }
  return std::move(archive_->out);
}

}  // namespace giai::service
