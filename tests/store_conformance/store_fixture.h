// The fixture every store conformance suite shares: one test per back end (SQLite in a
// temporary directory, PostgreSQL in a fresh database on the test server of the CTest fixture
// `postgres`, see tests/support/postgres_test_database.h), two organisations, record helpers.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "store/postgres/postgres_store.h"
#include "store/sqlite/sqlite_store.h"
#include "store/store.h"
#include "support/postgres_test_database.h"

namespace giai::store {

struct Backend {
  std::string name;
  std::function<std::unique_ptr<Store>(const std::filesystem::path& dir)> open;
};

inline void PrintTo(const Backend& backend, std::ostream* os) { *os << backend.name; }

// A store that owns its test database, dropped after the store's connections are closed.
class OwningStore : public Store {
 public:
  OwningStore(std::unique_ptr<testing::TestDatabase> db, std::unique_ptr<Store> inner)
      : db_(std::move(db)), inner_(std::move(inner)) {}
  Status Write(const std::function<Status(Tx&)>& work) override { return inner_->Write(work); }
  Status Read(const std::function<Status(Tx&)>& work) override { return inner_->Read(work); }
  Result<int> SchemaVersion() override { return inner_->SchemaVersion(); }
  std::optional<std::uint64_t> DataVersion() override { return inner_->DataVersion(); }

 private:
  std::unique_ptr<testing::TestDatabase> db_;  // destroyed last
  std::unique_ptr<Store> inner_;
};

inline std::vector<Backend> Backends() {
  return {{"sqlite",
           [](const std::filesystem::path& dir) -> std::unique_ptr<Store> {
             auto s = sqlite::SqliteStore::Create((dir / "giai.db").string());
             EXPECT_TRUE(s.ok()) << s.status().ToString();
             return s.ok() ? std::move(s).value() : nullptr;
           }},
          {"postgresql", [](const std::filesystem::path&) -> std::unique_ptr<Store> {
             auto db = testing::TestDatabase::Create();
             if (db == nullptr) return nullptr;
             auto s = postgres::PostgresStore::Create(db->url());
             EXPECT_TRUE(s.ok()) << s.status().ToString();
             if (!s.ok()) return nullptr;
             return std::make_unique<OwningStore>(std::move(db), std::move(s).value());
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

}  // namespace giai::store
