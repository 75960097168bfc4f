// Every documentation and share route x every role x own / other organisation, against tables of
// what each role may do that are written here independently of the policy code
// (access/policy.cc).
// The invariant behind it: no record of organisation B is ever readable or writable by a user
// of organisation A.
#include <gtest/gtest.h>

#include <ctime>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "tests/api/test_server.h"

namespace giai::testing {
namespace {

using nlohmann::json;

const char* kOrg1 = "Coalition Secretariat (fictional demo)";
const std::vector<std::string> kRoles = {"admin",   "documenter", "legal",    "support",
                                         "analyst", "grants",     "reviewer", "viewer"};
const std::vector<std::string> kCollections = {"incidents", "acts", "persons", "units",
                                               "testimonies"};

// What each role may do, by collection. r: read, w: write, n: narrative, i: identity.
std::string Rights(const std::string& role, const std::string& c) {
  static const std::map<std::string, std::map<std::string, std::string>> table = {
      {"admin",
       {{"incidents", "r"}, {"acts", "r"}, {"persons", "r"}, {"units", "r"}, {"testimonies", "r"}}},
      {"documenter",
       {{"incidents", "rwn"},
        {"acts", "rwn"},
        {"persons", "rwi"},
        {"units", "rw"},
        {"testimonies", "rwn"}}},
      {"legal",
       {{"incidents", "rwn"},
        {"acts", "rwn"},
        {"persons", "ri"},
        {"units", "rw"},
        {"testimonies", "rn"}}},
      {"support",
       {{"incidents", "rn"},
        {"acts", "rn"},
        {"persons", "rwi"},
        {"units", ""},
        {"testimonies", "rwn"}}},
      {"analyst",
       {{"incidents", "r"}, {"acts", "r"}, {"persons", "r"}, {"units", "r"}, {"testimonies", "r"}}},
      {"viewer",
       {{"incidents", "r"}, {"acts", "r"}, {"persons", "r"}, {"units", "r"}, {"testimonies", "r"}}},
      {"grants", {}},
      {"reviewer", {}},
  };
  auto role_it = table.find(role);
  if (role_it == table.end()) return "";
  auto it = role_it->second.find(c);
  return it == role_it->second.end() ? "" : it->second;
}

bool Can(const std::string& role, const std::string& c, char right) {
  return Rights(role, c).find(right) != std::string::npos;
}

class AccessMatrixTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = TestServer::Start().release();
    ASSERT_NE(server_, nullptr);
    for (std::string role : {"support", "grants", "reviewer", "viewer"}) {
      server_->Giai({"user", "add", "--data", server_->data_dir(), "--org", kOrg1, "--email",
                     role + "@org1.demo.example", "--role", role});
    }
    for (const std::string& role : kRoles) {
      tokens_[role] = server_->Token(role + "@org1.demo.example");
    }
    documenter_b_ = server_->Token("documenter@org2.demo.example");
    std::string documenter_a = tokens_["documenter"];
    for (const std::string& c : kCollections) {
      own_[c] = First(documenter_a, c);
      other_[c] = First(documenter_b_, c);
    }
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }

  static std::string First(const std::string& token, const std::string& c) {
    auto client = server_->Client();
    auto r = client.Get("/api/v1/" + c + "?limit=1", Bearer(token));
    json body = json::parse(r->body);
    return body["items"][0]["id"];
  }

  static int Status(const char* method, const std::string& path, const std::string& token,
                    const std::string& body = "",
                    std::initializer_list<std::pair<std::string, std::string>> extra = {}) {
    auto client = server_->Client();
    httplib::Headers h = Bearer(token, extra);
    httplib::Result r = std::string(method) == "GET" ? client.Get(path, h)
                        : std::string(method) == "POST"
                            ? client.Post(path, h, body, "application/json")
                            : client.Patch(path, h, body, "application/json");
    return r ? r->status : -1;
  }

  static std::string Version(const std::string& c, const std::string& id,
                             const std::string& token) {
    auto client = server_->Client();
    auto r = client.Get("/api/v1/" + c + "/" + id, Bearer(token));
    return r->get_header_value("ETag");
  }

  static json CreateBody(const std::string& c) {
    if (c == "incidents") return {{"title", "matrix"}, {"date", "2001"}, {"country", "SY"}};
    if (c == "acts") {
      return {{"incident_id", own_["incidents"]},
              {"act_type", "03010200000004"},
              {"victims", json::array({{{"group", "g"}, {"count", 2}}})}};
    }
    if (c == "persons") return {{"sex", "unknown"}};
    if (c == "units") return {{"name", "matrix unit"}, {"unit_type", "police"}};
    return {{"person_id", own_["persons"]},
            {"date", "2020"},
            {"language", "fr"},
            {"reinterview_justification", "access matrix"}};
  }

  static json PatchBody(const std::string& c) {
    if (c == "incidents") return {{"admin_area", "matrix"}};
    if (c == "acts") return {{"methods", json::array({"matrix"})}};
    if (c == "persons") return {{"gender", "matrix"}};
    if (c == "units") return {{"name", "matrix"}};
    return {{"interpreter", "matrix"}};
  }

  static inline TestServer* server_ = nullptr;
  static inline std::map<std::string, std::string> tokens_, own_, other_;
  static inline std::string documenter_b_;
};

TEST_F(AccessMatrixTest, EveryRoleGetsExactlyItsRightsOnItsOwnOrganisation) {
  for (const std::string& role : kRoles) {
    const std::string& token = tokens_[role];
    for (const std::string& c : kCollections) {
      SCOPED_TRACE(role + " " + c);
      const std::string one = "/api/v1/" + c + "/" + own_[c];
      EXPECT_EQ(Status("GET", "/api/v1/" + c, token), Can(role, c, 'r') ? 200 : 403);
      EXPECT_EQ(Status("GET", one, token), Can(role, c, 'r') ? 200 : 403);
      EXPECT_EQ(Status("POST", "/api/v1/" + c, token, CreateBody(c).dump()),
                Can(role, c, 'w') ? 201 : 403);
      std::string etag = Version(c, own_[c], tokens_["documenter"]);
      EXPECT_EQ(Status("PATCH", one, token, PatchBody(c).dump(), {{"If-Match", etag}}),
                Can(role, c, 'w') ? 200 : 403);
      if (c != "persons" && c != "units") {
        EXPECT_EQ(Status("GET", one + "/narrative", token, "", {{"X-Purpose", "matrix test"}}),
                  Can(role, c, 'n') ? 200 : 403);
      }
      if (c == "persons") {
        EXPECT_EQ(Status("GET", one + "/identity", token, "", {{"X-Purpose", "matrix test"}}),
                  Can(role, c, 'i') ? 200 : 403);
      }
    }
    EXPECT_EQ(Status("GET", "/api/v1/audit", token), role == "admin" ? 200 : 403) << role;
    EXPECT_EQ(Status("GET", "/api/v1/users", token), role == "admin" ? 200 : 403) << role;
    EXPECT_EQ(Status("GET", "/api/v1/auth/me", token), 200) << role;
    EXPECT_EQ(Status("GET", "/api/v1/vocabularies/crimes", token), 200) << role;
  }
}

// Case building is the legal role's alone; no other role reads or writes cases, charges,
// assessments or open-source items, and documentation rights are unchanged by it.
TEST_F(AccessMatrixTest, OnlyTheLegalRoleDoesCaseWork) {
  auto client = server_->Client();
  json demo_case = json::parse(client.Get("/api/v1/cases", Bearer(tokens_["legal"]))->body);
  ASSERT_FALSE(demo_case["items"].empty());
  const std::string case_id = demo_case["items"][0]["id"];
  const std::string other_legal = server_->Token("legal@org2.demo.example");
  for (const std::string& role : kRoles) {
    SCOPED_TRACE(role);
    const std::string& token = tokens_[role];
    const bool legal = role == "legal";
    EXPECT_EQ(Status("GET", "/api/v1/cases", token), legal ? 200 : 403);
    EXPECT_EQ(Status("GET", "/api/v1/sources", token), legal ? 200 : 403);
    EXPECT_EQ(Status("GET", "/api/v1/cases/" + case_id, token), legal ? 200 : 403);
    EXPECT_EQ(Status("GET", "/api/v1/cases/" + case_id + "/charges", token), legal ? 200 : 403);
    EXPECT_EQ(Status("POST", "/api/v1/sources", token, R"({"title":"matrix source"})"),
              legal ? 201 : 403);
    EXPECT_EQ(Status("POST", "/api/v1/cases", token,
                     R"({"title":"matrix case","mechanism":{"type":"icc"}})"),
              legal ? 201 : 403);
  }
  // Another organisation's legal officer: not found, exactly like a case that does not exist.
  EXPECT_EQ(Status("GET", "/api/v1/cases/" + case_id, other_legal), 404);
  EXPECT_EQ(Status("GET", "/api/v1/cases/" + case_id + "x", other_legal), 404);
}

TEST_F(AccessMatrixTest, NoRoleCanReadOrWriteAnotherOrganisationsRecords) {
  for (const std::string& role : kRoles) {
    const std::string& token = tokens_[role];
    for (const std::string& c : kCollections) {
      SCOPED_TRACE(role + " " + c);
      const std::string one = "/api/v1/" + c + "/" + other_[c];
      // Not found, exactly as for a record that does not exist; forbidden only where the role
      // may not do this to any record.
      EXPECT_EQ(Status("GET", one, token), Can(role, c, 'r') ? 404 : 403);
      std::string etag = Version(c, other_[c], documenter_b_);
      EXPECT_EQ(Status("PATCH", one, token, PatchBody(c).dump(), {{"If-Match", etag}}),
                Can(role, c, 'w') ? 404 : 403);
      if (c != "persons" && c != "units") {
        EXPECT_EQ(Status("GET", one + "/narrative", token, "", {{"X-Purpose", "x"}}),
                  Can(role, c, 'n') ? 404 : 403);
      }
      if (c == "persons") {
        EXPECT_EQ(Status("GET", one + "/identity", token, "", {{"X-Purpose", "x"}}),
                  Can(role, c, 'i') ? 404 : 403);
      }
      if (Can(role, c, 'r')) {
        auto client = server_->Client();
        json mine = json::parse(client.Get("/api/v1/" + c + "?limit=500", Bearer(token))->body);
        for (const auto& item : mine["items"]) EXPECT_NE(item["org_id"], "") << item;
        std::set<std::string> orgs;
        for (const auto& item : mine["items"]) orgs.insert(item["org_id"]);
        EXPECT_EQ(orgs.size(), 1u);
      }
    }
  }
  // The other organisation's record is untouched.
  EXPECT_EQ(Version("incidents", other_["incidents"], documenter_b_), "\"1\"");
}

// Identity reaches a caller only through GET /persons/{id}/identity: no list, record, audit
// entry, or error of any route carries it, whoever asks.
TEST_F(AccessMatrixTest, NoOtherRouteEverReturnsIdentityValues) {
  const std::string name = "Xyloquartz Identitas";
  auto client = server_->Client();
  auto person =
      client.Post("/api/v1/persons", Bearer(tokens_["documenter"]),
                  json{{"identity", {{"full_name", name}, {"contact", "+999 Xyloquartz"}}}}.dump(),
                  "application/json");
  ASSERT_EQ(person->status, 201);
  std::string id = json::parse(person->body)["id"];
  auto act = client.Post("/api/v1/acts", Bearer(tokens_["documenter"]),
                         json{{"incident_id", own_["incidents"]},
                              {"act_type", "03010200000004"},
                              {"victims", json::array({{{"person_id", id}}})}}
                             .dump(),
                         "application/json");
  ASSERT_EQ(act->status, 201);
  std::vector<std::string> paths = {"/api/v1/persons/" + id,
                                    "/api/v1/persons/" + id + "/consents",
                                    "/api/v1/audit?limit=500",
                                    "/api/v1/users",
                                    "/api/v1/persons/" + id + "/narrative",
                                    "/api/v1/persons/" + id + "x"};
  for (const std::string& c : kCollections) paths.push_back("/api/v1/" + c + "?limit=500");
  for (const std::string& role : kRoles) {
    for (const std::string& path : paths) {
      auto r = client.Get(path, Bearer(tokens_[role], {{"X-Purpose", "looking"}}));
      ASSERT_TRUE(r);
      EXPECT_EQ(r->body.find("Xyloquartz"), std::string::npos) << role << " " << path;
    }
    // Bad input echoes nothing of the record either.
    auto bad = client.Patch("/api/v1/persons/" + id, Bearer(tokens_[role], {{"If-Match", "\"1\""}}),
                            R"({"identity":{"full_name":5}})", "application/json");
    EXPECT_EQ(bad->body.find("Xyloquartz"), std::string::npos) << role;
  }
}

// Sub-granting routes by role (access/policy.cc AllowsGrant, written out independently here):
// the grants officer runs the programme, reviewers and applicants read it, no documentation role
// gains anything, and the applicant role (subgrantee organisations only) has no documentation
// right at all.
TEST_F(AccessMatrixTest, GrantRoutesFollowTheGrantsPolicy) {
  const json fund = {{"name", "matrix fund"},
                     {"currency", "EUR"},
                     {"envelope", {{"amount", "1000"}, {"currency", "EUR"}}},
                     {"activities", {"a"}},
                     {"recipient_categories", {"c"}},
                     {"criteria", {{{"id", "r"}, {"weight", 100}}}},
                     {"languages", {"en"}}};
  auto client = server_->Client();
  auto created = client.Post("/api/v1/grant-funds", Bearer(tokens_["grants"]), fund.dump(),
                             "application/json");
  ASSERT_EQ(created->status, 201);
  const std::string id = json::parse(created->body)["id"];
  for (const std::string& role : kRoles) {
    SCOPED_TRACE(role);
    const std::string& token = tokens_[role];
    const bool grants = role == "grants", reviewer = role == "reviewer";
    EXPECT_EQ(Status("GET", "/api/v1/grant-funds", token), grants || reviewer ? 200 : 403);
    EXPECT_EQ(Status("GET", "/api/v1/grant-funds/" + id, token), grants || reviewer ? 200 : 403);
    EXPECT_EQ(Status("POST", "/api/v1/grant-funds", token, fund.dump()), grants ? 201 : 403);
    EXPECT_EQ(Status("GET", "/api/v1/grant-calls", token), grants || reviewer ? 200 : 403);
    EXPECT_EQ(Status("GET", "/api/v1/grant-applications", token), grants ? 200 : 403);
    EXPECT_EQ(Status("POST", "/api/v1/grant-applications", token, "{}"), 403);
    EXPECT_EQ(Status("GET", "/api/v1/grant-assignments", token), grants || reviewer ? 200 : 403);
    EXPECT_EQ(Status("GET", "/api/v1/grant-funds/" + id + "/export", token, "",
                     {{"X-Purpose", "matrix"}}),
              grants ? 200 : 403);
  }
  // Another organisation's grants officer: not found, as for a fund that does not exist.
  server_->Giai({"user", "add", "--data", server_->data_dir(), "--org",
                 "Justice Documentation Network (fictional demo)", "--email",
                 "grants@org2.demo.example", "--role", "grants"});
  const std::string grants_b = server_->Token("grants@org2.demo.example");
  EXPECT_EQ(Status("GET", "/api/v1/grant-funds/" + id, grants_b), 404);
  EXPECT_EQ(Status("GET", "/api/v1/grant-funds/" + id + "/export", grants_b, "",
                   {{"X-Purpose", "matrix"}}),
            404);
  // An applicant reads programmes, applies, and sees nothing else.
  server_->Giai({"org", "add", "--data", server_->data_dir(), "--name", "Matrix Subgrantee",
                 "--kind", "subgrantee"});
  server_->Giai({"user", "add", "--data", server_->data_dir(), "--org", "Matrix Subgrantee",
                 "--email", "applicant@sub.demo.example", "--role", "applicant"});
  const std::string applicant = server_->Token("applicant@sub.demo.example");
  EXPECT_EQ(Status("GET", "/api/v1/grant-funds", applicant), 200);
  EXPECT_EQ(Status("GET", "/api/v1/grant-applications", applicant), 200);
  EXPECT_EQ(Status("POST", "/api/v1/grant-funds", applicant, fund.dump()), 403);
  EXPECT_EQ(Status("GET", "/api/v1/grant-assignments", applicant), 403);
  EXPECT_EQ(Status("GET", "/api/v1/grant-funds/" + id + "/export", applicant, "",
                   {{"X-Purpose", "matrix"}}),
            403);
  for (const std::string& c : kCollections) {
    EXPECT_EQ(Status("GET", "/api/v1/" + c, applicant), 403) << c;
    EXPECT_EQ(Status("GET", "/api/v1/" + c + "/" + own_[c], applicant), 403) << c;
    EXPECT_EQ(Status("POST", "/api/v1/" + c, applicant, CreateBody(c).dump()), 403) << c;
  }
  EXPECT_EQ(Status("GET", "/api/v1/audit", applicant), 403);
  EXPECT_EQ(Status("GET", "/api/v1/users", applicant), 403);
  // Documentation routes never resolve a grant record.
  for (const std::string& c : kCollections) {
    EXPECT_EQ(Status("GET", "/api/v1/" + c + "/" + id, tokens_["documenter"]), 404) << c;
  }
}

// What each role may do with shares (docs/SHARING.md), written independently of
// access::AllowsShare. p: propose, a: approve/revoke and register agreements, o: oversee (given
// shares, access logs, tasks, read agreements), v: receive (shares given to the organisation).
std::string ShareRights(const std::string& role) {
  static const std::map<std::string, std::string> table = {
      {"admin", "aov"}, {"documenter", "pov"}, {"legal", "paov"}, {"support", "pov"},
      {"analyst", "v"}, {"viewer", "v"},       {"grants", ""},    {"reviewer", ""}};
  auto it = table.find(role);
  return it == table.end() ? "" : it->second;
}

std::string InThirtyDays() {
  std::time_t t = std::time(nullptr) + 30L * 86400;
  std::tm utc{};
  gmtime_r(&t, &utc);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return buf;
}

bool CanShare(const std::string& role, char right) {
  return ShareRights(role).find(right) != std::string::npos;
}

// Share routes x role x own / other organisation, and what a share makes visible: exactly the
// shared record, to the recipient organisation, while the share is active.
TEST_F(AccessMatrixTest, ShareRoutesFollowTheTableAndShowExactlyTheSharedRecord) {
  auto client = server_->Client();
  const std::string org_b =
      json::parse(client.Get("/api/v1/organisation", Bearer(documenter_b_))->body)["id"];
  const std::string incident = own_["incidents"];
  const json share_body = {
      {"recipient_org_id", org_b},         {"object", {{"type", "record"}, {"ids", {incident}}}},
      {"scope", "read_pseudonymised"},     {"purpose", "matrix"},
      {"legal_basis", "matrix agreement"}, {"expires_at", InThirtyDays()}};
  auto propose = [&](const std::string& token) {
    auto r = client.Post("/api/v1/shares", Bearer(token), share_body.dump(), "application/json");
    if (r->status != 201 && r->status != 403) ADD_FAILURE() << r->body;
    return r->status == 201 ? json::parse(r->body)["id"].get<std::string>() : std::string();
  };
  const json agreement = {
      {"title", "matrix"},
      {"parties",
       {json::parse(client.Get("/api/v1/organisation", Bearer(tokens_["admin"]))->body)["id"],
        org_b}},
      {"scopes", {"read_pseudonymised"}},
      {"starts_on", "2020-01-01"},
      {"ends_on", "2098-12-31"},
      {"document", {{"reference", "matrix"}}}};
  for (const std::string& role : kRoles) {
    SCOPED_TRACE(role);
    const std::string& token = tokens_[role];
    const std::string proposed = propose(token);
    EXPECT_EQ(!proposed.empty(), CanShare(role, 'p'));
    const std::string pending = propose(tokens_["documenter"]);
    ASSERT_FALSE(pending.empty());
    const std::string share = "/api/v1/shares/" + pending;
    EXPECT_EQ(Status("POST", share + "/approve", token, "{}"), CanShare(role, 'a') ? 200 : 403);
    EXPECT_EQ(Status("POST", share + "/revoke", token, "{}"), CanShare(role, 'a') ? 200 : 403);
    EXPECT_EQ(Status("GET", "/api/v1/shares", token), CanShare(role, 'o') ? 200 : 403);
    EXPECT_EQ(Status("GET", share + "/access-log", token), CanShare(role, 'o') ? 200 : 403);
    EXPECT_EQ(Status("GET", "/api/v1/tasks", token), CanShare(role, 'o') ? 200 : 403);
    EXPECT_EQ(Status("GET", "/api/v1/shares/received", token), CanShare(role, 'v') ? 200 : 403);
    EXPECT_EQ(Status("POST", "/api/v1/agreements", token, agreement.dump()),
              CanShare(role, 'a') ? 201 : 403);
    EXPECT_EQ(Status("GET", "/api/v1/agreements", token), CanShare(role, 'o') ? 200 : 403);
  }

  // One active share of one incident to organisation B.
  const std::string id = propose(tokens_["documenter"]);
  ASSERT_EQ(Status("POST", "/api/v1/shares/" + id + "/approve", tokens_["admin"], "{}"), 200);
  const std::string share = "/api/v1/shares/" + id;
  const std::string other_b = other_["incidents"];
  auto listed = [&](const std::string& token, const std::string& record) {
    json page = json::parse(client.Get("/api/v1/incidents?limit=500", Bearer(token))->body);
    for (const json& item : page["items"]) {
      if (item["id"] == record) return true;
    }
    return false;
  };
  // Organisation B's users: the owner's routes of the share are not theirs (404, as for a share
  // that does not exist), its recipient routes are, by role; the incident is theirs to read.
  const std::string b_admin = server_->Token("admin@org2.demo.example");
  const std::string b_analyst = server_->Token("analyst@org2.demo.example");
  for (const auto& [role, token] : std::map<std::string, std::string>{
           {"documenter", documenter_b_}, {"admin", b_admin}, {"analyst", b_analyst}}) {
    SCOPED_TRACE("organisation B " + role);
    EXPECT_EQ(Status("GET", share + "/access-log", token), CanShare(role, 'o') ? 404 : 403);
    EXPECT_EQ(Status("POST", share + "/revoke", token, "{}"), CanShare(role, 'a') ? 404 : 403);
    EXPECT_EQ(Status("GET", share, token), 200);
    EXPECT_EQ(Status("GET", share + "/items", token, "", {{"X-Purpose", "matrix"}}), 200);
    EXPECT_EQ(Status("GET", "/api/v1/incidents/" + incident, token), 200);
    EXPECT_TRUE(listed(token, incident));
    EXPECT_EQ(Status("PATCH", "/api/v1/incidents/" + incident, token, PatchBody("incidents").dump(),
                     {{"If-Match", "\"1\""}}),
              403);
  }
  // Organisation A does not see B's records through B's own share; a third organisation sees
  // nothing of the share or the incident.
  EXPECT_EQ(Status("GET", "/api/v1/incidents/" + other_b, tokens_["documenter"]), 404);
  const std::string third = server_->Token("documenter@org3.demo.example");
  EXPECT_EQ(Status("GET", share, third), 404);
  EXPECT_EQ(Status("GET", share + "/items", third, "", {{"X-Purpose", "matrix"}}), 404);
  EXPECT_EQ(Status("GET", "/api/v1/incidents/" + incident, third), 404);
  EXPECT_FALSE(listed(third, incident));
  // Only the shared incident: another of A's incidents stays out of B's reach.
  json a_page =
      json::parse(client.Get("/api/v1/incidents?limit=500", Bearer(tokens_["documenter"]))->body);
  for (const json& item : a_page["items"]) {
    if (item["id"] == incident) continue;
    EXPECT_EQ(Status("GET", "/api/v1/incidents/" + item["id"].get<std::string>(), documenter_b_),
              404);
    EXPECT_FALSE(listed(documenter_b_, item["id"]));
    break;
  }
  // Never after revocation.
  ASSERT_EQ(Status("POST", share + "/revoke", tokens_["admin"], "{}"), 200);
  EXPECT_EQ(Status("GET", "/api/v1/incidents/" + incident, documenter_b_), 404);
  EXPECT_FALSE(listed(documenter_b_, incident));
  EXPECT_EQ(Status("GET", share + "/items", documenter_b_, "", {{"X-Purpose", "matrix"}}), 403);
}

TEST_F(AccessMatrixTest, EveryProtectedRouteNeedsAuthentication) {
  auto client = server_->Client();
  for (const std::string& c : kCollections) {
    EXPECT_EQ(client.Get("/api/v1/" + c)->status, 401);
    EXPECT_EQ(client.Get("/api/v1/" + c + "/" + own_[c])->status, 401);
    EXPECT_EQ(client.Post("/api/v1/" + c, CreateBody(c).dump(), "application/json")->status, 401);
  }
  EXPECT_EQ(client.Get("/api/v1/audit")->status, 401);
  EXPECT_EQ(client.Get("/api/v1/incidents", Bearer("giai_forged"))->status, 401);
}

}  // namespace
}  // namespace giai::testing
