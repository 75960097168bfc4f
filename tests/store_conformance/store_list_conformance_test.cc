// Listing records on every back end: filters, terms on the record or on its children, and
// cursor pagination. The SQLite store plans a list query from term frequencies (a rare term
// drives the query from its index; common terms are checked per record), so the data here has
// both kinds of term, and every query is checked against the answer computed from the data.
#include <gtest/gtest.h>

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

INSTANTIATE_TEST_SUITE_P(AllBackends, StoreConformance, ::testing::ValuesIn(Backends()),
                         [](const auto& info) { return info.param.name; });
INSTANTIATE_TEST_SUITE_P(AllBackends, StoreListPlans, ::testing::ValuesIn(Backends()),
                         [](const auto& info) { return info.param.name; });

}  // namespace
}  // namespace giai::store
