// InterviewCheckService: the cross-organisation "already interviewed?" check (docs/LINKAGE.md,
// "Already interviewed?"), on the privacy-preserving mode of the linkage engine.
//
// Before an interview, a member organisation posts the prospective interviewee's name, sex,
// birth date and nationality. The server encodes them as Bloom filters under the consortium
// secret (DATA/keys/linkage.key, 0600; src/linkage/privacy.h), encodes the persons of every
// OTHER organisation the same way — only persons outside compartments whose latest consent allows
// sharing with an NGO partner at the pseudonymous level — and compares encodings only (Dice on
// name bigrams, keyed hashes for sex, date tokens for birth). The caller learns which
// organisations hold a probable match, their contacts (the organisation's administrators) and
// the pseudonym code to quote to them; never a name, a birth date or a person id of the other
// side. Each match is audited in the holding organisation's trail, so it knows it was asked.
// Identities are opened in memory only and wiped after the comparison; the posted fields are
// neither stored nor logged.
//
// Rate limit: the check is an oracle over identities (does anyone hold this name?), so each user
// may run kBurst checks at once and then one per kRefill; beyond, kRateLimited with the seconds
// to wait (the route answers 429 with Retry-After). Refused checks cost nothing and read nothing.
//
// Cache: the encodings of the other organisations' persons (Bloom filters and keyed hashes under
// the consortium secret, never a clear value) are kept in memory between checks, each with the
// version of the person record and of its sealed identity it was computed from. Every check
// still lists the persons and decides their consent afresh; a person whose record or identity
// changed (including erasure, which removes the identity) is decrypted and encoded again, and
// persons no longer eligible (withdrawn consent, moved into a compartment, deleted) drop out of
// the cache. Because versions are read from storage, writes made by another server process on a
// shared database invalidate entries too. Nothing is written to disk. Each check logs how many
// encodings it compared and how many it had to compute (counts only).
//
// Thread safe.
#pragma once

#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <unordered_map>
#include <vector>

#include "access/audit.h"
#include "access/principal.h"
#include "access/rate_limiter.h"
#include "protect/identity_vault.h"
#include "store/store.h"

namespace giai::service {

class InterviewCheckService {
 public:
  // Name similarity (Dice of the name encodings) from which another organisation's person is a
  // probable match.
  static constexpr double kNameThreshold = 0.8;
  // Per user: 20 checks at once, then one every 3 minutes (20 an hour), enough for interview
  // planning and far too few to enumerate a population.
  static constexpr int kBurst = 20;
  static constexpr std::chrono::seconds kRefill{180};

  // `secret`: the consortium secret (at least 16 bytes).
  InterviewCheckService(store::Store& store, protect::IdentityVault& identities, std::string secret)
      : store_(store), identities_(identities), secret_(std::move(secret)) {}

  // body: {"name": required, "sex", "birth" (EDTF), "nationality" (ISO alpha-2)}. Needs a purpose.
  // kRateLimited (and `*retry_after` seconds) beyond the user's rate.
  Result<nlohmann::json> Check(const access::Principal& who, const access::RequestInfo& request,
                               const nlohmann::json& body, long* retry_after = nullptr);

  // Reads DATA/keys/linkage.key, creating it (32 random bytes, hex, 0600) on first use; refuses
  // a key file readable by group or others.
  static Result<std::string> LoadOrCreateSecret(const std::string& path);

 private:
  // One person's encodings, as computed from one version of its record and identity.
  struct Encoding {
    std::int64_t version = 0, identity_version = 0;
    std::vector<std::uint64_t> name;  // Bloom filter
    std::string sex, birth;           // keyed hashes, "" when missing
    std::vector<std::uint64_t> sex_bloom, birth_bloom;
  };
  using Encodings = std::unordered_map<std::string, Encoding>;  // by person id

  store::Store& store_;
  protect::IdentityVault& identities_;
  std::string secret_;
  access::RateLimiter limiter_{kBurst, kRefill};
  mutable std::mutex mu_;
  // Replaced whole after each check; a check reads the snapshot it started with.
  std::shared_ptr<const Encodings> cache_ = std::make_shared<Encodings>();
};

}  // namespace giai::service
