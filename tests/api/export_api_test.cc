// POST /api/v1/exports: a legal officer downloads an evidence bundle for a mechanism as a tar
// stream. The test unpacks it with the system's tar, as a prosecutor would, and checks it with
// `giai verify` against the log key fetched separately; the consent gate's refusals are in the
// manifest with their reasons; other roles and organisations get nothing.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "crypto/hash.h"
#include "tests/api/api_fixture.h"
#include "tests/api/test_server.h"

namespace giai::testing {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

class ExportApiTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = TestServer::Start().release();
    ASSERT_NE(server_, nullptr);
    documenter_ = server_->Token("documenter@org1.demo.example");
    legal_ = server_->Token("legal@org1.demo.example");
    other_legal_ = server_->Token("legal@org2.demo.example");
    agreed_ = Person({"icc"});
    refused_ = Person({"ngo_partner"});
    photo_ = Store(std::string(300000, 'p'), "témoignage photo.jpg", agreed_);
    statement_ = Store("statement of a witness", "statement.pdf", refused_);
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }

  // A person whose consent allows sharing with `sharing` only.
  static std::string Person(const std::vector<std::string>& sharing) {
    return NewPersonWithConsent(*server_, documenter_, {{"sex", "female"}}, sharing,
                                "pseudonymous");
  }

  static std::string Store(const std::string& content, const std::string& name,
                           const std::string& person, const std::string& token = documenter_) {
    auto client = server_->Client();
    json body = {{"sha256", crypto::ToHex(crypto::Sha256Of(content))},
                 {"file_name", name},
                 {"person_ids", {person}},
                 {"acquisition", {{"method", "handed_over"}}}};
    auto r = client.Post("/api/v1/evidence", Bearer(token), body.dump(), "application/json");
    EXPECT_EQ(r->status, 201) << r->body;
    std::string id = json::parse(r->body)["id"];
    auto put = client.Put("/api/v1/evidence/" + id + "/content", Bearer(token), content,
                          "application/octet-stream");
    EXPECT_EQ(put->status, 200) << put->body;
    return id;
  }

  static httplib::Result Export(const json& body, const std::string& token = legal_) {
    return server_->Client().Post("/api/v1/exports", Bearer(token), body.dump(),
                                  "application/json");
  }
  static json Icc(std::vector<std::string> items) {
    return {{"items", items}, {"recipient", "icc"}, {"purpose", "Request of the ICC OTP"}};
  }
  static std::string Code(const httplib::Result& r) { return ProblemCode(r); }

  // Unpacks a tar into a fresh directory with the system's tar.
  static fs::path Unpack(const std::string& tar) {
    fs::path dir = fs::path(server_->data_dir()).parent_path() / ("unpacked-" + Next());
    return UnpackTar(tar, dir);
  }
  static std::string Next() { return std::to_string(counter_++); }

  static inline TestServer* server_ = nullptr;
  static inline std::string documenter_, legal_, other_legal_;
  static inline std::string agreed_, refused_, photo_, statement_;
  static inline int counter_ = 0;
};

TEST_F(ExportApiTest, ALegalOfficerDownloadsABundleThatVerifiesOffline) {
  auto r = Export(Icc({photo_, statement_}));
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  EXPECT_EQ(r->get_header_value("Content-Type"), "application/x-tar");
  EXPECT_EQ(r->get_header_value("X-Exported-Count"), "1");
  EXPECT_EQ(r->get_header_value("X-Withheld-Count"), "1");
  const std::string export_id = r->get_header_value("X-Export-Id");
  EXPECT_EQ(export_id.rfind("exp_", 0), 0u) << export_id;
  fs::path dir = Unpack(r->body);

  // The prosecutor checks it against the key the organisation publishes (fetched separately).
  std::string key = server_->Client().Get("/api/v1/ledger/key", Bearer(legal_))->body;
  while (!key.empty() && key.back() == '\n') key.pop_back();
  Outcome verified = RunGiai("verify '" + dir.string() + "' --key '" + key + "'");
  EXPECT_EQ(verified.code, 0) << verified.out;
  EXPECT_NE(verified.out.find("verified  " + photo_), std::string::npos) << verified.out;
  EXPECT_NE(verified.out.find("withheld  " + statement_), std::string::npos) << verified.out;

  // The file is the original, under its (non-ASCII) name; the withheld one is absent.
  EXPECT_EQ(ReadAll(dir / "files" / (photo_ + "-témoignage photo.jpg")), std::string(300000, 'p'));
  for (const auto& f : fs::directory_iterator(dir / "files")) {
    EXPECT_EQ(f.path().filename().string().find(statement_), std::string::npos);
  }
  json manifest = json::parse(ReadAll(dir / "manifest.json"));
  ASSERT_EQ(manifest["withheld"].size(), 1u);
  EXPECT_EQ(manifest["withheld"][0]["id"], statement_);
  EXPECT_NE(manifest["withheld"][0]["reason"].get<std::string>().find("icc"), std::string::npos)
      << manifest["withheld"][0]["reason"];
  EXPECT_EQ(manifest["purpose"], "Request of the ICC OTP");

  // The export is in the item's chain of custody.
  auto custody = server_->Client().Get("/api/v1/evidence/" + photo_ + "/custody", Bearer(legal_));
  ASSERT_EQ(custody->status, 200);
  json chain = json::parse(custody->body);
  bool exported = false;
  for (const auto& event : chain["chain"][0]["events"]) {
    exported = exported ||
               (event["event"] == "exported" && event.dump().find(export_id) != std::string::npos);
  }
  EXPECT_TRUE(exported) << chain.dump();
}

TEST_F(ExportApiTest, ATamperedBundleFailsVerification) {
  auto r = Export(Icc({photo_}));
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200);
  fs::path dir = Unpack(r->body);
  std::ofstream(dir / "files" / (photo_ + "-témoignage photo.jpg"), std::ios::app) << "x";
  std::string key = server_->Client().Get("/api/v1/ledger/key", Bearer(legal_))->body;
  while (!key.empty() && key.back() == '\n') key.pop_back();
  Outcome verified = RunGiai("verify '" + dir.string() + "' --key '" + key + "'");
  EXPECT_NE(verified.code, 0) << verified.out;
}

TEST_F(ExportApiTest, OnlyTheLegalRoleExportsAndOnlyItsOwnOrganisationsItems) {
  EXPECT_EQ(Export(Icc({photo_}), documenter_)->status, 403);
  EXPECT_EQ(Code(Export(Icc({photo_}), documenter_)), "forbidden");
  EXPECT_EQ(Export(Icc({photo_}), "not-a-token")->status, 401);
  // Another organisation's legal officer: the item is withheld as if it did not exist.
  auto r = Export(Icc({photo_}), other_legal_);
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200);
  EXPECT_EQ(r->get_header_value("X-Exported-Count"), "0");
  json manifest = json::parse(ReadAll(Unpack(r->body) / "manifest.json"));
  ASSERT_EQ(manifest["withheld"].size(), 1u);
  EXPECT_EQ(manifest["withheld"][0]["reason"], "no such evidence item in this organisation");
  EXPECT_TRUE(manifest["items"].empty());
}

TEST_F(ExportApiTest, BadRequestsGetAStableCodeAndTheFieldAtFault) {
  struct Case {
    json body;
    std::string field;
  };
  const std::vector<Case> cases = {
      {{{"items", json::array()}, {"recipient", "icc"}, {"purpose", "p"}}, "items"},
      {{{"items", "evd_X"}, {"recipient", "icc"}, {"purpose", "p"}}, "items"},
      {{{"items", {photo_}}, {"recipient", "the press"}, {"purpose", "p"}}, "recipient"},
      {{{"items", {photo_}}, {"recipient", "icc"}}, "purpose"},
      {{{"items", {photo_}}, {"recipient", "icc"}, {"purpose", ""}}, "purpose"},
      {{{"items", {photo_}}, {"recipient", "icc"}, {"purpose", "p"}, {"format", "zip"}}, "format"},
  };
  for (const Case& c : cases) {
    auto r = Export(c.body);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 400) << c.body.dump();
    json problem = json::parse(r->body);
    EXPECT_EQ(problem["code"], "invalid_input") << r->body;
    EXPECT_NE(r->body.find(c.field), std::string::npos) << r->body;
  }
  auto malformed =
      server_->Client().Post("/api/v1/exports", Bearer(legal_), "{not json", "application/json");
  EXPECT_EQ(malformed->status, 400);
}

}  // namespace
}  // namespace giai::testing
