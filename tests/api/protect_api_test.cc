// Protecting survivors over HTTP: the consent gate on testimony narratives, the restricted state
// of a person (GDPR Art. 18) and the subject-access export (Art. 15), against a real server.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "crypto/hash.h"
#include "crypto/random.h"
#include "tests/api/api_fixture.h"
#include "tests/api/test_server.h"

namespace giai::testing {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

class ProtectApiTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    ASSERT_TRUE(crypto::Init());
    server_ = TestServer::Start().release();
    ASSERT_NE(server_, nullptr);
    documenter_ = server_->Token("documenter@org1.demo.example");
    analyst_ = server_->Token("analyst@org1.demo.example");
    admin_ = server_->Token("admin@org1.demo.example");
    other_ = server_->Token("documenter@org2.demo.example");
    other_admin_ = server_->Token("admin@org2.demo.example");
    auto client = server_->Client();
    json me = json::parse(client.Get("/api/v1/auth/me", Bearer(admin_))->body);
    admin_id_ = me["user"]["id"];
    org_ = me["organisation"]["id"];
    json other = json::parse(client.Get("/api/v1/auth/me", Bearer(other_admin_))->body);
    other_admin_id_ = other["user"]["id"];
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }

  static json Body(const httplib::Result& r) { return json::parse(r->body); }
  static httplib::Result Post(const std::string& path, const json& body,
                              const std::string& token = documenter_) {
    return PostJson(*server_, path, body, token);
  }
  static httplib::Result Get(const std::string& path, const std::string& token,
                             const std::string& purpose = "") {
    return GetAs(*server_, path, token, purpose);
  }
  static std::string NewPerson(const std::string& name) {
    auto r = Post("/api/v1/persons", {{"sex", "female"}, {"identity", {{"full_name", name}}}});
    EXPECT_EQ(r->status, 201) << r->body;
    return Body(r)["id"];
  }
  static json Consent() {
    return {{"given_how", "written"},
            {"information_sheet_version", "2026-01"},
            {"language", "uk"},
            {"scopes", {{"documentation", true}, {"storage", true}, {"sharing", {"icc"}}}}};
  }
  static void Consents(const std::string& person) {
    auto r = Post("/api/v1/persons/" + person + "/consents", Consent());
    ASSERT_EQ(r->status, 201) << r->body;
  }
  static std::string NewTestimony(const std::string& person, const std::string& narrative) {
    auto r = Post(
        "/api/v1/testimonies",
        {{"person_id", person}, {"date", "2024-05"}, {"language", "uk"}, {"narrative", narrative}});
    EXPECT_EQ(r->status, 201) << r->body;
    return Body(r)["id"];
  }
  // Status and problem code of a read.
  static std::pair<int, std::string> Read(const std::string& path, const std::string& token,
                                          const std::string& purpose = "case review") {
    auto r = Get(path, token, purpose);
    std::string code = r->status == 200 ? "" : Body(r).value("code", "");
    return {r->status, code};
  }
  // Audit events about `record_id` (admin view of the trail).
  static std::vector<json> AuditOf(const std::string& record_id) {
    std::vector<json> out;
    std::string cursor;
    for (;;) {
      json page = Body(
          Get("/api/v1/audit?limit=500" + (cursor.empty() ? "" : "&cursor=" + cursor), admin_));
      for (const auto& e : page["items"]) {
        std::string id = e.contains("record_id") && e["record_id"].is_string()
                             ? e["record_id"].get<std::string>()
                             : "";
        if (id == record_id) out.push_back(e);
      }
      if (page["next_cursor"].is_null()) break;
      cursor = page["next_cursor"];
    }
    return out;
  }
  // True if walking every page of `list` (a list route with its query) shows `id`.
  static bool Listed(const std::string& list, const std::string& token, const std::string& id,
                     const std::string& purpose = "") {
    std::string cursor;
    for (;;) {
      const char* join = list.find('?') == std::string::npos ? "?" : "&";
      auto r = Get(list + join + "limit=500" + (cursor.empty() ? "" : "&cursor=" + cursor), token,
                   purpose);
      EXPECT_EQ(r->status, 200) << r->body;
      if (r->status != 200) return false;
      json page = Body(r);
      for (const auto& item : page["items"]) {
        if (item["id"] == id) return true;
      }
      if (page["next_cursor"].is_null()) return false;
      cursor = page["next_cursor"];
    }
  }
  static bool Audited(const std::string& record_id, const std::string& action,
                      const std::string& outcome) {
    for (const auto& e : AuditOf(record_id)) {
      if (e["action"] == action && e["outcome"] == outcome) return true;
    }
    return false;
  }

  static inline TestServer* server_ = nullptr;
  static inline std::string documenter_, analyst_, admin_, other_, other_admin_;
  static inline std::string admin_id_, other_admin_id_, org_;
};

TEST_F(ProtectApiTest, TestimonyNarrativeIsGatedByTheWitnessConsent) {
  std::string person = NewPerson("Оксана Гатева");
  std::string testimony = NewTestimony(person, "Свідчення про табір [gate test]");
  const std::string path = "/api/v1/testimonies/" + testimony + "/narrative";

  // Never consented: refused with the reason, and the refusal is audited.
  auto refused = Get(path, documenter_, "case review");
  ASSERT_EQ(refused->status, 403);
  EXPECT_EQ(Body(refused)["code"], "consent_denied");
  EXPECT_NE(Body(refused)["detail"].get<std::string>().find("no consent"), std::string::npos);
  EXPECT_EQ(refused->body.find("табір"), std::string::npos);
  EXPECT_TRUE(Audited(testimony, "testimony.narrative.read", "denied"));

  // A consent that does not cover documentation: refused.
  json no_documentation = Consent();
  no_documentation["scopes"]["documentation"] = false;
  ASSERT_EQ(Post("/api/v1/persons/" + person + "/consents", no_documentation)->status, 201);
  EXPECT_EQ(Read(path, documenter_), std::make_pair(403, std::string("consent_denied")));

  Consents(person);
  auto ok = Get(path, documenter_, "case review");
  ASSERT_EQ(ok->status, 200) << ok->body;
  EXPECT_EQ(Body(ok)["narrative"], "Свідчення про табір [gate test]");
  EXPECT_TRUE(Audited(testimony, "testimony.narrative.read", "ok"));

  // Withdrawal: the very next read is refused.
  ASSERT_EQ(Post("/api/v1/persons/" + person + "/consents/withdraw", json::object())->status, 201);
  auto withdrawn = Get(path, documenter_, "case review");
  ASSERT_EQ(withdrawn->status, 403);
  EXPECT_EQ(Body(withdrawn)["code"], "consent_denied");
  EXPECT_NE(Body(withdrawn)["detail"].get<std::string>().find("withdrew"), std::string::npos);

  // The role check still comes first; other organisations still see nothing.
  EXPECT_EQ(Read(path, analyst_).first, 403);
  EXPECT_EQ(Read(path, analyst_).second, "forbidden");
  EXPECT_EQ(Read(path, other_).first, 404);
  // Incident narratives are not a person's account: no consent gate (nothing links them).
  auto incident =
      Post("/api/v1/incidents",
           {{"title", "Gate"}, {"date", "2022"}, {"country", "UA"}, {"narrative", "n"}});
  ASSERT_EQ(incident->status, 201) << incident->body;
  EXPECT_EQ(Read("/api/v1/incidents/" + Body(incident)["id"].get<std::string>() + "/narrative",
                 documenter_)
                .first,
            200);
}

TEST_F(ProtectApiTest, RestrictionRefusesReadsAndExportsExceptForTheNamedReviewer) {
  std::string person = NewPerson("Restricted Witness");
  Consents(person);
  std::string testimony = NewTestimony(person, "restricted account");
  const std::string base = "/api/v1/persons/" + person;
  const std::string identity = base + "/identity";
  const std::string narrative = "/api/v1/testimonies/" + testimony + "/narrative";
  ASSERT_EQ(Read(identity, documenter_).first, 200);

  // Only an administrator restricts, with a reason; bad input is refused.
  json restriction = {{"reason", "the person disputes the accuracy of the account"},
                      {"legal_basis", "GDPR Art. 18(1)(a)"},
                      {"review_date", "2027-01-31"}};
  auto by_documenter = Post(base + "/restriction", restriction, documenter_);
  EXPECT_EQ(by_documenter->status, 403);
  EXPECT_TRUE(Audited(person, "person.restriction.set", "denied"));
  EXPECT_EQ(Body(Post(base + "/restriction", json::object(), admin_))["field"], "reason");
  EXPECT_EQ(Body(Post(base + "/restriction", {{"reason", "x"}, {"review_date", "soon"}},
                      admin_))["field"],
            "review_date");
  EXPECT_EQ(
      Body(Post(base + "/restriction", {{"reason", "x"}, {"everyone", true}}, admin_))["field"],
      "everyone");
  EXPECT_EQ(Body(Post(base + "/restriction", {{"reason", "x"}, {"reviewer_id", other_admin_id_}},
                      admin_))["field"],
            "reviewer_id");
  EXPECT_EQ(Post(base + "/restriction", restriction, other_admin_)->status, 404);

  auto set = Post(base + "/restriction", restriction, admin_);
  ASSERT_EQ(set->status, 201) << set->body;
  EXPECT_TRUE(Body(set)["restricted"].get<bool>());
  EXPECT_EQ(Body(set)["reviewer_id"], admin_id_);
  EXPECT_EQ(Body(set)["sha256"].get<std::string>().size(), 64u);
  EXPECT_EQ(Post(base + "/restriction", restriction, admin_)->status, 409);
  EXPECT_TRUE(Audited(person, "person.restriction.set", "ok"));

  // Lists leave out the person and their testimonies, for everyone but the named reviewer
  // listing for the review.
  const std::string testimonies = "/api/v1/testimonies?person_id=" + person;
  EXPECT_FALSE(Listed("/api/v1/persons", documenter_, person));
  EXPECT_FALSE(Listed(testimonies, documenter_, testimony));
  EXPECT_FALSE(Listed("/api/v1/testimonies", documenter_, testimony));
  EXPECT_FALSE(Listed(testimonies, admin_, testimony));
  EXPECT_FALSE(Listed(testimonies, documenter_, testimony, "restriction-review: dispute"));
  EXPECT_TRUE(Listed(testimonies, admin_, testimony, "restriction-review: dispute"));
  EXPECT_TRUE(Listed("/api/v1/persons", admin_, person, "restriction-review: dispute"));

  // Identity and account are refused to everyone else, with the reason...
  auto refused = Get(identity, documenter_, "case review");
  ASSERT_EQ(refused->status, 403);
  EXPECT_EQ(Body(refused)["code"], "consent_denied");
  EXPECT_NE(Body(refused)["detail"].get<std::string>().find("restricted"), std::string::npos);
  EXPECT_EQ(Read(narrative, documenter_), std::make_pair(403, std::string("consent_denied")));
  // ...declaring the review purpose does not help anyone but the named reviewer...
  EXPECT_EQ(Read(identity, documenter_, "restriction-review: dispute"),
            std::make_pair(403, std::string("forbidden")));
  EXPECT_EQ(Read(identity, other_admin_, "restriction-review: dispute").first, 404);
  // ...who reads both for the review (audited with that purpose).
  auto review = Get(identity, admin_, "restriction-review: accuracy dispute");
  ASSERT_EQ(review->status, 200) << review->body;
  EXPECT_EQ(Body(review)["identity"]["full_name"], "Restricted Witness");
  auto account = Get(narrative, admin_, "restriction-review: accuracy dispute");
  ASSERT_EQ(account->status, 200) << account->body;
  EXPECT_EQ(Body(account)["narrative"], "restricted account");
  bool review_audited = false;
  for (const auto& e : AuditOf(person)) {
    review_audited |= e["action"] == "person.identity.read" && e["outcome"] == "ok" &&
                      e["purpose"] == "restriction-review: accuracy dispute";
  }
  EXPECT_TRUE(review_audited);
  // Without the review purpose, the administrator has no identity right at all.
  EXPECT_EQ(Read(identity, admin_).first, 403);

  // Exports are refused: an evidence item about the person is withheld from a bundle.
  const std::string content = "photo of a restricted person " + crypto::RandomToken(8);
  auto item =
      Post("/api/v1/evidence",
           {{"sha256", crypto::ToHex(crypto::Sha256Of(content))},
            {"file_name", "p.jpg"},
            {"person_ids", {person}},
            {"acquisition", {{"method", "device_capture"}, {"acquired_at", "2026-11-02"}}}});
  ASSERT_EQ(item->status, 201) << item->body;
  std::string item_id = Body(item)["id"];
  auto client = server_->Client();
  ASSERT_EQ(client
                .Put("/api/v1/evidence/" + item_id + "/content", Bearer(documenter_), content,
                     "application/octet-stream")
                ->status,
            200);
  fs::path out = fs::path(server_->data_dir()).parent_path() / "restricted-bundle";
  std::string exported =
      server_->Giai({"export", "--data", server_->data_dir(), "--org", org_, "--item", item_id,
                     "--recipient", "icc", "--purpose", "ICC request", "--out", out.string()});
  EXPECT_NE(exported.find("WITHHELD " + item_id), std::string::npos) << exported;
  EXPECT_NE(exported.find("restricted"), std::string::npos) << exported;

  auto state = Body(Get(base + "/restriction", analyst_));
  EXPECT_TRUE(state["restricted"].get<bool>());
  ASSERT_EQ(state["items"].size(), 1u);
  EXPECT_EQ(state["items"][0]["legal_basis"], "GDPR Art. 18(1)(a)");

  // Lifting needs an administrator and a reason; afterwards reads work again and the review
  // purpose no longer opens anything.
  EXPECT_EQ(Post(base + "/restriction/lift", {{"reason", "resolved"}}, documenter_)->status, 403);
  EXPECT_EQ(Body(Post(base + "/restriction/lift", json::object(), admin_))["field"], "reason");
  auto lifted = Post(base + "/restriction/lift", {{"reason", "the account was corrected"}}, admin_);
  ASSERT_EQ(lifted->status, 201) << lifted->body;
  EXPECT_FALSE(Body(lifted)["restricted"].get<bool>());
  EXPECT_EQ(Post(base + "/restriction/lift", {{"reason", "again"}}, admin_)->status, 409);
  EXPECT_EQ(Read(identity, documenter_).first, 200);
  EXPECT_EQ(Read(narrative, documenter_).first, 200);
  EXPECT_EQ(Read(identity, admin_, "restriction-review: late").first, 403);
  EXPECT_TRUE(Audited(person, "person.restriction.lift", "ok"));
  EXPECT_TRUE(Listed(testimonies, documenter_, testimony));
  EXPECT_TRUE(Listed("/api/v1/persons", documenter_, person));
  state = Body(Get(base + "/restriction", analyst_));
  EXPECT_FALSE(state["restricted"].get<bool>());
  EXPECT_EQ(state["items"].size(), 2u);
}

TEST_F(ProtectApiTest, RestrictionVersionsAreCommittedToTheLedger) {
  std::string person = NewPerson("Ledger Restriction");
  // The signed checkpoint (a C2SP signed note: origin, tree size, root hash) moves on.
  auto before = Get("/api/v1/ledger/checkpoint", analyst_);
  ASSERT_EQ(before->status, 200);
  ASSERT_EQ(
      Post("/api/v1/persons/" + person + "/restriction", {{"reason", "dispute"}}, admin_)->status,
      201);
  auto after = Get("/api/v1/ledger/checkpoint", analyst_);
  ASSERT_EQ(after->status, 200);
  auto size = [](const std::string& note) {
    std::size_t first = note.find('\n');
    return std::stoull(note.substr(first + 1, note.find('\n', first + 1) - first - 1));
  };
  EXPECT_EQ(size(after->body), size(before->body) + 1) << before->body << after->body;
}

// `giai fsck` counts the ledger's leaves by kind: a restriction version has its own kind, and
// the whole ledger (older restriction leaves of kind consent_version included) verifies.
TEST_F(ProtectApiTest, RestrictionVersionsHaveTheirOwnLeafKind) {
  auto count = [](const std::string& fsck, const std::string& kind) {
    std::size_t at = fsck.find(" " + kind + " ");
    return at == std::string::npos ? 0 : std::stoi(fsck.substr(at + kind.size() + 2));
  };
  const std::vector<std::string> fsck = {"fsck", "--data", server_->data_dir()};
  std::string before = server_->Giai(fsck);
  std::string person = NewPerson("Leaf Kind");
  Consents(person);
  ASSERT_EQ(
      Post("/api/v1/persons/" + person + "/restriction", {{"reason", "dispute"}}, admin_)->status,
      201);
  ASSERT_EQ(Post("/api/v1/persons/" + person + "/restriction/lift", {{"reason", "settled"}}, admin_)
                ->status,
            201);
  std::string after = server_->Giai(fsck);
  EXPECT_NE(after.find("all verified"), std::string::npos) << after;
  EXPECT_EQ(count(after, "restriction_version"), count(before, "restriction_version") + 2)
      << before << after;
  EXPECT_EQ(count(after, "consent_version"), count(before, "consent_version") + 1)
      << before << after;
}

TEST_F(ProtectApiTest, SubjectAccessExportHoldsEverythingAboutThePersonAndNobodyElse) {
  std::string person = NewPerson("Мухаммад Субъект");
  std::string bystander = NewPerson("Bystander Hidden");
  Consents(person);
  std::string testimony = NewTestimony(person, "my own account [sar]");
  auto incident = Post("/api/v1/incidents", {{"title", "SAR incident"},
                                             {"date", "2021"},
                                             {"country", "UA"},
                                             {"narrative", "incident text naming others"}});
  ASSERT_EQ(incident->status, 201);
  std::string incident_id = Body(incident)["id"];
  auto act =
      Post("/api/v1/acts", {{"incident_id", incident_id},
                            {"act_type", "02011111000004"},
                            {"victims", {{{"person_id", person}}, {{"person_id", bystander}}}},
                            {"narrative", "act text naming others"}});
  ASSERT_EQ(act->status, 201) << act->body;
  ASSERT_EQ(
      Read("/api/v1/persons/" + person + "/identity", documenter_, "referral to support").first,
      200);

  const std::string path = "/api/v1/persons/" + person + "/subject-access";
  auto r = Get(path, documenter_, "subject access request 2026-17");
  ASSERT_EQ(r->status, 200) << r->body;
  json sar = Body(r);
  EXPECT_EQ(sar["format"], "giai-subject-access/1");
  EXPECT_EQ(sar["person"]["id"], person);
  EXPECT_EQ(sar["identity"]["full_name"], "Мухаммад Субъект");
  EXPECT_FALSE(sar["restricted"].get<bool>());
  ASSERT_EQ(sar["consents"].size(), 1u);
  ASSERT_EQ(sar["testimonies"].size(), 1u);
  EXPECT_EQ(sar["testimonies"][0]["narrative"], "my own account [sar]");
  ASSERT_EQ(sar["acts"].size(), 1u);
  EXPECT_EQ(sar["acts"][0]["role"], "victim");
  bool read_listed = false;
  for (const auto& a : sar["accesses"]) {
    read_listed |= a["action"] == "person.identity.read" && a["purpose"] == "referral to support";
  }
  EXPECT_TRUE(read_listed);
  // Nothing identifying about anyone else: no other person's id, name or narrative.
  EXPECT_EQ(r->body.find(bystander), std::string::npos);
  EXPECT_EQ(r->body.find("Bystander"), std::string::npos);
  EXPECT_EQ(r->body.find("naming others"), std::string::npos);
  EXPECT_TRUE(Audited(person, "person.subject_access", "ok"));

  // Refusals: no purpose, a role without the identity right, another organisation.
  EXPECT_EQ(Get(path, documenter_)->status, 400);
  EXPECT_EQ(Read(path, analyst_).first, 403);
  EXPECT_TRUE(Audited(person, "person.subject_access", "denied"));
  EXPECT_EQ(Read(path, other_).first, 404);
  EXPECT_EQ(Read("/api/v1/persons/per_unknown/subject-access", documenter_).first, 404);
  // An administrator has no identity right: refused, unless named reviewer of a restriction.
  EXPECT_EQ(Read(path, admin_), std::make_pair(403, std::string("forbidden")));

  // While restricted, the export is no way around the restriction: only the reviewer answers.
  ASSERT_EQ(
      Post("/api/v1/persons/" + person + "/restriction", {{"reason", "dispute"}}, admin_)->status,
      201);
  EXPECT_EQ(Read(path, documenter_), std::make_pair(403, std::string("consent_denied")));
  auto by_reviewer = Get(path, admin_, "subject access request 2026-18");
  ASSERT_EQ(by_reviewer->status, 200) << by_reviewer->body;
  json restricted = Body(by_reviewer);
  EXPECT_TRUE(restricted["restricted"].get<bool>());
  ASSERT_EQ(restricted["restrictions"].size(), 1u);
  // The reason is sealed at rest and opened for the export.
  EXPECT_EQ(restricted["restrictions"][0]["reason"], "dispute");
  EXPECT_FALSE(restricted["restrictions"][0].contains("_sealed"));
  EXPECT_EQ(restricted["identity"]["full_name"], "Мухаммад Субъект");
}

// `giai person subject-access`, run as a real process: the API's document, audited the same way.
TEST_F(ProtectApiTest, SubjectAccessFromTheCommandLineIsTheApiDocumentAndIsAudited) {
  std::string person = NewPerson("Ахмед Командная-Строка");
  Consents(person);
  NewTestimony(person, "свідчення з командного рядка");
  const std::string purpose = "request of access of 2026-12-01";
  auto api = Get("/api/v1/persons/" + person + "/subject-access", documenter_, purpose);
  ASSERT_EQ(api->status, 200) << api->body;

  const fs::path out = fs::path(server_->data_dir()).parent_path() / ("sar-" + person + ".json");
  const std::string base = "person subject-access --data '" + server_->data_dir() + "' --person ";
  const std::string as = " --user documenter@org1.demo.example --purpose '" + purpose + "'";
  Outcome run =
      RunGiai(base + person + as + " --out '" + out.string() + "'", server_->database_url());
  ASSERT_EQ(run.code, 0) << run.out;
  std::ifstream in(out);
  json cli = json::parse(in);
  struct stat st {};
  ASSERT_EQ(::stat(out.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);

  // The same document; only the time it was made and the access log (which now holds the
  // API's export) differ.
  json from_api = Body(api);
  bool api_export_listed = false;
  for (const auto& a : cli["accesses"]) {
    api_export_listed |= a["action"] == "person.subject_access" && a["purpose"] == purpose;
  }
  EXPECT_TRUE(api_export_listed);
  for (json* doc : {&cli, &from_api}) {
    doc->erase("generated_at");
    doc->erase("accesses");
  }
  EXPECT_EQ(cli, from_api);
  EXPECT_EQ(cli["identity"]["full_name"], "Ахмед Командная-Строка");
  int exports = 0;
  for (const auto& e : AuditOf(person)) {
    if (e["action"] == "person.subject_access" && e["outcome"] == "ok" && e["purpose"] == purpose)
      ++exports;
  }
  EXPECT_EQ(exports, 2);  // the API's and the command's

  // Standard output without --out; failures keep the documented exit codes.
  Outcome to_stdout = RunGiai(base + person + as, server_->database_url());
  ASSERT_EQ(to_stdout.code, 0) << to_stdout.out;
  EXPECT_NE(to_stdout.out.find("giai-subject-access/1"), std::string::npos);
  EXPECT_EQ(
      RunGiai(base + person + as + " --out '" + out.string() + "'", server_->database_url()).code,
      5);  // the file exists: never overwritten
  EXPECT_EQ(RunGiai(base + "per_nobody" + as, server_->database_url()).code, 3);
  Outcome analyst =
      RunGiai(base + person + " --user analyst@org1.demo.example --purpose '" + purpose + "'",
              server_->database_url());
  EXPECT_EQ(analyst.code, 4) << analyst.out;
  EXPECT_EQ(analyst.out.find("Командная"), std::string::npos);
  EXPECT_TRUE(Audited(person, "person.subject_access", "denied"));
  Outcome other_org =
      RunGiai(base + person + " --user documenter@org2.demo.example --purpose '" + purpose + "'",
              server_->database_url());
  EXPECT_EQ(other_org.code, 3) << other_org.out;
  EXPECT_EQ(RunGiai(base + person + " --user documenter@org1.demo.example --purpose ''",
                    server_->database_url())
                .code,
            2);
}

TEST_F(ProtectApiTest, BlindIndexFindsPersonsByNameAcrossScriptsWithoutPlaintext) {
  std::string person = NewPerson("Мухаммад Тараканов");
  auto search = [&](const std::string& name, const std::string& token = documenter_) {
    auto r = Get("/api/v1/persons?name=" + httplib::detail::encode_query_param(name), token);
    std::vector<std::string> ids;
    if (r->status != 200) return std::make_pair(r->status, ids);
    json page = Body(r);  // a local: never range-for over a member of a temporary
    for (const auto& p : page["items"]) ids.push_back(p["id"]);
    return std::make_pair(r->status, ids);
  };
  const std::vector<std::string> just = {person};
  EXPECT_EQ(search("Tarakanov"), std::make_pair(200, just));
  EXPECT_EQ(search("тараканов"), std::make_pair(200, just));
  EXPECT_EQ(search("TARAKANOV, Mukhammad"), std::make_pair(200, just));  // every token must match
  EXPECT_TRUE(search("Tarakanov Ivanovich").second.empty());
  // Results are pseudonymous records: the name itself is not in them.
  auto r = Get("/api/v1/persons?name=Tarakanov", documenter_);
  EXPECT_EQ(r->body.find("Тараканов"), std::string::npos);
  EXPECT_EQ(r->body.find("name:"), std::string::npos);
  // Only roles with the identity right may search; others and other organisations learn nothing.
  EXPECT_EQ(search("Tarakanov", analyst_).first, 403);
  EXPECT_EQ(search("Tarakanov", other_), std::make_pair(200, std::vector<std::string>{}));
  EXPECT_EQ(search(" - ").first, 400);
  EXPECT_TRUE(Audited("", "person.search", "ok"));

  // Updating other fields keeps the index; replacing the identity re-indexes it.
  auto client = server_->Client();
  auto patched =
      client.Patch("/api/v1/persons/" + person, Bearer(documenter_, {{"If-Match", "\"1\""}}),
                   R"({"sex":"male"})", "application/json");
  ASSERT_EQ(patched->status, 200) << patched->body;
  EXPECT_EQ(search("Tarakanov").second, just);
  auto renamed =
      client.Patch("/api/v1/persons/" + person, Bearer(documenter_, {{"If-Match", "\"2\""}}),
                   R"({"identity":{"full_name":"Олена Тарасенко"}})", "application/json");
  ASSERT_EQ(renamed->status, 200) << renamed->body;
  EXPECT_TRUE(search("Tarakanov").second.empty());
  EXPECT_EQ(search("Tarasenko").second, just);

  // A restricted person is left out of search results and lists (still reachable by id); an
  // erased identity is not findable.
  auto listed = [&] {
    std::string cursor;
    for (;;) {
      json page = Body(Get(
          "/api/v1/persons?limit=500" + (cursor.empty() ? "" : "&cursor=" + cursor), documenter_));
      for (const auto& p : page["items"]) {
        if (p["id"] == person) return true;
      }
      if (page["next_cursor"].is_null()) return false;
      cursor = page["next_cursor"];
    }
  };
  EXPECT_TRUE(listed());
  ASSERT_EQ(
      Post("/api/v1/persons/" + person + "/restriction", {{"reason", "dispute"}}, admin_)->status,
      201);
  EXPECT_TRUE(search("Tarasenko").second.empty());
  EXPECT_FALSE(listed());
  EXPECT_EQ(Get("/api/v1/persons/" + person, documenter_)->status, 200);
  ASSERT_EQ(
      Post("/api/v1/persons/" + person + "/restriction/lift", {{"reason", "resolved"}}, admin_)
          ->status,
      201);
  EXPECT_EQ(search("Tarasenko").second, just);
  ASSERT_EQ(Post("/api/v1/persons/" + person + "/identity/erase", json::object())->status, 200);
  EXPECT_TRUE(search("Tarasenko").second.empty());
}

}  // namespace
}  // namespace giai::testing
