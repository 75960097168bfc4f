// Estimates from the platform's own records (docs/ESTIMATION.md, "From linked records"):
// POST /estimates/from-records builds the capture table from the victims of three organisations'
// acts (the caller's own and two that share with it), grouped into entities by the caller's
// same-person links (accepted from a linkage job's review queue, and made by hand with
// POST /persons/{id}/links within and across organisations), and answers
// exactly what POST /estimates answers for those counts. Filters change the counts; bad input and
// callers without the right are refused with stable codes. Real HTTP, SQLite and PostgreSQL.
#include <gtest/gtest.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>

#include "tests/api/api_fixture.h"
#include "tests/api/test_server.h"

namespace giai::testing {
namespace {

using nlohmann::json;

class EstimateRecordsApiTest : public ::testing::Test {
 protected:
  // Organisation 2 (the caller) and organisations 1 and 3, which share their 1987 victims in
  // Timor-Leste (a country the demo data never uses) with organisation 2.
  static void SetUpTestSuite() {
    server_ = TestServer::Start().release();
    ASSERT_NE(server_, nullptr);
    for (int i = 1; i <= 3; ++i) {
      const std::string n = std::to_string(i);
      doc_[i] = server_->Token("documenter@org" + n + ".demo.example");
      admin_[i] = server_->Token("admin@org" + n + ".demo.example");
      analyst_[i] = server_->Token("analyst@org" + n + ".demo.example");
      org_[i] = OrgIdOf(*server_, doc_[i]);
    }
    // Persons per organisation, named by the lists their entity is on (A = org 2, B = org 1,
    // C = org 3).
    auto persons = [](int org, int n, const std::string& sex = "female") {
      std::vector<std::string> out;
      for (int k = 0; k < n; ++k) out.push_back(NewPerson(org, sex));
      return out;
    };
    // The first of organisation 2's own persons is recorded twice (same name and birth date).
    std::vector<std::string> a_only = {NewPerson(2, "female", "Marta Oyelaran", "1971-03-04")};
    for (const std::string& id : persons(2, 3)) a_only.push_back(id);
    const std::vector<std::string> a_dup = {NewPerson(2, "female", "Marta Oyelaran", "1971-03-04")};
    const auto a_ab = persons(2, 2), a_ac = persons(2, 2), a_abc = persons(2, 1);
    auto b_only = persons(1, 2);
    b_only.push_back(NewPerson(1, "male"));
    const auto b_ab = persons(1, 2), b_bc = persons(1, 1), b_abc = persons(1, 1);
    const auto c_only = persons(3, 3), c_ac = persons(3, 2), c_bc = persons(3, 1),
               c_abc = persons(3, 1), c_late = persons(3, 1);
    auto all = [](std::initializer_list<std::vector<std::string>> groups) {
      std::vector<std::string> out;
      for (const auto& g : groups) out.insert(out.end(), g.begin(), g.end());
      return out;
    };
    NewAct(2, all({a_only, a_dup, a_ab, a_ac, a_abc}), "1987-05");
    NewAct(1, all({b_only, b_ab, b_bc, b_abc}), "1987-06");
    NewAct(3, all({c_only, c_ac, c_bc, c_abc}), "1987-07");
    NewAct(3, c_late, "1995-03");  // outside the period
    for (int owner : {1, 3}) {
      ShareSet(owner, {{"collection", "acts"}, {"country", "TL"}});
      ShareSet(owner, {{"collection", "persons"}});
    }
    // Organisation 2's links: a duplicate within its list (accepted from a linkage job's review
    // queue), its persons to shared ones and two shared persons to each other (by hand).
    AcceptDuplicateFromAJob(a_only[0], a_dup[0]);
    for (int k = 0; k < 2; ++k) {
      Link(a_ab[k], b_ab[k], 201);
      Link(a_ac[k], c_ac[k], 201);
    }
    shared_link_ = Link(b_bc[0], c_bc[0], 201);
    shared_pair_ = {b_bc[0], c_bc[0]};
    Link(a_abc[0], b_abc[0], 201);
    Link(b_abc[0], c_abc[0], 201);
    Link(c_abc[0], b_abc[0], 200);  // the same pair again: the existing link
    shared_person_ = b_ab[0];
    own_person_ = a_only[1];
    unlinked_person_ = a_only[2];
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }

  static httplib::Result Post(const std::string& path, const json& body, const std::string& token,
                              const std::string& purpose = "annual advocacy report") {
    return PostJson(*server_, path, body, token, purpose);
  }
  // A person with a fictional name of their own (so that a linkage job pairs only the intended
  // duplicate), whose consent allows sharing with partners.
  static std::string NewPerson(int org, const std::string& sex, std::string name = "",
                               const std::string& birth = "") {
    static const char* const kNames[] = {
        "Amina Haddad",   "Boris Kowalczyk",  "Chiara Lombardi", "Dmitro Savenko",
        "Esther Mwangi",  "Farid Nassar",     "Greta Lindqvist", "Hamza Oufkir",
        "Ines Carvalho",  "Jonas Petrauskas", "Khadija Benali",  "Luca Ferrante",
        "Maryam Sadeghi", "Nikolai Orlov",    "Olga Tkachenko",  "Pedro Alvarado",
        "Qamar Zaidi",    "Rosa Quispe",      "Samir Khoury",    "Tamar Gelashvili",
        "Umar Bakari",    "Vera Novak",       "Walid Mansour",   "Xenia Popescu",
        "Yusuf Demir",    "Zofia Wrobel"};
    static std::size_t next = 0;
    if (name.empty()) name = kNames[next++ % (sizeof kNames / sizeof kNames[0])];
    json person = {{"sex", sex}, {"identity", {{"full_name", name}}}};
    if (!birth.empty()) person["birth"] = birth;
    return NewPersonWithConsent(*server_, doc_[org], person, {"ngo_partner"}, "pseudonymous",
                                "annual advocacy report");
  }
  // Organisation 2's linkage job proposes the recorded-twice pair; its documenter accepts it.
  static void AcceptDuplicateFromAJob(const std::string& a, const std::string& b) {
    auto client = server_->Client();
    auto r = client.Post("/api/v1/linkage/jobs",
                         Bearer(doc_[2], {{"X-Purpose", "deduplicate before the estimate"}}), "{}",
                         "application/json");
    ASSERT_EQ(r->status, 202) << r->body;
    const std::string location = r->get_header_value("Location");
    json job;
    for (int i = 0; i < 600; ++i) {
      job = json::parse(client.Get(location, Bearer(doc_[2]))->body);
      if (job["status"] == "done" || job["status"] == "failed") break;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    ASSERT_EQ(job["status"], "done") << job.dump();
    const json page = json::parse(
        client
            .Get("/api/v1/linkage/reviews?limit=500&job_id=" + job["id"].get<std::string>(),
                 Bearer(doc_[2]))
            ->body);
    std::string review;
    for (const json& item : page["items"]) {
      const json& ids = item["person_ids"];
      if ((ids[0] == a && ids[1] == b) || (ids[0] == b && ids[1] == a)) review = item["id"];
    }
    ASSERT_FALSE(review.empty()) << page.dump();
    r = Post("/api/v1/linkage/reviews/" + review + "/decision", {{"decision", "accept"}}, doc_[2]);
    ASSERT_EQ(r->status, 200) << r->body;
  }
  static void NewAct(int org, const std::vector<std::string>& victims, const std::string& date) {
    auto r = Post("/api/v1/incidents",
                  {{"title", "Detentions in a fictional town"},
                   {"date", date},
                   {"country", "TL"},
                   {"narrative", "[TEST] a narrative"}},
                  doc_[org]);
    ASSERT_EQ(r->status, 201) << r->body;
    json list = json::array();
    for (const std::string& v : victims) list.push_back({{"person_id", v}});
    r = Post("/api/v1/acts",
             {{"incident_id", json::parse(r->body)["id"]},
              {"act_type", "03010200000004"},
              {"victims", list},
              {"qualifications", {"ICC-7-1-a"}}},
             doc_[org]);
    ASSERT_EQ(r->status, 201) << r->body;
  }
  static void ShareSet(int owner, const json& query) {
    json body = {{"recipient_org_id", org_[2]},
                 {"object", {{"type", "set"}, {"query", query}}},
                 {"scope", "read_pseudonymised"},
                 {"purpose", "joint estimate of the 1987 detentions"},
                 {"legal_basis", "DSA-2026-09 data-sharing agreement"},
                 {"expires_at", InSeconds(86400)}};
    auto r = Post("/api/v1/shares", body, doc_[owner]);
    ASSERT_EQ(r->status, 201) << r->body;
    const std::string id = json::parse(r->body)["id"];
    r = Post("/api/v1/shares/" + id + "/approve", json::object(), admin_[owner]);
    ASSERT_EQ(r->status, 200) << r->body;
    shares_.push_back({owner, id});
  }
  static std::string Link(const std::string& a, const std::string& b, int status) {
    auto r = Post("/api/v1/persons/" + a + "/links", {{"person_id", b}}, doc_[2]);
    EXPECT_EQ(r->status, status) << r->body;
    const json link = json::parse(r->body);
    EXPECT_EQ(link["relation"], "same_person");
    return link.value("id", "");
  }
  static json Request(const json& filters) {
    return {{"organisations", {org_[2], org_[1], org_[3]}}, {"filters", filters}};
  }
  static const json kPeriod;
  static std::map<std::string, double> Patterns(const json& answer) {
    std::map<std::string, double> out;
    for (const json& cell : answer["overlap"]) out[cell["pattern"]] = cell["count"];
    return out;
  }
  static std::string Code(const httplib::Result& r) { return ProblemCode(r); }
  static std::string Field(const httplib::Result& r) {
    return json::parse(r->body).value("field", std::string());
  }

  static inline TestServer* server_ = nullptr;
  static inline std::string doc_[4], admin_[4], analyst_[4], org_[4];
  static inline std::vector<std::pair<int, std::string>> shares_;
  static inline std::string shared_person_, own_person_, unlinked_person_, shared_link_;
  static inline std::pair<std::string, std::string> shared_pair_;
};

const json EstimateRecordsApiTest::kPeriod = {
    {"country", "TL"}, {"from", "1987-01-01"}, {"to", "1987-12-31"}};

// The first warning with `code`, or null (the test then fails on its fields).
json FindWarning(const json& answer, const std::string& code) {
  for (const json& w : answer.value("warnings", json::array())) {
    if (w.is_object() && w.value("code", "") == code) return w;
  }
  ADD_FAILURE() << "no warning " << code << " in " << answer.value("warnings", json()).dump();
  return json();
}

TEST_F(EstimateRecordsApiTest, CountsLinkedEntitiesAndEstimatesLikeThePostedTable) {
  auto r = Post("/api/v1/estimates/from-records", Request(kPeriod), analyst_[2]);
  ASSERT_EQ(r->status, 200) << r->body;
  const json answer = json::parse(r->body);
  const std::map<std::string, double> expected = {{"100", 4}, {"010", 3}, {"001", 3}, {"110", 2},
                                                  {"101", 2}, {"011", 1}, {"111", 1}};
  EXPECT_EQ(Patterns(answer), expected);
  EXPECT_EQ(answer["entities"], 16);
  EXPECT_EQ(answer["linked_entities"], 7);  // the duplicate, 2 + 2 pairs, one trio, one shared pair
  EXPECT_EQ(answer["observed"], 16);
  ASSERT_EQ(answer["organisations"].size(), 3u);
  EXPECT_EQ(answer["organisations"][0]["own"], true);
  EXPECT_EQ(answer["organisations"][0]["persons"], 10);  // a duplicate: 10 persons, 9 entities
  EXPECT_EQ(answer["organisations"][0]["entities"], 9);
  EXPECT_EQ(answer["organisations"][1]["persons"], 7);
  EXPECT_EQ(answer["organisations"][2]["persons"], 7);
  for (const json& cell : answer["overlap"]) EXPECT_EQ(cell["small"], true) << cell;
  // The small-cell warning is a code with its numbers (clients say it in their language) and an
  // English message for readers of the API.
  const json small = FindWarning(answer, "overlap_small");
  EXPECT_EQ(small["count"], 7) << small;
  EXPECT_EQ(small["min"], 5) << small;
  EXPECT_NE(small["message"].get<std::string>().find("7 overlap pattern(s)"), std::string::npos);
  // Counts only: no person id or pseudonym anywhere in the answer.
  EXPECT_EQ(r->body.find("per_"), std::string::npos);
  EXPECT_EQ(r->body.find("\"P-"), std::string::npos);

  // The same counts posted as a table give the same estimate, interval, model and overlap.
  json table = {{"lists", {org_[2], org_[1], org_[3]}}, {"cells", json::array()}};
  for (const auto& [pattern, count] : expected) {
    table["cells"].push_back({{"pattern", pattern}, {"count", count}});
  }
  auto posted = Post("/api/v1/estimates", table, analyst_[2]);
  ASSERT_EQ(posted->status, 200) << posted->body;
  const json reference = json::parse(posted->body);
  EXPECT_EQ(answer["estimate"], reference["estimate"]);
  EXPECT_EQ(answer["strata"], reference["strata"]);
  ASSERT_FALSE(answer["estimate"].is_null()) << answer.dump();
  EXPECT_GE(answer["estimate"]["value"].get<double>(), 16);
  json overlap = answer["overlap"];
  for (json& cell : overlap) cell.erase("small");
  EXPECT_EQ(overlap, reference["overlap"]);
}

TEST_F(EstimateRecordsApiTest, FiltersChangeTheCounts) {
  // Without the period, organisation 3's 1995 victim joins its list alone.
  auto r = Post("/api/v1/estimates/from-records", Request({{"country", "TL"}}), analyst_[2]);
  ASSERT_EQ(r->status, 200) << r->body;
  auto patterns = Patterns(json::parse(r->body));
  EXPECT_EQ(patterns["001"], 4);
  EXPECT_EQ(patterns["010"], 3);
  // Women only: organisation 1's one man leaves its list.
  json women = kPeriod;
  women["sex"] = "female";
  r = Post("/api/v1/estimates/from-records", Request(women), analyst_[2]);
  ASSERT_EQ(r->status, 200) << r->body;
  patterns = Patterns(json::parse(r->body));
  EXPECT_EQ(patterns["010"], 2);
  EXPECT_EQ(patterns["001"], 3);
  EXPECT_EQ(patterns["111"], 1);
  // Another country: nobody, and no number.
  json elsewhere = kPeriod;
  elsewhere["country"] = "FJ";
  r = Post("/api/v1/estimates/from-records", Request(elsewhere), analyst_[2]);
  ASSERT_EQ(r->status, 200) << r->body;
  EXPECT_TRUE(json::parse(r->body)["estimate"].is_null());
  EXPECT_EQ(json::parse(r->body)["entities"], 0);
  EXPECT_EQ(FindWarning(json::parse(r->body), "no_match")["message"],
            "nobody on any list matches the filters");
  // Crime category: every act here is qualified as a crime against humanity.
  json category = kPeriod;
  category["category"] = "crime_against_humanity";
  r = Post("/api/v1/estimates/from-records", Request(category), analyst_[2]);
  ASSERT_EQ(r->status, 200) << r->body;
  EXPECT_EQ(json::parse(r->body)["entities"], 16);
  category["category"] = "war_crime";
  r = Post("/api/v1/estimates/from-records", Request(category), analyst_[2]);
  ASSERT_EQ(r->status, 200) << r->body;
  EXPECT_EQ(json::parse(r->body)["entities"], 0);
  // Strata by sex: the man is estimated in his own stratum.
  json by_sex = Request(kPeriod);
  by_sex["strata"] = "sex";
  r = Post("/api/v1/estimates/from-records", by_sex, analyst_[2]);
  ASSERT_EQ(r->status, 200) << r->body;
  EXPECT_EQ(json::parse(r->body)["strata"].size(), 2u);
}

TEST_F(EstimateRecordsApiTest, OffersOwnAndSharingOrganisationsAsLists) {
  auto client = server_->Client();
  auto names = [&](const std::string& token) {
    auto r = client.Get("/api/v1/estimates/organisations", Bearer(token));
    EXPECT_EQ(r->status, 200) << r->body;
    std::set<std::string> out;
    const json page = json::parse(r->body);  // a local: range-for over a temporary's member dangles
    for (const json& o : page["items"]) out.insert(o["org_id"]);
    return out;
  };
  EXPECT_EQ(names(analyst_[2]), (std::set<std::string>{org_[1], org_[2], org_[3]}));
  EXPECT_EQ(names(analyst_[3]), (std::set<std::string>{org_[3]}));  // nobody shares with it
  EXPECT_EQ(client.Get("/api/v1/estimates/organisations", Bearer(admin_[2]))->status, 403);
}

TEST_F(EstimateRecordsApiTest, RefusesBadInputWithStableCodes) {
  const std::string path = "/api/v1/estimates/from-records";
  auto r = Post(path, {{"organisations", {org_[2], org_[1]}}}, analyst_[2]);
  EXPECT_EQ(r->status, 400);
  EXPECT_EQ(Code(r), "invalid_input");
  EXPECT_EQ(Field(r), "organisations");
  r = Post(path, {{"organisations", {org_[2], org_[1], "org_0000000000000000000000000"}}},
           analyst_[2]);
  EXPECT_EQ(r->status, 400);
  EXPECT_EQ(Field(r), "organisations[2]");
  r = Post(path, {{"organisations", {org_[2], org_[1], org_[1]}}}, analyst_[2]);
  EXPECT_EQ(Field(r), "organisations[2]");
  for (const auto& [filters, field] : std::vector<std::pair<json, std::string>>{
           {{{"from", "1987-13-01"}}, "filters.from"},
           {{{"to", "last year"}}, "filters.to"},
           {{{"from", "1988-01-01"}, {"to", "1987-01-01"}}, "filters.from"},
           {{{"country", "XX"}}, "filters.country"},
           {{{"sex", "other"}}, "filters.sex"},
           {{{"place", "x"}}, "filters.place"}}) {
    r = Post(path, Request(filters), analyst_[2]);
    EXPECT_EQ(r->status, 400) << filters;
    EXPECT_EQ(Code(r), "invalid_input") << filters;
    EXPECT_EQ(Field(r), field) << filters;
  }
  json strata = Request(kPeriod);
  strata["strata"] = "country";
  EXPECT_EQ(Field(Post(path, strata, analyst_[2])), "strata");
  json settings = Request(kPeriod);
  settings["bootstrap"] = 5000;
  EXPECT_EQ(Field(Post(path, settings, analyst_[2])), "bootstrap");
  r = Post(path, Request(kPeriod), analyst_[2], "");
  EXPECT_EQ(r->status, 400);
  EXPECT_EQ(Field(r), "X-Purpose");
}

TEST_F(EstimateRecordsApiTest, RefusesCallersWithoutTheRightOrTheShares) {
  const std::string path = "/api/v1/estimates/from-records";
  // An administrator does not estimate.
  auto r = Post(path, Request(kPeriod), admin_[2]);
  EXPECT_EQ(r->status, 403);
  EXPECT_EQ(Code(r), "forbidden");
  // Organisation 3's analyst: organisation 1 shares nothing with organisation 3.
  r = Post(path, {{"organisations", {org_[3], org_[1], org_[2]}}, {"filters", kPeriod}},
           analyst_[3]);
  EXPECT_EQ(r->status, 403);
  EXPECT_EQ(Code(r), "forbidden");
  // Linking by hand is a reviewer's decision, and a person out of reach is not found.
  r = Post("/api/v1/persons/" + own_person_ + "/links", {{"person_id", shared_person_}},
           analyst_[2]);
  EXPECT_EQ(r->status, 403);
  r = Post("/api/v1/persons/" + shared_person_ + "/links", {{"person_id", own_person_}}, doc_[3]);
  EXPECT_EQ(r->status, 404);
  EXPECT_EQ(Code(r), "not_found");
}

TEST_F(EstimateRecordsApiTest, AuditsTheRequestWithItsPurposeOnBothSides) {
  auto r = Post("/api/v1/estimates/from-records", Request(kPeriod), analyst_[2],
                "estimate for the 1987 report");
  ASSERT_EQ(r->status, 200) << r->body;
  // The trail is oldest first: walk every page.
  EXPECT_TRUE(AuditHolds(*server_, admin_[2], [](const json& e) {
    return e["action"] == "estimate.from_records" && e["purpose"] == "estimate for the 1987 report";
  }));
  auto client = server_->Client();
  // Each owner's access log of its shares shows the estimate.
  for (const auto& [owner, id] : shares_) {
    auto log = client.Get("/api/v1/shares/" + id + "/access-log?limit=500", Bearer(doc_[owner]));
    ASSERT_EQ(log->status, 200) << log->body;
    EXPECT_NE(log->body.find("estimate.from_records"), std::string::npos) << id;
  }
}

TEST_F(EstimateRecordsApiTest, OnlyActiveLinksJoinPersons) {
  // Unlinking the two shared persons (seen through organisation 2's shares) splits their entity.
  auto r = Post("/api/v1/persons/" + shared_pair_.first + "/links/" + shared_link_ + "/unlink",
                json::object(), doc_[2]);
  ASSERT_EQ(r->status, 200) << r->body;
  r = Post("/api/v1/estimates/from-records", Request(kPeriod), analyst_[2]);
  ASSERT_EQ(r->status, 200) << r->body;
  auto patterns = Patterns(json::parse(r->body));
  EXPECT_EQ(patterns.count("011"), 0u);
  EXPECT_EQ(patterns["010"], 4);
  EXPECT_EQ(patterns["001"], 4);
  // Linked again: a new link, and the pattern is back.
  shared_link_ = Link(shared_pair_.second, shared_pair_.first, 201);
  r = Post("/api/v1/estimates/from-records", Request(kPeriod), analyst_[2]);
  EXPECT_EQ(Patterns(json::parse(r->body))["011"], 1);
}

// Last: it restricts one of organisation 2's persons, then lifts the restriction.
TEST_F(EstimateRecordsApiTest, LeavesOutPersonsUnderARestriction) {
  const std::string base = "/api/v1/persons/" + unlinked_person_ + "/restriction";
  auto r = Post(base, {{"reason", "the person disputes the record"}}, admin_[2]);
  ASSERT_EQ(r->status, 201) << r->body;
  r = Post("/api/v1/estimates/from-records", Request(kPeriod), analyst_[2]);
  ASSERT_EQ(r->status, 200) << r->body;
  const json answer = json::parse(r->body);
  EXPECT_EQ(Patterns(answer)["100"], 3);
  EXPECT_EQ(answer["left_out_restricted"], 1);
  EXPECT_EQ(FindWarning(answer, "restricted_left_out")["count"], 1);
  EXPECT_EQ(answer["organisations"][0]["persons"], 9);
  r = Post(base + "/lift", {{"reason", "resolved"}}, admin_[2]);
  ASSERT_EQ(r->status, 201) << r->body;
  r = Post("/api/v1/estimates/from-records", Request(kPeriod), analyst_[2]);
  EXPECT_EQ(Patterns(json::parse(r->body))["100"], 4);
}

}  // namespace
}  // namespace giai::testing
