// The exported case file against the real server: a case whose assessments link evidence items
// is exported (POST /api/v1/cases/{id}/case-file, a tar stream), unpacked with the system's tar
// and checked offline by `giai verify` — every evidence file, the case file documents and the
// manifest; a flipped byte in the matrix or in a file fails, naming it. The consent gate asks
// about every person a linked item concerns (an act's victims included), and a withdrawal of
// consent withholds the act, listed with the reason. Withdrawn assessments stop counting.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>

#include "crypto/hash.h"
#include "tests/api/api_fixture.h"
#include "tests/api/test_server.h"

namespace giai::testing {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

void FlipFirstByte(const fs::path& p) {
  std::string bytes = ReadAll(p);
  ASSERT_FALSE(bytes.empty()) << p;
  bytes[0] = static_cast<char>(bytes[0] ^ 0x01);
  std::ofstream(p, std::ios::binary | std::ios::trunc) << bytes;
}

class CaseFileApiTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = TestServer::Start().release();
    ASSERT_NE(server_, nullptr);
    documenter_ = server_->Token("documenter@org1.demo.example");
    legal_ = server_->Token("legal@org1.demo.example");
    other_legal_ = server_->Token("legal@org2.demo.example");
    AddIccOffice(*server_);
    icc_org_ = OrgIdOf(*server_, server_->Token(kIccInvestigator));
    // A mechanism receives shares only under an agreement in force (docs/SHARING.md).
    auto day = [](long offset_days) { return InSeconds(offset_days * 86400).substr(0, 10); };
    auto agreement =
        Post("/api/v1/agreements", {{"title", "Cooperation agreement with the fictional OTP"},
                                    {"parties", {OrgIdOf(*server_, legal_), icc_org_}},
                                    {"scopes", {"read_pseudonymised"}},
                                    {"starts_on", day(-1)},
                                    {"ends_on", day(400)},
                                    {"document", {{"reference", "OTP-TEST-2026-02"}}},
                                    {"status", "in_force"}});
    ASSERT_EQ(agreement->status, 201) << agreement->body;
    agreement_ = json::parse(agreement->body)["id"];
    key_ = server_->Client().Get("/api/v1/ledger/key", Bearer(legal_))->body;
    while (!key_.empty() && key_.back() == '\n') key_.pop_back();
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }

  static httplib::Result Post(const std::string& path, const json& body,
                              const std::string& token = legal_) {
    return server_->Client().Post(path, Bearer(token), body.dump(), "application/json");
  }
  static json GetJson(const std::string& path, const std::string& token = legal_,
                      const std::string& purpose = "") {
    auto client = server_->Client();
    auto r = purpose.empty() ? client.Get(path, Bearer(token))
                             : client.Get(path, Bearer(token, {{"X-Purpose", purpose}}));
    EXPECT_EQ(r->status, 200) << path << " " << r->body;
    return json::parse(r->body);
  }
  static std::string Created(const httplib::Result& r) {
    EXPECT_EQ(r->status, 201) << r->body;
    return json::parse(r->body)["id"];
  }

  // A person whose consent allows sharing with `sharing` only.
  static std::string Person(const std::vector<std::string>& sharing) {
    return NewPersonWithConsent(*server_, documenter_, {{"sex", "female"}}, sharing,
                                "pseudonymous");
  }
  // An evidence item naming `person`, with its content stored unless `content` is empty.
  static std::string Evidence(const std::string& content, const std::string& name,
                              const std::string& person) {
    const std::string digest = crypto::ToHex(crypto::Sha256Of(content.empty() ? name : content));
    json body = {
        {"sha256", digest}, {"file_name", name}, {"acquisition", {{"method", "handed_over"}}}};
    if (!person.empty()) body["person_ids"] = {person};
    std::string id = Created(Post("/api/v1/evidence", body, documenter_));
    if (!content.empty()) {
      auto put = server_->Client().Put("/api/v1/evidence/" + id + "/content", Bearer(documenter_),
                                       content, "application/octet-stream");
      EXPECT_EQ(put->status, 200) << put->body;
    }
    return id;
  }
  // An act of a demo incident whose one victim is `person`.
  static std::string Act(const std::string& person) {
    json page = GetJson("/api/v1/acts?limit=1", documenter_);
    const json& model = page["items"][0];
    return Created(Post("/api/v1/acts",
                        {{"incident_id", model["incident_id"]},
                         {"act_type", model["act_type"]},
                         {"victims", json::array({{{"person_id", person}}})},
                         {"qualifications", model["qualifications"]}},
                        documenter_));
  }
  struct Fixture {
    std::string case_id, charge_id;
  };
  static Fixture NewCase() {
    json units = GetJson("/api/v1/units?limit=1", documenter_);
    const std::string unit = units["items"][0]["id"];
    Fixture f;
    f.case_id = Created(Post("/api/v1/cases", {{"title", "Case file test"},
                                               {"mechanism", {{"type", "icc"}}},
                                               {"suspects", json::array({{{"unit_id", unit}}})}}));
    f.charge_id = Created(
        Post("/api/v1/cases/" + f.case_id + "/charges",
             {{"crime_id", "ICC-7-1-a"}, {"mode_id", "ICC-25-3-a-direct"}, {"suspect_id", unit}}));
    return f;
  }
  static std::string Link(const std::string& charge, const std::string& element,
                          const std::string& item, const std::string& relation, int weight) {
    return Created(Post(
        "/api/v1/charges/" + charge + "/assessments",
        {{"element_id", element}, {"item_id", item}, {"relation", relation}, {"weight", weight}}));
  }
  static json Row(const json& m, const std::string& element) {
    for (const json& row : m["matrix"]["elements"]) {
      if (row["element"]["id"] == element) return row;
    }
    ADD_FAILURE() << "no element " << element;
    return json::object();
  }
  // Proposes a share of the case with the ICC mechanism: the items the gate refused, by id.
  static std::map<std::string, std::string> RefusedInCaseShare(const std::string& case_id) {
    auto r = Post("/api/v1/shares", {{"recipient_org_id", icc_org_},
                                     {"object", {{"type", "case"}, {"ids", {case_id}}}},
                                     {"scope", "read_pseudonymised"},
                                     {"purpose", "referral of the case"},
                                     {"legal_basis", "Art. 15 Rome Statute communication"},
                                     {"expires_at", InSeconds(86400)},
                                     {"agreement_id", agreement_}});
    EXPECT_EQ(r->status, 201) << r->body;
    // Keep the share in a local: a range-for over a member of a temporary dangles.
    const json share = json::parse(r->body);
    std::map<std::string, std::string> out;
    for (const json& refused : share["refused"]) {
      out[refused["id"]] = refused["reason"];
    }
    return out;
  }
  static const json* Withheld(const json& file, const std::string& id) {
    for (const json& w : file["withheld"]) {
      if (w["item_id"] == id) return &w;
    }
    return nullptr;
  }
  static fs::path Unpack(const std::string& tar) {
    fs::path dir =
        fs::path(server_->data_dir()).parent_path() / ("case-file-" + std::to_string(counter_++));
    return UnpackTar(tar, dir);
  }
  static Outcome Verify(const fs::path& dir) {
    return RunGiai("verify '" + dir.string() + "' --key '" + key_ + "'");
  }
  static fs::path CopyOf(const fs::path& dir) {
    fs::path copy = dir.string() + "-copy" + std::to_string(counter_++);
    fs::copy(dir, copy, fs::copy_options::recursive);
    return copy;
  }

  static inline TestServer* server_ = nullptr;
  static inline std::string documenter_, legal_, other_legal_, key_, icc_org_, agreement_;
  static inline int counter_ = 0;
};

TEST_F(CaseFileApiTest, ExportedCaseFileCarriesTheEvidenceAndVerifiesOffline) {
  const std::string agreed = Person({"icc"}), refused = Person({"ngo_partner"});
  const std::string photo = Evidence(std::string(70000, 'p'), "photo.jpg", agreed);
  const std::string statement = Evidence("statement", "statement.pdf", refused);
  const std::string unstored = Evidence("", "pending.mp4", "");
  Fixture f = NewCase();
  Link(f.charge_id, "ICC-7-1-a.E1", photo, "supports", 5);
  Link(f.charge_id, "ICC-7-1-a.E1", statement, "contradicts", 2);
  Link(f.charge_id, "ICC-7-1-a.E2", unstored, "context", 1);

  const std::string path = "/api/v1/cases/" + f.case_id + "/case-file";
  auto client = server_->Client();
  EXPECT_EQ(client.Post(path, Bearer(legal_), "", "application/json")->status, 400);  // purpose
  EXPECT_EQ(
      client.Post(path, Bearer(documenter_, {{"X-Purpose", "x"}}), "", "application/json")->status,
      403);
  EXPECT_EQ(
      client.Post(path, Bearer(other_legal_, {{"X-Purpose", "x"}}), "", "application/json")->status,
      404);
  auto r = client.Post(path, Bearer(legal_, {{"X-Purpose", "submission to the ICC OTP"}}), "",
                       "application/json");
  ASSERT_EQ(r->status, 200) << r->body;
  EXPECT_EQ(r->get_header_value("Content-Type"), "application/x-tar");
  EXPECT_EQ(r->get_header_value("X-Exported-Count"), "1");
  EXPECT_EQ(r->get_header_value("X-Withheld-Count"), "2");
  const std::string export_id = r->get_header_value("X-Export-Id");
  fs::path dir = Unpack(r->body);

  Outcome verified = Verify(dir);
  EXPECT_EQ(verified.code, 0) << verified.out;
  for (const std::string& line : std::vector<std::string>{
           "verified  manifest.json", "verified  " + photo, "verified  case-file.json",
           "verified  matrix.json", "verified  matrix.html", "verified  withheld.json",
           "withheld  " + statement, "withheld  " + unstored}) {
    EXPECT_NE(verified.out.find(line), std::string::npos) << line << "\n" << verified.out;
  }
  EXPECT_EQ(ReadAll(dir / "files" / (photo + "-photo.jpg")), std::string(70000, 'p'));
  EXPECT_TRUE(fs::exists(dir / "proofs" / (photo + ".tlog-proof")));
  EXPECT_TRUE(fs::exists(dir / "VERIFY.md"));
  json manifest = json::parse(ReadAll(dir / "manifest.json"));
  EXPECT_EQ(manifest["format"], "giai-bundle/2");
  EXPECT_EQ(manifest["about"]["case_id"], f.case_id);

  // The case file says what the bundle holds: the evidence gate's refusals are in it too.
  json file = json::parse(ReadAll(dir / "case-file.json"));
  EXPECT_EQ(file["evidence"]["items"], json::array({photo}));
  EXPECT_EQ(file["evidence"]["bundle"]["export_id"], export_id);
  ASSERT_NE(Withheld(file, statement), nullptr);
  EXPECT_NE((*Withheld(file, statement))["reason"].get<std::string>().find("icc"),
            std::string::npos);
  ASSERT_NE(Withheld(file, unstored), nullptr);
  EXPECT_NE((*Withheld(file, unstored))["reason"].get<std::string>().find("evidence bundle"),
            std::string::npos);
  json e1 = Row(file["charges"][0], "ICC-7-1-a.E1");
  ASSERT_EQ(e1["contradicting"].size(), 1u);  // withheld, never hidden
  EXPECT_TRUE(e1["contradicting"][0]["withheld"]);
  EXPECT_EQ(json::parse(ReadAll(dir / "withheld.json")).size(), 2u);

  // A flipped byte in the matrix, in the page or in an evidence file fails, naming it.
  for (const std::string& target :
       {std::string("matrix.json"), std::string("matrix.html"), "files/" + photo + "-photo.jpg"}) {
    fs::path copy = CopyOf(dir);
    FlipFirstByte(copy / target);
    Outcome tampered = Verify(copy);
    EXPECT_NE(tampered.code, 0) << target;
    const std::string name = target.starts_with("files/") ? photo : target;
    EXPECT_NE(tampered.out.find("FAILED  " + name), std::string::npos) << tampered.out;
  }
  // A manifest edited to match a changed document fails through the ledger proof.
  fs::path copy = CopyOf(dir);
  FlipFirstByte(copy / "withheld.json");
  json edited = json::parse(ReadAll(copy / "manifest.json"));
  for (json& d : edited["documents"]) {
    if (d["path"] == "withheld.json") {
      d["sha256"] = crypto::ToHex(crypto::Sha256Of(ReadAll(copy / "withheld.json")));
    }
  }
  std::ofstream(copy / "manifest.json", std::ios::trunc) << edited.dump(2) << "\n";
  Outcome forged = Verify(copy);
  EXPECT_NE(forged.code, 0);
  EXPECT_NE(forged.out.find("FAILED  manifest.json"), std::string::npos) << forged.out;

  // The export is recorded in the item's custody.
  json custody = GetJson("/api/v1/evidence/" + photo + "/custody", legal_);
  EXPECT_NE(custody.dump().find(export_id), std::string::npos);
}

TEST_F(CaseFileApiTest, AWithdrawalOfAVictimsConsentWithholdsTheAct) {
  const std::string victim = Person({"icc"});
  const std::string act = Act(victim);
  Fixture f = NewCase();
  Link(f.charge_id, "ICC-7-1-a.E1", act, "supports", 4);
  const std::string path = "/api/v1/cases/" + f.case_id + "/case-file";
  json before = GetJson(path, legal_, "preview");
  EXPECT_EQ(Withheld(before, act), nullptr);
  EXPECT_FALSE(RefusedInCaseShare(f.case_id).contains(act));
  ASSERT_EQ(before["items"].size(), 1u);
  EXPECT_EQ(before["items"][0]["item_id"], act);

  ASSERT_EQ(
      Post("/api/v1/persons/" + victim + "/consents/withdraw", json::object(), documenter_)->status,
      201);
  json after = GetJson(path, legal_, "preview");
  const json* w = Withheld(after, act);
  ASSERT_NE(w, nullptr) << after["withheld"];
  EXPECT_EQ((*w)["item_kind"], "act");
  EXPECT_NE((*w)["reason"].get<std::string>().find(victim), std::string::npos) << (*w)["reason"];
  EXPECT_TRUE(after["items"].empty());
  json e1 = Row(after["charges"][0], "ICC-7-1-a.E1");
  ASSERT_EQ(e1["supporting"].size(), 1u);  // still in the matrix, marked
  EXPECT_TRUE(e1["supporting"][0]["withheld"]);
  // Sharing the case asks the same question of the same victim.
  auto refused = RefusedInCaseShare(f.case_id);
  ASSERT_TRUE(refused.contains(act));
  EXPECT_NE(refused[act].find(victim), std::string::npos) << refused[act];

  // A mechanism no consent class covers gets no item that concerns a person.
  const std::string other_victim = Person({"icc", "un_mechanism"});
  const std::string other_act = Act(other_victim);
  Link(f.charge_id, "ICC-7-1-a.E2", other_act, "supports", 4);
  auto patched = server_->Client().Patch(
      "/api/v1/cases/" + f.case_id, Bearer(legal_, {{"If-Match", "\"1\""}}),
      R"({"mechanism":{"type":"other","name":"Truth commission"}})", "application/json");
  ASSERT_EQ(patched->status, 200) << patched->body;
  json other = GetJson(path, legal_, "preview");
  ASSERT_NE(Withheld(other, other_act), nullptr);
  EXPECT_NE((*Withheld(other, other_act))["reason"].get<std::string>().find("other"),
            std::string::npos);
}

TEST_F(CaseFileApiTest, AWithdrawnAssessmentStopsCountingAndStaysInTheHistory) {
  const std::string act = Act(Person({"icc"}));
  const std::string testimony_act = Act(Person({"icc"}));
  Fixture f = NewCase();
  const std::string matrix = "/api/v1/charges/" + f.charge_id + "/matrix";
  const std::string support = Link(f.charge_id, "ICC-7-1-a.E1", act, "supports", 4);
  const std::string contra = Link(f.charge_id, "ICC-7-1-a.E2", testimony_act, "contradicts", 3);
  EXPECT_EQ(Row(GetJson(matrix), "ICC-7-1-a.E1")["coverage"], "covered");

  const std::string withdraw = "/api/v1/assessments/" + support + "/withdrawal";
  EXPECT_EQ(Post(withdraw, json::object())->status, 400);  // a reason is required
  EXPECT_EQ(Post(withdraw, {{"reason", "x"}, {"by", "y"}})->status, 400);
  EXPECT_EQ(Post(withdraw, {{"reason", "x"}}, documenter_)->status, 403);
  EXPECT_EQ(Post(withdraw, {{"reason", "x"}}, other_legal_)->status, 404);
  EXPECT_EQ(Post("/api/v1/assessments/asm_nope/withdrawal", {{"reason", "x"}})->status, 404);
  auto r = Post(withdraw, {{"reason", "the act was misattributed"}});
  ASSERT_EQ(r->status, 201) << r->body;
  json withdrawn = json::parse(r->body);
  EXPECT_TRUE(withdrawn["withdrawn"]);
  EXPECT_EQ(withdrawn["withdrawal"]["reason"], "the act was misattributed");
  EXPECT_FALSE(withdrawn["withdrawal"]["withdrawn_at"].get<std::string>().empty());
  EXPECT_EQ(Post(withdraw, {{"reason", "again"}})->status, 409);

  // Coverage goes back; the withdrawn link stays in the element's history.
  json after = GetJson(matrix);
  json e1 = Row(after, "ICC-7-1-a.E1");
  EXPECT_EQ(e1["coverage"], "not_covered");
  EXPECT_TRUE(e1["supporting"].empty());
  ASSERT_EQ(e1["withdrawn"].size(), 1u);
  EXPECT_EQ(e1["withdrawn"][0]["assessment_id"], support);
  json list = GetJson("/api/v1/charges/" + f.charge_id + "/assessments");
  for (const json& a : list["items"]) EXPECT_EQ(a["withdrawn"], a["id"] == support);

  // A withdrawn contradiction no longer weighs but is never hidden.
  ASSERT_EQ(
      Post("/api/v1/assessments/" + contra + "/withdrawal", {{"reason", "duplicate"}})->status,
      201);
  json e2 = Row(GetJson(matrix), "ICC-7-1-a.E2");
  EXPECT_EQ(e2["contradicting_weight"], 0);
  ASSERT_EQ(e2["contradicting"].size(), 1u);
  EXPECT_TRUE(e2["contradicting"][0]["withdrawn"]);
  json file = GetJson("/api/v1/cases/" + f.case_id + "/case-file", legal_, "review");
  EXPECT_TRUE(Row(file["charges"][0], "ICC-7-1-a.E2")["contradicting"][0]["withdrawn"]);

  // The item can be linked afresh; coverage comes back.
  Link(f.charge_id, "ICC-7-1-a.E1", act, "supports", 4);
  EXPECT_EQ(Row(GetJson(matrix), "ICC-7-1-a.E1")["coverage"], "covered");
}

}  // namespace
}  // namespace giai::testing
