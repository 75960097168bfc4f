// One suite, every Store back end (CONVENTIONS.md "Tests"). Back ends register in Backends().
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <functional>
#include <memory>

#include "store/sqlite/sqlite_store.h"
#include "store/store.h"

namespace giai::store {
namespace {

struct Backend {
  std::string name;
  std::function<std::unique_ptr<Store>(const std::filesystem::path& dir)> open;
};

void PrintTo(const Backend& backend, std::ostream* os) { *os << backend.name; }

std::vector<Backend> Backends() {
  return {{"sqlite", [](const std::filesystem::path& dir) {
             auto s = sqlite::SqliteStore::Create((dir / "giai.db").string());
             EXPECT_TRUE(s.ok()) << s.status().ToString();
             return s.ok() ? std::move(s).value() : nullptr;
           }}};
}

class StoreConformance : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("giai-store-" + std::to_string(getpid()) + "-" + std::to_string(counter_++));
    std::filesystem::create_directories(dir_);
    store_ = GetParam().open(dir_);
    ASSERT_NE(store_, nullptr);
    ASSERT_TRUE(
        store_
            ->Write([](Tx& tx) {
              GIAI_RETURN_IF_ERROR(tx.InsertOrganisation({"org_a", "A", "member", "t", "k"}));
              return tx.InsertOrganisation({"org_b", "B", "member", "t", "k"});
            })
            .ok());
  }
  void TearDown() override {
    store_.reset();
    std::filesystem::remove_all(dir_);
  }

  RecordRow Incident(const std::string& id, const std::string& org) {
    RecordRow r;
    r.id = id;
    r.kind = "incident";
    r.org_id = org;
    r.created_at = r.updated_at = "2026-01-01T00:00:00Z";
    r.created_by = "usr_1";
    r.body = "{}";
    return r;
  }

  static inline int counter_ = 0;
  std::filesystem::path dir_;
  std::unique_ptr<Store> store_;
};

TEST_P(StoreConformance, AppliesEveryMigration) {
  Result<int> v = store_->SchemaVersion();
  ASSERT_TRUE(v.ok());
  EXPECT_GE(*v, 1);
}

TEST_P(StoreConformance, FailedWorkRollsBackEverything) {
  Status st = store_->Write([&](Tx& tx) -> Status {
    GIAI_RETURN_IF_ERROR(tx.InsertRecord(Incident("inc_1", "org_a")));
    return InvalidInput("later step failed");
  });
  EXPECT_EQ(st.code(), Code::kInvalidInput);
  Status read = store_->Read([](Tx& tx) { return tx.GetRecord("inc_1").status(); });
  EXPECT_EQ(read.code(), Code::kNotFound);
}

TEST_P(StoreConformance, UpdateWithStaleVersionIsRefused) {
  ASSERT_TRUE(
      store_->Write([&](Tx& tx) { return tx.InsertRecord(Incident("inc_1", "org_a")); }).ok());
  RecordRow next = Incident("inc_1", "org_a");
  next.version = 2;
  next.body = R"({"title":"v2"})";
  ASSERT_TRUE(store_->Write([&](Tx& tx) { return tx.UpdateRecord(next, 1); }).ok());
  Status stale = store_->Write([&](Tx& tx) { return tx.UpdateRecord(next, 1); });
  EXPECT_EQ(stale.code(), Code::kPreconditionFailed);
  std::string body;
  ASSERT_TRUE(store_
                  ->Read([&](Tx& tx) -> Status {
                    GIAI_ASSIGN_OR_RETURN(RecordRow r, tx.GetRecord("inc_1"));
                    body = r.body;
                    return Status::Ok();
                  })
                  .ok());
  EXPECT_EQ(body, R"({"title":"v2"})");
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
  auto list = [&](RecordQuery q) {
    std::vector<std::string> ids;
    EXPECT_TRUE(store_
                    ->Read([&](Tx& tx) -> Status {
                      GIAI_ASSIGN_OR_RETURN(auto rows, tx.ListRecords(q));
                      for (auto& r : rows) ids.push_back(r.id);
                      return Status::Ok();
                    })
                    .ok());
    return ids;
  };
  auto query = [](std::string org) {
    RecordQuery q;
    q.kind = "incident";
    q.org_id = std::move(org);
    return q;
  };
  RecordQuery q = query("org_a");
  EXPECT_EQ(list(q).size(), 5u);
  q.country = "SY";
  EXPECT_EQ(list(q), (std::vector<std::string>{"inc_1", "inc_3"}));
  q.country.clear();
  q.from = 160;
  q.to = 260;
  EXPECT_EQ(list(q), (std::vector<std::string>{"inc_2"}));
  q.from = q.to = std::nullopt;
  q.terms = {"crime:ICC-7-1-a"};
  q.terms_via_children = true;
  EXPECT_EQ(list(q), (std::vector<std::string>{"inc_3"}));
  RecordQuery page = query("org_a");
  page.after_id = "inc_1";
  page.limit = 2;
  EXPECT_EQ(list(page), (std::vector<std::string>{"inc_2", "inc_3"}));
  EXPECT_EQ(list(query("org_b")), (std::vector<std::string>{"inc_9"}));
}

TEST_P(StoreConformance, AuditEventsAreAppendOnlyAndPerOrganisation) {
  ASSERT_TRUE(store_
                  ->Write([](Tx& tx) {
                    return tx.AppendAudit(
                        {"aud_1", "t", "org_a", "usr_1", "incident.create", "inc_1", "", "ok", ""});
                  })
                  .ok());
  Status dup = store_->Write([](Tx& tx) {
    return tx.AppendAudit({"aud_1", "t", "org_a", "usr_1", "x", "", "", "ok", ""});
  });
  EXPECT_EQ(dup.code(), Code::kConflict);
  std::size_t a = 0, b = 0;
  ASSERT_TRUE(store_
                  ->Read([&](Tx& tx) -> Status {
                    GIAI_ASSIGN_OR_RETURN(auto ea, tx.ListAudit("org_a", "", 10));
                    GIAI_ASSIGN_OR_RETURN(auto eb, tx.ListAudit("org_b", "", 10));
                    a = ea.size();
                    b = eb.size();
                    return Status::Ok();
                  })
                  .ok());
  EXPECT_EQ(a, 1u);
  EXPECT_EQ(b, 0u);
}

TEST_P(StoreConformance, DuplicateUserEmailIsAConflict) {
  UserRow u{"usr_1", "org_a", "a@example.org", "A", "admin", "h", {}, false, "t"};
  ASSERT_TRUE(store_->Write([&](Tx& tx) { return tx.InsertUser(u); }).ok());
  u.id = "usr_2";
  EXPECT_EQ(store_->Write([&](Tx& tx) { return tx.InsertUser(u); }).code(), Code::kConflict);
}

TEST_P(StoreConformance, CheckpointsAdvanceByCompareAndSwapOnly) {
  ASSERT_TRUE(
      store_->Write([](Tx& tx) {
              return tx.PutCheckpoint({2, "note-2", "t"}, std::nullopt);
            })
          .ok());
  // A second writer that still believes there is no checkpoint loses.
  EXPECT_EQ(store_->Write([](Tx& tx) {
                    return tx.PutCheckpoint({3, "fork", "t"}, std::nullopt);
                  })
                .code(),
            Code::kConflict);
  // A checkpoint that does not cover a larger tree is refused.
  EXPECT_EQ(store_->Write([](Tx& tx) {
                    return tx.PutCheckpoint({2, "same", "t"}, 2);
                  })
                .code(),
            Code::kConflict);
  ASSERT_TRUE(store_->Write([](Tx& tx) { return tx.PutCheckpoint({5, "note-5", "t"}, 2); }).ok());
  std::vector<CheckpointRow> all;
  CheckpointRow latest;
  ASSERT_TRUE(store_
                  ->Read([&](Tx& tx) -> Status {
                    GIAI_ASSIGN_OR_RETURN(all, tx.ListCheckpoints(0, 10));
                    GIAI_ASSIGN_OR_RETURN(latest, tx.LatestCheckpoint());
                    return Status::Ok();
                  })
                  .ok());
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].note, "note-2");
  EXPECT_EQ(latest.size, 5u);
  EXPECT_EQ(latest.note, "note-5");
}

TEST_P(StoreConformance, LedgerAppendIsACompareAndSwapAndKeepsLeafBytes) {
  const std::string hash(32, 'h'), node(32, 'n');
  ASSERT_TRUE(
      store_
          ->Write([&](Tx& tx) {
            return tx.LedgerAppend(0, {{0, hash, "leaf-0"}, {1, hash, "leaf-1"}}, {{1, 0, node}});
          })
          .ok());
  EXPECT_EQ(store_->Write([&](Tx& tx) {
                    return tx.LedgerAppend(1, {{1, hash, "x"}}, {});
                  })
                .code(),
            Code::kConflict);
  std::vector<LedgerLeafRow> leaves;
  std::string inner;
  std::uint64_t size = 0;
  ASSERT_TRUE(store_
                  ->Read([&](Tx& tx) -> Status {
                    GIAI_ASSIGN_OR_RETURN(size, tx.LedgerSize());
                    GIAI_ASSIGN_OR_RETURN(leaves, tx.LedgerLeaves(1, 10));
                    GIAI_ASSIGN_OR_RETURN(inner, tx.LedgerNode(1, 0));
                    return tx.LedgerNode(1, 1).status();
                  })
                  .code() == Code::kNotFound);
  EXPECT_EQ(size, 2u);
  ASSERT_EQ(leaves.size(), 1u);
  EXPECT_EQ(leaves[0].data, "leaf-1");
  EXPECT_EQ(inner, node);
}

TEST_P(StoreConformance, CustodyEventsAreAppendOnlyAndListedInOrder) {
  CustodyRow a{"cus_1", "evd_1", "org_a", "t1", "received", "usr_1", "", "{}", 0, "req"};
  CustodyRow b{"cus_2", "evd_1", "org_a", "t2", "accessed", "usr_2", "review", "{}", 3, ""};
  CustodyRow other{"cus_3", "evd_2", "org_a", "t3", "received", "usr_1", "", "{}", -1, ""};
  ASSERT_TRUE(store_
                  ->Write([&](Tx& tx) {
                    GIAI_RETURN_IF_ERROR(tx.AppendCustody(a));
                    GIAI_RETURN_IF_ERROR(tx.AppendCustody(b));
                    return tx.AppendCustody(other);
                  })
                  .ok());
  EXPECT_EQ(store_->Write([&](Tx& tx) { return tx.AppendCustody(a); }).code(), Code::kConflict);
  std::vector<CustodyRow> chain;
  ASSERT_TRUE(store_
                  ->Read([&](Tx& tx) -> Status {
                    GIAI_ASSIGN_OR_RETURN(chain, tx.ListCustody("evd_1"));
                    return Status::Ok();
                  })
                  .ok());
  ASSERT_EQ(chain.size(), 2u);
  EXPECT_EQ(chain[0].event, "received");
  EXPECT_EQ(chain[1].purpose, "review");
  EXPECT_EQ(chain[1].leaf_index, 3);
}

INSTANTIATE_TEST_SUITE_P(AllBackends, StoreConformance, ::testing::ValuesIn(Backends()),
                         [](const auto& info) { return info.param.name; });

}  // namespace
}  // namespace giai::store
