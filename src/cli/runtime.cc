#include "cli/runtime.h"

#include <sys/stat.h>

#include <fstream>
#include <sstream>

#include "cli/passphrase.h"
#include "crypto/random.h"
#include "store/postgres/postgres_store.h"
#include "store/sqlite/sqlite_store.h"
#include "store/timed_store.h"

namespace giai::cli {

namespace {
constexpr std::uint64_t kDefaultUploadLimit = 20ull << 30;  // 20 GiB
}  // namespace

std::filesystem::path Runtime::DatabasePath(const std::filesystem::path& dir) {
  return dir / "giai.db";
}

std::filesystem::path Runtime::KeyPath(const std::filesystem::path& dir) {
  return dir / "keys" / "master.key";
}

std::filesystem::path Runtime::LedgerKeyPath(const std::filesystem::path& dir) {
  return dir / "keys" / "ledger.key";
}

std::filesystem::path Runtime::LinkageKeyPath(const std::filesystem::path& dir) {
  return dir / "keys" / "linkage.key";
}

std::filesystem::path Runtime::VaultPath(const std::filesystem::path& dir) { return dir / "vault"; }

Result<std::unique_ptr<store::Store>> Runtime::OpenStore(const std::filesystem::path& dir,
                                                         const std::string& database,
                                                         bool durable) {
  if (database.empty()) {
    return store::sqlite::SqliteStore::Create(DatabasePath(dir).string(), 8, durable);
  }
  if (!store::postgres::IsPostgresUrl(database)) {
    return InvalidInput("--database must be a postgresql:// URL (or empty for SQLite)");
  }
  return store::postgres::PostgresStore::Create(database);
}

Result<std::unique_ptr<Runtime>> Runtime::Open(const std::filesystem::path& dir,
                                               const std::string& database, bool durable,
                                               vault::Env& vault_env) {
  // On PostgreSQL the data directory holds the keys only: `giai init` made it if they exist.
  bool initialised = database.empty() ? std::filesystem::exists(DatabasePath(dir))
                                      : std::filesystem::exists(dir / "keys");
  if (!initialised) {
    return NotFound("no giai data in " + dir.string() + "; run `giai init --data " + dir.string() +
                    "` first");
  }
  auto rt = std::make_unique<Runtime>();
  rt->data_dir = dir;
  // The key is checked first: without it nothing could be read, and nothing must be written.
  // (A wrong passphrase stops here too.)
  protect::PassphraseSource passphrase = ProcessPassphrase();
  GIAI_ASSIGN_OR_RETURN(rt->keys, protect::KeyRing::Open(KeyPath(dir), passphrase));
  GIAI_ASSIGN_OR_RETURN(std::unique_ptr<store::Store> opened, OpenStore(dir, database, durable));
  rt->store = std::make_unique<store::TimedStore>(std::move(opened));
  if (protect::KeyRing::RotationInterrupted(KeyPath(dir))) {
    GIAI_RETURN_IF_ERROR(
        protect::KeyRing::FinishInterruptedRotation(KeyPath(dir), *rt->store, passphrase));
    GIAI_ASSIGN_OR_RETURN(rt->keys, protect::KeyRing::Open(KeyPath(dir), passphrase));
  }
  // Data directories made before the ledger existed get their log key on first open.
  if (!std::filesystem::exists(LedgerKeyPath(dir))) {
    GIAI_RETURN_IF_ERROR(
        service::Ledger::CreateKeyFile(LedgerKeyPath(dir), "giai/" + crypto::RandomBase32(10)));
  }
  GIAI_ASSIGN_OR_RETURN(rt->ledger, service::Ledger::Open(LedgerKeyPath(dir)));
  rt->identities = std::make_unique<protect::SealedIdentityVault>(*rt->keys);
  rt->authenticator = std::make_unique<access::Authenticator>(*rt->store);
  rt->documentation = std::make_unique<service::DocumentationService>(
      *rt->store, *rt->keys, *rt->identities, Vocabulary::Builtin(), rt->ledger.get());
  rt->admin = std::make_unique<service::AdminService>(*rt->store, *rt->keys);
  rt->consent = std::make_unique<service::ConsentService>(*rt->store, *rt->keys, rt->ledger.get());
  GIAI_ASSIGN_OR_RETURN(rt->vault, vault::Vault::Open(VaultPath(dir), vault_env));
  rt->evidence = std::make_unique<service::EvidenceService>(*rt->store, *rt->keys, *rt->vault,
                                                            *rt->ledger, kDefaultUploadLimit);
  rt->cases = std::make_unique<service::CaseService>(*rt->store, *rt->keys, Vocabulary::Builtin());
  rt->grants = std::make_unique<service::GrantsService>(*rt->store, *rt->keys);
  GIAI_ASSIGN_OR_RETURN(
      std::string linkage_secret,
      service::InterviewCheckService::LoadOrCreateSecret(LinkageKeyPath(dir).string()));
  rt->interview_checks = std::make_unique<service::InterviewCheckService>(
      *rt->store, *rt->identities, std::move(linkage_secret));
  rt->estimates = std::make_unique<service::EstimateService>();
  rt->linkage = std::make_unique<service::LinkageService>(*rt->store, *rt->identities);
  rt->shares = std::make_unique<service::ShareService>(*rt->store, *rt->keys, *rt->identities,
                                                       rt->evidence.get());
  return rt;
}

Result<std::unique_ptr<Runtime>> Runtime::Initialise(const std::filesystem::path& dir,
                                                     const std::string& database,
                                                     const protect::MasterKeyTarget& master_key) {
  if (master_key.mode == protect::MasterKeyMode::kPassphrase &&
      master_key.passphrase.size() < crypto::PassphraseKdfParams::kMinPassphraseSize) {
    return InvalidInput("the passphrase must be at least 12 characters long");  // nothing written
  }
  if (std::filesystem::exists(DatabasePath(dir)) || std::filesystem::exists(KeyPath(dir))) {
    return Conflict(dir.string() + " already holds giai data");
  }
  if (!database.empty()) {
    // Never initialise over another deployment's data (checked before any key is written).
    GIAI_ASSIGN_OR_RETURN(auto store, OpenStore(dir, database));
    bool empty = false;
    GIAI_RETURN_IF_ERROR(store->Read([&](store::Tx& tx) -> Status {
      GIAI_ASSIGN_OR_RETURN(auto orgs, tx.ListOrganisations());
      empty = orgs.empty();
      return Status::Ok();
    }));
    if (!empty) return Conflict("the database already holds giai data");
  }
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return Unavailable("cannot create " + dir.string() + ": " + ec.message());
  ::chmod(dir.c_str(), 0700);
  GIAI_RETURN_IF_ERROR(protect::KeyRing::CreateKeyFile(KeyPath(dir), master_key));
  // Creating the database through Open applies the migrations.
  { GIAI_ASSIGN_OR_RETURN(auto store, OpenStore(dir, database)); }
  return Open(dir, database);
}

Result<std::string> ReadSecretFile(const std::string& path) {
  std::ifstream in(path);
  if (!in) return InvalidInput("cannot read " + path);
  std::stringstream buffer;
  buffer << in.rdbuf();
  std::string secret = buffer.str();
  while (!secret.empty() && (secret.back() == '\n' || secret.back() == '\r')) secret.pop_back();
  return secret;
}

}  // namespace giai::cli

namespace giai::cli {

Result<access::Principal> Runtime::PrincipalFor(const std::string& email) {
  access::Principal p;
  GIAI_RETURN_IF_ERROR(store->Read([&](store::Tx& tx) -> Status {
    Result<store::UserRow> user = tx.GetUserByEmail(access::NormaliseEmail(email));
    if (!user.ok() || user->disabled) return NotFound("no active user " + email);
    p.user_id = user->id;
    p.org_id = user->org_id;
    p.email = user->email;
    p.compartments = user->compartments;
    if (!access::ParseRole(user->role, p.role)) return Integrity("unknown role of " + email);
    return Status::Ok();
  }));
  return p;
}

}  // namespace giai::cli
