// Runtime: the composition root. Opens a data directory and wires storage, keys, the identity
// vault, authentication and the use cases together, in one place, for every subcommand.
//
// Data directory layout:
//   DIR/giai.db (+ -wal, -shm)   SQLite database (ciphertext for every protected field); absent
//                                when the deployment runs on PostgreSQL (`--database URL`),
//                                which holds the same tables; keys and vault stay here
//   DIR/keys/master.key          master key, 0600 (back it up separately from the database!):
//                                the key itself, or wrapped under a passphrase (passphrase.h)
//   DIR/keys/ledger.key          the transparency log's signing key, 0600
//   DIR/keys/linkage.key         the consortium secret of privacy-preserving linkage, 0600
//                                (the same file on every member's server; docs/LINKAGE.md)
//   DIR/vault/                   evidence blobs (encrypted, write-once)
//   DIR/giai.toml                optional server configuration
#pragma once

#include <filesystem>
#include <memory>

#include "access/authenticator.h"
#include "core/vocabulary.h"
#include "protect/identity_vault.h"
#include "protect/key_ring.h"
#include "service/admin_service.h"
#include "service/case_service.h"
#include "service/consent_service.h"
#include "service/documentation_service.h"
#include "service/estimate_service.h"
#include "service/evidence_service.h"
#include "service/grants_service.h"
#include "service/interview_check.h"
#include "service/ledger_service.h"
#include "service/linkage_service.h"
#include "service/share_service.h"
#include "store/store.h"
#include "vault/vault.h"

namespace giai::cli {

struct Runtime {
  std::filesystem::path data_dir;
  std::unique_ptr<store::Store> store;
  std::unique_ptr<protect::KeyRing> keys;
  std::unique_ptr<protect::SealedIdentityVault> identities;
  std::unique_ptr<access::Authenticator> authenticator;
  std::unique_ptr<service::DocumentationService> documentation;
  std::unique_ptr<service::AdminService> admin;
  std::unique_ptr<service::ConsentService> consent;
  std::unique_ptr<vault::Vault> vault;
  std::unique_ptr<service::Ledger> ledger;
  std::unique_ptr<service::EvidenceService> evidence;
  std::unique_ptr<service::CaseService> cases;
  std::unique_ptr<service::GrantsService> grants;
  std::unique_ptr<service::InterviewCheckService> interview_checks;
  std::unique_ptr<service::EstimateService> estimates;
  // Last: its worker thread uses the store and the identity vault until it is destroyed.
  std::unique_ptr<service::LinkageService> linkage;
  std::unique_ptr<service::ShareService> shares;

  static std::filesystem::path DatabasePath(const std::filesystem::path& dir);
  static std::filesystem::path KeyPath(const std::filesystem::path& dir);
  static std::filesystem::path LedgerKeyPath(const std::filesystem::path& dir);
  static std::filesystem::path LinkageKeyPath(const std::filesystem::path& dir);
  static std::filesystem::path VaultPath(const std::filesystem::path& dir);

  // Opens an initialised data directory (kNotFound if `giai init` was not run there). A master
  // key in passphrase mode is opened with ProcessPassphrase() (kUnauthenticated if wrong).
  // `database`: empty for the SQLite database in `dir`, or a postgresql:// URL (the directory
  // then holds the keys only). `vault_env`: the evidence vault's I/O (fault-injection tests pass
  // a vault::FaultInjectingEnv; it must outlive the Runtime).
  static Result<std::unique_ptr<Runtime>> Open(const std::filesystem::path& dir,
                                               const std::string& database = "",
                                               bool durable = true,
                                               vault::Env& vault_env = vault::PosixEnv());
  // Creates the directory (0700), the master key (kept as `master_key` says) and the database.
  // kConflict if one exists (for PostgreSQL: if the database already holds organisations).
  static Result<std::unique_ptr<Runtime>> Initialise(
      const std::filesystem::path& dir, const std::string& database = "",
      const protect::MasterKeyTarget& master_key = {});
  // The active user with this e-mail, as the API would authenticate them: the principal of a
  // command run on a staff member's behalf (kNotFound for an unknown or disabled user).
  Result<access::Principal> PrincipalFor(const std::string& email);
  // The Store of `database` (as in Open), migrations applied.
  static Result<std::unique_ptr<store::Store>> OpenStore(const std::filesystem::path& dir,
                                                         const std::string& database,
                                                         bool durable = true);
};

// Reads a secret (password) from a file, without its trailing newline.
Result<std::string> ReadSecretFile(const std::string& path);

}  // namespace giai::cli
