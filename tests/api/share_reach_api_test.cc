// Shared material in the recipient's own lists and reads (docs/SHARING.md, "In the recipient's
// own lists"): the ordinary routes (/incidents, /persons, /evidence, /evidence/{id}/content)
// show another organisation's records exactly while a share holds them, marked with their origin
// and read-only; every such read is logged under the share and audited in both organisations;
// approval records the custody event `transferred`. Real HTTP, SQLite and PostgreSQL.
#include <gtest/gtest.h>

#include "tests/api/share_reach_fixture.h"

namespace giai::testing {
namespace {

using nlohmann::json;

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

}  // namespace
}  // namespace giai::testing
