// The LeafStore conformance suite against the database-backed leaf store (SQLite).
#include <unistd.h>

#include <filesystem>

#include "crypto/random.h"
#include "store/ledger_leaf_store.h"
#include "store/sqlite/sqlite_store.h"
#include "store_conformance/leaf_store_conformance.h"

namespace giai::ledger {
namespace {

// Owns the database the leaf store writes to.
class OwningLeafStore final : public LeafStore {
 public:
  OwningLeafStore() {
    crypto::Init();
    dir_ = std::filesystem::temp_directory_path() /
           ("giai-leaves-" + std::to_string(getpid()) + "-" + crypto::RandomToken(6));
    std::filesystem::create_directories(dir_);
    db_ = std::move(store::sqlite::SqliteStore::Create((dir_ / "giai.db").string())).value();
    leaves_ = std::make_unique<store::StoreLeafStore>(*db_);
  }
  ~OwningLeafStore() override {
    leaves_.reset();
    db_.reset();
    std::filesystem::remove_all(dir_);
  }
  Result<std::uint64_t> Size() const override { return leaves_->Size(); }
  Status Append(std::uint64_t expected_size, std::span<const Hash> leaf_hashes,
                std::span<const StoredNode> inner_nodes) override {
    return leaves_->Append(expected_size, leaf_hashes, inner_nodes);
  }
  Result<Hash> GetNode(NodeId id) const override { return leaves_->GetNode(id); }

 private:
  std::filesystem::path dir_;
  std::unique_ptr<store::Store> db_;
  std::unique_ptr<store::StoreLeafStore> leaves_;
};

INSTANTIATE_TEST_SUITE_P(Sqlite, LeafStoreConformanceTest, ::testing::Values(LeafStoreFactory{[] {
                           return std::make_unique<OwningLeafStore>();
                         }}));

}  // namespace
}  // namespace giai::ledger
