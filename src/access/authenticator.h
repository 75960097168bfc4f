// Authenticator: turns credentials into a Principal.
//
// Browsers log in with e-mail and password (Argon2id) and get a session: a random cookie value
// (stored only as its SHA-256) plus a CSRF token that cookie-authenticated writes must echo in
// X-CSRF-Token. Scripts use bearer API tokens (also stored hashed). Failed logins are throttled
// and audited; the error never says whether the account exists.
//
// Given the store's data version (store::Store::DataVersion), a credential already checked at
// that same version is answered from memory: nothing it was read from (token, session, user,
// role, compartments) can have changed without moving the version, so a revoked token or a
// disabled account is refused on the very next request. A session's expiry is checked against
// the clock every time.
// Thread safe.
#pragma once

#include <chrono>
#include <string>

#include "access/audit.h"
#include "access/login_throttle.h"
#include "access/principal.h"
#include "core/status.h"
#include "core/versioned_cache.h"
#include "crypto/aead.h"
#include "store/store.h"

namespace giai::access {

struct Session {
  Principal principal;
  std::string token;  // cookie value, shown once
  std::string csrf_token;
  std::string expires_at;
};

class Authenticator {
 public:
  Authenticator(store::Store& store, std::chrono::seconds session_ttl = std::chrono::hours(8))
      : store_(store), session_ttl_(session_ttl) {}

  // kUnauthenticated for a wrong e-mail or password, kRateLimited (with retry_after) when
  // throttled.
  Result<Session> Login(const std::string& email, const std::string& password,
                        const RequestInfo& request, long* retry_after = nullptr);
  Status Logout(const std::string& session_token);

  // The principal of a session cookie; also returns its CSRF token.
  Result<Principal> FromSession(const std::string& session_token, std::string* csrf_token,
                                std::optional<std::uint64_t> data_version = std::nullopt);
  Result<Principal> FromBearer(const std::string& api_token,
                               std::optional<std::uint64_t> data_version = std::nullopt);

  // Issues an API token for a user (CLI: giai token create); the token is returned once.
  Result<std::string> CreateApiToken(const std::string& email, const std::string& label);

 private:
  Result<Principal> PrincipalOf(store::Tx& tx, const std::string& user_id);
  // The holder of a token (by kind and hash), from memory at `data_version` or from the store.
  Result<store::CredentialHolder> Holder(store::CredentialKind kind, const std::string& token,
                                         std::optional<std::uint64_t> data_version);

  store::Store& store_;
  std::chrono::seconds session_ttl_;
  LoginThrottle throttle_;
  // Credential holders by kind and keyed hash of the token (never the token itself); ~4,000 of
  // them at most.
  VersionedCache<store::CredentialHolder> holders_{2u << 20};
  const crypto::SecretKey cache_key_ = crypto::SecretKey::Generate();
};

std::string NormaliseEmail(std::string email);

}  // namespace giai::access
