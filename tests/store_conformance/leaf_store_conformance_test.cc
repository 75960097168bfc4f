// Runs the LeafStore conformance suite against the in-memory store; the database stores
// instantiate the same suite in their own tests.
#include "store_conformance/leaf_store_conformance.h"

namespace giai::ledger {
namespace {

INSTANTIATE_TEST_SUITE_P(Memory, LeafStoreConformanceTest, ::testing::Values(LeafStoreFactory{[] {
                           return std::make_unique<MemoryLeafStore>();
                         }}));

}  // namespace
}  // namespace giai::ledger
