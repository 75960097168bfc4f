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
std::string DataKeyContext(const std::string& object_id, const std::string& field) {
  return "giai/v1|data-key|" + object_id + "|" + field;
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

Status KeyRing::SealField(store::Tx& tx, const std::string& org_id, const std::string& object_id,
                          const std::string& field, std::int64_t version,
                          std::string_view plaintext) {
  GIAI_ASSIGN_OR_RETURN(crypto::SecretKey org_key, OrganisationKey(tx, org_id));
  crypto::SecretKey data_key = crypto::SecretKey::Generate();
  store::SealedRow row;
  row.object_id = object_id;
  row.field = field;
  row.version = version;
  row.wrapped_key = crypto::Seal(org_key, data_key.Reveal(), DataKeyContext(object_id, field));
  row.ciphertext = crypto::Seal(data_key, plaintext, PayloadContext(object_id, field, version));
  return tx.PutSealed(row);
}

Result<KeyRing::ObjectKey> KeyRing::NewObjectKey(store::Tx& tx, const std::string& org_id,
                                                 const std::string& object_id,
                                                 const std::string& field) {
  GIAI_ASSIGN_OR_RETURN(crypto::SecretKey org_key, OrganisationKey(tx, org_id));
  crypto::SecretKey key = crypto::SecretKey::Generate();
  std::string wrapped = crypto::Seal(org_key, key.Reveal(), DataKeyContext(object_id, field));
  return ObjectKey{std::move(key), std::move(wrapped)};
}

Status KeyRing::StoreObjectKey(store::Tx& tx, const std::string& object_id,
                               const std::string& field, const std::string& wrapped) {
  return tx.PutSealed({object_id, field, 1, wrapped, ""});
}

Result<crypto::SecretKey> KeyRing::OpenObjectKey(store::Tx& tx, const std::string& org_id,
                                                 const std::string& object_id,
                                                 const std::string& field) {
  GIAI_ASSIGN_OR_RETURN(store::SealedRow row, tx.GetSealed(object_id, field));
  if (row.wrapped_key.empty()) {
    return Status(Code::kNotFound, field + " of " + object_id + " was erased (key destroyed)");
  }
  GIAI_ASSIGN_OR_RETURN(crypto::SecretKey org_key, OrganisationKey(tx, org_id));
  Result<std::string> raw =
      crypto::Open(org_key, row.wrapped_key, DataKeyContext(object_id, field));
  if (!raw.ok()) return Integrity("data key of " + object_id + "/" + field + " is damaged");
  return crypto::SecretKey::FromBytes(*raw);
}

Result<std::optional<std::string>> KeyRing::OpenField(store::Tx& tx, const std::string& org_id,
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
  GIAI_ASSIGN_OR_RETURN(crypto::SecretKey org_key, OrganisationKey(tx, org_id));
  Result<std::string> raw_key =
      crypto::Open(org_key, row->wrapped_key, DataKeyContext(object_id, field));
  if (!raw_key.ok()) return Integrity("data key of " + object_id + "/" + field + " is damaged");
  GIAI_ASSIGN_OR_RETURN(crypto::SecretKey data_key, crypto::SecretKey::FromBytes(*raw_key));
  Result<std::string> plain =
      crypto::Open(data_key, row->ciphertext, PayloadContext(object_id, field, expected_version));
  if (!plain.ok())
    return Integrity("protected field " + field + " of " + object_id + " is damaged");
  return std::optional<std::string>(std::move(plain).value());
}

}  // namespace giai::protect
