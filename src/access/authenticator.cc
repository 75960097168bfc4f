#include "access/authenticator.h"

#include <algorithm>

#include "access/policy.h"
#include "core/clock.h"
#include "crypto/aead.h"
#include "crypto/keyed_hash.h"
#include "crypto/password.h"
#include "crypto/random.h"

namespace giai::access {

namespace {

Status Unauthenticated(std::string message = "wrong e-mail or password") {
  return Status(Code::kUnauthenticated, std::move(message));
}

// Verifying against a fixed hash when the account does not exist keeps the response time the
// same, so timing does not reveal which e-mails have accounts.
const std::string& DummyHash() {
  static const std::string hash = crypto::HashPassword("giai-dummy-password").value();
  return hash;
}

// Disabled accounts and unknown roles sign nobody in.
Result<Principal> PrincipalFrom(const store::UserRow& user) {
  if (user.disabled) return Unauthenticated("the account is not active");
  Principal p;
  p.user_id = user.id;
  p.org_id = user.org_id;
  p.email = user.email;
  p.compartments = user.compartments;
  if (!ParseRole(user.role, p.role)) return Unauthenticated("the account has no valid role");
  return p;
}

}  // namespace

std::string NormaliseEmail(std::string email) {
  std::transform(email.begin(), email.end(), email.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return email;
}

Result<Principal> Authenticator::PrincipalOf(store::Tx& tx, const std::string& user_id) {
  Result<store::UserRow> user = tx.GetUser(user_id);
  if (!user.ok()) return Unauthenticated("the account is not active");
  return PrincipalFrom(*user);
}

Result<Session> Authenticator::Login(const std::string& raw_email, const std::string& password,
                                     const RequestInfo& request, long* retry_after) {
  std::string email = NormaliseEmail(raw_email);
  if (long wait = throttle_.RetryAfterSeconds(email, request.remote_address); wait > 0) {
    if (retry_after) *retry_after = wait;
    return Status(Code::kRateLimited, "too many failed sign-ins; try again later");
  }
  Session session;
  Status st = store_.Write([&](store::Tx& tx) -> Status {
    Result<store::UserRow> user = tx.GetUserByEmail(email);
    bool ok = crypto::VerifyPassword(user.ok() ? user->password_hash : DummyHash(), password) &&
              user.ok() && !user->disabled;
    if (!ok) return Unauthenticated();
    GIAI_ASSIGN_OR_RETURN(session.principal, PrincipalOf(tx, user->id));
    session.token = crypto::RandomToken();
    session.csrf_token = crypto::RandomToken();
    session.expires_at = ToRfc3339(WallNow() + session_ttl_);
    GIAI_RETURN_IF_ERROR(tx.InsertSession({crypto::HashToken(session.token), user->id,
                                           session.csrf_token, NowRfc3339(), session.expires_at}));
    return tx.AppendAudit(AuditEvent(session.principal, "auth.login", user->id, request));
  });
  if (st.code() == Code::kUnauthenticated) {
    throttle_.RecordFailure(email, request.remote_address);
    // Audit the failure for the organisation that owns the account, if any (no password, ever).
    (void)store_.Write([&](store::Tx& tx) -> Status {
      Result<store::UserRow> user = tx.GetUserByEmail(email);
      if (!user.ok()) return Status::Ok();
      Principal who;
      who.user_id = user->id;
      who.org_id = user->org_id;
      return tx.AppendAudit(AuditEvent(who, "auth.login", user->id, request, "failed"));
    });
    return st;
  }
  GIAI_RETURN_IF_ERROR(st);
  throttle_.RecordSuccess(email);
  return session;
}

Status Authenticator::Logout(const std::string& session_token) {
  return store_.Write(
      [&](store::Tx& tx) { return tx.DeleteSession(crypto::HashToken(session_token)); });
}

Result<store::CredentialHolder> Authenticator::Holder(store::CredentialKind kind,
                                                      const std::string& token,
                                                      std::optional<std::uint64_t> data_version) {
  // Kept under a keyed hash of the token (a key of this process only), cheaper than the
  // stored SHA-256 and useless to anyone reading memory without that key. Without a data
  // version nothing is kept, so no key is needed.
  std::string key;
  if (data_version) {
    key = crypto::KeyedHash(cache_key_, token, 32);
    key.push_back(kind == store::CredentialKind::kSession ? 's' : 'b');
    if (auto kept = holders_.Find(key, *data_version)) return *kept;
  }
  const std::string hash = crypto::HashToken(token);
  Result<store::CredentialHolder> holder = Status(Code::kNotFound, "no such credential");
  GIAI_RETURN_IF_ERROR(store_.Read([&](store::Tx& tx) -> Status {
    holder = tx.GetCredentialHolder(kind, hash);
    return holder.ok() || holder.status().code() == Code::kNotFound ? Status::Ok()
                                                                    : holder.status();
  }));
  if (holder.ok() && data_version) {
    const store::CredentialHolder& h = *holder;
    std::size_t bytes = sizeof(h) + h.csrf_token.size() + h.expires_at.size() + h.user.id.size() +
                        h.user.email.size() + h.user.password_hash.size() + h.user.org_id.size();
    for (const std::string& c : h.user.compartments) bytes += c.size() + sizeof(c);
    holders_.Keep(std::move(key), *data_version, h, bytes);
  }
  return holder;
}

Result<Principal> Authenticator::FromSession(const std::string& session_token,
                                             std::string* csrf_token,
                                             std::optional<std::uint64_t> data_version) {
  Result<store::CredentialHolder> holder =
      Holder(store::CredentialKind::kSession, session_token, data_version);
  if (!holder.ok() && holder.status().code() != Code::kNotFound) return holder.status();
  if (!holder.ok() || holder->expires_at <= NowRfc3339()) return Unauthenticated("session expired");
  GIAI_ASSIGN_OR_RETURN(Principal p, PrincipalFrom(holder->user));
  if (csrf_token) *csrf_token = holder->csrf_token;
  p.via_session = true;
  return p;
}

Result<Principal> Authenticator::FromBearer(const std::string& api_token,
                                            std::optional<std::uint64_t> data_version) {
  Result<store::CredentialHolder> holder =
      Holder(store::CredentialKind::kApiToken, api_token, data_version);
  if (!holder.ok() && holder.status().code() != Code::kNotFound) return holder.status();
  if (!holder.ok()) return Unauthenticated("invalid API token");
  return PrincipalFrom(holder->user);
}

Result<std::string> Authenticator::CreateApiToken(const std::string& email,
                                                  const std::string& label) {
  std::string token = "giai_" + crypto::RandomToken();
  GIAI_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    GIAI_ASSIGN_OR_RETURN(store::UserRow user, tx.GetUserByEmail(NormaliseEmail(email)));
    GIAI_RETURN_IF_ERROR(tx.InsertApiToken(
        {crypto::NewId("tok"), crypto::HashToken(token), user.id, label, NowRfc3339()}));
    Principal who;
    who.user_id = user.id;
    who.org_id = user.org_id;
    return tx.AppendAudit(AuditEvent(who, "auth.token_create", user.id, RequestInfo{}));
  }));
  return token;
}

}  // namespace giai::access
