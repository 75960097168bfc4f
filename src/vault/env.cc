#include "vault/env.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace giai::vault {

namespace {

Status Errno(std::string_view what, const std::filesystem::path& path, int err) {
  const std::string message =
      std::string(what) + " " + path.filename().string() + ": " + std::strerror(err);
  if (err == ENOSPC || err == EDQUOT) return Status(Code::kUnavailable, "disk full: " + message);
  if (err == EEXIST) return Conflict(message);
  if (err == ENOENT) return NotFound(message);
  return Status(Code::kUnavailable, message);
}

class PosixWritableFile final : public WritableFile {
 public:
  PosixWritableFile(int fd, std::filesystem::path path) : fd_(fd), path_(std::move(path)) {}
  ~PosixWritableFile() override {
    if (fd_ >= 0) ::close(fd_);
  }
  Status Append(std::string_view bytes) override {
    while (!bytes.empty()) {
      ssize_t n = ::write(fd_, bytes.data(), bytes.size());
      if (n < 0) {
        if (errno == EINTR) continue;
        return Errno("write", path_, errno);
      }
      bytes.remove_prefix(static_cast<std::size_t>(n));
    }
    return Status::Ok();
  }
  Status Sync() override {
    if (::fdatasync(fd_) != 0) return Errno("fsync", path_, errno);
    return Status::Ok();
  }
  Status Close() override {
    int fd = fd_;
    fd_ = -1;
    if (fd >= 0 && ::close(fd) != 0) return Errno("close", path_, errno);
    return Status::Ok();
  }

 private:
  int fd_;
  std::filesystem::path path_;
};

class PosixReadableFile final : public ReadableFile {
 public:
  PosixReadableFile(int fd, std::filesystem::path path) : fd_(fd), path_(std::move(path)) {}
  ~PosixReadableFile() override { ::close(fd_); }
  Result<std::string> Read(std::size_t n) override {
    std::string out(n, '\0');
    std::size_t got = 0;
    while (got < n) {
      ssize_t r = ::read(fd_, out.data() + got, n - got);
      if (r < 0) {
        if (errno == EINTR) continue;
        return Errno("read", path_, errno);
      }
      if (r == 0) break;
      got += static_cast<std::size_t>(r);
    }
    out.resize(got);
    return out;
  }

 private:
  int fd_;
  std::filesystem::path path_;
};

class Posix final : public Env {
 public:
  Result<std::unique_ptr<WritableFile>> CreateExclusive(const std::filesystem::path& p) override {
    int fd = ::open(p.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) return Errno("create", p, errno);
    return std::unique_ptr<WritableFile>(new PosixWritableFile(fd, p));
  }
  Result<std::unique_ptr<ReadableFile>> OpenForRead(const std::filesystem::path& p) override {
    int fd = ::open(p.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return Errno("open", p, errno);
    return std::unique_ptr<ReadableFile>(new PosixReadableFile(fd, p));
  }
  Status LinkExclusive(const std::filesystem::path& from,
                       const std::filesystem::path& to) override {
    if (::link(from.c_str(), to.c_str()) != 0) return Errno("link", to, errno);
    return Status::Ok();
  }
  Status Remove(const std::filesystem::path& p) override {
    if (::unlink(p.c_str()) != 0 && errno != ENOENT) return Errno("remove", p, errno);
    return Status::Ok();
  }
  Status SyncDirectory(const std::filesystem::path& dir) override {
    int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return Errno("open directory", dir, errno);
    int rc = ::fsync(fd);
    int err = errno;
    ::close(fd);
    if (rc != 0) return Errno("fsync directory", dir, err);
    return Status::Ok();
  }
  Status CreateDirectories(const std::filesystem::path& dir) override {
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec)
      return Status(Code::kUnavailable, "cannot create " + dir.string() + ": " + ec.message());
    std::filesystem::permissions(dir, std::filesystem::perms::owner_all,
                                 std::filesystem::perm_options::replace, ec);
    return Status::Ok();
  }
  Result<std::vector<std::string>> ListDirectory(const std::filesystem::path& dir) override {
    std::vector<std::string> names;
    std::error_code ec;
    for (auto it = std::filesystem::directory_iterator(dir, ec);
         !ec && it != std::filesystem::directory_iterator(); it.increment(ec)) {
      names.push_back(it->path().filename().string());
    }
    if (ec) return Status(Code::kUnavailable, "cannot list " + dir.string() + ": " + ec.message());
    return names;
  }
  Result<std::uint64_t> FileSize(const std::filesystem::path& p) override {
    struct stat st {};
    if (::stat(p.c_str(), &st) != 0) return Errno("stat", p, errno);
    return static_cast<std::uint64_t>(st.st_size);
  }
};

// A file whose operations consult the injector first.
class FaultyFile final : public WritableFile {
 public:
  FaultyFile(std::unique_ptr<WritableFile> base, FaultInjectingEnv& env)
      : base_(std::move(base)), env_(env) {}
  Status Append(std::string_view bytes) override {
    if (env_.Trip(FaultInjectingEnv::Fault::kWrite)) {
      return Status(Code::kUnavailable, "injected write failure");
    }
    if (env_.Trip(FaultInjectingEnv::Fault::kDiskFull)) {
      return Status(Code::kUnavailable, "disk full: injected");
    }
    return base_->Append(bytes);
  }
  Status Sync() override {
    if (env_.Trip(FaultInjectingEnv::Fault::kSync)) {
      return Status(Code::kUnavailable, "injected fsync failure");
    }
    return base_->Sync();
  }
  Status Close() override { return base_->Close(); }

 private:
  std::unique_ptr<WritableFile> base_;
  FaultInjectingEnv& env_;
};

}  // namespace

Env& PosixEnv() {
  static Posix env;
  return env;
}

void FaultInjectingEnv::Arm(Fault fault, int after) {
  countdown_ = after;
  fault_ = fault;
}

bool FaultInjectingEnv::Trip(Fault fault) {
  if (fault_.load() != fault) return false;
  if (countdown_.fetch_sub(1) > 0) return false;
  fault_ = Fault::kNone;
  return true;
}

Result<std::unique_ptr<WritableFile>> FaultInjectingEnv::CreateExclusive(
    const std::filesystem::path& p) {
  GIAI_ASSIGN_OR_RETURN(std::unique_ptr<WritableFile> file, base_.CreateExclusive(p));
  return std::unique_ptr<WritableFile>(new FaultyFile(std::move(file), *this));
}

Status FaultInjectingEnv::LinkExclusive(const std::filesystem::path& from,
                                        const std::filesystem::path& to) {
  if (Trip(Fault::kLink)) return Status(Code::kUnavailable, "injected link failure");
  return base_.LinkExclusive(from, to);
}

Status FaultInjectingEnv::SyncDirectory(const std::filesystem::path& dir) {
  if (Trip(Fault::kSyncDirectory)) return Status(Code::kUnavailable, "injected fsync failure");
  return base_.SyncDirectory(dir);
}

}  // namespace giai::vault
