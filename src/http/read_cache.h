// ReadCache: answers to repeated GETs, kept per user and reused while the store's data version
// has not moved (store::Store::DataVersion, core/versioned_cache.h). A revoked token, a disabled
// account, a new restriction or any edit moves the version, so the next request is computed
// afresh: nothing is ever served that the data as of now would not produce.
//
// An answer is kept only if it is a function of (the data at one version, the caller, the
// request target, the purpose) and of nothing else:
// - its route says so (Route::reusable): the handler reads no other header and no in-memory
//   state, and rendering is deterministic;
// - it succeeded (200) with a buffered body;
// - computing it did not read the wall clock (core/clock.h): an expiry or a date window was
//   decided, which time alone can change (shares, agreements);
// - computing it wrote nothing: a read that writes (an audit event, a share-access record) moves
//   the data version itself, so its answer is kept under a version already past, never served.
// Thread safe.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "core/status.h"
#include "core/versioned_cache.h"
#include "http/router.h"

namespace giai::http {

class ReadCache {
 public:
  // max_bytes 0: nothing is kept.
  explicit ReadCache(std::size_t max_bytes);

  // The answer to `call` at `data_version`: kept, or computed by `compute` (and kept if it
  // qualifies).
  Result<Response> Answer(const Call& call, std::uint64_t data_version,
                          const std::function<Result<Response>()>& compute);

  std::size_t size() const { return answers_.size(); }

 private:
  VersionedCache<Response> answers_;
};

}  // namespace giai::http
