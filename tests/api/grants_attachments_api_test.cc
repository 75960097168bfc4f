// Attachments of grant applications over real HTTP (docs/GRANTS.md "Attachments"): streamed into
// the vault, hashed, write-once, read back with a purpose by whoever may read the full application
// (the applicant organisation, the grants officer, reviewers cleared by their COI declaration).
#include <filesystem>
#include <fstream>

#include "crypto/hash.h"
#include "tests/api/grants_fixture.h"

namespace giai::testing {
namespace {

constexpr std::uint64_t kLimit = 64 * 1024;  // the server's upload limit in this suite

std::string Sha(const std::string& s) { return crypto::ToHex(crypto::Sha256Of(s)); }

class GrantsAttachmentsApiTest : public GrantsApiTest {
 protected:
  static void SetUpTestSuite() {
    StartSuite({.env = {{"GIAI_UPLOAD_LIMIT_BYTES", std::to_string(kLimit)}}});
  }

  static httplib::Result PutFile(const std::string& app, const std::string& name,
                                 const std::string& token, const std::string& bytes) {
    auto client = server_->Client();
    return client.Put("/api/v1/grant-applications/" + app + "/attachments/" + name, Bearer(token),
                      bytes, "application/octet-stream");
  }
  static httplib::Result Content(const std::string& app, const std::string& attachment,
                                 const std::string& token, bool purpose = true) {
    auto client = server_->Client();
    return client.Get(
        "/api/v1/grant-applications/" + app + "/attachments/" + attachment + "/content",
        purpose ? Bearer(token, {{"X-Purpose", "review of the application (test)"}})
                : Bearer(token));
  }
  static json ListOf(const std::string& app, const std::string& token, int expected = 200) {
    return Get("/grant-applications/" + app + "/attachments", token, expected);
  }
  // A draft application of applicant A in a fresh open call.
  static std::string DraftApp() {
    std::string call = OpenCall(NewFund());
    return Post("/grant-applications", applicant_a_, AppBody(call, "EUR", "20000"), 201)["id"];
  }
  static void SubmitAndScreen(const std::string& app) {
    Post("/grant-applications/" + app + "/submit", applicant_a_, json(), 200);
    json noted = Eligible();
    noted["double_funding_note"] = "different beneficiaries (fictional)";
    Post("/grant-applications/" + app + "/screening", grants_, noted, 200);
  }
};

const std::string kPdf =
    "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n% fictional budget annex\n%%EOF\n";

TEST_F(GrantsAttachmentsApiTest, UploadListAndDownloadRoundTripWithTheHash) {
  const std::string app = DraftApp();
  auto put = PutFile(app, "budget%20annex.pdf", applicant_a_, kPdf);
  ASSERT_TRUE(put);
  ASSERT_EQ(put->status, 201) << put->body;
  json att = json::parse(put->body);
  EXPECT_EQ(att["sha256"], Sha(kPdf));
  EXPECT_EQ(att["size"], kPdf.size());
  EXPECT_EQ(att["media_type"], "application/pdf");
  EXPECT_EQ(att["name"], "budget annex.pdf");
  EXPECT_EQ(att["application_id"], app);
  const std::string id = att["id"];

  // The applicant and the grants officer see the (sealed) name.
  for (const std::string& token : {applicant_a_, grants_}) {
    json list = ListOf(app, token);
    ASSERT_EQ(list["items"].size(), 1u);
    EXPECT_EQ(list["items"][0]["id"], id);
    EXPECT_EQ(list["items"][0]["name"], "budget annex.pdf");
    EXPECT_EQ(list["items"][0]["sha256"], Sha(kPdf));
    EXPECT_FALSE(list["items"][0].contains("blob"));
    auto got = Content(app, id, token);
    ASSERT_TRUE(got);
    ASSERT_EQ(got->status, 200) << got->body;
    EXPECT_EQ(got->body, kPdf);
    EXPECT_EQ(Sha(got->body), att["sha256"]);
    EXPECT_EQ(got->get_header_value("Content-Type"), "application/pdf");
    // (the client may hand the header back percent-decoded)
    const std::string disposition = got->get_header_value("Content-Disposition");
    EXPECT_TRUE(disposition == "attachment; filename*=UTF-8''budget%20annex.pdf" ||
                disposition == "attachment; filename*=UTF-8''budget annex.pdf")
        << disposition;
    EXPECT_FALSE(got->get_header_value("Repr-Digest").empty());
  }
  // Stored encrypted: the plaintext is nowhere in the vault's files.
  for (const auto& e : std::filesystem::recursive_directory_iterator(
           std::filesystem::path(server_->data_dir()) / "vault")) {
    if (!e.is_regular_file()) continue;
    std::ifstream in(e.path(), std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    EXPECT_EQ(bytes.find("fictional budget annex"), std::string::npos) << e.path();
  }
  // Reading content needs a purpose; the read is audited.
  auto no_purpose = Content(app, id, applicant_a_, false);
  ASSERT_TRUE(no_purpose);
  EXPECT_EQ(no_purpose->status, 400);
  EXPECT_EQ(json::parse(no_purpose->body)["field"], "X-Purpose");
  // The grants officer's read is in the programme organisation's audit trail, with its purpose.
  bool read_audited = false;
  const std::string admin = server_->Token("admin@org1.demo.example");
  std::string cursor;
  for (int page = 0; page < 100 && !read_audited; ++page) {
    json audit = Get("/audit?limit=500" + (cursor.empty() ? "" : "&cursor=" + cursor), admin);
    for (const json& e : audit["items"]) {
      read_audited |= e["record_id"] == id && e["action"] == "grant_application.attachment.read" &&
                      e["purpose"] == "review of the application (test)";
    }
    if (!audit["next_cursor"].is_string()) break;
    cursor = audit["next_cursor"];
  }
  EXPECT_TRUE(read_audited);
  // Unknown attachment id, and an attachment asked under another application: 404.
  EXPECT_EQ(Content(app, "gat_nope", applicant_a_)->status, 404);
  const std::string other = DraftApp();
  EXPECT_EQ(Content(other, id, applicant_a_)->status, 404);
}

// The auditors' export lists every attachment by its descriptor: hash, size, media type, the
// sealed name by field name only, and no storage detail.
TEST_F(GrantsAttachmentsApiTest, TheAuditorsExportListsAttachmentsWithoutOpeningThem) {
  const std::string fund = NewFund();
  const std::string app =
      Post("/grant-applications", applicant_a_, AppBody(OpenCall(fund), "EUR", "20000"), 201)["id"];
  auto put = PutFile(app, "annex.pdf", applicant_a_, kPdf);
  ASSERT_TRUE(put);
  ASSERT_EQ(put->status, 201) << put->body;
  const std::string id = json::parse(put->body)["id"];
  json file = Do("GET", "/grant-funds/" + fund + "/export", grants_, json(), 200,
                 {{"X-Purpose", "audit of the fund (test)"}});
  ASSERT_EQ(file["attachments"].size(), 1u) << file.dump();
  const json& a = file["attachments"][0];
  EXPECT_EQ(a["id"], id);
  EXPECT_EQ(a["application_id"], app);
  EXPECT_EQ(a["sha256"], Sha(kPdf));
  EXPECT_EQ(a["size"], kPdf.size());
  EXPECT_EQ(a["sealed_fields"], json::array({"name"}));
  EXPECT_FALSE(a.contains("blob"));
  EXPECT_EQ(file.dump().find("annex.pdf"), std::string::npos);
}

TEST_F(GrantsAttachmentsApiTest, ApplicantsOfAnotherOrganisationSeeNothing) {
  const std::string app = DraftApp();
  auto put = PutFile(app, "statutes.pdf", applicant_a_, kPdf);
  ASSERT_EQ(put->status, 201) << put->body;
  const std::string id = json::parse(put->body)["id"];
  ListOf(app, applicant_b_, 404);
  EXPECT_EQ(Content(app, id, applicant_b_)->status, 404);
  EXPECT_EQ(PutFile(app, "mine.pdf", applicant_b_, kPdf)->status, 404);
  // The grants officer of another organisation does not reach it either.
  ListOf(app, grants_other_, 404);
  EXPECT_EQ(Content(app, id, grants_other_)->status, 404);
  // Only applicants attach files; the grants officer may not.
  EXPECT_EQ(PutFile(app, "officer.pdf", grants_, kPdf)->status, 403);
  EXPECT_EQ(ListOf(app, applicant_a_)["items"].size(), 1u);
}

TEST_F(GrantsAttachmentsApiTest, ReviewersReadOnlyOnceTheirDeclarationClearedThem) {
  const std::string app = DraftApp();
  auto put = PutFile(app, "workplan.pdf", applicant_a_, kPdf);
  ASSERT_EQ(put->status, 201) << put->body;
  const std::string id = json::parse(put->body)["id"];
  SubmitAndScreen(app);

  // Assigned, not yet declared: nothing.
  std::string a0 = Post("/grant-applications/" + app + "/assignments", grants_,
                        {{"reviewer_id", reviewer_ids_[0]}}, 201)["id"];
  ListOf(app, reviewers_[0], 404);
  EXPECT_EQ(Content(app, id, reviewers_[0])->status, 404);
  // Declared no conflict: the files, without their sealed names.
  Post("/grant-assignments/" + a0 + "/declaration", reviewers_[0],
       {{"conflict", "none"}, {"confidentiality", true}}, 200);
  json list = ListOf(app, reviewers_[0]);
  ASSERT_EQ(list["items"].size(), 1u);
  EXPECT_FALSE(list["items"][0].contains("name"));
  EXPECT_EQ(list["items"][0]["sha256"], Sha(kPdf));
  auto got = Content(app, id, reviewers_[0]);
  ASSERT_EQ(got->status, 200) << got->body;
  EXPECT_EQ(got->body, kPdf);
  EXPECT_TRUE(got->get_header_value("Content-Disposition").empty());
  // Recused by the officer: nothing again.
  Post("/grant-assignments/" + a0 + "/recusal", grants_, {{"reason", "fictional conflict"}}, 200);
  ListOf(app, reviewers_[0], 404);
  EXPECT_EQ(Content(app, id, reviewers_[0])->status, 404);
  // A reviewer never assigned to it: nothing.
  ListOf(app, reviewers_[1], 404);
  EXPECT_EQ(Content(app, id, reviewers_[1])->status, 404);
  // Reviewers do not upload.
  EXPECT_EQ(PutFile(app, "review.pdf", reviewers_[1], kPdf)->status, 403);
}

TEST_F(GrantsAttachmentsApiTest, WriteOnceEditableOnlyWithinTheLimit) {
  const std::string app = DraftApp();
  ASSERT_EQ(PutFile(app, "annex.txt", applicant_a_, "first version\n")->status, 201);
  // Same name again: refused, the first file stays.
  auto again = PutFile(app, "annex.txt", applicant_a_, "second version\n");
  EXPECT_EQ(again->status, 409);
  EXPECT_EQ(json::parse(again->body)["code"], "conflict");
  // Over the limit: refused, whether the length is declared (Content-Length) or not.
  auto big = PutFile(app, "big.bin", applicant_a_, std::string(kLimit + 1, 'b'));
  ASSERT_TRUE(big);
  EXPECT_EQ(big->status, 413);
  EXPECT_EQ(json::parse(big->body)["code"], "payload_too_large");
  {
    auto client = server_->Client();
    auto chunked = client.Put(
        "/api/v1/grant-applications/" + app + "/attachments/chunked.bin", Bearer(applicant_a_),
        [&](size_t offset, httplib::DataSink& sink) {
          if (offset < kLimit + 8192) {
            std::string part(4096, 'c');
            sink.write(part.data(), part.size());
          } else {
            sink.done();
          }
          return true;
        },
        "application/octet-stream");
    if (chunked) {
      EXPECT_EQ(chunked->status, 413);  // or the connection was closed mid-body
    }
  }
  // Exactly at the limit: accepted.
  EXPECT_EQ(PutFile(app, "limit.bin", applicant_a_, std::string(kLimit, 'l'))->status, 201);
  json list = ListOf(app, applicant_a_);
  ASSERT_EQ(list["items"].size(), 2u);
  for (const json& item : list["items"]) {
    EXPECT_NE(item["name"], "big.bin");
    EXPECT_NE(item["name"], "chunked.bin");
    if (item["name"] == "annex.txt") {
      EXPECT_EQ(item["sha256"], Sha("first version\n"));
    }
  }
  // Path tricks and unsafe names: refused with a stable code, nothing stored.
  for (const char* name : {"..%5Cboot.ini", "%2E%2E", ".env", "a%01b.txt", "%FF.pdf"}) {
    auto r = PutFile(app, name, applicant_a_, "x");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 400) << name;
    json problem = json::parse(r->body);
    EXPECT_EQ(problem["code"], "invalid_input") << name;
    EXPECT_EQ(problem["field"], "name") << name;
  }
  EXPECT_EQ(ListOf(app, applicant_a_)["items"].size(), 2u);
  // Submitted: no longer editable, so no new file.
  Post("/grant-applications/" + app + "/submit", applicant_a_, json(), 200);
  EXPECT_EQ(PutFile(app, "late.pdf", applicant_a_, kPdf)->status, 409);
  EXPECT_EQ(ListOf(app, applicant_a_)["items"].size(), 2u);
}

}  // namespace
}  // namespace giai::testing
