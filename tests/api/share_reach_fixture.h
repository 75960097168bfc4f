// The fixture of the sharing suites that read across organisations: one server on the demo data,
// the sharer (org1) and the recipient (org2) with their tokens, and helpers to propose, approve,
// revoke, walk lists and search audit trails.
#pragma once

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "crypto/hash.h"
#include "tests/api/api_fixture.h"
#include "tests/api/test_server.h"

namespace giai::testing {

using nlohmann::json;

inline std::string Sha(const std::string& bytes) { return crypto::ToHex(crypto::Sha256Of(bytes)); }

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

  static std::string OrgId(const std::string& token) { return OrgIdOf(*server_, token); }
  static httplib::Result Post(const std::string& path, const json& body, const std::string& token) {
    return PostJson(*server_, path, body, token);
  }
  static httplib::Result Get(const std::string& path, const std::string& token,
                             const std::string& purpose = "investigation") {
    return GetAs(*server_, path, token, purpose);
  }
  static std::string Code(const httplib::Result& r) { return ProblemCode(r); }
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
    return NewPersonWithConsent(
        *server_, documenter_,
        {{"sex", "female"}, {"identity", {{"full_name", "Reach Person Name"}}}}, classes, level);
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
    return WalkList(*server_, path, token, limit, "investigation");
  }
  static const json* Find(const std::vector<json>& items, const std::string& id) {
    return FindById(items, id);
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
    return AuditHolds(*server_, admin, [&](const json& e) {
      return e["action"] == action && e["record_id"] == record;
    });
  }
  static json Custody(const std::string& id) {
    auto r = Get("/api/v1/evidence/" + id + "/custody", documenter_, "");
    EXPECT_EQ(r->status, 200) << r->body;
    return json::parse(r->body)["chain"][0]["events"];
  }

  static inline TestServer* server_ = nullptr;
  static inline std::string documenter_, admin_, recipient_, recipient_admin_, third_, org1_, org2_;
};

}  // namespace giai::testing
