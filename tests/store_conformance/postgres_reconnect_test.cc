// PostgreSQL only: the store survives a server restart. A restart (or a failover, or an
// administrator's pg_terminate_backend) leaves every pooled connection dead; the next request
// must get a fresh connection instead of a 503, and nothing acknowledged may be lost.
// Terminating the database's sessions is what a restart looks like from the client, without
// stopping the test server that other suites share.
#include <gtest/gtest.h>

#include <barrier>
#include <pqxx/pqxx>
#include <thread>
#include <vector>

#include "core/metrics.h"
#include "store/postgres/postgres_store.h"
#include "support/postgres_test_database.h"

namespace giai::store {
namespace {

RecordRow Incident(const std::string& id) {
  RecordRow r;
  r.id = id;
  r.kind = "incident";
  r.org_id = "org_a";
  r.created_at = r.updated_at = "2026-01-01T00:00:00Z";
  r.created_by = "usr_1";
  r.body = "{}";
  return r;
}

// Closes every session on the test database but the caller's, as a restart would.
int TerminateSessions(const std::string& url) {
  pqxx::connection admin(url);
  pqxx::nontransaction t(admin);
  pqxx::result r = t.exec(
      "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
      "WHERE datname = current_database() AND pid <> pg_backend_pid()");
  return static_cast<int>(r.size());
}

double Reconnects() {
  return Metrics::Global().CounterValue("giai_db_reconnects_total", {{"backend", "postgresql"}});
}

class PostgresReconnect : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = testing::TestDatabase::Create();
    ASSERT_NE(db_, nullptr);
    auto s = postgres::PostgresStore::Create(db_->url(), 4);
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    store_ = std::move(s).value();
    ASSERT_TRUE(
        store_
            ->Write([](Tx& tx) {
              GIAI_RETURN_IF_ERROR(tx.InsertOrganisation({"org_a", "A", "member", "t", "k"}));
              return tx.InsertRecord(Incident("inc_before"));
            })
            .ok());
    // Four concurrent reads leave four idle connections in the pool.
    std::barrier all(4);
    std::vector<std::jthread> readers;
    for (int i = 0; i < 4; ++i) {
      readers.emplace_back([&] {
        Status st = store_->Read([&](Tx& tx) -> Status {
          all.arrive_and_wait();
          return tx.GetRecord("inc_before").status();
        });
        EXPECT_TRUE(st.ok()) << st.ToString();
      });
    }
  }
  void TearDown() override { store_.reset(); }  // before db_ drops the database

  std::unique_ptr<testing::TestDatabase> db_;
  std::unique_ptr<Store> store_;
};

TEST_F(PostgresReconnect, ReadsAndWritesSucceedRightAfterTheServerDroppedEveryConnection) {
  ASSERT_GE(TerminateSessions(db_->url()), 4);
  double before = Reconnects();

  // The first write after the restart is acknowledged, not refused with kUnavailable.
  Status write = store_->Write([](Tx& tx) { return tx.InsertRecord(Incident("inc_after")); });
  ASSERT_TRUE(write.ok()) << write.ToString();
  EXPECT_EQ(Reconnects(), before + 1);

  // Every older record and the acknowledged one are there; no further reconnect was needed,
  // because the dead idle connections were dropped together.
  for (const char* id : {"inc_before", "inc_after"}) {
    Status read = store_->Read([&](Tx& tx) { return tx.GetRecord(id).status(); });
    EXPECT_TRUE(read.ok()) << id << ": " << read.ToString();
  }
  EXPECT_EQ(Reconnects(), before + 1);
}

TEST_F(PostgresReconnect, AReadRightAfterTheRestartIsServed) {
  ASSERT_GE(TerminateSessions(db_->url()), 4);
  Status read = store_->Read([](Tx& tx) { return tx.GetRecord("inc_before").status(); });
  EXPECT_TRUE(read.ok()) << read.ToString();
}

TEST_F(PostgresReconnect, AnUnknownRecordIsStillNotFoundAndNotARetry) {
  double before = Reconnects();
  Status read = store_->Read([](Tx& tx) { return tx.GetRecord("inc_missing").status(); });
  EXPECT_EQ(read.code(), Code::kNotFound);
  EXPECT_EQ(Reconnects(), before);
}

}  // namespace
}  // namespace giai::store
