// Listing records on every back end: filters, terms on the record or on its children, and
// cursor pagination. The SQLite store plans a list query from term frequencies (a rare term
// drives the query from its index; common terms are checked per record), so the data here has
// both kinds of term, and every query is checked against the answer computed from the data.
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "store_conformance/store_fixture.h"

namespace giai::store {
namespace {

std::vector<std::string> List(Store& store, const RecordQuery& q) {
  std::vector<std::string> ids;
  EXPECT_TRUE(store
                  .Read([&](Tx& tx) -> Status {
                    GIAI_ASSIGN_OR_RETURN(auto rows, tx.ListRecords(q));
                    for (auto& r : rows) ids.push_back(r.id);
                    return Status::Ok();
                  })
                  .ok());
  return ids;
}

RecordQuery Query(std::string org, std::string kind = "incident") {
  RecordQuery q;
  q.kind = std::move(kind);
  q.org_id = std::move(org);
  return q;
}

TEST_P(StoreConformance, ListsFilterByOrganisationCountryDatesTermsAndPaginate) {
  ASSERT_TRUE(store_
                  ->Write([&](Tx& tx) -> Status {
                    for (int i = 0; i < 5; ++i) {
                      RecordRow r = Incident("inc_" + std::to_string(i), "org_a");
                      r.country = i % 2 ? "SY" : "UA";
                      r.earliest = 100 * i;
                      r.latest = 100 * i + 50;
                      GIAI_RETURN_IF_ERROR(tx.InsertRecord(r));
                    }
                    RecordRow act = Incident("act_1", "org_a");
                    act.kind = "act";
                    act.parent_id = "inc_3";
                    act.terms = {"crime:ICC-7-1-a", "gender_based"};
                    GIAI_RETURN_IF_ERROR(tx.InsertRecord(act));
                    return tx.InsertRecord(Incident("inc_9", "org_b"));
                  })
                  .ok());
  RecordQuery q = Query("org_a");
  EXPECT_EQ(List(*store_, q).size(), 5u);
  q.country = "SY";
  EXPECT_EQ(List(*store_, q), (std::vector<std::string>{"inc_1", "inc_3"}));
  q.country.clear();
  q.from = 160;
  q.to = 260;
  EXPECT_EQ(List(*store_, q), (std::vector<std::string>{"inc_2"}));
  q.from = q.to = std::nullopt;
  q.terms = {"crime:ICC-7-1-a"};
  q.terms_via_children = true;
  EXPECT_EQ(List(*store_, q), (std::vector<std::string>{"inc_3"}));
  RecordQuery page = Query("org_a");
  page.after_id = "inc_1";
  page.limit = 2;
  EXPECT_EQ(List(*store_, page), (std::vector<std::string>{"inc_2", "inc_3"}));
  EXPECT_EQ(List(*store_, Query("org_b")), (std::vector<std::string>{"inc_9"}));
}

// 400 incidents per organisation, each with one act carrying a common crime term (more entries
// than any "rare term" threshold); a few acts also name a rare perpetrator, a few incidents carry
// the rare term themselves, a few are in Syria. Persons: a common and a rare term on the record.
class StoreListPlans : public StoreConformance {
 protected:
  static constexpr int kIncidents = 400;
  static bool InSyria(int i) { return i % 97 == 5; }
  static bool RarePerpetrator(int i) { return i % 61 == 7; }
  static bool RareOnIncident(int i) { return i == 11 || i == 300; }
  static std::string Id(const std::string& prefix, int i) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d", i);
    return prefix + buf;
  }

  void SetUp() override {
    StoreConformance::SetUp();
    ASSERT_TRUE(store_
                    ->Write([&](Tx& tx) -> Status {
                      for (const std::string org : {"org_a", "org_b"}) {
                        for (int i = 0; i < kIncidents; ++i) {
                          RecordRow inc = Incident(Id("inc_" + org + "_", i), org);
                          if (InSyria(i)) inc.country = "SY";
                          if (RareOnIncident(i)) inc.terms = {"perpetrator:rare"};
                          GIAI_RETURN_IF_ERROR(tx.InsertRecord(inc));
                          RecordRow act = Incident(Id("act_" + org + "_", i), org);
                          act.kind = "act";
                          act.parent_id = inc.id;
                          act.terms = {"crime:common"};
                          if (RarePerpetrator(i)) act.terms.push_back("perpetrator:rare");
                          GIAI_RETURN_IF_ERROR(tx.InsertRecord(act));
                          RecordRow person = Incident(Id("per_" + org + "_", i), org);
                          person.kind = "person";
                          person.terms = {"sex:female"};
                          if (i % 150 == 3) person.terms.push_back("name:rare");
                          GIAI_RETURN_IF_ERROR(tx.InsertRecord(person));
                        }
                      }
                      return Status::Ok();
                    })
                    .ok());
  }

  // The expected answer, from the same rules that generated the data.
  std::vector<std::string> Expected(const std::string& prefix, bool (*keep)(int)) {
    std::vector<std::string> ids;
    for (int i = 0; i < kIncidents; ++i) {
      if (keep(i)) ids.push_back(Id(prefix, i));
    }
    return ids;
  }
};

TEST_P(StoreListPlans, CommonTermsWithASparseFilterFindEveryMatch) {
  RecordQuery q = Query("org_a");
  q.terms = {"crime:common"};
  q.terms_via_children = true;
  q.country = "SY";
  q.limit = 1000;
  EXPECT_EQ(List(*store_, q), Expected("inc_org_a_", InSyria));
}

TEST_P(StoreListPlans, ARareTermOnTheRecordOrItsChildrenIsListedOnce) {
  RecordQuery q = Query("org_a");
  q.terms = {"crime:common", "perpetrator:rare"};
  q.terms_via_children = true;
  q.limit = 1000;
  // inc 11 and 300 carry the term themselves; inc 7, 68, ... through their act. Both, once.
  std::vector<std::string> want =
      Expected("inc_org_a_", [](int i) { return RarePerpetrator(i) || RareOnIncident(i); });
  EXPECT_EQ(List(*store_, q), want);
  // The same, a page of two at a time after a cursor, whichever term comes first.
  q.terms = {"perpetrator:rare", "crime:common"};
  q.limit = 2;
  std::vector<std::string> paged;
  for (int pages = 0; pages < 20; ++pages) {
    std::vector<std::string> page = List(*store_, q);
    if (page.empty()) break;
    paged.insert(paged.end(), page.begin(), page.end());
    q.after_id = page.back();
  }
  EXPECT_EQ(paged, want);
}

TEST_P(StoreListPlans, CommonTermsPaginateThroughEveryRecord) {
  RecordQuery q = Query("org_b");
  q.terms = {"crime:common"};
  q.terms_via_children = true;
  q.limit = 150;
  std::vector<std::string> all;
  for (int pages = 0; pages < 10; ++pages) {
    std::vector<std::string> page = List(*store_, q);
    if (page.empty()) break;
    all.insert(all.end(), page.begin(), page.end());
    q.after_id = page.back();
  }
  EXPECT_EQ(all, Expected("inc_org_b_", [](int) { return true; }));
}

TEST_P(StoreListPlans, TermsOnTheRecordOnlyDoNotLookAtChildren) {
  RecordQuery q = Query("org_a", "person");
  q.terms = {"sex:female", "name:rare"};
  q.limit = 1000;
  EXPECT_EQ(List(*store_, q), Expected("per_org_a_", [](int i) { return i % 150 == 3; }));
  // Without loading terms: the same rows, with no terms.
  q.load_terms = false;
  EXPECT_TRUE(store_
                  ->Read([&](Tx& tx) -> Status {
                    GIAI_ASSIGN_OR_RETURN(auto rows, tx.ListRecords(q));
                    EXPECT_FALSE(rows.empty());
                    for (const RecordRow& r : rows) EXPECT_TRUE(r.terms.empty()) << r.id;
                    RecordQuery with_terms = q;
                    with_terms.load_terms = true;
                    GIAI_ASSIGN_OR_RETURN(auto full, tx.ListRecords(with_terms));
                    for (const RecordRow& r : full) EXPECT_FALSE(r.terms.empty()) << r.id;
                    return Status::Ok();
                  })
                  .ok());
  EXPECT_EQ(List(*store_, q), Expected("per_org_a_", [](int i) { return i % 150 == 3; }));
  q.load_terms = true;
  q.terms = {"sex:female"};
  q.limit = 5;
  q.after_id = Id("per_org_a_", 394);
  EXPECT_EQ(
      List(*store_, q),
      (std::vector<std::string>{Id("per_org_a_", 395), Id("per_org_a_", 396), Id("per_org_a_", 397),
                                Id("per_org_a_", 398), Id("per_org_a_", 399)}));
  // Incidents carry no crime term themselves: without children, nothing matches.
  RecordQuery incidents = Query("org_a");
  incidents.terms = {"crime:common"};
  EXPECT_TRUE(List(*store_, incidents).empty());
}

// The latest consent and restriction of many persons in one query: per (parent, kind) the
// child with the highest id; children of another kind, of another organisation or in a
// compartment are not considered, and parents without such a child are absent.
TEST_P(StoreConformance, LatestChildrenGivesTheHighestIdPerParentAndKind) {
  auto child = [this](std::string id, std::string kind, std::string org, std::string parent) {
    RecordRow r = Incident(id, org);
    r.kind = std::move(kind);
    r.parent_id = std::move(parent);
    r.body = "{\"of\":\"" + id + "\"}";
    return r;
  };
  constexpr int kMany = 1200;  // more parents than any bound list of parameters would take
  ASSERT_TRUE(
      store_
          ->Write([&](Tx& tx) -> Status {
            GIAI_RETURN_IF_ERROR(tx.InsertCompartment({"cmp_x", "org_a", "X"}));
            for (const char* p : {"per_1", "per_2", "per_3"}) {
              RecordRow person = Incident(p, "org_a");
              person.kind = "person";
              GIAI_RETURN_IF_ERROR(tx.InsertRecord(person));
            }
            GIAI_RETURN_IF_ERROR(tx.InsertRecord(child("cns_1", "consent", "org_a", "per_1")));
            GIAI_RETURN_IF_ERROR(tx.InsertRecord(child("cns_3", "consent", "org_a", "per_1")));
            GIAI_RETURN_IF_ERROR(tx.InsertRecord(child("cns_2", "consent", "org_a", "per_2")));
            GIAI_RETURN_IF_ERROR(tx.InsertRecord(child("rst_2", "restriction", "org_a", "per_1")));
            // Higher ids that must not win: another kind, another organisation, a
            // compartment.
            GIAI_RETURN_IF_ERROR(tx.InsertRecord(child("tst_9", "testimony", "org_a", "per_1")));
            GIAI_RETURN_IF_ERROR(tx.InsertRecord(child("cns_9", "consent", "org_b", "per_1")));
            RecordRow hidden = child("cns_8", "consent", "org_a", "per_2");
            hidden.compartment_id = "cmp_x";
            GIAI_RETURN_IF_ERROR(tx.InsertRecord(hidden));
            for (int i = 0; i < kMany; ++i) {
              const std::string parent = "per_m" + std::to_string(10000 + i);
              for (int v = 0; v < 2; ++v) {
                GIAI_RETURN_IF_ERROR(tx.InsertRecord(
                    child("cns_m" + std::to_string(10000 + i) + "_" + std::to_string(v), "consent",
                          "org_a", parent)));
              }
            }
            return Status::Ok();
          })
          .ok());
  auto latest = [&](const std::vector<std::string>& kinds,
                    const std::vector<std::string>& parents) {
    std::map<std::string, std::string> out;  // "parent/kind" -> id
    EXPECT_TRUE(store_
                    ->Read([&](Tx& tx) -> Status {
                      GIAI_ASSIGN_OR_RETURN(auto rows, tx.LatestChildren("org_a", kinds, parents));
                      for (const RecordRow& r : rows) {
                        EXPECT_EQ(r.body, "{\"of\":\"" + r.id + "\"}");
                        EXPECT_EQ(r.org_id, "org_a");
                        EXPECT_TRUE(out.emplace(r.parent_id + "/" + r.kind, r.id).second) << r.id;
                      }
                      return Status::Ok();
                    })
                    .ok());
    return out;
  };
  EXPECT_EQ(
      latest({"consent", "restriction"}, {"per_1", "per_2", "per_3", "per_none"}),
      (std::map<std::string, std::string>{
          {"per_1/consent", "cns_3"}, {"per_1/restriction", "rst_2"}, {"per_2/consent", "cns_2"}}));
  EXPECT_EQ(latest({"consent"}, {"per_2"}),
            (std::map<std::string, std::string>{{"per_2/consent", "cns_2"}}));
  EXPECT_TRUE(latest({}, {"per_1"}).empty());
  EXPECT_TRUE(latest({"consent"}, {}).empty());
  std::vector<std::string> many;
  for (int i = 0; i < kMany; ++i) many.push_back("per_m" + std::to_string(10000 + i));
  const std::map<std::string, std::string> all = latest({"consent"}, many);
  ASSERT_EQ(all.size(), static_cast<std::size_t>(kMany));
  for (int i = 0; i < kMany; ++i) {
    const std::string n = std::to_string(10000 + i);
    EXPECT_EQ(all.at("per_m" + n + "/consent"), "cns_m" + n + "_1");
  }
}

INSTANTIATE_TEST_SUITE_P(AllBackends, StoreConformance, ::testing::ValuesIn(Backends()),
                         [](const auto& info) { return info.param.name; });
INSTANTIATE_TEST_SUITE_P(AllBackends, StoreListPlans, ::testing::ValuesIn(Backends()),
                         [](const auto& info) { return info.param.name; });

}  // namespace
}  // namespace giai::store
