// giai person subject-access: the operator's way to answer a person's request of access (GDPR
// Art. 15) without the web UI — the very document of `GET /api/v1/persons/{id}/subject-access`
// (DocumentationService::SubjectAccess), produced on behalf of a named staff member, whose
// rights are checked and whose export is audited exactly as over the API.
//
//   giai person subject-access --data DIR --person per_... --user support@ngo.example
//        --purpose "request of access of 2026-12-01" [--out FILE]
//
// Without --out the JSON goes to standard output; with it, FILE is created with mode 0600 and
// must not exist. Exit codes as every command (exit_codes.h): 3 for a person outside the user's
// reach, 4 for a role without the identity right or a restricted person (only the restriction's
// reviewer may answer), 2 for a missing purpose.
#include <fcntl.h>
#include <unistd.h>

#include <iostream>

#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "cli/runtime.h"

namespace giai::cli {

namespace {

struct SubjectAccessOptions {
  std::string data, person, user, purpose, out;
};

Status WriteNewPrivateFile(const std::string& path, const std::string& text) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    return errno == EEXIST ? Conflict(path + " exists; choose a new file")
                           : Unavailable("cannot create " + path);
  }
  std::size_t done = 0;
  while (done < text.size()) {
    ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n <= 0) {
      ::close(fd);
      ::unlink(path.c_str());
      return Unavailable("cannot write " + path);
    }
    done += static_cast<std::size_t>(n);
  }
  const bool synced = ::fsync(fd) == 0;
  ::close(fd);
  return synced ? Status::Ok() : Unavailable("cannot write " + path);
}

int RunSubjectAccess(const SubjectAccessOptions& o, const std::string& database) {
  if (o.purpose.empty()) {
    return Fail(InvalidInput("a subject-access export needs a purpose", "--purpose"));
  }
  // Checked before anything is read or audited, so a typo records nothing.
  if (!o.out.empty() && ::access(o.out.c_str(), F_OK) == 0) {
    return Fail(Conflict(o.out + " exists; choose a new file"));
  }
  auto rt = Runtime::Open(o.data, database);
  if (!rt.ok()) return Fail(rt.status());
  Result<access::Principal> who = (*rt)->PrincipalFor(o.user);
  if (!who.ok()) return Fail(who.status());
  Result<nlohmann::json> document =
      (*rt)->documentation->SubjectAccess(*who, {"cli-subject-access", o.purpose, ""}, o.person);
  if (!document.ok()) return Fail(document.status());
  const std::string text = document->dump(1) + "\n";
  if (o.out.empty()) {
    std::cout << text;
    return std::cout.flush() ? 0 : Fail(Unavailable("cannot write to standard output"));
  }
  Status written = WriteNewPrivateFile(o.out, text);
  if (!written.ok()) return Fail(written);
  std::cerr << "subject-access export of " << o.person << " written to " << o.out << "\n";
  return 0;
}

}  // namespace

void RegisterPersonCommands(CLI::App& app, CommandContext& ctx) {
  CLI::App* cmd =
      app.add_subcommand("person", "Persons: answering their rights")->require_subcommand(1);
  auto o = std::make_shared<SubjectAccessOptions>();
  CLI::App* sar = cmd->add_subcommand(
      "subject-access",
      "Everything held about one person (GDPR Art. 15), as GET /persons/{id}/subject-access: "
      "their identity, consents, restrictions, testimonies, acts, evidence descriptors and the "
      "audit of reads; nothing identifying about anyone else. Audited.");
  sar->add_option("--data", o->data, "Data directory")->required();
  sar->add_option("--person", o->person, "Person id (per_...)")->required();
  sar->add_option("--user", o->user,
                  "E-mail of the staff member answering the request (identity right, or the "
                  "reviewer named by a restriction)")
      ->required();
  sar->add_option("--purpose", o->purpose, "Why (recorded in the audit trail)")->required();
  sar->add_option("--out", o->out, "Write to this new file (0600) instead of standard output");
  sar->callback([o, &ctx] { ctx.exit_code = RunSubjectAccess(*o, ctx.database); });
}

}  // namespace giai::cli
