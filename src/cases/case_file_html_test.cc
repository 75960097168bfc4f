#include "cases/case_file_html.h"

#include <gtest/gtest.h>

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

TEST(CaseFileHtmlTest, AnEmptyFileStillRenders) {
  std::string html = RenderCaseFileHtml(json::object());
  EXPECT_NE(html.find("Nothing was withheld"), std::string::npos);
  EXPECT_EQ(HtmlEscape("a'b\"c"), "a&#39;b&quot;c");
}

}  // namespace
}  // namespace giai::cases
