// Informed consent, and the one pure function that decides whether a use of a person's data is
// within it (DESIGN.md §2 "Consent").
//
// Consent is per person, versioned and append-only: every change, withdrawal included, is a new
// version, and the latest version is the one that counts. The decision function is pure so that
// every identity read, share and export asks it the same question and a table-driven test can
// cover every out-of-scope combination.
//
// Example:
//   Decision d = DecideConsent(latest, {Purpose::kIdentityRead, Recipient::kOwnOrganisation,
//                                       IdentityLevel::kFull});
//   if (!d.allowed) return Status(Code::kConsentDenied, d.reason);
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/status.h"

namespace giai {

enum class IdentityLevel { kNone, kPseudonymous, kFull };

// Who would receive the data.
enum class Recipient {
  kOwnOrganisation,     // staff of the organisation that recorded the person
  kNgoPartner,          // another NGO of the consortium
  kNationalProsecutor,  // a national (e.g. universal-jurisdiction) prosecutor
  kIcc,
  kUnMechanism,
};

enum class Purpose {
  kIdentityRead,   // staff reading the identity
  kNarrativeRead,  // staff reading the person's own account (a testimony's narrative)
  // An administrator reading a RESTRICTED person's identity or account to resolve the dispute
  // that restricted it (X-Purpose "restriction-review: ..."); allowed only while restricted.
  kRestrictionReview,
  kSharing,      // giving records to a recipient
  kPublication,  // anonymised publication (reports, statistics)
  kMediaUse,     // photographs, recordings
  kFollowUp,     // contacting the person again
};

struct ConsentScopes {
  bool documentation = false;  // the account may be documented
  bool storage = false;        // identity may be stored
  std::vector<std::string>
      sharing;  // recipient classes: ngo_partner, national_prosecutor, icc, un_mechanism
  IdentityLevel identity_level = IdentityLevel::kNone;  // how much identity may go to recipients
  bool publication_anonymised = false;
  bool media_use = false;
  bool follow_up_contact = false;
};

struct Consent {
  std::string given_how;  // written, recorded_oral, guardian
  std::string information_sheet_version;
  std::string language;  // BCP 47
  std::string interpreter;
  bool child_assent = false;  // with given_how = guardian, for minors
  bool withdrawn = false;     // a withdrawal version: nothing is allowed any more
  // Not part of a consent version: set by LatestConsent from the person's restriction versions
  // (GDPR Art. 18). While restricted, only kRestrictionReview is allowed.
  bool restricted = false;
  ConsentScopes scopes;
};

struct ConsentRequest {
  Purpose purpose = Purpose::kIdentityRead;
  Recipient recipient = Recipient::kOwnOrganisation;
  IdentityLevel identity_level = IdentityLevel::kFull;
};

struct Decision {
  bool allowed = false;
  std::string reason;  // why not; safe to show to users and to log
};

Decision DecideConsent(const std::optional<Consent>& latest, const ConsentRequest& request);

// Strict parsing of the API shape (unknown fields and wrong types are invalid_input).
Result<Consent> ConsentFromJson(const nlohmann::json& j);
nlohmann::json ConsentToJson(const Consent& consent);
std::string_view RecipientName(Recipient recipient);

}  // namespace giai
