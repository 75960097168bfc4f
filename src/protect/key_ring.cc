#include "protect/key_ring.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

#include "crypto/keyed_hash.h"
#include "crypto/random.h"

namespace giai::protect {
namespace {

std::string OrgKeyContext(const std::string& org_id) { return "giai/v1|org-key|" + org_id; }
std::string CompartmentKeyContext(const std::string& org_id, const std::string& compartment_id) {
  return "giai/v1|compartment-key|" + org_id + "|" + compartment_id;
}

// Envelopes of wrapped data keys.
//   v1 (before compartment keys): the bare box, Seal(organisation key, data key,
//       "giai/v1|data-key|<object>|<field>"); always exactly kV1Size bytes.
//   v2: "gk2|<reference>|" + Seal(wrapping key, data key,
//       "giai/v2|data-key|<org>|<reference>|<object>|<field>"), where the reference is "org" or
//       the compartment id. The associated data binds the reference, so an envelope edited to
//       name another key does not open; a v2 envelope is always longer than kV1Size, so the two
//       can never be confused.
constexpr std::size_t kV1Size = 24 + crypto::SecretKey::kSize + 16;
constexpr std::string_view kV2Magic = "gk2|";
constexpr std::string_view kOrgReference = "org";

std::string DataKeyContext(const std::string& object_id, const std::string& field) {
  return "giai/v1|data-key|" + object_id + "|" + field;
}
std::string DataKeyContextV2(const std::string& org_id, std::string_view reference,
                             const std::string& object_id, const std::string& field) {
  return "giai/v2|data-key|" + org_id + "|" + std::string(reference) + "|" + object_id + "|" +
         field;
}

struct Envelope {
  int version = 1;
  std::string_view reference;  // v2 only
  std::string_view box;
};

Result<Envelope> ParseEnvelope(std::string_view wrapped) {
  if (wrapped.size() == kV1Size) return Envelope{1, {}, wrapped};
  if (wrapped.substr(0, kV2Magic.size()) != kV2Magic) return Integrity("unknown key envelope");
  std::string_view rest = wrapped.substr(kV2Magic.size());
  std::size_t bar = rest.find('|');
  if (bar == std::string_view::npos || bar == 0) return Integrity("unknown key envelope");
  return Envelope{2, rest.substr(0, bar), rest.substr(bar + 1)};
}
std::string PayloadContext(const std::string& object_id, const std::string& field,
                           std::int64_t version) {
  return "giai/v1|" + object_id + "|" + field + "|" + std::to_string(version);
}

}  // namespace

Status KeyRing::CreateKeyFile(const std::filesystem::path& path, const MasterKeyTarget& target) {
  return WriteMasterKeyFile(path, crypto::SecretKey::Generate(), target);
}

Result<std::unique_ptr<KeyRing>> KeyRing::Open(const std::filesystem::path& path,
                                               const PassphraseSource& passphrase) {
  GIAI_ASSIGN_OR_RETURN(crypto::SecretKey key, ReadMasterKeyFile(path, passphrase));
  return std::unique_ptr<KeyRing>(new KeyRing(std::move(key)));
}

std::unique_ptr<KeyRing> KeyRing::FromKeyForTesting(crypto::SecretKey master) {
  return std::unique_ptr<KeyRing>(new KeyRing(std::move(master)));
}

namespace {

std::filesystem::path NewPath(const std::filesystem::path& path) { return path.string() + ".new"; }

Status SyncDirectory(const std::filesystem::path& dir) {
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return Unavailable("cannot open " + dir.string());
  int rc = ::fsync(fd);
  ::close(fd);
  return rc == 0 ? Status::Ok() : Unavailable("cannot sync " + dir.string());
}

Status Install(const std::filesystem::path& path) {
  if (::rename(NewPath(path).c_str(), path.c_str()) != 0) {
    return Unavailable("cannot replace " + path.string());
  }
  return SyncDirectory(path.parent_path());
}

}  // namespace

bool KeyRing::RotationInterrupted(const std::filesystem::path& path) {
  return std::filesystem::exists(NewPath(path));
}

Status KeyRing::CheckOrganisationKeys(store::Tx& tx) {
  GIAI_ASSIGN_OR_RETURN(auto orgs, tx.ListOrganisations());
  for (const auto& org : orgs) {
    if (!crypto::Open(master_, org.wrapped_key, OrgKeyContext(org.id)).ok()) {
      return Integrity("the key of organisation " + org.id + " does not open with this master key");
    }
  }
  return Status::Ok();
}

Status KeyRing::FinishInterruptedRotation(const std::filesystem::path& path, store::Store& store,
                                          const PassphraseSource& passphrase) {
  Result<std::unique_ptr<KeyRing>> fresh = Open(NewPath(path), passphrase);
  if (fresh.ok()) {
    Status fresh_ok =
        store.Read([&](store::Tx& tx) { return (*fresh)->CheckOrganisationKeys(tx); });
    if (fresh_ok.ok()) return Install(path);  // the database already uses the new key
  }
  // Forget the new key only once the current one is proven to open the database.
  GIAI_ASSIGN_OR_RETURN(auto current, Open(path, passphrase));
  Status current_ok = store.Read([&](store::Tx& tx) { return current->CheckOrganisationKeys(tx); });
  if (!current_ok.ok()) {
    if (!fresh.ok()) return fresh.status();  // e.g. the new key needs the new passphrase
    return current_ok;
  }
  std::filesystem::remove(NewPath(path));
  return SyncDirectory(path.parent_path());
}

Status KeyRing::Rotate(const std::filesystem::path& path, store::Store& store,
                       const PassphraseSource& passphrase, const MasterKeyTarget& target) {
  if (RotationInterrupted(path)) {
    GIAI_RETURN_IF_ERROR(FinishInterruptedRotation(path, store, passphrase));
  }
  GIAI_ASSIGN_OR_RETURN(auto current, Open(path, passphrase));
  GIAI_RETURN_IF_ERROR(CreateKeyFile(NewPath(path), target));
  Result<std::unique_ptr<KeyRing>> opened =
      Open(NewPath(path), [&]() -> Result<std::string> { return target.passphrase; });
  if (!opened.ok()) {
    std::filesystem::remove(NewPath(path));
    return opened.status();
  }
  std::unique_ptr<KeyRing> next = std::move(opened).value();
  Status rewrapped_all = store.Write([&](store::Tx& tx) -> Status {
    GIAI_ASSIGN_OR_RETURN(auto orgs, tx.ListOrganisations());
    for (const auto& org : orgs) {
      Result<std::string> raw =
          crypto::Open(current->master_, org.wrapped_key, OrgKeyContext(org.id));
      if (!raw.ok()) return Integrity("organisation " + org.id + " does not open; nothing rotated");
      std::string rewrapped = crypto::Seal(next->master_, *raw, OrgKeyContext(org.id));
      std::fill(raw->begin(), raw->end(), '\0');
      GIAI_RETURN_IF_ERROR(tx.SetOrganisationKey(org.id, rewrapped));
    }
    return Status::Ok();
  });
  if (!rewrapped_all.ok()) {
    std::filesystem::remove(NewPath(path));  // nothing was committed under the new key
    return rewrapped_all;
  }
  return Install(path);
}

std::string KeyRing::NewWrappedOrganisationKey(const std::string& org_id) const {
  return crypto::Seal(master_, crypto::SecretKey::Generate().Reveal(), OrgKeyContext(org_id));
}

Result<crypto::SecretKey> KeyRing::OrganisationKey(store::Tx& tx, const std::string& org_id) {
  {
    std::lock_guard lock(mutex_);
    auto it = organisation_keys_.find(org_id);
    if (it != organisation_keys_.end()) return it->second;
  }
  GIAI_ASSIGN_OR_RETURN(store::OrganisationRow org, tx.GetOrganisation(org_id));
  Result<std::string> raw = crypto::Open(master_, org.wrapped_key, OrgKeyContext(org_id));
  if (!raw.ok()) {
    return Integrity("the organisation key does not open with this master key (wrong key file?)");
  }
  GIAI_ASSIGN_OR_RETURN(crypto::SecretKey key, crypto::SecretKey::FromBytes(*raw));
  std::fill(raw->begin(), raw->end(), '\0');
  std::lock_guard lock(mutex_);
  organisation_keys_.insert_or_assign(org_id, key);
  return key;
}

Result<crypto::SecretKey> KeyRing::BlindIndexKey(store::Tx& tx, const std::string& org_id) {
  GIAI_ASSIGN_OR_RETURN(crypto::SecretKey org_key, OrganisationKey(tx, org_id));
  return crypto::DeriveSubKey(org_key, "blind-index|" + org_id);
}

Result<crypto::SecretKey> KeyRing::CompartmentKey(store::Tx& tx, const std::string& org_id,
                                                  const std::string& compartment_id, bool create) {
  Result<store::SealedRow> row = tx.GetSealed(compartment_id, kCompartmentKeyField);
  if (!row.ok() && row.status().code() != Code::kNotFound) return row.status();
  GIAI_ASSIGN_OR_RETURN(crypto::SecretKey org_key, OrganisationKey(tx, org_id));
  if (!row.ok()) {
    if (!create) return Integrity("compartment " + compartment_id + " has no key");
    // Made on first use, inside the write transaction that seals the first object: writers are
    // serialised (SQLite's single writer, PostgreSQL's writer lock), so two keys never race.
    crypto::SecretKey key = crypto::SecretKey::Generate();
    std::string wrapped =
        crypto::Seal(org_key, key.Reveal(), CompartmentKeyContext(org_id, compartment_id));
    GIAI_RETURN_IF_ERROR(tx.PutSealed({compartment_id, kCompartmentKeyField, 1, wrapped, ""}));
    return key;
  }
  if (row->wrapped_key.empty()) {
    return Status(create ? Code::kConflict : Code::kNotFound,
                  "the key of compartment " + compartment_id + " was destroyed");
  }
  Result<std::string> raw =
      crypto::Open(org_key, row->wrapped_key, CompartmentKeyContext(org_id, compartment_id));
  if (!raw.ok()) return Integrity("the key of compartment " + compartment_id + " is damaged");
  Result<crypto::SecretKey> key = crypto::SecretKey::FromBytes(*raw);
  std::fill(raw->begin(), raw->end(), '\0');
  return key;
}

Result<KeyRing::WrappingKey> KeyRing::ScopeKey(store::Tx& tx, const KeyScope& scope, bool create) {
  if (scope.compartment_id().empty()) {
    GIAI_ASSIGN_OR_RETURN(crypto::SecretKey key, OrganisationKey(tx, scope.org_id()));
    return WrappingKey{std::move(key), std::string(kOrgReference)};
  }
  GIAI_ASSIGN_OR_RETURN(crypto::SecretKey key,
                        CompartmentKey(tx, scope.org_id(), scope.compartment_id(), create));
  return WrappingKey{std::move(key), scope.compartment_id()};
}

Result<std::string> KeyRing::WrapDataKey(store::Tx& tx, const KeyScope& scope,
                                         const crypto::SecretKey& data_key,
                                         const std::string& object_id, const std::string& field) {
  GIAI_ASSIGN_OR_RETURN(WrappingKey wrapping, ScopeKey(tx, scope, /*create=*/true));
  return std::string(kV2Magic) + wrapping.reference + "|" +
         crypto::Seal(wrapping.key, data_key.Reveal(),
                      DataKeyContextV2(scope.org_id(), wrapping.reference, object_id, field));
}

Result<crypto::SecretKey> KeyRing::UnwrapDataKey(store::Tx& tx, const KeyScope& scope,
                                                 std::string_view wrapped,
                                                 const std::string& object_id,
                                                 const std::string& field) {
  GIAI_ASSIGN_OR_RETURN(Envelope envelope, ParseEnvelope(wrapped));
  Result<std::string> raw = Integrity("");
  if (envelope.version == 1) {
    // Sealed before compartment keys: always under the organisation key, whatever the record's
    // compartment is now.
    GIAI_ASSIGN_OR_RETURN(crypto::SecretKey org_key, OrganisationKey(tx, scope.org_id()));
    raw = crypto::Open(org_key, envelope.box, DataKeyContext(object_id, field));
  } else {
    const bool under_org = envelope.reference == kOrgReference;
    if (!under_org && envelope.reference != scope.compartment_id()) {
      return Integrity("data key of " + object_id + "/" + field +
                       " is wrapped under another compartment");
    }
    GIAI_ASSIGN_OR_RETURN(WrappingKey wrapping,
                          under_org ? ScopeKey(tx, KeyScope::Organisation(scope.org_id()), false)
                                    : ScopeKey(tx, scope, false));
    raw = crypto::Open(wrapping.key, envelope.box,
                       DataKeyContextV2(scope.org_id(), envelope.reference, object_id, field));
  }
  if (!raw.ok()) return Integrity("data key of " + object_id + "/" + field + " is damaged");
  Result<crypto::SecretKey> key = crypto::SecretKey::FromBytes(*raw);
  std::fill(raw->begin(), raw->end(), '\0');
  return key;
}

Status KeyRing::SealField(store::Tx& tx, const KeyScope& scope, const std::string& object_id,
                          const std::string& field, std::int64_t version,
                          std::string_view plaintext) {
  crypto::SecretKey data_key = crypto::SecretKey::Generate();
  store::SealedRow row;
  row.object_id = object_id;
  row.field = field;
  row.version = version;
  GIAI_ASSIGN_OR_RETURN(row.wrapped_key, WrapDataKey(tx, scope, data_key, object_id, field));
  row.ciphertext = crypto::Seal(data_key, plaintext, PayloadContext(object_id, field, version));
  return tx.PutSealed(row);
}

Result<KeyRing::ObjectKey> KeyRing::NewObjectKey(store::Tx& tx, const KeyScope& scope,
                                                 const std::string& object_id,
                                                 const std::string& field) {
  crypto::SecretKey key = crypto::SecretKey::Generate();
  GIAI_ASSIGN_OR_RETURN(std::string wrapped, WrapDataKey(tx, scope, key, object_id, field));
  return ObjectKey{std::move(key), std::move(wrapped)};
}

Status KeyRing::StoreObjectKey(store::Tx& tx, const std::string& object_id,
                               const std::string& field, const std::string& wrapped) {
  return tx.PutSealed({object_id, field, 1, wrapped, ""});
}

Result<crypto::SecretKey> KeyRing::OpenObjectKey(store::Tx& tx, const KeyScope& scope,
                                                 const std::string& object_id,
                                                 const std::string& field) {
  GIAI_ASSIGN_OR_RETURN(store::SealedRow row, tx.GetSealed(object_id, field));
  if (row.wrapped_key.empty()) {
    return Status(Code::kNotFound, field + " of " + object_id + " was erased (key destroyed)");
  }
  return UnwrapDataKey(tx, scope, row.wrapped_key, object_id, field);
}

Result<std::optional<std::string>> KeyRing::OpenField(store::Tx& tx, const KeyScope& scope,
                                                      const std::string& object_id,
                                                      const std::string& field,
                                                      std::int64_t expected_version) {
  Result<store::SealedRow> row = tx.GetSealed(object_id, field);
  if (!row.ok()) {
    if (row.status().code() == Code::kNotFound) return std::optional<std::string>();
    return row.status();
  }
  if (row->wrapped_key.empty()) {
    return Status(Code::kNotFound, "protected field " + field + " of " + object_id +
                                       " was erased (its key was destroyed)");
  }
  if (row->version != expected_version) {
    return Integrity("protected field " + field + " of " + object_id + " is at another version");
  }
  GIAI_ASSIGN_OR_RETURN(crypto::SecretKey data_key,
                        UnwrapDataKey(tx, scope, row->wrapped_key, object_id, field));
  Result<std::string> plain =
      crypto::Open(data_key, row->ciphertext, PayloadContext(object_id, field, expected_version));
  if (!plain.ok())
    return Integrity("protected field " + field + " of " + object_id + " is damaged");
  return std::optional<std::string>(std::move(plain).value());
}

Status KeyRing::RewrapField(store::Tx& tx, const KeyScope& from, const KeyScope& to,
                            const std::string& object_id, const std::string& field) {
  Result<store::SealedRow> row = tx.GetSealed(object_id, field);
  if (!row.ok()) return row.status().code() == Code::kNotFound ? Status::Ok() : row.status();
  if (row->wrapped_key.empty()) return Status::Ok();  // erased: nothing left to move
  GIAI_ASSIGN_OR_RETURN(crypto::SecretKey data_key,
                        UnwrapDataKey(tx, from, row->wrapped_key, object_id, field));
  GIAI_ASSIGN_OR_RETURN(row->wrapped_key, WrapDataKey(tx, to, data_key, object_id, field));
  return tx.PutSealed(*row);
}

Status KeyRing::ShredCompartmentKey(store::Tx& tx, const std::string& org_id,
                                    const std::string& compartment_id) {
  Result<store::SealedRow> row = tx.GetSealed(compartment_id, kCompartmentKeyField);
  if (!row.ok() && row.status().code() != Code::kNotFound) return row.status();
  if (!row.ok()) {
    // Nothing was ever sealed in it: record the empty key, so nothing ever will be.
    return tx.PutSealed({compartment_id, kCompartmentKeyField, 1, "", ""});
  }
  if (row->wrapped_key.empty()) return Status(Code::kConflict, "already shredded");
  // Prove the key is this organisation's before destroying it.
  GIAI_RETURN_IF_ERROR(CompartmentKey(tx, org_id, compartment_id, false).status());
  return tx.ShredSealed(compartment_id, kCompartmentKeyField);
}

}  // namespace giai::protect
