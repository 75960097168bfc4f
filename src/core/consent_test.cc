#include "core/consent.h"

#include <gtest/gtest.h>

namespace giai {
namespace {

Consent Full() {
  Consent c;
  c.given_how = "written";
  c.information_sheet_version = "v1";
  c.language = "ar";
  c.scopes.documentation = true;
  c.scopes.storage = true;
  c.scopes.sharing = {"ngo_partner", "icc"};
  c.scopes.identity_level = IdentityLevel::kPseudonymous;
  c.scopes.publication_anonymised = true;
  return c;
}

struct Case {
  const char* name;
  std::optional<Consent> consent;
  ConsentRequest request;
  bool allowed;
};

TEST(ConsentTest, EveryOutOfScopeCombinationIsRefusedWithAReason) {
  Consent withdrawn = Full();
  withdrawn.withdrawn = true;
  Consent no_storage = Full();
  no_storage.scopes.storage = false;
  Consent no_documentation = Full();
  no_documentation.scopes.documentation = false;
  Consent guardian = Full();
  guardian.given_how = "guardian";
  Consent guardian_with_assent = guardian;
  guardian_with_assent.child_assent = true;
  Consent restricted = Full();
  restricted.restricted = true;
  Consent restricted_after_withdrawal = withdrawn;
  restricted_after_withdrawal.restricted = true;
  using P = Purpose;
  using R = Recipient;
  using L = IdentityLevel;
  const std::vector<Case> cases = {
      {"nothing recorded", std::nullopt, {P::kIdentityRead, R::kOwnOrganisation, L::kFull}, false},
      {"own staff read", Full(), {P::kIdentityRead, R::kOwnOrganisation, L::kFull}, true},
      {"withdrawn", withdrawn, {P::kIdentityRead, R::kOwnOrganisation, L::kFull}, false},
      {"no storage", no_storage, {P::kIdentityRead, R::kOwnOrganisation, L::kFull}, false},
      {"no documentation",
       no_documentation,
       {P::kIdentityRead, R::kOwnOrganisation, L::kFull},
       false},
      {"identity read by others", Full(), {P::kIdentityRead, R::kIcc, L::kFull}, false},
      {"guardian without assent",
       guardian,
       {P::kIdentityRead, R::kOwnOrganisation, L::kFull},
       false},
      {"guardian with assent",
       guardian_with_assent,
       {P::kIdentityRead, R::kOwnOrganisation, L::kFull},
       true},
      {"share with listed class", Full(), {P::kSharing, R::kIcc, L::kPseudonymous}, true},
      {"share with listed class, less identity",
       Full(),
       {P::kSharing, R::kNgoPartner, L::kNone},
       true},
      {"share beyond identity level", Full(), {P::kSharing, R::kIcc, L::kFull}, false},
      {"share with unlisted class", Full(), {P::kSharing, R::kUnMechanism, L::kNone}, false},
      {"share with prosecutor unlisted",
       Full(),
       {P::kSharing, R::kNationalProsecutor, L::kNone},
       false},
      {"share after withdrawal", withdrawn, {P::kSharing, R::kIcc, L::kNone}, false},
      {"publication anonymised", Full(), {P::kPublication, R::kOwnOrganisation, L::kNone}, true},
      {"publication with identity",
       Full(),
       {P::kPublication, R::kOwnOrganisation, L::kPseudonymous},
       false},
      {"media use not given", Full(), {P::kMediaUse, R::kOwnOrganisation, L::kNone}, false},
      {"follow-up not given", Full(), {P::kFollowUp, R::kOwnOrganisation, L::kNone}, false},
      {"own staff read the account",
       Full(),
       {P::kNarrativeRead, R::kOwnOrganisation, L::kNone},
       true},
      {"account after withdrawal",
       withdrawn,
       {P::kNarrativeRead, R::kOwnOrganisation, L::kNone},
       false},
      {"account without documentation consent",
       no_documentation,
       {P::kNarrativeRead, R::kOwnOrganisation, L::kNone},
       false},
      {"account with no consent",
       std::nullopt,
       {P::kNarrativeRead, R::kOwnOrganisation, L::kNone},
       false},
      {"account read by others", Full(), {P::kNarrativeRead, R::kIcc, L::kNone}, false},
      {"account of a child without assent",
       guardian,
       {P::kNarrativeRead, R::kOwnOrganisation, L::kNone},
       false},
      {"restricted: identity read",
       restricted,
       {P::kIdentityRead, R::kOwnOrganisation, L::kFull},
       false},
      {"restricted: account read",
       restricted,
       {P::kNarrativeRead, R::kOwnOrganisation, L::kNone},
       false},
      {"restricted: share", restricted, {P::kSharing, R::kIcc, L::kNone}, false},
      {"restricted: share inside", restricted, {P::kSharing, R::kOwnOrganisation, L::kNone}, false},
      {"restricted: publication",
       restricted,
       {P::kPublication, R::kOwnOrganisation, L::kNone},
       false},
      {"restricted: review",
       restricted,
       {P::kRestrictionReview, R::kOwnOrganisation, L::kFull},
       true},
      {"restricted after withdrawal: review",
       restricted_after_withdrawal,
       {P::kRestrictionReview, R::kOwnOrganisation, L::kFull},
       true},
      {"restricted: review by a recipient",
       restricted,
       {P::kRestrictionReview, R::kIcc, L::kFull},
       false},
      {"review without restriction",
       Full(),
       {P::kRestrictionReview, R::kOwnOrganisation, L::kFull},
       false},
  };
  for (const Case& c : cases) {
    Decision d = DecideConsent(c.consent, c.request);
    EXPECT_EQ(d.allowed, c.allowed) << c.name;
    if (!d.allowed) {
      EXPECT_FALSE(d.reason.empty()) << c.name;
    }
  }
}

TEST(ConsentTest, ParsesStrictlyAndRoundTrips) {
  nlohmann::json j = {{"given_how", "recorded_oral"},
                      {"information_sheet_version", "2026-01"},
                      {"language", "fr"},
                      {"scopes",
                       {{"documentation", true},
                        {"storage", true},
                        {"sharing", {"un_mechanism"}},
                        {"identity_level", "full"}}}};
  Result<Consent> c = ConsentFromJson(j);
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->scopes.identity_level, IdentityLevel::kFull);
  EXPECT_EQ(ConsentToJson(*c)["scopes"]["sharing"][0], "un_mechanism");
  j["scopes"]["sharing"] = {"the press"};
  EXPECT_EQ(ConsentFromJson(j).status().field(), "scopes.sharing");
  j["scopes"]["sharing"] = nlohmann::json::array();
  j["scopes"]["everything"] = true;
  EXPECT_EQ(ConsentFromJson(j).status().field(), "scopes.everything");
  j["scopes"].erase("everything");
  j["given_how"] = "assumed";
  EXPECT_EQ(ConsentFromJson(j).status().field(), "given_how");
  j["given_how"] = "written";
  j["language"] = " ";
  EXPECT_EQ(ConsentFromJson(j).status().field(), "language");
  j["language"] = "fr";
  j["information_sheet_version"] = "";
  EXPECT_EQ(ConsentFromJson(j).status().field(), "information_sheet_version");
}

}  // namespace
}  // namespace giai
