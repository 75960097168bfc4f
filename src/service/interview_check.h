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
// Thread safe (no mutable state).
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "access/audit.h"
#include "access/principal.h"
#include "protect/identity_vault.h"
#include "store/store.h"

namespace giai::service {

class InterviewCheckService {
 public:
  // Name similarity (Dice of the name encodings) from which another organisation's person is a
  // probable match.
  static constexpr double kNameThreshold = 0.8;

  // `secret`: the consortium secret (at least 16 bytes).
  InterviewCheckService(store::Store& store, protect::IdentityVault& identities, std::string secret)
      : store_(store), identities_(identities), secret_(std::move(secret)) {}

  // body: {"name": required, "sex", "birth" (EDTF), "nationality" (ISO alpha-2)}. Needs a purpose.
  Result<nlohmann::json> Check(const access::Principal& who, const access::RequestInfo& request,
                               const nlohmann::json& body) const;

  // Reads DATA/keys/linkage.key, creating it (32 random bytes, hex, 0600) on first use; refuses
  // a key file readable by group or others.
  static Result<std::string> LoadOrCreateSecret(const std::string& path);

 private:
  store::Store& store_;
  protect::IdentityVault& identities_;
  std::string secret_;
};

}  // namespace giai::service
