// The register of data-sharing agreements (docs/SHARING.md, "Agreements"): who keeps it, the
// shares it allows, and what happens to those shares when it ends early. Real HTTP, SQLite and
// PostgreSQL.
#include "tests/api/share_reach_fixture.h"

namespace giai::testing {
namespace {

using nlohmann::json;

// The register of data-sharing agreements, and shares made under them.
class ShareAgreementApiTest : public ShareReachApiTest {
 protected:
  static json AgreementBody(const std::string& ends_on, const json& scopes,
                            const std::string& status = "in_force") {
    return {{"title", "Data-sharing agreement between two fictional NGOs"},
            {"parties", {org1_, org2_}},
            {"scopes", scopes},
            {"starts_on", "2020-01-01"},
            {"ends_on", ends_on},
            {"document", {{"reference", "DSA-TEST-2026-07"}}},
            {"status", status}};
  }
  static std::string Field(const httplib::Result& r) {
    return json::parse(r->body).value("field", std::string());
  }
  static json ShareUnder(const std::string& agreement, const std::string& scope,
                         const std::string& expires = InSeconds(86400)) {
    return {{"recipient_org_id", org2_},
            {"object", {{"type", "record"}, {"ids", {NewIncident()}}}},
            {"scope", scope},
            {"purpose", "joint documentation of the 2001 events"},
            {"agreement_id", agreement},
            {"expires_at", expires}};
  }
  static httplib::Result Patch(const std::string& id, const std::string& etag, const json& patch,
                               const std::string& token) {
    auto client = server_->Client();
    httplib::Headers h = Bearer(token);
    if (!etag.empty()) h.emplace("If-Match", etag);
    return client.Patch("/api/v1/agreements/" + id, h, patch.dump(),
                        "application/merge-patch+json");
  }
};

TEST_F(ShareAgreementApiTest, PartiesAdminsAndLegalKeepTheRegisterOthersSeeNothing) {
  const std::string ends = InSeconds(400L * 86400).substr(0, 10);
  auto created = Post("/api/v1/agreements", AgreementBody(ends, {"read_pseudonymised"}), admin_);
  ASSERT_EQ(created->status, 201) << created->body;
  json agreement = json::parse(created->body);
  const std::string id = agreement["id"];
  EXPECT_EQ(created->get_header_value("Location"), "/api/v1/agreements/" + id);
  EXPECT_EQ(agreement["state"], "in_force");
  EXPECT_EQ(agreement["party_names"].size(), 2u);

  // Both parties read it; a third organisation gets 404; documenters read but do not write.
  EXPECT_EQ(Get("/api/v1/agreements/" + id, recipient_admin_, "")->status, 200);
  EXPECT_EQ(Get("/api/v1/agreements/" + id, documenter_, "")->status, 200);
  EXPECT_EQ(Get("/api/v1/agreements/" + id, server_->Token("admin@org3.demo.example"), "")->status,
            404);
  EXPECT_EQ(
      Get("/api/v1/agreements/" + id, server_->Token("analyst@org1.demo.example"), "")->status,
      403);
  EXPECT_EQ(Post("/api/v1/agreements", AgreementBody(ends, {"contribute"}), documenter_)->status,
            403);
  EXPECT_EQ(Count(Walk("/api/v1/agreements", recipient_admin_, 1), id), 1);
  EXPECT_EQ(Find(Walk("/api/v1/agreements", third_, 500), id), nullptr);

  // Bad input names its field.
  json outsider = AgreementBody(ends, {"read_pseudonymised"});
  outsider["parties"] = {org2_, OrgId(third_)};
  EXPECT_EQ(Field(Post("/api/v1/agreements", outsider, admin_)), "parties");
  EXPECT_EQ(Field(Post("/api/v1/agreements", AgreementBody("2019-12-31", {"contribute"}), admin_)),
            "ends_on");
  EXPECT_EQ(Field(Post("/api/v1/agreements", AgreementBody(ends, {"everything"}), admin_)),
            "scopes");
  json both = AgreementBody(ends, {"contribute"});
  both["document"]["evidence_id"] = "evd_x";
  EXPECT_EQ(Field(Post("/api/v1/agreements", both, admin_)), "document");

  // Changes: If-Match required and checked; the other party's legal officer may change it;
  // parties are fixed.
  EXPECT_EQ(Patch(id, "", {{"title", "x"}}, admin_)->status, 428);
  EXPECT_EQ(Patch(id, "\"7\"", {{"title", "x"}}, admin_)->status, 412);
  EXPECT_EQ(Patch(id, "\"1\"", {{"parties", {org1_}}}, admin_)->status, 400);
  auto changed =
      Patch(id, "\"1\"", {{"status", "suspended"}}, server_->Token("legal@org2.demo.example"));
  ASSERT_EQ(changed->status, 200) << changed->body;
  EXPECT_EQ(json::parse(changed->body)["state"], "suspended");
  EXPECT_EQ(json::parse(changed->body)["version"], 2);
  EXPECT_TRUE(Audited(admin_, "agreement.update", id));
  EXPECT_TRUE(Audited(recipient_admin_, "agreement.update", id));
}

TEST_F(ShareAgreementApiTest, SharesNeedAnAgreementInForceThatCoversThemAndNeverOutliveIt) {
  const std::string ends = InSeconds(30L * 86400).substr(0, 10);
  json agreement = json::parse(
      Post("/api/v1/agreements", AgreementBody(ends, {"read_pseudonymised"}), admin_)->body);
  const std::string id = agreement["id"];

  auto ok = Post("/api/v1/shares", ShareUnder(id, "read_pseudonymised"), documenter_);
  ASSERT_EQ(ok->status, 201) << ok->body;
  EXPECT_EQ(json::parse(ok->body)["agreement_id"], id);
  EXPECT_FALSE(json::parse(ok->body)["legal_basis"].get<std::string>().empty());
  // Not covered: another scope, a share lasting past the agreement, an unknown agreement.
  EXPECT_EQ(Field(Post("/api/v1/shares", ShareUnder(id, "read_identity"), documenter_)), "scope");
  EXPECT_EQ(Field(Post("/api/v1/shares",
                       ShareUnder(id, "read_pseudonymised", InSeconds(60L * 86400)), documenter_)),
            "expires_at");
  EXPECT_EQ(
      Field(Post("/api/v1/shares", ShareUnder("agr_unknown", "read_pseudonymised"), documenter_)),
      "agreement_id");
  // An expired agreement, and a draft, block new shares.
  json expired = json::parse(
      Post("/api/v1/agreements",
           AgreementBody(InSeconds(-2L * 86400).substr(0, 10), {"read_pseudonymised"}), admin_)
          ->body);
  EXPECT_EQ(expired["state"], "expired");
  auto blocked =
      Post("/api/v1/shares", ShareUnder(expired["id"], "read_pseudonymised"), documenter_);
  EXPECT_EQ(blocked->status, 400);
  EXPECT_EQ(Field(blocked), "agreement_id");
  json draft = json::parse(
      Post("/api/v1/agreements", AgreementBody(ends, {"read_pseudonymised"}, "draft"), admin_)
          ->body);
  EXPECT_EQ(
      Field(Post("/api/v1/shares", ShareUnder(draft["id"], "read_pseudonymised"), documenter_)),
      "agreement_id");
  // An agreement terminated between proposal and approval blocks the approval.
  EXPECT_EQ(Patch(id, "\"1\"", {{"status", "terminated"}}, admin_)->status, 200);
  auto approve =
      Post("/api/v1/shares/" + json::parse(ok->body)["id"].get<std::string>() + "/approve",
           json::object(), admin_);
  EXPECT_EQ(approve->status, 409);
  EXPECT_EQ(Code(approve), "conflict");
}

TEST_F(ShareAgreementApiTest, SharesEndWithTheirAgreementAndRecipientsAreToldWhatToReturn) {
  json agreement = json::parse(
      Post("/api/v1/agreements",
           AgreementBody(InSeconds(100L * 86400).substr(0, 10), {"read_pseudonymised"}), admin_)
          ->body);
  const std::string id = agreement["id"];
  auto share = [&](const std::string& expires) {
    auto r = Post("/api/v1/shares", ShareUnder(id, "read_pseudonymised", expires), documenter_);
    EXPECT_EQ(r->status, 201) << r->body;
    return json::parse(r->body);
  };
  json active = Approve(share(InSeconds(86400)));
  json proposed = share(InSeconds(86400));
  json lasting = Approve(share(InSeconds(60L * 86400)));
  // The agreement is shortened: the share that would outlive it now ends with it.
  const std::string new_end = InSeconds(30L * 86400).substr(0, 10);
  ASSERT_EQ(Patch(id, "\"1\"", {{"ends_on", new_end}}, admin_)->status, 200);
  auto read = [&](const json& s) {
    return json::parse(Get("/api/v1/shares/" + s["id"].get<std::string>(), admin_, "")->body);
  };
  EXPECT_EQ(read(lasting)["expires_at"], new_end + "T23:59:59Z");
  EXPECT_EQ(read(active)["expires_at"], active["expires_at"]);
  EXPECT_TRUE(Audited(admin_, "share.shorten", lasting["id"]));
  // Terminated: every share under it is revoked at once, with the reason.
  ASSERT_EQ(Patch(id, "\"2\"", {{"status", "terminated"}}, admin_)->status, 200);
  for (const json& s : {active, proposed, lasting}) {
    json now = read(s);
    EXPECT_EQ(now["state"], "revoked") << s["id"];
    EXPECT_EQ(now["revoked_reason"], "agreement_terminated");
    EXPECT_TRUE(Audited(admin_, "share.revoke", s["id"]));
  }
  // Nothing more reaches the recipient: not under the share, not in its own lists.
  const std::string item = active["items"][0]["id"];
  EXPECT_EQ(Get("/api/v1/shares/" + active["id"].get<std::string>() + "/items/" + item, recipient_)
                ->status,
            403);
  EXPECT_EQ(Get("/api/v1/incidents/" + item, recipient_)->status, 404);
  // The recipient has a task for each share that reached it, none for the mere proposal.
  std::set<std::string> tasked;
  for (const json& t : Walk("/api/v1/tasks?status=open", recipient_admin_, 100)) {
    if (t["type"] == "agreement_ended" && t["agreement_id"] == id) tasked.insert(t["share_id"]);
  }
  EXPECT_EQ(tasked, (std::set<std::string>{active["id"], lasting["id"]}));
  // Termination is final.
  EXPECT_EQ(Patch(id, "\"3\"", {{"status", "in_force"}}, admin_)->status, 409);
}

TEST_F(ShareAgreementApiTest, SignedCopyIsAnEvidenceItemOfTheCallersOwnOrganisation) {
  const std::string ends = InSeconds(400L * 86400).substr(0, 10);
  const std::string own =
      NewEvidence("[TEST] signed agreement", NewPerson({"ngo_partner"}, "pseudonymous"));
  // An item of the other party's vault, registered by its documenter.
  auto theirs = Post("/api/v1/evidence",
                     {{"sha256", Sha("[TEST] their copy")},
                      {"file_name", "copy.pdf"},
                      {"acquisition", {{"method", "device_capture"}}}},
                     recipient_);
  ASSERT_EQ(theirs->status, 201) << theirs->body;
  const std::string their_item = json::parse(theirs->body)["id"];

  json body = AgreementBody(ends, {"read_pseudonymised"});
  body["document"] = {{"evidence_id", own}};
  auto created = Post("/api/v1/agreements", body, admin_);
  ASSERT_EQ(created->status, 201) << created->body;
  EXPECT_EQ(json::parse(created->body)["document"], json({{"evidence_id", own}}));

  // Another organisation's item, or none, is refused by its field, whichever party asks.
  for (const auto& [item, token] : {std::pair{their_item, admin_}, std::pair{own, recipient_admin_},
                                    std::pair{std::string("evd_unknown"), admin_}}) {
    body["document"] = {{"evidence_id", item}};
    auto refused = Post("/api/v1/agreements", body, token);
    EXPECT_EQ(refused->status, 400) << refused->body;
    EXPECT_EQ(Code(refused), "invalid_input");
    EXPECT_EQ(Field(refused), "document.evidence_id");
  }

  // A reference replaced by the vault item: the merge patch removes the reference.
  json registered = json::parse(
      Post("/api/v1/agreements", AgreementBody(ends, {"read_pseudonymised"}), admin_)->body);
  const std::string id = registered["id"];
  EXPECT_EQ(Field(Patch(id, "\"1\"", {{"document", {{"evidence_id", own}}}}, admin_)), "document");
  auto patched =
      Patch(id, "\"1\"", {{"document", {{"evidence_id", own}, {"reference", nullptr}}}}, admin_);
  ASSERT_EQ(patched->status, 200) << patched->body;
  EXPECT_EQ(json::parse(patched->body)["document"], json({{"evidence_id", own}}));
  auto other = Patch(id, "\"2\"", {{"document", {{"evidence_id", their_item}}}}, admin_);
  EXPECT_EQ(Field(other), "document.evidence_id");
}

}  // namespace
}  // namespace giai::testing
