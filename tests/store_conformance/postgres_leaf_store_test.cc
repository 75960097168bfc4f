// The LeafStore conformance suite against the database-backed leaf store (PostgreSQL, one fresh
// database per test on the test server of the CTest fixture `postgres`).
#include "crypto/random.h"
#include "store/ledger_leaf_store.h"
#include "store/postgres/postgres_store.h"
#include "store_conformance/leaf_store_conformance.h"
#include "support/postgres_test_database.h"

namespace giai::ledger {
namespace {

// Owns the database the leaf store writes to (dropped after the store's connections close).
class OwningLeafStore final : public LeafStore {
 public:
  OwningLeafStore() {
    crypto::Init();
    database_ = testing::TestDatabase::Create();
    if (database_ == nullptr) return;
    auto db = store::postgres::PostgresStore::Create(database_->url());
    EXPECT_TRUE(db.ok()) << db.status().ToString();
    if (!db.ok()) return;
    db_ = std::move(db).value();
    leaves_ = std::make_unique<store::StoreLeafStore>(*db_);
  }
  ~OwningLeafStore() override {
    leaves_.reset();
    db_.reset();
    database_.reset();
  }
  Result<std::uint64_t> Size() const override {
    if (!leaves_) return Unavailable("no test database");
    return leaves_->Size();
  }
  Status Append(std::uint64_t expected_size, std::span<const Hash> leaf_hashes,
                std::span<const StoredNode> inner_nodes) override {
    if (!leaves_) return Unavailable("no test database");
    return leaves_->Append(expected_size, leaf_hashes, inner_nodes);
  }
  Result<Hash> GetNode(NodeId id) const override {
    if (!leaves_) return Unavailable("no test database");
    return leaves_->GetNode(id);
  }

 private:
  std::unique_ptr<testing::TestDatabase> database_;
  std::unique_ptr<store::Store> db_;
  std::unique_ptr<store::StoreLeafStore> leaves_;
};

INSTANTIATE_TEST_SUITE_P(Postgres, LeafStoreConformanceTest, ::testing::Values(LeafStoreFactory{[] {
                           return std::make_unique<OwningLeafStore>();
                         }}));

}  // namespace
}  // namespace giai::ledger
