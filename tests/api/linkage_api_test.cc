// Record linkage in the server over real HTTP: a job over demo persons plus known duplicates
// finds them, never returns or logs an identity, skips persons whose consent was withdrawn and
// never sees another organisation's persons; review decisions, links, clusters and unlinking;
// roles; the cross-organisation "already interviewed?" check.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <chrono>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "tests/api/api_fixture.h"
#include "tests/api/test_server.h"

namespace giai::testing {
namespace {

using nlohmann::json;

constexpr const char* kPurpose = "deduplication of the victims list";

struct Known {
  std::string name, sex, birth, nationality;
};

class LinkageApiTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = TestServer::Start().release();
    ASSERT_NE(server_, nullptr);
    documenter_ = server_->Token("documenter@org1.demo.example");
    legal_ = server_->Token("legal@org1.demo.example");
    analyst_ = server_->Token("analyst@org1.demo.example");
    admin_ = server_->Token("admin@org1.demo.example");
    other_ = server_->Token("documenter@org2.demo.example");
    // Known duplicates among the demo persons: a typo, swapped name order, an approximate date.
    const std::vector<std::pair<Known, Known>> pairs = {
        {{"Nadia Hammoud", "female", "1980-05-12", "SY"},
         {"Nadia Hamoud", "female", "1980-05-12", "SY"}},
        {{"Yevhen Marchenko", "male", "1971-02-03", "UA"},
         {"Marchenko Yevhen", "male", "1971-02-03", "UA"}},
        {{"Rasha Darwish", "female", "1990-11-30", "SY"},
         {"Rasha Darwich", "female", "1990-11", "SY"}}};
    for (const auto& [a, b] : pairs) {
      known_.push_back({NewPerson(documenter_, a), NewPerson(documenter_, b)});
    }
    // The same person twice, but one of them withdrew consent: never linked.
    const Known withdrawn = {"Taras Bondarenko", "male", "1965-07-07", "UA"};
    kept_ = NewPerson(documenter_, withdrawn);
    withdrawn_ = NewPerson(documenter_, withdrawn);
    auto client = server_->Client();
    auto w = client.Post("/api/v1/persons/" + withdrawn_ + "/consents/withdraw",
                         Bearer(documenter_), "", "application/json");
    ASSERT_EQ(w->status, 201) << w->body;
    // Twice more the same person, one of them restricted (GDPR Art. 18): never linked while
    // restricted. And a pair one of whom was restricted and then lifted: linked like any other
    // (the latest restriction version decides).
    const Known restricted = {"Oksana Kovalenko", "female", "1975-04-04", "UA"};
    restricted_kept_ = NewPerson(documenter_, restricted);
    restricted_ = NewPerson(documenter_, restricted);
    Restriction(restricted_, "/restriction", {{"reason", "the person disputes the account"}});
    const Known lifted = {"Halyna Shevchuk", "female", "1969-08-08", "UA"};
    lifted_.first = NewPerson(documenter_, lifted);
    lifted_.second = NewPerson(documenter_, lifted);
    Restriction(lifted_.second, "/restriction", {{"reason", "the person disputes the account"}});
    Restriction(lifted_.second, "/restriction/lift", {{"reason", "the account was corrected"}});
    // Another organisation records the same person as the first known pair.
    other_person_ = NewPerson(other_, pairs[0].first);
    // A person whose consent does not cover sharing beyond the organisation.
    unshared_ = NewPerson(documenter_, {"Ilona Savchuk", "female", "1984-09-09", "UA"}, false);

    job_ = RunJob(documenter_);
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }

  static std::string NewPerson(const std::string& token, const Known& k, bool shareable = true) {
    json body = {{"sex", k.sex},
                 {"birth", k.birth},
                 {"nationality", k.nationality},
                 {"identity", {{"full_name", k.name}, {"contact", "+000 555 0000 (fictional)"}}}};
    const json sharing = shareable ? json::array({"ngo_partner"}) : json::array();
    return NewPersonWithConsent(*server_, token, body, sharing, "pseudonymous");
  }

  static void Restriction(const std::string& person, const std::string& path, const json& body) {
    auto client = server_->Client();
    auto r = client.Post("/api/v1/persons/" + person + path, Bearer(admin_), body.dump(),
                         "application/json");
    EXPECT_EQ(r->status, 201) << r->body;
  }

  // Starts a job and waits for it to finish; returns the finished job.
  static json RunJob(const std::string& token) {
    auto client = server_->Client();
    auto r = client.Post("/api/v1/linkage/jobs", Bearer(token, {{"X-Purpose", kPurpose}}), "{}",
                         "application/json");
    EXPECT_EQ(r->status, 202) << r->body;
    if (r->status != 202) return json();
    const std::string location = r->get_header_value("Location");
    EXPECT_EQ(location, "/api/v1/linkage/jobs/" + json::parse(r->body)["id"].get<std::string>());
    json job;
    for (int i = 0; i < 600; ++i) {
      auto g = client.Get(location, Bearer(token));
      EXPECT_EQ(g->status, 200) << g->body;
      job = json::parse(g->body);
      if (job["status"] == "done" || job["status"] == "failed") break;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    EXPECT_EQ(job["status"], "done") << job.dump();
    return job;
  }

  static json Reviews(const std::string& query, const std::string& token = documenter_) {
    auto client = server_->Client();
    auto r = client.Get("/api/v1/linkage/reviews?limit=500&" + query, Bearer(token));
    EXPECT_EQ(r->status, 200) << r->body;
    return json::parse(r->body);
  }

  // The review item of a pair in `page`, or null.
  static json ItemOf(const json& page, const std::string& a, const std::string& b) {
    for (const json& item : page["items"]) {
      const auto& ids = item["person_ids"];
      if ((ids[0] == a && ids[1] == b) || (ids[0] == b && ids[1] == a)) return item;
    }
    return json();
  }

  static httplib::Result Decide(const std::string& review_id, const json& body,
                                const std::string& token = documenter_) {
    auto client = server_->Client();
    return client.Post("/api/v1/linkage/reviews/" + review_id + "/decision", Bearer(token),
                       body.dump(), "application/json");
  }

  // The whole audit trail of the admin's organisation, every page.
  static std::string AuditTrail() {
    auto client = server_->Client();
    std::string all, cursor;
    for (int pages = 0; pages < 200; ++pages) {
      auto r = client.Get("/api/v1/audit?limit=500" + (cursor.empty() ? "" : "&cursor=" + cursor),
                          Bearer(admin_));
      EXPECT_EQ(r->status, 200) << r->body;
      all += r->body;
      json page = json::parse(r->body);
      if (page["next_cursor"].is_null()) break;
      cursor = page["next_cursor"];
    }
    return all;
  }

  static inline TestServer* server_ = nullptr;
  static inline std::string documenter_, legal_, analyst_, admin_, other_;
  static inline std::vector<std::pair<std::string, std::string>> known_;
  static inline std::string kept_, withdrawn_, other_person_, unshared_;
  static inline std::string restricted_kept_, restricted_;
  static inline std::pair<std::string, std::string> lifted_;
  static inline json job_;
};

TEST_F(LinkageApiTest, JobFindsTheKnownDuplicates) {
  ASSERT_EQ(job_["status"], "done");
  const json& result = job_["result"];
  EXPECT_GE(result["persons_linked"].get<int>(), 66);
  EXPECT_GT(result["candidate_pairs"].get<int>(), 0);
  EXPECT_EQ(result["review_items"].get<int>(), result["review_items"].get<int>());
  const json page = Reviews("job_id=" + job_["id"].get<std::string>());
  for (const auto& [a, b] : known_) {
    const json item = ItemOf(page, a, b);
    ASSERT_FALSE(item.is_null()) << "pair " << a << " / " << b << " not proposed";
    EXPECT_EQ(item["band"], "probable") << item.dump();
    EXPECT_GE(item["probability"].get<double>(), 0.8);
    EXPECT_EQ(item["decision"], "pending");
    EXPECT_EQ(item["job_id"], job_["id"]);
    for (const char* field : {"name", "sex", "birth", "nationality"}) {
      EXPECT_TRUE(item["levels"].contains(field)) << item.dump();
    }
  }
}

TEST_F(LinkageApiTest, IdentitiesNeverAppearInResponsesOrLogs) {
  auto client = server_->Client();
  std::string bodies =
      client.Get("/api/v1/linkage/jobs/" + job_["id"].get<std::string>(), Bearer(documenter_))
          ->body;
  bodies += client.Get("/api/v1/linkage/jobs", Bearer(documenter_))->body;
  bodies += client.Get("/api/v1/linkage/reviews?limit=500&decision=any", Bearer(documenter_))->body;
  for (const char* value : {"Hammoud", "Hamoud", "Marchenko", "Darwish", "hammoud", "marchenko",
                            "+000 555", "Bondarenko"}) {
    EXPECT_EQ(bodies.find(value), std::string::npos) << value;
  }
  std::ifstream log(server_->log_file());
  std::stringstream text;
  text << log.rdbuf();
  for (const char* value : {"Hammoud", "hammoud", "Marchenko", "marchenko", "Darwish"}) {
    EXPECT_EQ(text.str().find(value), std::string::npos) << value;
  }
}

TEST_F(LinkageApiTest, WithdrawnConsentIsSkippedAndCounted) {
  EXPECT_GE(job_["result"]["skipped_consent"].get<int>(), 1);
  const json page = Reviews("decision=any");
  for (const json& item : page["items"]) {
    EXPECT_NE(item["person_ids"][0], withdrawn_);
    EXPECT_NE(item["person_ids"][1], withdrawn_);
  }
}

TEST_F(LinkageApiTest, RestrictedPersonsAreSkippedUntilTheRestrictionIsLifted) {
  EXPECT_GE(job_["result"]["skipped_consent"].get<int>(), 2);  // withdrawn and restricted
  const json page = Reviews("decision=any");
  for (const json& item : page["items"]) {
    EXPECT_NE(item["person_ids"][0], restricted_);
    EXPECT_NE(item["person_ids"][1], restricted_);
  }
  EXPECT_FALSE(ItemOf(page, lifted_.first, lifted_.second).is_null());
}

TEST_F(LinkageApiTest, OtherOrganisationsPersonsAndJobsAreInvisible) {
  const json page = Reviews("decision=any");
  ASSERT_FALSE(page["items"].empty());
  for (const json& item : page["items"]) {
    EXPECT_NE(item["person_ids"][0], other_person_);
    EXPECT_NE(item["person_ids"][1], other_person_);
  }
  auto client = server_->Client();
  const std::string job = "/api/v1/linkage/jobs/" + job_["id"].get<std::string>();
  EXPECT_EQ(client.Get(job, Bearer(other_))->status, 404);
  const std::string review = page["items"][0]["id"];
  EXPECT_EQ(client.Get("/api/v1/linkage/reviews/" + review, Bearer(other_))->status, 404);
  EXPECT_EQ(Decide(review, {{"decision", "accept"}}, other_)->status, 404);
  EXPECT_TRUE(Reviews("decision=any", other_)["items"].empty());
  EXPECT_EQ(client.Get("/api/v1/persons/" + known_[0].first + "/links", Bearer(other_))->status,
            404);
}

TEST_F(LinkageApiTest, DecisionsLinksClustersAndUnlink) {
  const json page = Reviews("job_id=" + job_["id"].get<std::string>());
  const json a = ItemOf(page, known_[0].first, known_[0].second);
  const json b = ItemOf(page, known_[1].first, known_[1].second);
  ASSERT_FALSE(a.is_null());
  ASSERT_FALSE(b.is_null());

  auto accepted = Decide(a["id"], {{"decision", "accept"}, {"note", "same father's name"}});
  ASSERT_EQ(accepted->status, 200) << accepted->body;
  json decided = json::parse(accepted->body);
  EXPECT_EQ(decided["decision"], "accept");
  EXPECT_FALSE(decided["decided_by"].get<std::string>().empty());
  EXPECT_FALSE(decided["decided_at"].get<std::string>().empty());
  const std::string link_id = decided["link_id"];
  EXPECT_EQ(Decide(a["id"], {{"decision", "reject"}})->status, 409);
  EXPECT_EQ(Decide(b["id"], {{"decision", "unsure"}})->status, 200);
  EXPECT_EQ(Decide(b["id"], {{"decision", "reject"}})->status, 200);  // unsure can be revisited

  auto client = server_->Client();
  auto links = json::parse(
      client.Get("/api/v1/persons/" + known_[0].second + "/links", Bearer(analyst_))->body);
  ASSERT_EQ(links["items"].size(), 1u) << links.dump();
  EXPECT_EQ(links["items"][0]["id"], link_id);
  EXPECT_EQ(links["items"][0]["relation"], "same_person");
  auto none = json::parse(
      client.Get("/api/v1/persons/" + known_[1].first + "/links", Bearer(documenter_))->body);
  EXPECT_TRUE(none["items"].empty());

  // A third record of the same person, linked to the second: the cluster spans all three.
  const std::string third = NewPerson(documenter_, {"Nadia Hammoud", "female", "1980-05", "SY"});
  json second_job = RunJob(legal_);
  EXPECT_GE(second_job["result"]["already_decided"].get<int>(), 2);
  const json again = Reviews("job_id=" + second_job["id"].get<std::string>());
  EXPECT_TRUE(ItemOf(again, known_[0].first, known_[0].second).is_null());
  EXPECT_TRUE(ItemOf(again, known_[1].first, known_[1].second).is_null());
  json chain = ItemOf(again, known_[0].second, third);
  if (chain.is_null()) chain = ItemOf(again, known_[0].first, third);
  ASSERT_FALSE(chain.is_null()) << again.dump();
  ASSERT_EQ(Decide(chain["id"], {{"decision", "accept"}}, legal_)->status, 200);
  auto cluster = json::parse(
      client.Get("/api/v1/persons/" + known_[0].first + "/cluster", Bearer(documenter_))->body);
  EXPECT_EQ(cluster["persons"].size(), 3u) << cluster.dump();
  EXPECT_EQ(cluster["link_ids"].size(), 2u);
  for (const json& p : cluster["persons"]) {
    EXPECT_EQ(p["pseudonym"].get<std::string>().rfind("P-", 0), 0u);
    EXPECT_FALSE(p.contains("identity"));
  }

  // Unlink: audited, gone from the lists, and not proposed again.
  const std::string unlink = "/api/v1/persons/" + known_[0].first + "/links/" + link_id + "/unlink";
  EXPECT_EQ(client.Post(unlink, Bearer(analyst_), "", "application/json")->status, 403);
  auto removed = client.Post(unlink, Bearer(documenter_), "", "application/json");
  ASSERT_EQ(removed->status, 200) << removed->body;
  EXPECT_FALSE(json::parse(removed->body)["active"].get<bool>());
  EXPECT_EQ(client.Post(unlink, Bearer(documenter_), "", "application/json")->status, 404);
  links = json::parse(
      client.Get("/api/v1/persons/" + known_[0].first + "/links", Bearer(documenter_))->body);
  EXPECT_TRUE(links["items"].empty());
  const std::string audit = AuditTrail();
  for (const char* action : {"person.link.create", "person.link.remove", "linkage.review.accept",
                             "linkage.review.reject", "linkage.job.create", "linkage.job.run"}) {
    EXPECT_NE(audit.find(action), std::string::npos) << action;
  }
}

TEST_F(LinkageApiTest, RolesAndBadInputAreRefused) {
  auto client = server_->Client();
  auto with_purpose = [](const std::string& token) {
    return Bearer(token, {{"X-Purpose", kPurpose}});
  };
  EXPECT_EQ(
      client.Post("/api/v1/linkage/jobs", with_purpose(analyst_), "{}", "application/json")->status,
      403);
  EXPECT_EQ(
      client.Post("/api/v1/linkage/jobs", with_purpose(admin_), "{}", "application/json")->status,
      403);
  EXPECT_EQ(client.Get("/api/v1/linkage/reviews", Bearer(analyst_))->status, 403);
  EXPECT_EQ(client.Get("/api/v1/linkage/jobs", Bearer(admin_))->status, 403);
  EXPECT_EQ(client.Get("/api/v1/persons/" + known_[0].first + "/links", Bearer(analyst_))->status,
            200);
  auto no_purpose =
      client.Post("/api/v1/linkage/jobs", Bearer(documenter_), "{}", "application/json");
  EXPECT_EQ(no_purpose->status, 400);
  EXPECT_EQ(json::parse(no_purpose->body)["code"], "invalid_input");
  for (const char* body : {R"({"match_probability": 2})", R"({"colour": "red"})",
                           R"({"match_probability": 0.5, "review_low": 0.6})", "[1]"}) {
    auto r =
        client.Post("/api/v1/linkage/jobs", with_purpose(documenter_), body, "application/json");
    EXPECT_EQ(r->status, 400) << body;
  }
  const json page = Reviews("decision=any");
  ASSERT_FALSE(page["items"].empty());
  const std::string review = page["items"][0]["id"];
  EXPECT_EQ(Decide(review, {{"decision", "maybe"}})->status, 400);
  EXPECT_EQ(Decide(review, {{"decision", "accept"}, {"extra", 1}})->status, 400);
  EXPECT_EQ(Decide(review, {{"decision", "accept"}}, analyst_)->status, 403);
  EXPECT_EQ(client.Get("/api/v1/linkage/reviews?decision=later", Bearer(documenter_))->status, 400);
  EXPECT_EQ(client.Get("/api/v1/linkage/reviews?limit=0", Bearer(documenter_))->status, 400);
  EXPECT_EQ(client.Get("/api/v1/linkage/jobs/lnj_unknown", Bearer(documenter_))->status, 404);
  EXPECT_EQ(client.Get("/api/v1/linkage/reviews/lnr_unknown", Bearer(documenter_))->status, 404);
  EXPECT_EQ(client.Get("/api/v1/persons/per_unknown/cluster", Bearer(documenter_))->status, 404);
}

TEST_F(LinkageApiTest, AlreadyInterviewedCheckAcrossOrganisations) {
  struct stat st {};
  ASSERT_EQ(::stat((server_->data_dir() + "/keys/linkage.key").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  auto client = server_->Client();
  auto check = [&](const std::string& token, const json& body, const char* purpose = kPurpose) {
    httplib::Headers h = purpose ? Bearer(token, {{"X-Purpose", purpose}}) : Bearer(token);
    return client.Post("/api/v1/linkage/interview-checks", h, body.dump(), "application/json");
  };
  // Organisation 2 asks about a spelling of a person organisation 1 holds twice.
  auto r = check(other_, {{"name", "Nadia Hamoud"}, {"sex", "female"}, {"birth", "1980-05-12"}});
  ASSERT_EQ(r->status, 200) << r->body;
  json result = json::parse(r->body);
  EXPECT_GE(result["encodings_compared"].get<int>(), 66);
  ASSERT_EQ(result["matches"].size(), 1u) << result.dump();
  const json& holder = result["matches"][0];
  auto me = json::parse(client.Get("/api/v1/auth/me", Bearer(documenter_))->body);
  EXPECT_EQ(holder["organisation_id"], me["organisation"]["id"]);
  EXPECT_FALSE(holder["contacts"].empty());
  ASSERT_FALSE(holder["persons"].empty());
  for (const json& p : holder["persons"]) {
    EXPECT_EQ(p["reference"].get<std::string>().rfind("P-", 0), 0u);
    EXPECT_GE(p["name_similarity"].get<double>(), 0.8);
  }
  // Nothing of organisation 1's records crosses: no person id, no name.
  for (const auto& [a, b] : known_) {
    EXPECT_EQ(r->body.find(a), std::string::npos);
    EXPECT_EQ(r->body.find(b), std::string::npos);
  }
  EXPECT_EQ(r->body.find("Hammoud"), std::string::npos);
  // The holder's trail records that it was asked.
  EXPECT_NE(AuditTrail().find("linkage.interview_check.matched"), std::string::npos);

  // A person organisation 1 may not share is never reported; nor is an unknown person.
  auto unshared = json::parse(
      check(other_, {{"name", "Ilona Savchuk"}, {"sex", "female"}, {"birth", "1984-09-09"}})->body);
  EXPECT_TRUE(unshared["matches"].empty()) << unshared.dump();
  auto nobody = json::parse(check(other_, {{"name", "Zbigniew Quartermaine"}})->body);
  EXPECT_TRUE(nobody["matches"].empty());
  // A different birth year is not a probable match.
  auto other_year = json::parse(
      check(other_, {{"name", "Nadia Hammoud"}, {"sex", "female"}, {"birth", "1955"}})->body);
  EXPECT_TRUE(other_year["matches"].empty()) << other_year.dump();
  // Its own persons are not reported to the asking organisation.
  auto own = json::parse(check(documenter_, {{"name", "Ilona Savchuk"}})->body);
  for (const json& m : own["matches"]) EXPECT_NE(m["organisation_id"], me["organisation"]["id"]);

  EXPECT_EQ(check(analyst_, {{"name", "Nadia Hamoud"}})->status, 403);
  EXPECT_EQ(check(other_, {{"name", "Nadia Hamoud"}}, nullptr)->status, 400);
  EXPECT_EQ(check(other_, json::object())->status, 400);
  EXPECT_EQ(check(other_, {{"name", "X"}, {"birth", "yesterday"}})->status, 400);
  EXPECT_EQ(check(other_, {{"name", "X"}, {"nationality", "Syria"}})->status, 400);
  EXPECT_EQ(check(other_, {{"name", "X"}, {"phone", "1"}})->status, 400);
}

}  // namespace
}  // namespace giai::testing
