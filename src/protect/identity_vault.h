// IdentityVault: the ONE seam through which a person's identity is stored and read.
//
// Callers (service/) never see how identity is kept; SealedIdentityVault seals it with the key
// ring (a data key per person, under its compartment or organisation key). Authorisation, consent
// and audit are the caller's job and happen before any call here.
#pragma once

#include <optional>

#include "core/identity.h"
#include "protect/key_ring.h"
#include "store/store.h"

namespace giai::protect {

class IdentityVault {
 public:
  virtual ~IdentityVault() = default;
  virtual Status Put(store::Tx& tx, const KeyScope& scope, const std::string& person_id,
                     std::int64_t version, const Identity& identity) = 0;
  // nullopt: no identity recorded.
  virtual Result<std::optional<Identity>> Get(store::Tx& tx, const KeyScope& scope,
                                              const std::string& person_id,
                                              std::int64_t version) = 0;
};

class SealedIdentityVault : public IdentityVault {
 public:
  explicit SealedIdentityVault(KeyRing& ring) : ring_(ring) {}
  Status Put(store::Tx& tx, const KeyScope& scope, const std::string& person_id,
             std::int64_t version, const Identity& identity) override;
  Result<std::optional<Identity>> Get(store::Tx& tx, const KeyScope& scope,
                                      const std::string& person_id, std::int64_t version) override;

 private:
  KeyRing& ring_;
};

}  // namespace giai::protect
