// The evidence vault over HTTP: streamed write-once uploads checked against the declared
// SHA-256, purpose-bound reads, derivatives, custody, erasure, and the ledger's proofs.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <vector>

#include "crypto/base64.h"
#include "crypto/hash.h"
#include "crypto/random.h"
#include "ledger/checkpoint.h"
#include "ledger/merkle.h"
#include "ledger/note.h"
#include "ledger/tlog_proof.h"
#include "tests/api/test_server.h"

namespace giai::testing {
namespace {

using nlohmann::json;

std::string Sha(const std::string& bytes) { return crypto::ToHex(crypto::Sha256Of(bytes)); }

class EvidenceApiTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    ASSERT_TRUE(crypto::Init());
    server_ = TestServer::Start().release();
    ASSERT_NE(server_, nullptr);
    documenter_ = server_->Token("documenter@org1.demo.example");
    legal_ = server_->Token("legal@org1.demo.example");
    analyst_ = server_->Token("analyst@org1.demo.example");
    admin_ = server_->Token("admin@org1.demo.example");
    other_ = server_->Token("documenter@org2.demo.example");
    auto client = server_->Client();
    auto r = client.Get("/api/v1/incidents?limit=1", Bearer(documenter_));
    incident_ = json::parse(r->body)["items"][0]["id"];
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }

  static json Register(const std::string& content, json extra = json::object(),
                       const std::string& token = documenter_, int expect = 201) {
    json body = {{"sha256", Sha(content)},
                 {"file_name", "photo.jpg"},
                 {"incident_id", incident_},
                 {"acquisition", {{"method", "device_capture"}, {"acquired_at", "2026-11-02"}}}};
    body.merge_patch(extra);
    auto client = server_->Client();
    auto r = client.Post("/api/v1/evidence", Bearer(token), body.dump(), "application/json");
    EXPECT_EQ(r->status, expect) << r->body;
    return json::parse(r->body);
  }
  static httplib::Result Put(const std::string& id, const std::string& content,
                             const std::string& token = documenter_) {
    auto client = server_->Client();
    return client.Put("/api/v1/evidence/" + id + "/content", Bearer(token), content,
                      "application/octet-stream");
  }
  static httplib::Result ReadContent(const std::string& id, const std::string& token,
                                     const std::string& purpose = "case review") {
    auto client = server_->Client();
    httplib::Headers h = Bearer(token);
    if (!purpose.empty()) h.emplace("X-Purpose", purpose);
    return client.Get("/api/v1/evidence/" + id + "/content", h);
  }
  static std::string Stored(const std::string& content, json extra = json::object()) {
    json item = Register(content, extra);
    auto r = Put(item["id"], content);
    EXPECT_EQ(r->status, 200) << r->body;
    return item["id"];
  }
  static std::string Code(const httplib::Result& r) { return json::parse(r->body)["code"]; }

  static inline TestServer* server_ = nullptr;
  static inline std::string documenter_, legal_, analyst_, admin_, other_, incident_;
};

TEST_F(EvidenceApiTest, UploadIsHashedEncryptedRecordedInCustodyAndCommittedToTheLedger) {
  // A PNG named .jpg: the media type comes from the bytes, not from the name.
  std::string content =
      std::string("\x89PNG\r\n\x1A\n\0\0\0\rIHDR", 16) + crypto::RandomBytes(5000);
  json item = Register(content);
  EXPECT_EQ(item["status"], "awaiting_content");
  auto r = Put(item["id"], content);
  ASSERT_EQ(r->status, 200) << r->body;
  json stored = json::parse(r->body);
  EXPECT_EQ(stored["status"], "stored");
  EXPECT_EQ(stored["sha256"], Sha(content));
  EXPECT_EQ(stored["size"], content.size());
  EXPECT_EQ(stored["media_type"], "image/png");

  auto read = ReadContent(item["id"], documenter_);
  ASSERT_EQ(read->status, 200);
  EXPECT_EQ(read->body, content);
  EXPECT_EQ(read->get_header_value("Content-Type"), "image/png");

  auto client = server_->Client();
  json custody =
      json::parse(client
                      .Get("/api/v1/evidence/" + item["id"].get<std::string>() + "/custody",
                           Bearer(documenter_))
                      ->body);
  json events = custody["chain"][0]["events"];
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0]["event"], "received");
  EXPECT_EQ(events[1]["event"], "accessed");
  EXPECT_EQ(events[1]["purpose"], "case review");

  // The proof verifies offline against the log key the server publishes.
  std::string key = client.Get("/api/v1/ledger/key", Bearer(analyst_))->body;
  key.pop_back();
  auto verifier = ledger::NoteVerifier::Parse(key);
  ASSERT_TRUE(verifier.ok());
  std::string proof =
      client.Get("/api/v1/evidence/" + item["id"].get<std::string>() + "/proof", Bearer(legal_))
          ->body;
  auto verified =
      ledger::VerifyItemProof(proof, crypto::Sha256Of(content), verifier->name, *verifier);
  ASSERT_TRUE(verified.ok()) << verified.status().ToString();
  EXPECT_EQ(verified->commitment.id, item["id"]);
  // The same proof does not vouch for other bytes.
  EXPECT_FALSE(
      ledger::VerifyItemProof(proof, crypto::Sha256Of(content + "x"), verifier->name, *verifier)
          .ok());
}

// A hand-over of the original (or a sealed copy) is a "transferred" custody event, committed to
// the ledger like the others, with structured facts only; bad input names its field.
TEST_F(EvidenceApiTest, HandOversAreTransferredCustodyEventsInTheLedger) {
  const std::string id = Stored(crypto::RandomBytes(300));
  auto client = server_->Client();
  const std::string other_org =
      json::parse(client.Get("/api/v1/organisation", Bearer(other_))->body)["id"];
  auto transfer = [&](const json& body, const std::string& token = legal_,
                      const std::string& purpose = "request 2026/17 of the prosecutor") {
    httplib::Headers h = Bearer(token);
    if (!purpose.empty()) h.emplace("X-Purpose", purpose);
    return client.Post("/api/v1/evidence/" + id + "/transfers", h, body.dump(), "application/json");
  };
  json to_icc = {{"recipient", {{"kind", "mechanism"}, {"mechanism", "icc"}}},
                 {"medium", "sealed_copy"},
                 {"handed_over_at", "2026-12-01"},
                 {"receipt_reference", "OTP-R-2026-0042"},
                 {"seal_number", "S-118"}};
  auto r = transfer(to_icc);
  ASSERT_EQ(r->status, 201) << r->body;
  json event = json::parse(r->body);
  EXPECT_EQ(event["event"], "transferred");
  EXPECT_EQ(event["details"]["recipient"]["mechanism"], "icc");
  EXPECT_EQ(event["details"]["seal_number"], "S-118");
  EXPECT_TRUE(event.contains("leaf_index"));
  json to_partner = {{"recipient", {{"kind", "organisation"}, {"org_id", other_org}}},
                     {"medium", "original_device"},
                     {"handed_over_at", "2026-12-02"},
                     {"receipt_reference", "HO-7"}};
  ASSERT_EQ(transfer(to_partner)->status, 201);

  json chain = json::parse(
      client.Get("/api/v1/evidence/" + id + "/custody", Bearer(documenter_))->body)["chain"];
  std::vector<std::string> events;
  for (const json& e : chain[0]["events"]) events.push_back(e["event"]);
  EXPECT_EQ(events, (std::vector<std::string>{"received", "transferred", "transferred"}));
  EXPECT_EQ(chain[0]["events"][1]["purpose"], "request 2026/17 of the prosecutor");

  // Each case names what is wrong; nothing is recorded.
  struct Bad {
    json body;
    std::string field;
  };
  json unknown_org = to_partner;
  unknown_org["recipient"]["org_id"] = "org_nosuch";
  json extra = to_icc;
  extra["recipient_name"] = "J. Smith";
  json no_receipt = to_icc;
  no_receipt.erase("receipt_reference");
  json bad_date = to_icc;
  bad_date["handed_over_at"] = "yesterday";
  json bad_medium = to_icc;
  bad_medium["medium"] = "fax";
  for (const Bad& bad : {Bad{unknown_org, "recipient.org_id"}, Bad{extra, "recipient_name"},
                         Bad{no_receipt, "receipt_reference"}, Bad{bad_date, "handed_over_at"},
                         Bad{bad_medium, "medium"}}) {
    auto refused = transfer(bad.body);
    EXPECT_EQ(refused->status, 400) << refused->body;
    EXPECT_EQ(json::parse(refused->body)["field"], bad.field) << refused->body;
  }
  EXPECT_EQ(json::parse(transfer(to_icc, legal_, "")->body)["field"], "X-Purpose");
  EXPECT_EQ(transfer(to_icc, analyst_)->status, 403);
  EXPECT_EQ(transfer(to_icc, other_)->status, 404);
  json pending = Register("not yet uploaded");
  EXPECT_EQ(client
                .Post(
                    "/api/v1/evidence/" + pending["id"].get<std::string>() + "/transfers",
                    [&] {
                      httplib::Headers h = Bearer(legal_);
                      h.emplace("X-Purpose", "hand-over");
                      return h;
                    }(),
                    to_icc.dump(), "application/json")
                ->status,
            409);
  json after = json::parse(
      client.Get("/api/v1/evidence/" + id + "/custody", Bearer(documenter_))->body)["chain"];
  EXPECT_EQ(after[0]["events"].size(), 3u);
}

TEST_F(EvidenceApiTest, RejectsUploadWhoseDigestDiffersAndStoresNothing) {
  const std::string content = "the real statement";
  json item = Register(content);
  auto objects = std::filesystem::path(server_->data_dir()) / "vault" / "objects";
  const auto before = std::distance(std::filesystem::directory_iterator(objects),
                                    std::filesystem::directory_iterator());
  auto bad = Put(item["id"], "a tampered statement");
  EXPECT_EQ(bad->status, 422);
  EXPECT_EQ(Code(bad), "digest_mismatch");
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(objects),
                          std::filesystem::directory_iterator()),
            before);
  auto client = server_->Client();
  json now = json::parse(
      client.Get("/api/v1/evidence/" + item["id"].get<std::string>(), Bearer(documenter_))->body);
  EXPECT_EQ(now["status"], "awaiting_content");
  // The client may retry with the right bytes.
  EXPECT_EQ(Put(item["id"], content)->status, 200);
}

TEST_F(EvidenceApiTest, OriginalsAreWriteOnceAndNoRouteDeletesThem) {
  const std::string content = "original";
  std::string id = Stored(content);
  auto again = Put(id, content);
  EXPECT_EQ(again->status, 409);
  auto client = server_->Client();
  EXPECT_EQ(client.Delete("/api/v1/evidence/" + id, Bearer(admin_))->status, 405);
  EXPECT_EQ(client.Delete("/api/v1/evidence/" + id + "/content", Bearer(admin_))->status, 405);
  EXPECT_EQ(ReadContent(id, documenter_)->body, content);
}

TEST_F(EvidenceApiTest, LargeFilesAreStreamedBackWholeWithTheirDigest) {
  // Over the 64 MiB that used to be the most a read could return: the body is streamed.
  const std::string content = crypto::RandomBytes((64 << 20) + 12345);
  std::string id = Stored(content);
  auto read = ReadContent(id, legal_);
  ASSERT_TRUE(read);
  ASSERT_EQ(read->status, 200);
  EXPECT_EQ(read->get_header_value("Content-Length"), std::to_string(content.size()));
  EXPECT_TRUE(read->body == content) << "the bytes read back differ";
  std::string digest;
  ASSERT_TRUE(crypto::FromHex(Sha(content), digest));
  EXPECT_EQ(read->get_header_value("Repr-Digest"),
            "sha-256=:" + crypto::Base64Encode(digest) + ":");
}

TEST_F(EvidenceApiTest, AnAlteredFileIsNeverServedComplete) {
  const std::string content = crypto::RandomBytes(400 * 1024);  // several encrypted chunks
  std::string id = Stored(content);
  std::filesystem::path blob;
  for (const auto& entry :
       std::filesystem::directory_iterator(server_->data_dir() + "/vault/objects")) {
    if (entry.path().filename().string().rfind(id, 0) == 0) blob = entry.path();
  }
  ASSERT_FALSE(blob.empty());
  std::filesystem::permissions(blob, std::filesystem::perms::owner_write,
                               std::filesystem::perm_options::add);
  {
    std::fstream f(blob, std::ios::in | std::ios::out | std::ios::binary);
    const auto at = static_cast<std::streamoff>(std::filesystem::file_size(blob) - 100);
    f.seekg(at);
    const char original = static_cast<char>(f.get());
    f.seekp(at);
    f.put(static_cast<char>(original ^ 0x5a));  // always a different byte
  }
  auto read = ReadContent(id, legal_);
  // Either refused outright or cut short of its Content-Length: never the whole file.
  if (read) {
    EXPECT_TRUE(read->status != 200 || read->body.size() < content.size())
        << "an altered file was served complete";
  }
  // The server goes on serving other files.
  const std::string other = "another file";
  EXPECT_EQ(ReadContent(Stored(other), legal_)->body, other);
}

TEST_F(EvidenceApiTest, ContentReadsNeedAPurposeAndARoleAllowedToSeeIt) {
  std::string id = Stored("sensitive photograph");
  EXPECT_EQ(ReadContent(id, documenter_, "")->status, 400);
  EXPECT_EQ(ReadContent(id, analyst_)->status, 403);
  EXPECT_EQ(ReadContent(id, admin_)->status, 403);
  EXPECT_EQ(ReadContent(id, legal_)->status, 200);
  // Another organisation cannot even learn the item exists.
  auto client = server_->Client();
  EXPECT_EQ(client.Get("/api/v1/evidence/" + id, Bearer(other_))->status, 404);
  EXPECT_EQ(ReadContent(id, other_)->status, 404);
  EXPECT_EQ(Put(id, "x", other_)->status, 404);
  // Analysts may see metadata, not content.
  EXPECT_EQ(client.Get("/api/v1/evidence/" + id, Bearer(analyst_))->status, 200);
}

TEST_F(EvidenceApiTest, FileNamesAreSanitisedAndNeverStoredInClear) {
  const std::string marker = "Witness-Zeynep-Ozturk-Statement";
  std::string id = Stored("named file", {{"file_name", "../../etc/" + marker + ".pdf"}});
  auto read = ReadContent(id, documenter_);
  EXPECT_EQ(read->get_header_value("Content-Disposition"),
            "attachment; filename*=UTF-8''" + marker + ".pdf");
  auto client = server_->Client();
  std::string meta = client.Get("/api/v1/evidence/" + id, Bearer(documenter_))->body;
  EXPECT_EQ(meta.find(marker), std::string::npos);
  for (const auto& f : std::filesystem::recursive_directory_iterator(server_->data_dir())) {
    if (!f.is_regular_file()) continue;
    std::ifstream in(f.path(), std::ios::binary);
    std::string raw((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    EXPECT_EQ(raw.find(marker), std::string::npos) << f.path();
  }
}

TEST_F(EvidenceApiTest, DerivativesAreNewItemsChainedToTheirOriginal) {
  std::string parent = Stored("unredacted original");
  auto client = server_->Client();
  json derivative = {
      {"sha256", Sha("redacted copy")},
      {"file_name", "redacted.jpg"},
      {"derivation", {{"kind", "redacted"}, {"tool", "giai-redact"}, {"tool_version", "1.2"}}}};
  auto r = client.Post("/api/v1/evidence/" + parent + "/derivatives", Bearer(documenter_),
                       derivative.dump(), "application/json");
  ASSERT_EQ(r->status, 201) << r->body;
  std::string child = json::parse(r->body)["id"];
  EXPECT_EQ(json::parse(r->body)["parent_id"], parent);
  ASSERT_EQ(Put(child, "redacted copy")->status, 200);
  json chain =
      json::parse(client.Get("/api/v1/evidence/" + child + "/custody", Bearer(legal_))->body);
  ASSERT_EQ(chain["chain"].size(), 2u);
  EXPECT_EQ(chain["chain"][0]["item_id"], child);
  EXPECT_EQ(chain["chain"][1]["item_id"], parent);
  json edge = chain["chain"][1]["events"].back();
  EXPECT_EQ(edge["event"], "derived");
  EXPECT_EQ(edge["details"]["child_sha256"], Sha("redacted copy"));
  EXPECT_EQ(edge["details"]["parent_sha256"], Sha("unredacted original"));
  EXPECT_EQ(edge["details"]["tool"], "giai-redact");
  EXPECT_FALSE(edge["actor_id"].get<std::string>().empty());
  // The original is untouched.
  EXPECT_EQ(ReadContent(parent, documenter_)->body, "unredacted original");
}

TEST_F(EvidenceApiTest, BadInputGetsAStableCodeAndTheFieldAtFault) {
  auto field_of = [](const json& j) { return j.value("field", ""); };
  EXPECT_EQ(field_of(Register("x", {{"sha256", "not-hex"}}, documenter_, 400)), "sha256");
  EXPECT_EQ(
      field_of(Register("x", {{"acquisition", {{"method", "web_capture"}}}}, documenter_, 400)),
      "acquisition.url");
  EXPECT_EQ(field_of(Register("x", {{"acquisition", {{"method", "telepathy"}}}}, documenter_, 400)),
            "acquisition.method");
  EXPECT_EQ(field_of(Register("x", {{"colour", "red"}}, documenter_, 400)), "colour");
  EXPECT_EQ(field_of(Register("x", {{"incident_id", "inc_nope"}}, documenter_, 400)),
            "incident_id");
  EXPECT_EQ(field_of(Register("x", {{"file_name", "../.."}}, documenter_, 400)), "file_name");
  EXPECT_EQ(
      field_of(Register("x", {{"acquisition", {{"method", "other"}, {"acquired_by", "Mr Smith"}}}},
                        documenter_, 400)),
      "acquisition.acquired_by");
  Register("x", {}, analyst_, 403);
  auto client = server_->Client();
  auto r = client.Post("/api/v1/evidence", Bearer(documenter_), "{not json", "application/json");
  EXPECT_EQ(r->status, 400);
  EXPECT_EQ(Put("evd_unknown", "x")->status, 404);
}

TEST_F(EvidenceApiTest, ErasureDestroysTheKeyAndIsRecorded) {
  std::string id = Stored("to be erased");
  auto client = server_->Client();
  EXPECT_EQ(client.Post("/api/v1/evidence/" + id + "/shred", Bearer(documenter_), "", "")->status,
            400);  // needs a reason
  auto r = client.Post("/api/v1/evidence/" + id + "/shred",
                       Bearer(documenter_, {{"X-Purpose", "consent withdrawn"}}), "", "");
  ASSERT_EQ(r->status, 200) << r->body;
  EXPECT_EQ(json::parse(r->body)["status"], "shredded");
  EXPECT_EQ(ReadContent(id, documenter_)->status, 404);
  json chain = json::parse(client.Get("/api/v1/evidence/" + id + "/custody", Bearer(legal_))->body);
  EXPECT_EQ(chain["chain"][0]["events"].back()["event"], "shredded");
}

TEST_F(EvidenceApiTest, LedgerProofsVerifyAgainstTheSignedCheckpoint) {
  Stored("one");
  Stored("two");
  auto client = server_->Client();
  std::string key = client.Get("/api/v1/ledger/key", Bearer(analyst_))->body;
  key.pop_back();
  auto verifier = ledger::NoteVerifier::Parse(key).value();
  std::string note = client.Get("/api/v1/ledger/checkpoint", Bearer(analyst_))->body;
  auto checkpoint = ledger::OpenCheckpoint(note, verifier.name, verifier);
  ASSERT_TRUE(checkpoint.ok()) << checkpoint.status().ToString();
  const std::uint64_t size = checkpoint->size;
  ASSERT_GE(size, 4u);
  auto decode = [](const json& list) {
    std::vector<ledger::Hash> out;
    for (const auto& b64 : list) {
      std::string raw;
      EXPECT_TRUE(crypto::Base64Decode(b64.get<std::string>(), raw));
      out.push_back(ledger::HashFromBytes(raw).value());
    }
    return out;
  };
  for (std::uint64_t index : {std::uint64_t{0}, size / 2, size - 1}) {
    json inc =
        json::parse(client
                        .Get("/api/v1/ledger/proof/inclusion?index=" + std::to_string(index) +
                                 "&tree_size=" + std::to_string(size),
                             Bearer(analyst_))
                        ->body);
    std::string leaf_raw;
    ASSERT_TRUE(crypto::Base64Decode(inc["leaf_hash"].get<std::string>(), leaf_raw));
    EXPECT_TRUE(ledger::VerifyInclusion(index, size, ledger::HashFromBytes(leaf_raw).value(),
                                        decode(inc["proof"]), checkpoint->root)
                    .ok());
  }
  json con = json::parse(
      client
          .Get("/api/v1/ledger/proof/consistency?first=1&second=" + std::to_string(size),
               Bearer(analyst_))
          ->body);
  json first = json::parse(
      client.Get("/api/v1/ledger/proof/inclusion?index=0&tree_size=1", Bearer(analyst_))->body);
  std::string first_leaf;
  ASSERT_TRUE(crypto::Base64Decode(first["leaf_hash"].get<std::string>(), first_leaf));
  EXPECT_TRUE(ledger::VerifyConsistency(1, size, decode(con["proof"]),
                                        ledger::HashFromBytes(first_leaf).value(), checkpoint->root)
                  .ok());
  EXPECT_EQ(
      client.Get("/api/v1/ledger/proof/inclusion?index=5&tree_size=2", Bearer(analyst_))->status,
      400);
  EXPECT_EQ(
      client.Get("/api/v1/ledger/proof/consistency?first=0&second=2", Bearer(analyst_))->status,
      400);
  EXPECT_EQ(client.Get("/api/v1/ledger/checkpoint")->status, 401);
}

TEST_F(EvidenceApiTest, EveryRecordAndConsentVersionIsCommittedToTheLedger) {
  auto client = server_->Client();
  std::string key = client.Get("/api/v1/ledger/key", Bearer(analyst_))->body;
  key.pop_back();
  auto verifier = ledger::NoteVerifier::Parse(key).value();
  auto size = [&] {
    std::string note = client.Get("/api/v1/ledger/checkpoint", Bearer(analyst_))->body;
    return ledger::OpenCheckpoint(note, verifier.name, verifier).value().size;
  };
  const std::uint64_t before = size();
  auto created =
      client.Post("/api/v1/incidents", Bearer(documenter_),
                  R"({"title":"Ledger test","date":"2020-05","country":"SY"})", "application/json");
  ASSERT_EQ(created->status, 201) << created->body;
  EXPECT_EQ(size(), before + 1);
  std::string id = json::parse(created->body)["id"];
  auto patched =
      client.Patch("/api/v1/incidents/" + id, Bearer(documenter_, {{"If-Match", "\"1\""}}),
                   R"({"title":"Ledger test, corrected"})", "application/json");
  ASSERT_EQ(patched->status, 200) << patched->body;
  EXPECT_EQ(size(), before + 2);
  // A refused write commits nothing.
  EXPECT_EQ(
      client.Post("/api/v1/incidents", Bearer(analyst_), R"({"title":"x"})", "application/json")
          ->status,
      403);
  EXPECT_EQ(size(), before + 2);
}

TEST(EvidenceUploadLimit, RefusesAFileOverTheLimitAndStoresNothing) {
  TestServer::Options options;
  options.env = {{"GIAI_UPLOAD_LIMIT_BYTES", "4096"}};
  auto server = TestServer::Start(options);
  ASSERT_NE(server, nullptr);
  std::string token = server->Token("documenter@org1.demo.example");
  const std::string big(5000, 'b');
  json body = {
      {"sha256", Sha(big)}, {"file_name", "big.bin"}, {"acquisition", {{"method", "handed_over"}}}};
  auto client = server->Client();
  // The demo data holds stored items already: nothing may be added to them.
  auto objects = std::filesystem::path(server->data_dir()) / "vault" / "objects";
  auto stored = [&objects] {
    std::size_t n = 0;
    for (const auto& e : std::filesystem::recursive_directory_iterator(objects)) {
      n += e.is_regular_file() ? 1 : 0;
    }
    return n;
  };
  const std::size_t before = stored();
  auto r = client.Post("/api/v1/evidence", Bearer(token), body.dump(), "application/json");
  ASSERT_EQ(r->status, 201);
  std::string id = json::parse(r->body)["id"];
  auto put = client.Put("/api/v1/evidence/" + id + "/content", Bearer(token), big,
                        "application/octet-stream");
  EXPECT_EQ(put->status, 413);
  EXPECT_EQ(stored(), before);
  // Declared too large up front: refused at registration.
  body["size"] = 5000;
  EXPECT_EQ(client.Post("/api/v1/evidence", Bearer(token), body.dump(), "application/json")->status,
            413);
}

}  // namespace
}  // namespace giai::testing
