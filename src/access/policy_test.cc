#include "access/policy.h"

#include <gtest/gtest.h>

namespace giai::access {
namespace {

Principal As(Role role, std::string org = "org_a", std::vector<std::string> compartments = {}) {
  Principal p;
  p.user_id = "usr_1";
  p.org_id = std::move(org);
  p.role = role;
  p.compartments = std::move(compartments);
  return p;
}

TEST(PolicyTest, OnlyRolesThatNeedIdentityMayReadIt) {
  for (Role r : AllRoles()) {
    bool expected = r == Role::kDocumenter || r == Role::kLegal || r == Role::kSupport;
    EXPECT_EQ(Allows(As(r), Action::kReadIdentity, "person"), expected) << RoleName(r);
    EXPECT_FALSE(Allows(As(r), Action::kReadIdentity, "incident")) << RoleName(r);
  }
}

TEST(PolicyTest, GrantsAndReviewersSeeNoDocumentation) {
  for (Role r : {Role::kGrants, Role::kReviewer}) {
    for (const char* kind : {"incident", "act", "person", "unit", "testimony"}) {
      for (Action a : {Action::kRead, Action::kWrite, Action::kReadNarrative}) {
        EXPECT_FALSE(Allows(As(r), a, kind)) << RoleName(r) << " " << kind;
      }
    }
  }
}

TEST(PolicyTest, UnknownKindsAndActionsAreDenied) {
  for (Role r : AllRoles()) {
    EXPECT_FALSE(Allows(As(r), Action::kRead, "evidence_blob")) << RoleName(r);
    EXPECT_FALSE(Allows(As(r), Action::kWrite, "")) << RoleName(r);
  }
  EXPECT_TRUE(Allows(As(Role::kAdmin), Action::kReadAudit));
  EXPECT_FALSE(Allows(As(Role::kDocumenter), Action::kReadAudit));
}

TEST(PolicyTest, CaseWorkIsTheLegalRolesAlone) {
  for (Role r : AllRoles()) {
    for (const char* kind : {"case", "charge", "assessment", "source"}) {
      const bool legal = r == Role::kLegal;
      EXPECT_EQ(Allows(As(r), Action::kRead, kind), legal) << RoleName(r) << " " << kind;
      EXPECT_EQ(Allows(As(r), Action::kWrite, kind), legal) << RoleName(r) << " " << kind;
      EXPECT_EQ(Allows(As(r), Action::kReadNarrative, kind),
                legal && std::string_view(kind) == "assessment")
          << RoleName(r) << " " << kind;
      EXPECT_FALSE(Allows(As(r), Action::kReadIdentity, kind)) << RoleName(r) << " " << kind;
    }
  }
}

TEST(PolicyTest, RecordsOfOtherOrganisationsAndCompartmentsAreOutOfReach) {
  EXPECT_TRUE(CanSee(As(Role::kAdmin), "org_a", ""));
  EXPECT_FALSE(CanSee(As(Role::kAdmin), "org_b", ""));
  EXPECT_FALSE(CanSee(As(Role::kAdmin, ""), "", ""));
  EXPECT_FALSE(CanSee(As(Role::kDocumenter), "org_a", "cmp_sgbv"));
  EXPECT_TRUE(CanSee(As(Role::kDocumenter, "org_a", {"cmp_sgbv"}), "org_a", "cmp_sgbv"));
}

TEST(PolicyTest, RoleNamesRoundTrip) {
  for (Role r : AllRoles()) {
    Role back;
    ASSERT_TRUE(ParseRole(RoleName(r), back));
    EXPECT_EQ(back, r);
  }
  Role unused;
  EXPECT_FALSE(ParseRole("root", unused));
}

TEST(PolicyTest, ApplicantsSeeNoDocumentationNorAudit) {
  for (const char* kind : {"incident", "act", "person", "unit", "testimony", ""}) {
    for (Action a : {Action::kRead, Action::kWrite, Action::kReadNarrative, Action::kReadIdentity,
                     Action::kReadAudit, Action::kManageUsers}) {
      EXPECT_FALSE(Allows(As(Role::kApplicant), a, kind)) << kind;
    }
  }
  Role parsed;
  ASSERT_TRUE(ParseRole("applicant", parsed));
  EXPECT_EQ(parsed, Role::kApplicant);
}

TEST(PolicyTest, GrantRecordsAreNeverDocumentation) {
  for (Role r : AllRoles()) {
    for (const char* kind : {"grant_fund", "grant_call", "grant_application", "grant_agreement"}) {
      EXPECT_FALSE(Allows(As(r), Action::kRead, kind)) << RoleName(r) << " " << kind;
      EXPECT_FALSE(Allows(As(r), Action::kWrite, kind)) << RoleName(r) << " " << kind;
    }
  }
}

TEST(PolicyTest, EachGrantActionBelongsToItsRolesOnly) {
  for (Role r : AllRoles()) {
    EXPECT_EQ(AllowsGrant(As(r), GrantAction::kManage), r == Role::kGrants) << RoleName(r);
    EXPECT_EQ(AllowsGrant(As(r), GrantAction::kExport), r == Role::kGrants) << RoleName(r);
    EXPECT_EQ(AllowsGrant(As(r), GrantAction::kReview), r == Role::kReviewer) << RoleName(r);
    EXPECT_EQ(AllowsGrant(As(r), GrantAction::kApply), r == Role::kApplicant) << RoleName(r);
    EXPECT_EQ(AllowsGrant(As(r), GrantAction::kReadProgramme),
              r == Role::kGrants || r == Role::kReviewer || r == Role::kApplicant)
        << RoleName(r);
  }
}

// Written from docs/SECURITY.md, independently of the switch in policy.cc.
TEST(PolicyTest, LinkageIsIdentityWorkAndEstimationIsAnalysis) {
  for (Role r : AllRoles()) {
    const bool identity_work = r == Role::kDocumenter || r == Role::kLegal;
    EXPECT_EQ(AllowsLinkage(As(r), LinkageAction::kRun), identity_work) << RoleName(r);
    EXPECT_EQ(AllowsLinkage(As(r), LinkageAction::kReview), identity_work) << RoleName(r);
    EXPECT_EQ(AllowsLinkage(As(r), LinkageAction::kUnlink), identity_work) << RoleName(r);
    EXPECT_EQ(AllowsLinkage(As(r), LinkageAction::kCheckInterviewed),
              identity_work || r == Role::kSupport)
        << RoleName(r);
    EXPECT_EQ(AllowsLinkage(As(r), LinkageAction::kEstimate), identity_work || r == Role::kAnalyst)
        << RoleName(r);
    EXPECT_EQ(AllowsLinkage(As(r), LinkageAction::kReadLinks),
              Allows(As(r), Action::kRead, "person"))
        << RoleName(r);
  }
}

}  // namespace
}  // namespace giai::access
