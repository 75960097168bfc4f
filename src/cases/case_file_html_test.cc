#include "cases/case_file_html.h"

#include <gtest/gtest.h>

#include "cases/case_file.h"

namespace giai::cases {
namespace {

using nlohmann::json;

TEST(CaseFileHtmlTest, EscapesEveryValueAndShowsContradictionsAndWithheldItems) {
  json file = {
      {"case",
       {{"id", "cas_1"}, {"title", "<script>alert(1)</script>"}, {"mechanism", {{"type", "icc"}}}}},
      {"charges",
       json::array({{{"charge", {{"id", "chg_1"}, {"crime_title", "Murder & co"}}},
                     {"matrix",
                      {{"elements",
                        json::array({{{"element", {{"id", "X.E1"}, {"text", "t"}}},
                                      {"coverage", "partly"},
                                      {"supporting", json::array()},
                                      {"contradicting", json::array({{{"item_id", "tst_9"},
                                                                      {"withheld", true},
                                                                      {"withheld_reason", "no"}}})},
                                      {"context", json::array()}}})}}},
                     {"gaps", json::array()}}})},
      {"withheld", json::array({{{"item_id", "tst_9"}, {"reason", "consent <b>"}}})}};
  std::string html = RenderCaseFileHtml(file);
  EXPECT_EQ(html.find("<script>"), std::string::npos);
  EXPECT_NE(html.find("&lt;script&gt;"), std::string::npos);
  EXPECT_NE(html.find("Murder &amp; co"), std::string::npos);
  EXPECT_NE(html.find("tst_9"), std::string::npos);
  EXPECT_NE(html.find("consent &lt;b&gt;"), std::string::npos);
  EXPECT_NE(html.find("class=\"partly\""), std::string::npos);
}

TEST(CaseFileTest, AWithheldItemLeavesTheSharedListsAndStaysInTheMatrix) {
  json link = {{"item_id", "evd_1"}, {"item_kind", "evidence"}, {"withheld", false}};
  json file = {
      {"charges", json::array({{{"matrix",
                                 {{"elements", json::array({{{"supporting", json::array()},
                                                             {"contradicting", json::array({link})},
                                                             {"context", json::array()}}})}}}}})},
      {"items", json::array({{{"item_id", "evd_1"}}, {{"item_id", "src_2"}}})},
      {"withheld", json::array()},
      {"evidence", {{"items", json::array({"evd_1"})}}}};
  WithholdItem(file, "evd_1", "content is awaiting_content");
  WithholdItem(file, "evd_1", "twice");  // no effect
  ASSERT_EQ(file["withheld"].size(), 1u);
  EXPECT_EQ(file["withheld"][0]["item_kind"], "evidence");
  EXPECT_EQ(file["withheld"][0]["reason"], "content is awaiting_content");
  EXPECT_EQ(file["items"].size(), 1u);
  EXPECT_TRUE(file["evidence"]["items"].empty());
  const json& kept = file["charges"][0]["matrix"]["elements"][0]["contradicting"][0];
  EXPECT_TRUE(kept["withheld"]);
  EXPECT_EQ(kept["withheld_reason"], "content is awaiting_content");
  auto docs = CaseFileDocuments(file);
  ASSERT_EQ(docs.size(), 5u);
  EXPECT_EQ(docs[0].first, "case-file.json");
  EXPECT_EQ(json::parse(docs[0].second), file);
  EXPECT_NE(docs[2].second.find("evd_1"), std::string::npos);
}

TEST(CaseFileHtmlTest, AnEmptyFileStillRenders) {
  std::string html = RenderCaseFileHtml(json::object());
  EXPECT_NE(html.find("Nothing was withheld"), std::string::npos);
  EXPECT_EQ(HtmlEscape("a'b\"c"), "a&#39;b&quot;c");
}

}  // namespace
}  // namespace giai::cases
