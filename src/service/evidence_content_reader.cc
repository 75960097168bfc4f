// ContentReader (service/evidence_service.h): streams a stored file back, decrypting and
// re-hashing as it goes, and holds back the last piece until the whole file matches the SHA-256
// recorded at ingest, so an altered file is never served complete.
#include "crypto/hash.h"
#include "service/evidence_service.h"

namespace giai::service {

ContentReader::ContentReader(std::unique_ptr<vault::BlobReader> blob, std::string item_id,
                             std::string expected_sha256_hex, std::uint64_t size)
    : blob_(std::move(blob)),
      item_id_(std::move(item_id)),
      expected_(std::move(expected_sha256_hex)),
      size_(size) {}

Result<std::string> ContentReader::Next() {
  if (done_) return std::string();
  if (!started_) {
    started_ = true;
    GIAI_ASSIGN_OR_RETURN(held_, blob_->Next());
    sha_.Update(held_);
  }
  GIAI_ASSIGN_OR_RETURN(std::string ahead, blob_->Next());
  if (ahead.empty()) {
    // `held_` is the last piece: give it out only if the whole file still matches.
    done_ = true;
    if (crypto::ToHex(sha_.Finish()) != expected_) {
      return Integrity("evidence " + item_id_ + " no longer matches its SHA-256");
    }
    return std::move(held_);
  }
  sha_.Update(ahead);
  std::swap(held_, ahead);
  return ahead;
}

}  // namespace giai::service
