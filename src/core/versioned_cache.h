// VersionedCache: values computed from the data as of one data version (store::Store::
// DataVersion), reused only while the caller presents that same version. A newer version drops
// everything kept at once: there is no per-entry invalidation to get wrong, at the price of
// starting over after any commit. Bounded by a byte budget (a full cache also starts over).
// Thread safe; values are shared, immutable.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace giai {

template <typename V>
class VersionedCache {
 public:
  explicit VersionedCache(std::size_t max_bytes) : max_bytes_(max_bytes) {}

  bool enabled() const { return max_bytes_ > 0; }

  // The value kept under `key` at `version`, or nullptr.
  std::shared_ptr<const V> Find(std::string_view key, std::uint64_t version) {
    std::lock_guard lock(mutex_);
    if (!MoveTo(version)) return nullptr;
    auto it = entries_.find(key);
    return it == entries_.end() ? nullptr : it->second.value;
  }

  // Keeps `value` (about `bytes` large) under `key`, computed from the data at `version`.
  // Ignored if the cache already serves a newer version.
  void Keep(std::string key, std::uint64_t version, V value, std::size_t bytes) {
    bytes += key.size();
    if (bytes > max_bytes_) return;
    std::lock_guard lock(mutex_);
    if (!MoveTo(version)) return;
    if (bytes_ + bytes > max_bytes_) Drop();
    auto [it, inserted] = entries_.try_emplace(std::move(key));
    if (!inserted) bytes_ -= it->second.bytes;
    it->second = {std::make_shared<const V>(std::move(value)), bytes};
    bytes_ += bytes;
  }

  std::size_t size() const {
    std::lock_guard lock(mutex_);
    return entries_.size();
  }

 private:
  struct Entry {
    std::shared_ptr<const V> value;
    std::size_t bytes = 0;
  };
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };

  // Follows the data to `version`; false if the caller's version is older than what is kept
  // (its answer may predate a commit the kept ones include: neither may serve the other).
  bool MoveTo(std::uint64_t version) {
    if (version == version_) return true;
    if (version < version_) return false;
    Drop();
    version_ = version;
    return true;
  }
  void Drop() {
    entries_.clear();
    bytes_ = 0;
  }

  const std::size_t max_bytes_;
  mutable std::mutex mutex_;
  std::uint64_t version_ = 0;
  std::size_t bytes_ = 0;
  std::unordered_map<std::string, Entry, Hash, std::equal_to<>> entries_;
};

}  // namespace giai
