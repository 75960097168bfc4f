// I/O faults during an evidence upload, end to end through the HTTP API layer (in process, the
// real composition root, the vault on a FaultInjectingEnv): for a failed write, a full disk, a
// failed fsync, a failed publish (link) and a failed directory fsync, the client gets a problem
// with a stable code, nothing half-written is visible (no blob, the item still awaits its
// content, nothing left in incoming/), and the very next upload of the same item succeeds.
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "cli/runtime.h"
#include "core/vocabulary.h"
#include "crypto/hash.h"
#include "crypto/random.h"
#include "http/api.h"

namespace giai::testing {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;
using Fault = vault::FaultInjectingEnv::Fault;

class EvidenceFaultsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(crypto::Init());
    dir_ = fs::temp_directory_path() / ("giai-faults-" + crypto::RandomBase32(8));
    ASSERT_TRUE(cli::Runtime::Initialise(dir_).ok());
    auto rt = cli::Runtime::Open(dir_, "", true, env_);
    ASSERT_TRUE(rt.ok()) << rt.status().ToString();
    rt_ = std::move(rt).value();
    auto org = rt_->admin->CreateOrganisation("Faults (fictional)", "member");
    ASSERT_TRUE(org.ok()) << org.status().ToString();
    ASSERT_TRUE(
        rt_->admin
            ->CreateUser(org->id,
                         {"doc@faults.example", "Doc", "documenter", "a long enough password", {}})
            .ok());
    auto token = rt_->authenticator->CreateApiToken("doc@faults.example", "test");
    ASSERT_TRUE(token.ok());
    token_ = *token;
    api_ = std::make_unique<http::Api>(
        http::ApiDeps{*rt_->store, *rt_->authenticator, *rt_->documentation, *rt_->admin,
                      *rt_->consent, *rt_->cases, *rt_->evidence, *rt_->ledger, *rt_->grants,
                      *rt_->linkage, *rt_->interview_checks, *rt_->estimates, *rt_->shares,
                      Vocabulary::Builtin()},
        http::ApiOptions{});
  }
  void TearDown() override {
    api_.reset();
    rt_.reset();
    fs::remove_all(dir_);
  }

  http::Request Make(const std::string& method, const std::string& path, std::string body) {
    http::Request r;
    r.method = method;
    r.target = r.path = path;
    r.headers = {{"Authorization", "Bearer " + token_},
                 {"Content-Type", "application/json"},
                 {"Content-Length", std::to_string(body.size())}};
    r.body = std::move(body);
    r.remote_address = "127.0.0.1";
    return r;
  }
  std::string Register(const std::string& content) {
    json body = {{"sha256", crypto::ToHex(crypto::Sha256Of(content))},
                 {"file_name", "recording.wav"},
                 {"acquisition", {{"method", "handed_over"}}}};
    http::Response r = api_->Handle(Make("POST", "/api/v1/evidence", body.dump()));
    EXPECT_EQ(r.status, 201) << r.body;
    return json::parse(r.body)["id"];
  }
  // Streams `content` the way the transport does: the head, then pieces, then Finish.
  http::Response Upload(const std::string& id, const std::string& content) {
    http::Request head = Make("PUT", "/api/v1/evidence/" + id + "/content", "");
    head.headers[2].second = std::to_string(content.size());
    http::StreamDecision d = api_->SelectStream(head);
    if (d.refuse) return *d.refuse;
    EXPECT_TRUE(d.sink) << "the upload route streams its body";
    if (!d.sink) return {};
    for (std::size_t at = 0; at < content.size(); at += 100000) {
      if (auto stop = d.sink->Write(std::string_view(content).substr(at, 100000))) return *stop;
    }
    return d.sink->Finish();
  }
  json Item(const std::string& id) {
    http::Response r = api_->Handle(Make("GET", "/api/v1/evidence/" + id, ""));
    return json::parse(r.body);
  }
  std::size_t Files(const std::string& sub) {
    std::size_t n = 0;
    for (const auto& e : fs::directory_iterator(dir_ / "vault" / sub)) n += e.is_regular_file();
    return n;
  }

  vault::FaultInjectingEnv env_{vault::PosixEnv()};
  fs::path dir_;
  std::unique_ptr<cli::Runtime> rt_;
  std::unique_ptr<http::Api> api_;
  std::string token_;
};

TEST_F(EvidenceFaultsTest, EveryFaultGivesTheClientAnErrorLeavesNothingAndTheNextUploadWorks) {
  const std::string content = crypto::RandomBytes(600 * 1024);  // several encrypted chunks
  struct Case {
    Fault fault;
    const char* name;
  };
  for (const Case& c : {Case{Fault::kWrite, "write"}, Case{Fault::kDiskFull, "disk full"},
                        Case{Fault::kSync, "fsync"}, Case{Fault::kLink, "publish"},
                        Case{Fault::kSyncDirectory, "directory fsync"}}) {
    SCOPED_TRACE(c.name);
    const std::string id = Register(content);
    const std::size_t blobs_before = Files("objects");
    env_.Arm(c.fault);
    http::Response failed = Upload(id, content);
    env_.Disarm();
    EXPECT_EQ(failed.status, 503) << failed.body;
    json problem = json::parse(failed.body, nullptr, false);
    ASSERT_TRUE(problem.is_object()) << failed.body;
    EXPECT_EQ(problem["code"], "unavailable") << failed.body;
    // Nothing half-written is visible: no new blob, nothing in incoming/, the item still waits.
    EXPECT_EQ(Files("objects"), blobs_before);
    EXPECT_EQ(Files("incoming"), 0u);
    EXPECT_EQ(Item(id)["status"], "awaiting_content");
    // The server recovers: the same item uploads fine the next time.
    http::Response ok = Upload(id, content);
    ASSERT_EQ(ok.status, 200) << ok.body;
    EXPECT_EQ(Item(id)["status"], "stored");
    EXPECT_EQ(Files("objects"), blobs_before + 1);
  }
}

}  // namespace
}  // namespace giai::testing
