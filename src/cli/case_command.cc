// giai case export: writes a case file directory for the case's mechanism (docs/CASES.md).
//
//   OUT/manifest.json  format, case, exporter, purpose, and every file with its SHA-256
//   OUT/case-file.json the whole case file (CaseService::ExportCaseFile)
//   OUT/matrix.json    the case and each charge's matrix and gaps
//   OUT/matrix.html    the same, readable by a person (self-contained, opens offline)
//   OUT/items.json     descriptors of the items that passed the consent gate
//   OUT/withheld.json  the items the consent gate withheld, and why
// Evidence items are referenced by id (manifest "evidence"); the evidence export bundle adds
// their files and Merkle proofs under OUT/evidence/ when it exists.
#include <sys/stat.h>

#include <fstream>
#include <iostream>

#include "access/policy.h"
#include "cases/case_file_html.h"
#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "cli/runtime.h"
#include "crypto/hash.h"

namespace giai::cli {

namespace {

using nlohmann::json;

struct ExportOptions {
  std::string data, case_id, user, purpose, out;
};

// The exporting user, as the API would authenticate them.
Result<access::Principal> PrincipalFor(store::Store& store, const std::string& email) {
  access::Principal p;
  GIAI_RETURN_IF_ERROR(store.Read([&](store::Tx& tx) -> Status {
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

Status WriteFile(const std::filesystem::path& path, const std::string& text, json& files,
                 const std::string& name) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  out.close();
  if (!out) return Status(Code::kUnavailable, "cannot write " + path.string());
  files.push_back(
      {{"path", name}, {"bytes", text.size()}, {"sha256", crypto::ToHex(crypto::Sha256Of(text))}});
  return Status::Ok();
}

int RunExport(const ExportOptions& o) {
  ::umask(077);
  if (o.purpose.empty()) return Fail(InvalidInput("an export needs a purpose", "--purpose"));
  std::error_code ec;
  std::filesystem::path out(o.out);
  if (std::filesystem::exists(out, ec) && !std::filesystem::is_empty(out, ec)) {
    return Fail(Conflict(o.out + " exists and is not empty"));
  }
  auto rt = Runtime::Open(o.data);
  if (!rt.ok()) return Fail(rt.status());
  Result<access::Principal> who = PrincipalFor(*(*rt)->store, o.user);
  if (!who.ok()) return Fail(who.status());
  Result<json> file =
      (*rt)->cases->ExportCaseFile(*who, {"cli-case-export", o.purpose, ""}, o.case_id);
  if (!file.ok()) return Fail(file.status());

  std::filesystem::create_directories(out, ec);
  if (ec) return Fail(Status(Code::kUnavailable, "cannot create " + o.out));
  json files = json::array();
  json matrix = {{"case", (*file)["case"]}, {"charges", (*file)["charges"]}};
  for (const auto& [name, text] : std::vector<std::pair<std::string, std::string>>{
           {"case-file.json", file->dump(1)},
           {"matrix.json", matrix.dump(1)},
           {"matrix.html", cases::RenderCaseFileHtml(*file)},
           {"items.json", (*file)["items"].dump(1)},
           {"withheld.json", (*file)["withheld"].dump(1)}}) {
    Status st = WriteFile(out / name, text, files, name);
    if (!st.ok()) return Fail(st);
  }
  json manifest = {{"format", (*file)["format"]},
                   {"case_id", o.case_id},
                   {"mechanism", (*file)["case"]["mechanism"]},
                   {"exported_at", (*file)["exported_at"]},
                   {"exported_by", (*file)["exported_by"]},
                   {"purpose", o.purpose},
                   {"files", files},
                   {"withheld", (*file)["withheld"].size()},
                   {"evidence", (*file)["evidence"]}};
  json ignored = json::array();
  Status st = WriteFile(out / "manifest.json", manifest.dump(1), ignored, "manifest.json");
  if (!st.ok()) return Fail(st);
  std::cout << "case file for " << o.case_id << " in " << o.out << ": " << (*file)["charges"].size()
            << " charges, " << (*file)["items"].size() << " items shared, "
            << (*file)["withheld"].size() << " withheld\n";
  return 0;
}

}  // namespace

void RegisterCaseCommand(CLI::App& app, CommandContext& ctx) {
  CLI::App* cmd = app.add_subcommand("case", "Case building")->require_subcommand(1);
  auto o = std::make_shared<ExportOptions>();
  CLI::App* exp = cmd->add_subcommand(
      "export",
      "Write a case file directory for the case's mechanism: the matrix as HTML and JSON, the "
      "items shared and the items the consent gate withheld, with reasons");
  exp->add_option("--data", o->data, "Data directory")->required();
  exp->add_option("--case", o->case_id, "Case id (cas_...)")->required();
  exp->add_option("--user", o->user, "E-mail of the exporting user (legal role, on the team)")
      ->required();
  exp->add_option("--purpose", o->purpose, "Why (recorded in the audit trail)")->required();
  exp->add_option("--out", o->out, "Directory to create (must not exist or be empty)")->required();
  exp->callback([o, &ctx] { ctx.exit_code = RunExport(*o); });
}

}  // namespace giai::cli
