// Env: the one seam between the evidence vault and the file system (the leveldb `Env` idea).
// The vault never calls open/write/fsync/link directly, so tests can make any of them fail, or
// report a full disk, and check that nothing half-written becomes visible (FaultInjectingEnv).
//
// Files are created exclusively (O_EXCL): an existing file is never overwritten. Publishing a
// finished file is a hard link (link(2)), which also fails if the target exists, so an original
// can never be replaced, even by a bug or a race.
//
// Thread safety: PosixEnv is stateless and thread safe; FaultInjectingEnv is thread safe.
#pragma once

#include <atomic>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace giai::vault {

class WritableFile {
 public:
  virtual ~WritableFile() = default;
  virtual Status Append(std::string_view bytes) = 0;
  virtual Status Sync() = 0;  // fdatasync: the bytes are durable when it returns OK
  virtual Status Close() = 0;
};

class ReadableFile {
 public:
  virtual ~ReadableFile() = default;
  // Reads up to `n` bytes; an empty result means end of file.
  virtual Result<std::string> Read(std::size_t n) = 0;
};

class Env {
 public:
  virtual ~Env() = default;
  // kConflict if the file exists.
  virtual Result<std::unique_ptr<WritableFile>> CreateExclusive(
      const std::filesystem::path& path) = 0;
  virtual Result<std::unique_ptr<ReadableFile>> OpenForRead(const std::filesystem::path& path) = 0;
  // Publishes `from` under the new name `to`; kConflict if `to` exists (never replaced).
  virtual Status LinkExclusive(const std::filesystem::path& from,
                               const std::filesystem::path& to) = 0;
  virtual Status Remove(const std::filesystem::path& path) = 0;
  virtual Status SyncDirectory(const std::filesystem::path& dir) = 0;
  virtual Status CreateDirectories(const std::filesystem::path& dir) = 0;
  virtual Result<std::vector<std::string>> ListDirectory(const std::filesystem::path& dir) = 0;
  virtual Result<std::uint64_t> FileSize(const std::filesystem::path& path) = 0;
};

// The real file system.
Env& PosixEnv();

// Wraps another Env and fails the chosen operation, for tests of I/O failures.
class FaultInjectingEnv final : public Env {
 public:
  enum class Fault { kNone, kWrite, kDiskFull, kSync, kLink, kSyncDirectory };
  explicit FaultInjectingEnv(Env& base) : base_(base) {}

  // The next `after`-th operation of that kind (0 = the very next) fails, once.
  void Arm(Fault fault, int after = 0);
  void Disarm() { fault_ = Fault::kNone; }

  Result<std::unique_ptr<WritableFile>> CreateExclusive(const std::filesystem::path& p) override;
  Result<std::unique_ptr<ReadableFile>> OpenForRead(const std::filesystem::path& p) override {
    return base_.OpenForRead(p);
  }
  Status LinkExclusive(const std::filesystem::path& from, const std::filesystem::path& to) override;
  Status Remove(const std::filesystem::path& p) override { return base_.Remove(p); }
  Status SyncDirectory(const std::filesystem::path& dir) override;
  Status CreateDirectories(const std::filesystem::path& dir) override {
    return base_.CreateDirectories(dir);
  }
  Result<std::vector<std::string>> ListDirectory(const std::filesystem::path& dir) override {
    return base_.ListDirectory(dir);
  }
  Result<std::uint64_t> FileSize(const std::filesystem::path& p) override {
    return base_.FileSize(p);
  }

  // True (once) if `fault` is armed and its countdown reached zero.
  bool Trip(Fault fault);

 private:
  Env& base_;
  std::atomic<Fault> fault_{Fault::kNone};
  std::atomic<int> countdown_{0};
};

}  // namespace giai::vault
