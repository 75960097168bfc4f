// Shared material in the recipient's own lists and reads (docs/SHARING.md, "In the recipient's
// own lists"): the ordinary routes (/incidents, /persons, /evidence, /evidence/{id}/content)
// show another organisation's records exactly while a share holds them, marked with their origin
// and read-only; every such read is logged under the share and audited in both organisations;
// approval records the custody event `transferred`. Real HTTP, SQLite and PostgreSQL.
#include <gtest/gtest.h>

#include <ctime>
#include <nlohmann/json.hpp>

#include "crypto/hash.h"
#include "tests/api/test_server.h"

namespace giai::testing {
namespace {

using nlohmann::json;

std::string InSeconds(long seconds) {
  std::time_t t = std::time(nullptr) + seconds;
  std::tm utc{};
  gmtime_r(&t, &utc);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return buf;
}

std::string Sha(const std::string& bytes) { return crypto::ToHex(crypto::Sha256Of(bytes)); }

class ShareReachApiTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = TestServer::Start().release();
    ASSERT_NE(server_, nullptr);
    documenter_ = server_->Token("documenter@org1.demo.example");
    admin_ = server_->Token("admin@org1.demo.example");
    recipient_ = server_->Token("documenter@org2.demo.example");
    recipient_admin_ = server_->Token("admin@org2.demo.example");
    third_ = server_->Token("documenter@org3.demo.example");
    org1_ = OrgId(documenter_);
    org2_ = OrgId(recipient_);
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }

  static std::string OrgId(const std::string& token) {
    auto client = server_->Client();
    return json::parse(client.Get("/api/v1/organisation", Bearer(token))->body)["id"];
  }
  static httplib::Result Post(const std::string& path, const json& body, const std::string& token) {
    auto client = server_->Client();
    return client.Post(path, Bearer(token), body.dump(), "application/json");
  }
  static httplib::Result Get(const std::string& path, const std::string& token,
                             const std::string& purpose = "investigation") {
    auto client = server_->Client();
    if (purpose.empty()) return client.Get(path, Bearer(token));
    return client.Get(path, Bearer(token, {{"X-Purpose", purpose}}));
  }
  static std::string Code(const httplib::Result& r) {
    return json::parse(r->body).value("code", std::string());
  }
  static std::string NewIncident() {
    auto r = Post("/api/v1/incidents",
                  {{"title", "Shelling of a fictional market"},
                   {"date", "2001-05"},
                   {"country", "SY"},
                   {"narrative", "[TEST] a narrative"}},
                  documenter_);
    EXPECT_EQ(r->status, 201) << r->body;
    return json::parse(r->body)["id"];
  }
  static std::string NewPerson(const json& classes, const std::string& level) {
    auto r =
        Post("/api/v1/persons",
             {{"sex", "female"}, {"identity", {{"full_name", "Reach Person Name"}}}}, documenter_);
    EXPECT_EQ(r->status, 201) << r->body;
    std::string id = json::parse(r->body)["id"];
    json consent = {{"given_how", "written"},
                    {"information_sheet_version", "2026-01"},
                    {"language", "en"},
                    {"scopes",
                     {{"documentation", true},
                      {"storage", true},
                      {"sharing", classes},
                      {"identity_level", level}}}};
    EXPECT_EQ(Post("/api/v1/persons/" + id + "/consents", consent, documenter_)->status, 201);
    return id;
  }
  // A stored evidence item of the owner naming `person`.
  static std::string NewEvidence(const std::string& content, const std::string& person) {
    json body = {{"sha256", Sha(content)},
                 {"file_name", "statement.txt"},
                 {"person_ids", {person}},
                 {"acquisition", {{"method", "device_capture"}, {"acquired_at", "2026-11-02"}}}};
    auto r = Post("/api/v1/evidence", body, documenter_);
    EXPECT_EQ(r->status, 201) << r->body;
    std::string id = json::parse(r->body)["id"];
    auto client = server_->Client();
    auto put = client.Put("/api/v1/evidence/" + id + "/content", Bearer(documenter_), content,
                          "application/octet-stream");
    EXPECT_EQ(put->status, 200) << put->body;
    return id;
  }
  static json Propose(const std::string& type, const json& ids, const std::string& scope) {
    json body = {{"recipient_org_id", org2_},
                 {"object", {{"type", type}, {"ids", ids}}},
                 {"scope", scope},
                 {"purpose", "joint documentation of the 2001 events"},
                 {"legal_basis", "DSA-2026-07 data-sharing agreement"},
                 {"expires_at", InSeconds(86400)}};
    auto r = Post("/api/v1/shares", body, documenter_);
    EXPECT_EQ(r->status, 201) << r->body;
    return json::parse(r->body);
  }
  static json Approve(const json& share) {
    auto r = Post("/api/v1/shares/" + share["id"].get<std::string>() + "/approve", json::object(),
                  admin_);
    EXPECT_EQ(r->status, 200) << r->body;
    return json::parse(r->body);
  }
  static void Revoke(const json& share) {
    auto r = Post("/api/v1/shares/" + share["id"].get<std::string>() + "/revoke", json::object(),
                  admin_);
    EXPECT_EQ(r->status, 200) << r->body;
  }
  // Every item of a list walked page by page (`limit` small, to cross pages), by id.
  static std::vector<json> Walk(const std::string& path, const std::string& token, int limit) {
    std::vector<json> out;
    std::string cursor;
    for (int page = 0; page < 1000; ++page) {
      const std::string sep = path.find('?') == std::string::npos ? "?" : "&";
      auto r = Get(path + sep + "limit=" + std::to_string(limit) +
                       (cursor.empty() ? "" : "&cursor=" + cursor),
                   token);
      EXPECT_EQ(r->status, 200) << r->body;
      json body = json::parse(r->body);
      for (const json& item : body["items"]) out.push_back(item);
      if (body["next_cursor"].is_null()) break;
      cursor = body["next_cursor"];
    }
    return out;
  }
  static const json* Find(const std::vector<json>& items, const std::string& id) {
    for (const json& item : items) {
      if (item["id"] == id) return &item;
    }
    return nullptr;
  }
  static int Count(const std::vector<json>& items, const std::string& id) {
    int n = 0;
    for (const json& item : items) n += item["id"] == id ? 1 : 0;
    return n;
  }
  static json AccessLog(const json& share) {
    auto r = Get("/api/v1/shares/" + share["id"].get<std::string>() + "/access-log?limit=500",
                 documenter_, "");
    EXPECT_EQ(r->status, 200) << r->body;
    return json::parse(r->body)["items"];
  }
  static bool Logged(const json& log, const std::string& action, const json& item_id,
                     const std::string& outcome = "ok") {
    for (const json& e : log) {
      if (e["action"] == action && e["item_id"] == item_id && e["outcome"] == outcome &&
          e["user_org_id"] == org2_) {
        return true;
      }
    }
    return false;
  }
  // Whether the organisation's audit trail (read by its admin) holds `action` on `record`.
  static bool Audited(const std::string& admin, const std::string& action,
                      const std::string& record) {
    std::string cursor;
    for (int page = 0; page < 200; ++page) {
      auto r =
          Get("/api/v1/audit?limit=500" + (cursor.empty() ? "" : "&cursor=" + cursor), admin, "");
      EXPECT_EQ(r->status, 200);
      json body = json::parse(r->body);
      for (const json& e : body["items"]) {
        if (e["action"] == action && e["record_id"] == record) return true;
      }
      if (body["next_cursor"].is_null()) return false;
      cursor = body["next_cursor"];
    }
    return false;
  }
  static json Custody(const std::string& id) {
    auto r = Get("/api/v1/evidence/" + id + "/custody", documenter_, "");
    EXPECT_EQ(r->status, 200) << r->body;
    return json::parse(r->body)["chain"][0]["events"];
  }

  static inline TestServer* server_ = nullptr;
  static inline std::string documenter_, admin_, recipient_, recipient_admin_, third_, org1_, org2_;
};

TEST_F(ShareReachApiTest, SharedIncidentIsInTheRecipientsListsMarkedReadOnlyUntilRevoked) {
  const std::string incident = NewIncident();
  json share = Propose("record", {incident}, "read_pseudonymised");
  // Proposed: nothing yet for the recipient.
  EXPECT_EQ(Get("/api/v1/incidents/" + incident, recipient_)->status, 404);
  EXPECT_EQ(Find(Walk("/api/v1/incidents", recipient_, 500), incident), nullptr);
  share = Approve(share);

  // In the recipient's own list, once, across pages, marked with its origin.
  std::vector<json> listed = Walk("/api/v1/incidents", recipient_, 3);
  ASSERT_EQ(Count(listed, incident), 1);
  const json& entry = *Find(listed, incident);
  EXPECT_EQ(entry["org_id"], org1_);
  EXPECT_EQ(entry["origin"]["org_id"], org1_);
  EXPECT_EQ(entry["origin"]["share_id"], share["id"]);
  EXPECT_EQ(entry["origin"]["expires_at"], share["expires_at"]);
  EXPECT_TRUE(entry["read_only"].get<bool>());
  EXPECT_TRUE(entry["shared"].get<bool>());
  EXPECT_EQ(listed.size(), Walk("/api/v1/incidents", recipient_, 500).size());
  // The recipient's own records carry no origin.
  for (const json& item : listed) {
    if (item["org_id"] == org2_) {
      EXPECT_FALSE(item.contains("origin"));
    }
  }
  // Filters apply to shared records too; org_id selects the origin.
  EXPECT_NE(Find(Walk("/api/v1/incidents?country=SY&from=2001-05-10", recipient_, 500), incident),
            nullptr);
  EXPECT_EQ(Find(Walk("/api/v1/incidents?country=UA", recipient_, 500), incident), nullptr);
  EXPECT_EQ(Find(Walk("/api/v1/incidents?to=2000-01-01", recipient_, 500), incident), nullptr);
  std::vector<json> from_owner = Walk("/api/v1/incidents?org_id=" + org1_, recipient_, 500);
  ASSERT_EQ(from_owner.size(), 1u);
  EXPECT_EQ(from_owner[0]["id"], incident);
  EXPECT_EQ(Find(Walk("/api/v1/incidents?org_id=" + org2_, recipient_, 500), incident), nullptr);

  // The record itself, without the narrative or the owner's compartment.
  auto read = Get("/api/v1/incidents/" + incident, recipient_);
  ASSERT_EQ(read->status, 200) << read->body;
  json record = json::parse(read->body);
  EXPECT_EQ(record["origin"]["share_id"], share["id"]);
  EXPECT_TRUE(record["read_only"].get<bool>());
  EXPECT_EQ(read->body.find("[TEST] a narrative"), std::string::npos);

  // Writes are refused with 403 and the owner's record does not change.
  auto client = server_->Client();
  auto patch =
      client.Patch("/api/v1/incidents/" + incident, Bearer(recipient_, {{"If-Match", "\"1\""}}),
                   R"({"title":"changed by the recipient"})", "application/merge-patch+json");
  EXPECT_EQ(patch->status, 403);
  EXPECT_EQ(Code(patch), "forbidden");
  auto owner_view = json::parse(Get("/api/v1/incidents/" + incident, documenter_, "")->body);
  EXPECT_EQ(owner_view["version"], 1);
  EXPECT_EQ(owner_view["title"], "Shelling of a fictional market");
  EXPECT_FALSE(owner_view.contains("origin"));

  // A third organisation sees nothing, and a write there stays 404.
  EXPECT_EQ(Get("/api/v1/incidents/" + incident, third_)->status, 404);
  EXPECT_EQ(Find(Walk("/api/v1/incidents", third_, 500), incident), nullptr);
  auto third_patch =
      client.Patch("/api/v1/incidents/" + incident, Bearer(third_, {{"If-Match", "\"1\""}}),
                   R"({"title":"x"})", "application/merge-patch+json");
  EXPECT_EQ(third_patch->status, 404);

  // Logged under the share and audited in both organisations, not in the third.
  json log = AccessLog(share);
  EXPECT_TRUE(Logged(log, "incident.read", incident));
  EXPECT_TRUE(Logged(log, "incidents.list", nullptr));
  EXPECT_TRUE(Audited(admin_, "incident.read", incident));
  EXPECT_TRUE(Audited(recipient_admin_, "incident.read", incident));
  EXPECT_FALSE(Audited(server_->Token("admin@org3.demo.example"), "incident.read", incident));

  // Revocation: gone from the very next request, list and record.
  Revoke(share);
  EXPECT_EQ(Get("/api/v1/incidents/" + incident, recipient_)->status, 404);
  EXPECT_EQ(Find(Walk("/api/v1/incidents", recipient_, 500), incident), nullptr);
}

TEST_F(ShareReachApiTest, SharedPersonIsPseudonymisedAndGoneOnceConsentIsWithdrawn) {
  const std::string person = NewPerson({"ngo_partner"}, "pseudonymous");
  const std::string full = NewPerson({"ngo_partner"}, "full");
  json share = Approve(Propose("record", {person}, "read_identity"));
  json full_share = Approve(Propose("record", {full}, "read_identity"));

  auto read = Get("/api/v1/persons/" + person, recipient_);
  ASSERT_EQ(read->status, 200) << read->body;
  json record = json::parse(read->body);
  EXPECT_EQ(read->body.find("Reach Person Name"), std::string::npos);
  EXPECT_TRUE(record["pseudonym"].is_string());
  EXPECT_EQ(record["origin"]["share_id"], share["id"]);
  // The scope is read_identity but the consent stops at pseudonymous: not disclosed.
  EXPECT_FALSE(record["origin"]["identity_disclosed"].get<bool>());
  auto full_read = json::parse(Get("/api/v1/persons/" + full, recipient_)->body);
  EXPECT_TRUE(full_read["origin"]["identity_disclosed"].get<bool>());
  EXPECT_EQ(full_read.dump().find("Reach Person Name"), std::string::npos);  // never in records
  std::vector<json> listed = Walk("/api/v1/persons", recipient_, 500);
  EXPECT_EQ(Count(listed, person), 1);
  for (const json& p : listed) EXPECT_EQ(p.dump().find("Reach Person Name"), std::string::npos);
  // A name search covers the caller's own persons only (blind indexes are per organisation).
  EXPECT_EQ(Find(Walk("/api/v1/persons?name=Reach", recipient_, 500), person), nullptr);
  // The ordinary identity route stays the owner's: identities go through the share.
  EXPECT_EQ(Get("/api/v1/persons/" + full + "/identity", recipient_)->status, 404);

  // Withdrawal of consent: gone from the next request.
  ASSERT_EQ(
      Post("/api/v1/persons/" + person + "/consents/withdraw", json::object(), documenter_)->status,
      201);
  EXPECT_EQ(Get("/api/v1/persons/" + person, recipient_)->status, 404);
  EXPECT_EQ(Find(Walk("/api/v1/persons", recipient_, 500), person), nullptr);
  EXPECT_EQ(Get("/api/v1/persons/" + full, recipient_)->status, 200);
  EXPECT_TRUE(Logged(AccessLog(share), "person.read", person));
}

TEST_F(ShareReachApiTest, EvidenceUnderAShareIsListedReadAndItsCustodyRecordsTheTransfer) {
  const std::string person = NewPerson({"ngo_partner"}, "full");
  const std::string content = "[TEST] a witness statement, shared";
  const std::string item = NewEvidence(content, person);
  const std::string other = NewEvidence("[TEST] another file", person);
  json share = Propose("evidence", {item}, "read_identity");
  // Nothing is transferred by a proposal.
  for (const json& e : Custody(item)) EXPECT_NE(e["event"], "transferred");
  share = Approve(share);
  json transferred;
  for (const json& e : Custody(item)) {
    if (e["event"] == "transferred") transferred = e;
  }
  ASSERT_TRUE(transferred.is_object()) << Custody(item).dump();
  EXPECT_EQ(transferred["details"]["share_id"], share["id"]);
  EXPECT_EQ(transferred["details"]["recipient_org_id"], org2_);
  EXPECT_TRUE(transferred["leaf_index"].is_number());  // committed to the ledger
  for (const json& e : Custody(other)) EXPECT_NE(e["event"], "transferred");

  // Descriptor and list, marked; the other item stays out of reach.
  auto read = Get("/api/v1/evidence/" + item, recipient_);
  ASSERT_EQ(read->status, 200) << read->body;
  EXPECT_EQ(json::parse(read->body)["origin"]["share_id"], share["id"]);
  EXPECT_EQ(json::parse(read->body)["sha256"], Sha(content));
  EXPECT_EQ(Get("/api/v1/evidence/" + other, recipient_)->status, 404);
  std::vector<json> listed = Walk("/api/v1/evidence", recipient_, 2);
  EXPECT_EQ(Count(listed, item), 1);
  EXPECT_EQ(Find(listed, other), nullptr);

  // Content: needs a purpose; read, audited in both organisations, custody "accessed".
  EXPECT_EQ(Get("/api/v1/evidence/" + item + "/content", recipient_, "")->status, 400);
  auto file = Get("/api/v1/evidence/" + item + "/content", recipient_);
  ASSERT_EQ(file->status, 200) << file->body;
  EXPECT_EQ(file->body, content);
  bool accessed = false;
  for (const json& e : Custody(item)) {
    if (e["event"] == "accessed" && e["details"].value("share_id", "") == share["id"]) {
      accessed = true;
      EXPECT_EQ(e["details"]["reader_org_id"], org2_);
      EXPECT_EQ(e["purpose"], "investigation");
    }
  }
  EXPECT_TRUE(accessed);
  EXPECT_TRUE(Logged(AccessLog(share), "evidence.content.read", item));
  EXPECT_TRUE(Audited(admin_, "evidence.content.read", item));
  EXPECT_TRUE(Audited(recipient_admin_, "evidence.content.read", item));
  EXPECT_EQ(Get("/api/v1/evidence/" + item + "/content", third_)->status, 404);

  // Writes on the shared item: 403; the owner's item is unchanged.
  auto client = server_->Client();
  auto put = client.Put("/api/v1/evidence/" + item + "/content", Bearer(recipient_), content,
                        "application/octet-stream");
  EXPECT_EQ(put->status, 403);
  auto shred = client.Post("/api/v1/evidence/" + item + "/shred",
                           Bearer(recipient_, {{"X-Purpose", "cleanup"}}), "", "application/json");
  EXPECT_EQ(shred->status, 403);
  EXPECT_EQ(json::parse(Get("/api/v1/evidence/" + item, documenter_, "")->body)["status"],
            "stored");

  // A pseudonymised share gives the descriptor but not the file; refusals are logged.
  json pseudo = Approve(Propose("evidence", {other}, "read_pseudonymised"));
  EXPECT_EQ(Get("/api/v1/evidence/" + other, recipient_)->status, 200);
  auto refused = Get("/api/v1/evidence/" + other + "/content", recipient_);
  EXPECT_EQ(refused->status, 403);
  EXPECT_EQ(Code(refused), "forbidden");
  EXPECT_TRUE(Logged(AccessLog(pseudo), "evidence.content.read", other, "denied"));

  // Revoked: the file and the descriptor are gone at the next request.
  Revoke(share);
  EXPECT_EQ(Get("/api/v1/evidence/" + item + "/content", recipient_)->status, 404);
  EXPECT_EQ(Get("/api/v1/evidence/" + item, recipient_)->status, 404);
}

// A set: a saved list filter, resolved at every read, each member still gated.
TEST_F(ShareReachApiTest, ASetFollowsTheOwnersRecordsAtEveryRead) {
  auto incident = [](const std::string& title) {
    auto r = Post("/api/v1/incidents", {{"title", title}, {"date", "1987-06"}, {"country", "YE"}},
                  documenter_);
    EXPECT_EQ(r->status, 201) << r->body;
    return json::parse(r->body)["id"].get<std::string>();
  };
  const std::string first = incident("First incident of the set");
  const json query = {
      {"collection", "incidents"}, {"country", "YE"}, {"from", "1987-01-01"}, {"to", "1987-12-31"}};
  json body = {{"recipient_org_id", org2_},
               {"object", {{"type", "set"}, {"query", query}}},
               {"scope", "read_pseudonymised"},
               {"purpose", "joint documentation of the 1987 events"},
               {"legal_basis", "DSA-2026-07 data-sharing agreement"},
               {"expires_at", InSeconds(86400)}};
  json bad = body;
  bad["object"]["query"]["collection"] = "grant-funds";
  auto refused = Post("/api/v1/shares", bad, documenter_);
  EXPECT_EQ(refused->status, 400);
  EXPECT_EQ(json::parse(refused->body)["field"], "object.query.collection");
  auto proposed = Post("/api/v1/shares", body, documenter_);
  ASSERT_EQ(proposed->status, 201) << proposed->body;
  json share = Approve(json::parse(proposed->body));
  ASSERT_EQ(share["items"].size(), 1u);  // what the set held at approval
  const std::string items = "/api/v1/shares/" + share["id"].get<std::string>() + "/items";

  std::vector<json> listed = Walk("/api/v1/incidents?org_id=" + org1_, recipient_, 500);
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0]["id"], first);
  // A record the owner adds later that matches the query is in the set at the next request.
  const std::string second = incident("Second incident of the set");
  EXPECT_EQ(Walk("/api/v1/incidents?org_id=" + org1_, recipient_, 1).size(), 2u);
  EXPECT_EQ(Get("/api/v1/incidents/" + second, recipient_)->status, 200);
  EXPECT_EQ(json::parse(Get(items, recipient_)->body)["items"].size(), 2u);
  EXPECT_EQ(Get(items + "/" + second, recipient_)->status, 200);
  // A record that leaves the query leaves the set.
  auto client = server_->Client();
  auto moved =
      client.Patch("/api/v1/incidents/" + first, Bearer(documenter_, {{"If-Match", "\"1\""}}),
                   R"({"country":"SY"})", "application/merge-patch+json");
  ASSERT_EQ(moved->status, 200) << moved->body;
  EXPECT_EQ(Get("/api/v1/incidents/" + first, recipient_)->status, 404);
  EXPECT_EQ(Get(items + "/" + first, recipient_)->status, 404);
  EXPECT_EQ(Walk("/api/v1/incidents?org_id=" + org1_, recipient_, 500).size(), 1u);
  // A third organisation sees none of it; revocation ends it.
  EXPECT_EQ(Get("/api/v1/incidents/" + second, third_)->status, 404);
  Revoke(share);
  EXPECT_EQ(Get("/api/v1/incidents/" + second, recipient_)->status, 404);
  EXPECT_TRUE(Walk("/api/v1/incidents?org_id=" + org1_, recipient_, 500).empty());
}

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

}  // namespace
}  // namespace giai::testing
