// giai init | org add | user add | compartment add | token create
#include <sys/stat.h>

#include <iostream>

#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "cli/passphrase.h"
#include "cli/runtime.h"
#include "crypto/random.h"

namespace giai::cli {

namespace {

struct InitOptions {
  std::string data;
  std::string org_name = "Coalition Secretariat";
  std::string admin_email = "admin@example.org";
  std::string admin_password_file;
  bool passphrase = false;  // --passphrase: passphrase mode even with no source configured
};

int RunInit(const InitOptions& o, const std::string& database) {
  ::umask(077);
  protect::MasterKeyTarget master_key;
  if (o.passphrase || PassphraseConfigured()) {
    master_key.mode = protect::MasterKeyMode::kPassphrase;
    Result<std::string> passphrase = ProcessPassphrase(/*confirm=*/true)();
    if (!passphrase.ok()) return Fail(passphrase.status());
    master_key.passphrase = *passphrase;
  }
  Result<std::unique_ptr<Runtime>> rt = Runtime::Initialise(o.data, database, master_key);
  if (!rt.ok()) return Fail(rt.status());
  Result<store::OrganisationRow> org = (*rt)->admin->CreateOrganisation(o.org_name, "secretariat");
  if (!org.ok()) return Fail(org.status());
  service::NewUser admin{o.admin_email, "Administrator", "admin", "", {}};
  bool generated = o.admin_password_file.empty();
  if (generated) {
    admin.password = crypto::RandomToken(15);
  } else {
    Result<std::string> pw = ReadSecretFile(o.admin_password_file);
    if (!pw.ok()) return Fail(pw.status());
    admin.password = *pw;
  }
  Result<store::UserRow> user = (*rt)->admin->CreateUser(org->id, admin);
  if (!user.ok()) return Fail(user.status());
  std::cout << "Initialised " << o.data << "\n"
            << "  organisation: " << org->name << " (" << org->id << ")\n"
            << "  admin:        " << user->email << "\n";
  if (generated) {
    std::cout << "  password:     " << admin.password << "\n"
              << "This password is shown once; keep it in a password manager.\n";
  }
  std::cout << "Back up " << Runtime::KeyPath(o.data).string()
            << " separately: without it the data cannot be read.\n";
  if (master_key.mode == protect::MasterKeyMode::kPassphrase) {
    std::cout << "The master key is protected by your passphrase (Argon2id): without the "
                 "passphrase AND that file the data cannot be read.\n";
  }
  return 0;
}

}  // namespace

void RegisterAdminCommands(CLI::App& app, CommandContext& ctx) {
  auto init = std::make_shared<InitOptions>();
  CLI::App* init_cmd = app.add_subcommand(
      "init", "Create a data directory: storage, master key, first organisation and admin user");
  init_cmd->add_option("--data", init->data, "Data directory to create")->required();
  init_cmd->add_option("--org-name", init->org_name, "Name of the first organisation");
  init_cmd->add_option("--admin-email", init->admin_email, "E-mail of the first admin");
  init_cmd->add_option("--admin-password-file", init->admin_password_file,
                       "Read the admin password from this file (default: generate and print)");
  init_cmd->add_flag("--passphrase", init->passphrase,
                     "Protect the master key with a passphrase (prompted, or from "
                     "--passphrase-file / GIAI_PASSPHRASE_FD / GIAI_PASSPHRASE; any of these "
                     "also selects passphrase mode)");
  init_cmd->callback([init, &ctx] { ctx.exit_code = RunInit(*init, ctx.database); });

  // giai org add
  CLI::App* org_cmd = app.add_subcommand("org", "Manage organisations")->require_subcommand(1);
  auto org = std::make_shared<std::array<std::string, 4>>();  // data, name, kind, class
  (*org)[2] = "member";
  CLI::App* org_add = org_cmd->add_subcommand("add", "Add an organisation");
  org_add->add_option("--data", (*org)[0], "Data directory")->required();
  org_add->add_option("--name", (*org)[1], "Organisation name")->required();
  org_add->add_option("--kind", (*org)[2], "member, secretariat, partner, subgrantee or mechanism");
  org_add->add_option("--class", (*org)[3],
                      "For a mechanism: icc, un_mechanism or national_prosecutor (the recipient "
                      "class of the consent gate for shares with it)");
  org_add->callback([org, &ctx] {
    auto rt = Runtime::Open((*org)[0], ctx.database);
    if (!rt.ok()) return void(ctx.exit_code = Fail(rt.status()));
    auto row = (*rt)->admin->CreateOrganisation((*org)[1], (*org)[2], (*org)[3]);
    if (!row.ok()) return void(ctx.exit_code = Fail(row.status()));
    std::cout << row->id << "\n";
  });

  // giai user add
  struct UserOptions {
    std::string data, org, email, role, name, password_file;
    std::vector<std::string> compartments;
  };
  auto user = std::make_shared<UserOptions>();
  CLI::App* user_cmd = app.add_subcommand("user", "Manage users")->require_subcommand(1);
  CLI::App* user_add = user_cmd->add_subcommand("add", "Add a user to an organisation");
  user_add->add_option("--data", user->data, "Data directory")->required();
  user_add->add_option("--org", user->org, "Organisation id or name")->required();
  user_add->add_option("--email", user->email, "E-mail (the login)")->required();
  user_add
      ->add_option(
          "--role", user->role,
          "admin, documenter, legal, support, analyst, grants, reviewer, viewer or applicant "
          "(applicant: subgrantee organisations only)")
      ->required();
  user_add->add_option("--name", user->name, "Display name");
  user_add->add_option("--password-file", user->password_file,
                       "Read the password from this file (default: generate and print)");
  user_add->add_option("--compartment", user->compartments, "Compartment id (repeatable)");
  user_add->callback([user, &ctx] {
    auto rt = Runtime::Open(user->data, ctx.database);
    if (!rt.ok()) return void(ctx.exit_code = Fail(rt.status()));
    auto org = (*rt)->admin->FindOrganisation(user->org);
    if (!org.ok()) return void(ctx.exit_code = Fail(org.status()));
    service::NewUser in{user->email, user->name, user->role, "", user->compartments};
    bool generated = user->password_file.empty();
    if (generated) {
      in.password = crypto::RandomToken(15);
    } else {
      auto pw = ReadSecretFile(user->password_file);
      if (!pw.ok()) return void(ctx.exit_code = Fail(pw.status()));
      in.password = *pw;
    }
    auto row = (*rt)->admin->CreateUser(org->id, in);
    if (!row.ok()) return void(ctx.exit_code = Fail(row.status()));
    std::cout << row->id << "\n";
    if (generated) std::cout << "password: " << in.password << " (shown once)\n";
  });

  // giai compartment add
  auto comp = std::make_shared<std::array<std::string, 3>>();  // data, org, name
  CLI::App* comp_cmd =
      app.add_subcommand("compartment", "Manage compartments (need-to-know groups)")
          ->require_subcommand(1);
  CLI::App* comp_add = comp_cmd->add_subcommand("add", "Add a compartment to an organisation");
  comp_add->add_option("--data", (*comp)[0], "Data directory")->required();
  comp_add->add_option("--org", (*comp)[1], "Organisation id or name")->required();
  comp_add->add_option("--name", (*comp)[2], "Compartment name, e.g. SGBV unit")->required();
  comp_add->callback([comp, &ctx] {
    auto rt = Runtime::Open((*comp)[0], ctx.database);
    if (!rt.ok()) return void(ctx.exit_code = Fail(rt.status()));
    auto org = (*rt)->admin->FindOrganisation((*comp)[1]);
    if (!org.ok()) return void(ctx.exit_code = Fail(org.status()));
    auto row = (*rt)->admin->CreateCompartment(org->id, (*comp)[2]);
    if (!row.ok()) return void(ctx.exit_code = Fail(row.status()));
    std::cout << row->id << "\n";
  });

  // giai compartment shred
  struct ShredOptions {
    std::string data, org, compartment, reason;
  };
  auto shred = std::make_shared<ShredOptions>();
  CLI::App* comp_shred = comp_cmd->add_subcommand(
      "shred",
      "Crypto-shred a compartment: destroy its key, so that every identity, narrative and file "
      "sealed in it becomes unreadable for good (backups taken from now on included). Audited "
      "and recorded in the ledger. Cannot be undone.");
  comp_shred->add_option("--data", shred->data, "Data directory")->required();
  comp_shred->add_option("--org", shred->org, "Organisation id or name")->required();
  comp_shred->add_option("--compartment", shred->compartment, "Compartment id (cmp_...)")
      ->required();
  comp_shred
      ->add_option("--reason", shred->reason,
                   "Why (recorded in the audit trail; keep identifying details out)")
      ->required();
  comp_shred->callback([shred, &ctx] {
    auto rt = Runtime::Open(shred->data, ctx.database);
    if (!rt.ok()) return void(ctx.exit_code = Fail(rt.status()));
    auto org = (*rt)->admin->FindOrganisation(shred->org);
    if (!org.ok()) return void(ctx.exit_code = Fail(org.status()));
    auto leaf =
        (*rt)->admin->ShredCompartment(org->id, shred->compartment, shred->reason, *(*rt)->ledger);
    if (!leaf.ok()) return void(ctx.exit_code = Fail(leaf.status()));
    std::cout << "compartment " << shred->compartment << " shredded (ledger leaf " << *leaf
              << ")\n";
  });

  // giai keys rotate
  struct RotateOptions {
    std::string data, to, new_passphrase_file;
  };
  auto rot = std::make_shared<RotateOptions>();
  CLI::App* keys_cmd = app.add_subcommand("keys", "Manage keys")->require_subcommand(1);
  CLI::App* rotate = keys_cmd->add_subcommand(
      "rotate",
      "Replace the master key: re-wraps every organisation key without re-encrypting payloads. "
      "Stop the server first. Afterwards, backups taken before need the old key, which is gone.");
  rotate->add_option("--data", rot->data, "Data directory")->required();
  rotate
      ->add_option("--to", rot->to,
                   "Keep the new master key as a plain key file or under a passphrase "
                   "(default: the current mode)")
      ->check(CLI::IsMember({"key-file", "passphrase"}));
  rotate->add_option("--new-passphrase-file", rot->new_passphrase_file,
                     "Read the new passphrase from this file (else GIAI_NEW_PASSPHRASE_FD, "
                     "GIAI_NEW_PASSPHRASE or a prompt)");
  rotate->callback([rot, &ctx] {
    auto current = protect::MasterKeyModeOf(Runtime::KeyPath(rot->data));
    if (!current.ok() && std::filesystem::exists(rot->data)) {
      return void(ctx.exit_code = Fail(current.status()));
    }
    auto rt = Runtime::Open(rot->data, ctx.database);
    if (!rt.ok()) return void(ctx.exit_code = Fail(rt.status()));
    protect::MasterKeyTarget target;
    bool to_passphrase =
        rot->to.empty() ? *current == protect::MasterKeyMode::kPassphrase : rot->to == "passphrase";
    if (to_passphrase) {
      target.mode = protect::MasterKeyMode::kPassphrase;
      auto next = ReadNewPassphrase(rot->new_passphrase_file);
      if (!next.ok()) return void(ctx.exit_code = Fail(next.status()));
      target.passphrase = *next;
    } else if (!rot->new_passphrase_file.empty()) {
      return void(ctx.exit_code =
                      Fail(InvalidInput("--new-passphrase-file needs --to passphrase")));
    }
    Status st = protect::KeyRing::Rotate(Runtime::KeyPath(rot->data), *(*rt)->store,
                                         ProcessPassphrase(), target);
    std::fill(target.passphrase.begin(), target.passphrase.end(), '\0');
    ForgetPassphrases();
    if (!st.ok()) return void(ctx.exit_code = Fail(st));
    std::cout << "Master key rotated (" << protect::MasterKeyModeName(target.mode)
              << " mode); back up " << Runtime::KeyPath(rot->data).string() << " now.\n";
  });

  // giai token create
  auto token = std::make_shared<std::array<std::string, 3>>();  // data, user, label
  (*token)[2] = "cli";
  CLI::App* token_cmd = app.add_subcommand("token", "Manage API tokens")->require_subcommand(1);
  CLI::App* token_create = token_cmd->add_subcommand(
      "create", "Create a bearer API token for a user (printed once; stored hashed)");
  token_create->add_option("--data", (*token)[0], "Data directory")->required();
  token_create->add_option("--user", (*token)[1], "The user's e-mail")->required();
  token_create->add_option("--label", (*token)[2], "What the token is for");
  token_create->callback([token, &ctx] {
    auto rt = Runtime::Open((*token)[0], ctx.database);
    if (!rt.ok()) return void(ctx.exit_code = Fail(rt.status()));
    auto t = (*rt)->authenticator->CreateApiToken((*token)[1], (*token)[2]);
    if (!t.ok()) return void(ctx.exit_code = Fail(t.status()));
    std::cout << *t << "\n";
  });
}

}  // namespace giai::cli
