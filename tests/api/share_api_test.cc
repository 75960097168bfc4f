// Sharing across organisations over real HTTP (docs/SHARING.md): the recipient sees exactly the
// shared items that pass the consent gate, within the scope and before expiry, and nothing
// after revocation or withdrawal of consent; the owner sees refused items with the reason and
// an access log; withdrawal creates follow-up tasks for owner and recipient.
#include <gtest/gtest.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <thread>

#include "tests/api/api_fixture.h"
#include "tests/api/test_server.h"

namespace giai::testing {
namespace {

using nlohmann::json;

constexpr const char* kOrg1 = "Coalition Secretariat (fictional demo)";

class ShareApiTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = TestServer::Start().release();
    ASSERT_NE(server_, nullptr);
    AddIccOffice(*server_);
    server_->Giai({"user", "add", "--data", server_->data_dir(), "--org", kOrg1, "--email",
                   "support@org1.demo.example", "--role", "support"});
    documenter_ = server_->Token("documenter@org1.demo.example");
    admin_ = server_->Token("admin@org1.demo.example");
    legal_ = server_->Token("legal@org1.demo.example");
    analyst_ = server_->Token("analyst@org1.demo.example");
    recipient_ = server_->Token("documenter@org2.demo.example");
    recipient_analyst_ = server_->Token("analyst@org2.demo.example");
    recipient_admin_ = server_->Token("admin@org2.demo.example");
    third_ = server_->Token("documenter@org3.demo.example");
    icc_ = server_->Token(kIccInvestigator);
    org1_ = OrgId(documenter_);
    org2_ = OrgId(recipient_);
    icc_org_ = OrgId(icc_);
    // A mechanism receives only under an agreement in force (docs/SHARING.md, "Agreements").
    auto agreement = Post("/api/v1/agreements",
                          {{"title", "Cooperation agreement with the fictional OTP"},
                           {"parties", {org1_, icc_org_}},
                           {"scopes", {"read_pseudonymised", "read_identity", "contribute"}},
                           {"starts_on", InSeconds(-86400).substr(0, 10)},
                           {"ends_on", InSeconds(400L * 86400).substr(0, 10)},
                           {"document", {{"reference", "OTP-TEST-2026-01"}}},
                           {"status", "in_force"}},
                          admin_);
    ASSERT_EQ(agreement->status, 201) << agreement->body;
    icc_agreement_ = json::parse(agreement->body)["id"];
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }

  static std::string OrgId(const std::string& token) { return OrgIdOf(*server_, token); }
  static httplib::Result Post(const std::string& path, const json& body, const std::string& token,
                              const std::string& purpose = "") {
    return PostJson(*server_, path, body, token, purpose);
  }
  static httplib::Result Get(const std::string& path, const std::string& token,
                             const std::string& purpose = "investigation") {
    return GetAs(*server_, path, token, purpose);
  }
  static std::string Code(const httplib::Result& r) { return ProblemCode(r); }

  // A person with an identity and a consent sharing with `classes` at `level`.
  static std::string NewPerson(const json& classes, const std::string& level,
                               const std::string& name = "Shared Person") {
    return NewPersonWithConsent(*server_, documenter_,
                                {{"sex", "female"}, {"identity", {{"full_name", name}}}}, classes,
                                level);
  }
  static json ShareBody(const std::string& recipient, const std::string& type, const json& ids,
                        const std::string& scope, const std::string& expires = InSeconds(86400)) {
    json body = {{"recipient_org_id", recipient},
                 {"object", {{"type", type}, {"ids", ids}}},
                 {"scope", scope},
                 {"purpose", "joint documentation of the 2024 events"},
                 {"legal_basis", "DSA-2026-07 data-sharing agreement"},
                 {"expires_at", expires}};
    if (recipient == icc_org_) body["agreement_id"] = icc_agreement_;
    return body;
  }
  // Proposed by the documenter, approved by the admin; returns the share.
  static json ShareActive(const json& body) {
    auto proposed = Post("/api/v1/shares", body, documenter_);
    EXPECT_EQ(proposed->status, 201) << proposed->body;
    std::string id = json::parse(proposed->body)["id"];
    auto approved = Post("/api/v1/shares/" + id + "/approve", json::object(), admin_);
    EXPECT_EQ(approved->status, 200) << approved->body;
    return json::parse(approved->body);
  }
  // Whether the organisation's audit trail (read by its admin) holds `action` on `record`.
  static bool Audited(const std::string& admin, const std::string& action,
                      const std::string& record) {
    return AuditHolds(*server_, admin, [&](const json& e) {
      return e["action"] == action && e["record_id"] == record && e["purpose"] == "investigation";
    });
  }
  static std::string Item(const json& share, const std::string& item) {
    return "/api/v1/shares/" + share["id"].get<std::string>() + "/items/" + item;
  }

  static inline TestServer* server_ = nullptr;
  static inline std::string documenter_, admin_, legal_, analyst_, recipient_, recipient_analyst_,
      recipient_admin_, third_, icc_, org1_, org2_, icc_org_, icc_agreement_;
};

TEST_F(ShareApiTest, RecipientSeesTheSharedItemAndNothingElse) {
  std::string shared = NewPerson({"ngo_partner"}, "pseudonymous");
  std::string other = NewPerson({"ngo_partner"}, "pseudonymous");
  json share = ShareActive(ShareBody(org2_, "record", {shared}, "read_pseudonymised"));
  EXPECT_EQ(share["state"], "active");
  EXPECT_EQ(share["recipient_class"], "ngo_partner");
  EXPECT_EQ(share["approved_by"].is_string(), true);
  const std::string sid = share["id"];

  auto received = json::parse(Get("/api/v1/shares/received", recipient_, "")->body);
  bool found = false;
  for (const json& s : received["items"]) {
    if (s["id"] == sid) {
      found = true;
      EXPECT_EQ(s["org_id"], org1_);
      EXPECT_EQ(s["origin_name"], kOrg1);
      EXPECT_EQ(s["expires_at"], share["expires_at"]);
      EXPECT_FALSE(s.contains("refused"));
      EXPECT_TRUE(s["read_only"].get<bool>());
    }
  }
  EXPECT_TRUE(found);

  auto items = Get("/api/v1/shares/" + sid + "/items", recipient_);
  ASSERT_EQ(items->status, 200) << items->body;
  json list = json::parse(items->body)["items"];
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0]["id"], shared);
  EXPECT_EQ(list[0]["origin"]["org_id"], org1_);
  EXPECT_EQ(list[0]["origin"]["expires_at"], share["expires_at"]);
  EXPECT_EQ(items->body.find("Shared Person"), std::string::npos);  // no identity

  auto item = Get(Item(share, shared), recipient_);
  ASSERT_EQ(item->status, 200) << item->body;
  EXPECT_TRUE(json::parse(item->body)["read_only"].get<bool>());
  EXPECT_TRUE(json::parse(item->body)["pseudonym"].is_string());
  // Nothing else: another person of the owner, through the share or directly.
  EXPECT_EQ(Get(Item(share, other), recipient_)->status, 404);
  // The ordinary routes show the shared record (marked; share_reach_api_test), nothing else.
  EXPECT_EQ(Get("/api/v1/persons/" + shared, recipient_)->status, 200);
  EXPECT_EQ(Get("/api/v1/persons/" + other, recipient_, "")->status, 404);
  // Identity is outside a pseudonymised share.
  auto identity = Get(Item(share, shared) + "/identity", recipient_);
  EXPECT_EQ(identity->status, 403);
  EXPECT_EQ(Code(identity), "forbidden");

  // A third organisation sees nothing at all.
  EXPECT_EQ(Get("/api/v1/shares/" + sid, third_, "")->status, 404);
  EXPECT_EQ(Get("/api/v1/shares/" + sid + "/items", third_)->status, 404);
  EXPECT_EQ(Get(Item(share, shared), third_)->status, 404);
  auto third_list = json::parse(Get("/api/v1/shares/received", third_, "")->body);
  for (const json& s : third_list["items"]) EXPECT_NE(s["id"], sid);

  // The owner's access log names the recipient's reads, with their purpose.
  auto log = Get("/api/v1/shares/" + sid + "/access-log", documenter_, "");
  ASSERT_EQ(log->status, 200) << log->body;
  json entries = json::parse(log->body)["items"];
  int item_reads = 0;
  for (const json& e : entries) {
    EXPECT_EQ(e["user_org_id"], org2_);
    EXPECT_EQ(e["purpose"], "investigation");
    EXPECT_FALSE(e["at"].get<std::string>().empty());
    if (e["action"] == "share.item.read" && e["item_id"] == shared && e["outcome"] == "ok") {
      ++item_reads;
    }
  }
  EXPECT_EQ(item_reads, 1);
  EXPECT_GE(entries.size(), 3u);  // list, read, refused identity read
  // The recipient cannot read the owner's access log.
  EXPECT_EQ(Get("/api/v1/shares/" + sid + "/access-log", recipient_, "")->status, 404);
  // Both audit trails hold the recipient's read, with its purpose.
  EXPECT_TRUE(Audited(admin_, "share.item.read", shared));
  EXPECT_TRUE(Audited(recipient_admin_, "share.item.read", shared));
  EXPECT_FALSE(Audited(server_->Token("admin@org3.demo.example"), "share.item.read", shared));
}

TEST_F(ShareApiTest, ConsentRefusedItemsAreListedToTheSharerAndNeverReachTheRecipient) {
  std::string ok = NewPerson({"ngo_partner"}, "pseudonymous");
  std::string no = NewPerson(json::array(), "none");
  std::string icc_only = NewPerson({"icc"}, "full");
  auto r =
      Post("/api/v1/shares", ShareBody(org2_, "record", {no}, "read_pseudonymised"), documenter_);
  ASSERT_EQ(r->status, 201) << r->body;
  json refused_share = json::parse(r->body);
  EXPECT_EQ(refused_share["state"], "proposed");
  ASSERT_EQ(refused_share["refused"].size(), 1u);
  EXPECT_EQ(refused_share["refused"][0]["id"], no);
  EXPECT_NE(refused_share["refused"][0]["reason"].get<std::string>().find("ngo_partner"),
            std::string::npos);
  EXPECT_TRUE(refused_share["items"].empty());
  // Approved anyway, the recipient gets nothing of it.
  ASSERT_EQ(Post("/api/v1/shares/" + refused_share["id"].get<std::string>() + "/approve",
                 json::object(), admin_)
                ->status,
            200);
  EXPECT_EQ(Get(Item(refused_share, no), recipient_)->status, 404);
  auto as_recipient = json::parse(
      Get("/api/v1/shares/" + refused_share["id"].get<std::string>(), recipient_, "")->body);
  EXPECT_FALSE(as_recipient.contains("refused"));
  EXPECT_EQ(as_recipient.dump().find(no), std::string::npos);

  // The recipient class matters: ICC consent does not let an item go to an NGO, and the
  // mechanism account is gated as icc.
  json to_ngo = ShareActive(ShareBody(org2_, "record", {icc_only}, "read_pseudonymised"));
  EXPECT_EQ(to_ngo["refused"].size(), 1u);
  // A mechanism receives only under an agreement.
  json no_agreement = ShareBody(icc_org_, "record", {icc_only}, "read_pseudonymised");
  no_agreement.erase("agreement_id");
  auto refused_mechanism = Post("/api/v1/shares", no_agreement, documenter_);
  EXPECT_EQ(refused_mechanism->status, 400);
  EXPECT_EQ(json::parse(refused_mechanism->body)["field"], "agreement_id");
  json to_icc = ShareActive(ShareBody(icc_org_, "record", {icc_only}, "read_pseudonymised"));
  EXPECT_EQ(to_icc["recipient_class"], "icc");
  EXPECT_TRUE(to_icc["refused"].empty());
  EXPECT_EQ(Get(Item(to_icc, icc_only), icc_)->status, 200);
  json ok_to_icc = ShareActive(ShareBody(icc_org_, "record", {ok}, "read_pseudonymised"));
  ASSERT_EQ(ok_to_icc["refused"].size(), 1u);
  EXPECT_NE(ok_to_icc["refused"][0]["reason"].get<std::string>().find("icc"), std::string::npos);
}

TEST_F(ShareApiTest, IdentityOnlyWithTheScopeAndAConsentAtLevelFull) {
  std::string full = NewPerson({"ngo_partner", "icc"}, "full", "Full Consent Name");
  std::string pseudo = NewPerson({"ngo_partner"}, "pseudonymous", "Pseudo Consent Name");
  json share = ShareActive(ShareBody(org2_, "record", {full}, "read_identity"));
  EXPECT_TRUE(share["items"][0]["identity_disclosed"].get<bool>());
  auto identity = Get(Item(share, full) + "/identity", recipient_);
  ASSERT_EQ(identity->status, 200) << identity->body;
  EXPECT_EQ(json::parse(identity->body)["identity"]["full_name"], "Full Consent Name");
  // A role that may not read identities at the recipient.
  EXPECT_EQ(Get(Item(share, full) + "/identity", recipient_analyst_)->status, 403);
  // No purpose: refused before anything is read.
  EXPECT_EQ(Get(Item(share, full) + "/identity", recipient_, "")->status, 400);

  json limited = ShareActive(ShareBody(org2_, "record", {pseudo}, "read_identity"));
  EXPECT_FALSE(limited["items"][0]["identity_disclosed"].get<bool>());
  auto refused = Get(Item(limited, pseudo) + "/identity", recipient_);
  EXPECT_EQ(refused->status, 403);
  EXPECT_EQ(Code(refused), "consent_denied");
  EXPECT_EQ(refused->body.find("Pseudo Consent Name"), std::string::npos);
  EXPECT_EQ(Get(Item(limited, pseudo), recipient_)->status, 200);  // pseudonymised is fine
}

TEST_F(ShareApiTest, RevocationAndExpiryTakeEffectForTheNextRequest) {
  std::string person = NewPerson({"ngo_partner"}, "pseudonymous");
  json share = ShareActive(ShareBody(org2_, "record", {person}, "read_pseudonymised"));
  const std::string sid = share["id"];
  EXPECT_EQ(Get(Item(share, person), recipient_)->status, 200);
  // The recipient cannot revoke; the owner's documenter cannot either (approvers revoke).
  EXPECT_EQ(Post("/api/v1/shares/" + sid + "/revoke", json::object(), recipient_admin_)->status,
            404);
  EXPECT_EQ(Post("/api/v1/shares/" + sid + "/revoke", json::object(), documenter_)->status, 403);
  ASSERT_EQ(Post("/api/v1/shares/" + sid + "/revoke", json::object(), legal_)->status, 200);
  auto after = Get(Item(share, person), recipient_);
  EXPECT_EQ(after->status, 403);
  EXPECT_EQ(Code(after), "forbidden");
  EXPECT_EQ(Get("/api/v1/shares/" + sid + "/items", recipient_)->status, 403);
  EXPECT_EQ(json::parse(Get("/api/v1/shares/" + sid, recipient_, "")->body)["state"], "revoked");
  EXPECT_EQ(Post("/api/v1/shares/" + sid + "/revoke", json::object(), legal_)->status, 409);
  // The refused attempt is in the access log as denied.
  auto log = json::parse(Get("/api/v1/shares/" + sid + "/access-log", legal_, "")->body);
  EXPECT_EQ(log["items"].back()["outcome"], "denied");

  // Expiry: a share that expires five seconds from now.
  json brief =
      ShareActive(ShareBody(org2_, "record", {person}, "read_pseudonymised", InSeconds(5)));
  EXPECT_EQ(Get(Item(brief, person), recipient_)->status, 200);
  std::this_thread::sleep_for(std::chrono::seconds(6));
  auto expired = Get(Item(brief, person), recipient_);
  EXPECT_EQ(expired->status, 403);
  EXPECT_NE(expired->body.find("expired"), std::string::npos);
  EXPECT_EQ(
      json::parse(
          Get("/api/v1/shares/" + brief["id"].get<std::string>(), documenter_, "")->body)["state"],
      "expired");
}

TEST_F(ShareApiTest, WithdrawalCutsAccessAtOnceAndCreatesTasksForOwnerAndRecipient) {
  std::string person = NewPerson({"ngo_partner"}, "pseudonymous");
  json share = ShareActive(ShareBody(org2_, "person_file", {person}, "read_pseudonymised"));
  const std::string sid = share["id"];
  EXPECT_EQ(Get(Item(share, person), recipient_)->status, 200);
  ASSERT_EQ(
      Post("/api/v1/persons/" + person + "/consents/withdraw", json::object(), documenter_)->status,
      201);
  auto cut = Get(Item(share, person), recipient_);
  EXPECT_EQ(cut->status, 403);
  EXPECT_EQ(Code(cut), "consent_denied");
  EXPECT_TRUE(
      json::parse(Get("/api/v1/shares/" + sid + "/items", recipient_)->body)["items"].empty());

  auto find_task = [](const std::string& token, const std::string& person_id) {
    json tasks = json::parse(Get("/api/v1/tasks?status=open", token, "")->body);
    for (const json& t : tasks["items"]) {
      if (t["person_id"] == person_id) return t;
    }
    return json();
  };
  json owner_task = find_task(documenter_, person);
  ASSERT_TRUE(owner_task.is_object());
  EXPECT_EQ(owner_task["type"], "consent_withdrawn");
  EXPECT_EQ(owner_task["share_ids"], json::array({sid}));
  json recipient_task = find_task(recipient_, person);
  ASSERT_TRUE(recipient_task.is_object());
  EXPECT_EQ(recipient_task["share_id"], sid);
  EXPECT_EQ(recipient_task["item_ids"], json::array({person}));
  EXPECT_EQ(recipient_task["title"], "consent withdrawn: remove copies / stop using");
  // The third organisation has no task and cannot see the recipient's.
  EXPECT_TRUE(find_task(third_, person).is_null());
  const std::string tid = recipient_task["id"];
  EXPECT_EQ(Get("/api/v1/tasks/" + tid, third_, "")->status, 404);
  EXPECT_EQ(Get("/api/v1/tasks/" + tid, recipient_, "")->status, 200);
  // Closing: by the recipient organisation, once.
  EXPECT_EQ(Post("/api/v1/tasks/" + tid + "/close", {{"note", "copies deleted"}}, third_)->status,
            404);
  EXPECT_EQ(Post("/api/v1/tasks/" + tid + "/close", {{"colour", "red"}}, recipient_)->status, 400);
  auto closed = Post("/api/v1/tasks/" + tid + "/close", {{"note", "copies deleted"}}, recipient_);
  ASSERT_EQ(closed->status, 200) << closed->body;
  EXPECT_EQ(json::parse(closed->body)["status"], "closed");
  EXPECT_EQ(Post("/api/v1/tasks/" + tid + "/close", json::object(), recipient_)->status, 409);
  EXPECT_TRUE(find_task(recipient_, person).is_null());  // no longer open
  EXPECT_EQ(Get("/api/v1/tasks?status=maybe", recipient_, "")->status, 400);
}

TEST_F(ShareApiTest, ApprovalNeedsASecondPersonWithTheRightRole) {
  std::string person = NewPerson({"ngo_partner"}, "pseudonymous");
  json body = ShareBody(org2_, "record", {person}, "read_pseudonymised");
  EXPECT_EQ(Post("/api/v1/shares", body, analyst_)->status, 403);
  EXPECT_EQ(Post("/api/v1/shares", body, admin_)->status, 403);
  auto proposed = Post("/api/v1/shares", body, legal_);
  ASSERT_EQ(proposed->status, 201);
  const std::string sid = json::parse(proposed->body)["id"];
  // Not visible to the recipient before approval.
  EXPECT_EQ(Get("/api/v1/shares/" + sid, recipient_, "")->status, 404);
  EXPECT_EQ(Get("/api/v1/shares/" + sid + "/items", recipient_)->status, 404);
  auto self = Post("/api/v1/shares/" + sid + "/approve", json::object(), legal_);
  EXPECT_EQ(self->status, 403);
  EXPECT_NE(self->body.find("other than its proposer"), std::string::npos);
  EXPECT_EQ(Post("/api/v1/shares/" + sid + "/approve", json::object(), documenter_)->status, 403);
  EXPECT_EQ(Post("/api/v1/shares/" + sid + "/approve", json::object(), recipient_admin_)->status,
            404);
  EXPECT_EQ(Post("/api/v1/shares/" + sid + "/approve", json::object(), admin_)->status, 200);
  EXPECT_EQ(Post("/api/v1/shares/" + sid + "/approve", json::object(), admin_)->status, 409);
  EXPECT_EQ(Get("/api/v1/shares/" + sid + "/items", recipient_)->status, 200);
  // Lists: the owner's given shares hold it; the recipient's received list too.
  auto given = Get("/api/v1/shares?limit=500", documenter_, "");
  EXPECT_NE(given->body.find(sid), std::string::npos);
  EXPECT_EQ(Get("/api/v1/shares", recipient_analyst_, "")->status, 403);
  EXPECT_EQ(Get("/api/v1/shares?limit=0", documenter_, "")->status, 400);
}

// The proposer's picker: every other organisation a share can go to, with its recipient class
// (the ICC account as icc), never the caller's own; roles that cannot propose get 403.
TEST_F(ShareApiTest, RecipientsListOtherOrganisationsWithTheirClass) {
  // A mechanism whose class the operator has not recorded cannot receive shares: not offered.
  server_->Giai({"org", "add", "--data", server_->data_dir(), "--name",
                 "Unclassified mechanism (fictional test)", "--kind", "mechanism"});
  auto r = Get("/api/v1/shares/recipients", documenter_, "");
  ASSERT_EQ(r->status, 200) << r->body;
  json items = json::parse(r->body)["items"];
  bool org2 = false, icc = false;
  for (const json& o : items) {
    EXPECT_NE(o["id"], org1_);
    EXPECT_NE(o["name"], "Unclassified mechanism (fictional test)");
    if (o["id"] == org2_) org2 = o["recipient_class"] == "ngo_partner";
    if (o["id"] == icc_org_) icc = o["recipient_class"] == "icc" && o["kind"] == "mechanism";
  }
  EXPECT_TRUE(org2);
  EXPECT_TRUE(icc);
  EXPECT_EQ(Get("/api/v1/shares/recipients", analyst_, "")->status, 403);
  EXPECT_EQ(Get("/api/v1/shares/recipients", "", "")->status, 401);
}

TEST_F(ShareApiTest, RecipientsContributeOnlyUnderContributeAndNeverChangeTheOwnersRecord) {
  std::string person = NewPerson({"ngo_partner"}, "pseudonymous");
  auto before = json::parse(Get("/api/v1/persons/" + person, documenter_, "")->body);
  json read_only = ShareActive(ShareBody(org2_, "record", {person}, "read_pseudonymised"));
  json comment = {{"item_id", person}, {"type", "comment"}, {"text", "Seen in our files too."}};
  auto refused = Post("/api/v1/shares/" + read_only["id"].get<std::string>() + "/contributions",
                      comment, recipient_);
  EXPECT_EQ(refused->status, 403);
  json contribute = ShareActive(ShareBody(org2_, "record", {person}, "contribute"));
  const std::string path =
      "/api/v1/shares/" + contribute["id"].get<std::string>() + "/contributions";
  auto added = Post(path, comment, recipient_);
  ASSERT_EQ(added->status, 201) << added->body;
  EXPECT_EQ(json::parse(added->body)["org_id"], org2_);
  EXPECT_EQ(Post(path, {{"item_id", "per_unknown"}, {"text", "x"}}, recipient_)->status, 404);
  EXPECT_EQ(Post(path, {{"item_id", person}}, recipient_)->status, 400);
  EXPECT_EQ(Post(path, comment, recipient_analyst_)->status, 403);
  // The recipient cannot write the owner's record through the documentation routes: it sees
  // the record (shared), so the refusal is 403, even under the contribute scope.
  auto client = server_->Client();
  auto patch =
      client.Patch("/api/v1/persons/" + person, Bearer(recipient_, {{"If-Match", "\"1\""}}),
                   R"({"sex":"male"})", "application/merge-patch+json");
  EXPECT_EQ(patch->status, 403);
  EXPECT_EQ(Code(patch), "forbidden");
  auto after = json::parse(Get("/api/v1/persons/" + person, documenter_, "")->body);
  EXPECT_EQ(after["version"], before["version"]);
  EXPECT_EQ(after["sex"], "female");
  // The owner reads the contribution.
  auto list = Get(path, documenter_);
  ASSERT_EQ(list->status, 200) << list->body;
  ASSERT_EQ(json::parse(list->body)["items"].size(), 1u);
  EXPECT_EQ(json::parse(list->body)["items"][0]["text"], "Seen in our files too.");
  EXPECT_EQ(Get(path, third_)->status, 404);
}

TEST_F(ShareApiTest, ACaseGoesToTheMechanismWithoutWhatConsentWithholds) {
  auto cases = json::parse(Get("/api/v1/cases", legal_, "")->body);
  ASSERT_FALSE(cases["items"].empty());
  const std::string case_id = cases["items"][0]["id"];
  auto proposed =
      Post("/api/v1/shares", ShareBody(icc_org_, "case", {case_id}, "read_pseudonymised"), legal_);
  ASSERT_EQ(proposed->status, 201) << proposed->body;
  json share = json::parse(proposed->body);
  bool has_case = false;
  for (const json& item : share["items"]) has_case = has_case || item["id"] == case_id;
  EXPECT_TRUE(has_case);
  EXPECT_GT(share["items"].size(), 1u);  // the case's incidents, acts and assessed items
  // The demo case relies on a testimony whose person did not consent to sharing with the ICC.
  ASSERT_FALSE(share["refused"].empty());
  for (const json& r : share["refused"]) {
    EXPECT_NE(r["reason"].get<std::string>().find("consent of person"), std::string::npos);
  }
  const std::string refused_id = share["refused"][0]["id"];
  ASSERT_EQ(
      Post("/api/v1/shares/" + share["id"].get<std::string>() + "/approve", json::object(), admin_)
          ->status,
      200);
  auto kase = Get(Item(share, case_id), icc_);
  ASSERT_EQ(kase->status, 200) << kase->body;
  EXPECT_EQ(json::parse(kase->body)["origin"]["org_id"], org1_);
  EXPECT_EQ(Get(Item(share, refused_id), icc_)->status, 404);
  auto items = Get("/api/v1/shares/" + share["id"].get<std::string>() + "/items", icc_);
  EXPECT_EQ(items->body.find(refused_id), std::string::npos);
  // The case itself is legal work at the recipient too.
  EXPECT_EQ(Get(Item(share, case_id), recipient_)->status, 404);  // not their share
}

TEST_F(ShareApiTest, BadRequestsGiveStableErrors) {
  std::string person = NewPerson({"ngo_partner"}, "pseudonymous");
  auto field_of = [](const json& body) {
    auto r = Post("/api/v1/shares", body, documenter_);
    EXPECT_EQ(r->status, 400) << r->body;
    return json::parse(r->body).value("field", std::string());
  };
  json good = ShareBody(org2_, "record", {person}, "read_pseudonymised");
  json b = good;
  b["recipient_org_id"] = "org_unknown";
  EXPECT_EQ(field_of(b), "recipient_org_id");
  b["recipient_org_id"] = org1_;
  EXPECT_EQ(field_of(b), "recipient_org_id");
  b = good;
  b["scope"] = "everything";
  EXPECT_EQ(field_of(b), "scope");
  b = good;
  b["expires_at"] = InSeconds(-60);
  EXPECT_EQ(field_of(b), "expires_at");
  b["expires_at"] = InSeconds(400L * 86400);
  EXPECT_EQ(field_of(b), "expires_at");
  b["expires_at"] = "tomorrow";
  EXPECT_EQ(field_of(b), "expires_at");
  b["expires_at"] = "2026-02-30T00:00:00Z";
  EXPECT_EQ(field_of(b), "expires_at");
  b = good;
  b.erase("legal_basis");
  EXPECT_EQ(field_of(b), "legal_basis");
  b = good;
  b["object"]["ids"] = {"per_unknown"};
  EXPECT_EQ(field_of(b), "object.ids");
  b["object"] = {{"type", "spreadsheet"}, {"ids", {person}}};
  EXPECT_EQ(field_of(b), "object.type");
  b["object"] = {{"type", "record"}, {"ids", 7}};
  EXPECT_EQ(field_of(b), "object.ids");
  b = good;
  b["approved_by"] = "usr_me";
  EXPECT_EQ(field_of(b), "approved_by");
  // Another organisation's record cannot be shared by this one.
  auto theirs = Post("/api/v1/persons", {{"sex", "male"}}, third_);
  b = good;
  b["object"]["ids"] = {json::parse(theirs->body)["id"]};
  EXPECT_EQ(field_of(b), "object.ids");
  // A case is legal work.
  b["object"] = {{"type", "case"}, {"ids", {"cas_unknown"}}};
  auto r = Post("/api/v1/shares", b, documenter_);
  EXPECT_EQ(r->status, 403);
  auto client = server_->Client();
  EXPECT_EQ(client.Post("/api/v1/shares", Bearer(documenter_), "[", "application/json")->status,
            400);
  EXPECT_EQ(Get("/api/v1/shares/shr_unknown", documenter_, "")->status, 404);
  EXPECT_EQ(Get("/api/v1/shares/shr_unknown/items", recipient_)->status, 404);
  EXPECT_EQ(Post("/api/v1/shares/shr_unknown/approve", json::object(), admin_)->status, 404);
  EXPECT_EQ(Get("/api/v1/tasks/tsk_unknown", documenter_, "")->status, 404);
  EXPECT_EQ(client.Get("/api/v1/shares")->status, 401);
}

}  // namespace
}  // namespace giai::testing
