#include "core/consent.h"

#include <algorithm>

namespace giai {

namespace {

using nlohmann::json;

constexpr const char* kLevels[] = {"none", "pseudonymous", "full"};
constexpr const char* kClasses[] = {"ngo_partner", "national_prosecutor", "icc", "un_mechanism"};

Decision Allow() { return {true, ""}; }
Decision Deny(std::string reason) { return {false, std::move(reason)}; }

Status Bad(const std::string& why, const std::string& field) { return InvalidInput(why, field); }

Result<std::string> Text(const json& j, const char* key, bool required) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) {
    if (required) return Bad("is required", key);
    return std::string();
  }
  if (!it->is_string() || it->get<std::string>().size() > 200) {
    return Bad("must be a string of at most 200 bytes", key);
  }
  // A consent without its information sheet or language cannot show what was agreed to.
  if (required && it->get<std::string>().find_first_not_of(" \t") == std::string::npos) {
    return Bad("must not be empty", key);
  }
  return it->get<std::string>();
}

Result<bool> Flag(const json& j, const char* key, const std::string& where) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return false;
  if (!it->is_boolean()) return Bad("must be true or false", where);
  return it->get<bool>();
}

}  // namespace

std::string_view RecipientName(Recipient recipient) {
  switch (recipient) {
    case Recipient::kOwnOrganisation: return "own_organisation";
    case Recipient::kNgoPartner: return "ngo_partner";
    case Recipient::kNationalProsecutor: return "national_prosecutor";
    case Recipient::kIcc: return "icc";
    case Recipient::kUnMechanism: return "un_mechanism";
  }
  return "unknown";
}

Decision DecideConsent(const std::optional<Consent>& latest, const ConsentRequest& request) {
  if (!latest) return Deny("no consent is recorded for this person");
  const Consent& c = *latest;
  // A restriction outranks everything else, withdrawal included: the data is kept only so that
  // the dispute can be resolved (Art. 18), by an administrator, inside the organisation.
  if (c.restricted) {
    if (request.purpose == Purpose::kRestrictionReview &&
        request.recipient == Recipient::kOwnOrganisation) {
      return Allow();
    }
    return Deny("processing of this person's data is restricted while a dispute is resolved");
  }
  if (request.purpose == Purpose::kRestrictionReview) {
    return Deny("restriction review applies only to a restricted person");
  }
  if (c.withdrawn) return Deny("the person withdrew their consent");
  if (!c.scopes.documentation) return Deny("the consent does not cover documentation");
  if (c.given_how == "guardian" && !c.child_assent) {
    return Deny("a child's own assent is not recorded with the guardian's consent");
  }
  switch (request.purpose) {
    case Purpose::kIdentityRead:
      if (request.recipient != Recipient::kOwnOrganisation) {
        return Deny("identity reads are for the recording organisation; others receive shares");
      }
      if (!c.scopes.storage) return Deny("the consent does not cover keeping the identity");
      return Allow();
    case Purpose::kNarrativeRead:
      // Documentation (checked above) covers the organisation's own staff reading the account.
      if (request.recipient != Recipient::kOwnOrganisation) {
        return Deny("accounts are read by the recording organisation; others receive shares");
      }
      return Allow();
    case Purpose::kRestrictionReview:
      return Deny("restriction review applies only to a restricted person");
    case Purpose::kSharing: {
      if (request.recipient == Recipient::kOwnOrganisation) return Allow();
      const std::string name(RecipientName(request.recipient));
      if (std::find(c.scopes.sharing.begin(), c.scopes.sharing.end(), name) ==
          c.scopes.sharing.end()) {
        return Deny("the consent does not cover sharing with " + name);
      }
      if (request.identity_level > c.scopes.identity_level) {
        return Deny("the consent allows identity disclosure up to " +
                    std::string(kLevels[static_cast<int>(c.scopes.identity_level)]));
      }
      return Allow();
    }
    case Purpose::kPublication:
      if (!c.scopes.publication_anonymised) return Deny("the consent does not cover publication");
      if (request.identity_level != IdentityLevel::kNone) {
        return Deny("publication is anonymised only");
      }
      return Allow();
    case Purpose::kMediaUse:
      return c.scopes.media_use ? Allow() : Deny("the consent does not cover media use");
    case Purpose::kFollowUp:
      return c.scopes.follow_up_contact ? Allow()
                                        : Deny("the person did not agree to be contacted again");
  }
  return Deny("unknown purpose");
}

Result<Consent> ConsentFromJson(const json& j) {
  if (!j.is_object()) return Bad("must be a JSON object", "");
  for (const auto& item : j.items()) {
    static const std::vector<std::string> kAllowed = {"given_how",    "information_sheet_version",
                                                      "language",     "interpreter",
                                                      "child_assent", "scopes"};
    if (std::find(kAllowed.begin(), kAllowed.end(), item.key()) == kAllowed.end()) {
      return Bad("unknown field", item.key());
    }
  }
  Consent c;
  GIAI_ASSIGN_OR_RETURN(c.given_how, Text(j, "given_how", true));
  if (c.given_how != "written" && c.given_how != "recorded_oral" && c.given_how != "guardian") {
    return Bad("must be written, recorded_oral or guardian", "given_how");
  }
  GIAI_ASSIGN_OR_RETURN(c.information_sheet_version, Text(j, "information_sheet_version", true));
  GIAI_ASSIGN_OR_RETURN(c.language, Text(j, "language", true));
  GIAI_ASSIGN_OR_RETURN(c.interpreter, Text(j, "interpreter", false));
  GIAI_ASSIGN_OR_RETURN(c.child_assent, Flag(j, "child_assent", "child_assent"));
  const json scopes = j.value("scopes", json::object());
  if (!scopes.is_object()) return Bad("must be an object", "scopes");
  for (const auto& item : scopes.items()) {
    static const std::vector<std::string> kAllowed = {
        "documentation",          "storage",   "sharing",          "identity_level",
        "publication_anonymised", "media_use", "follow_up_contact"};
    if (std::find(kAllowed.begin(), kAllowed.end(), item.key()) == kAllowed.end()) {
      return Bad("unknown field", "scopes." + item.key());
    }
  }
  GIAI_ASSIGN_OR_RETURN(c.scopes.documentation,
                        Flag(scopes, "documentation", "scopes.documentation"));
  GIAI_ASSIGN_OR_RETURN(c.scopes.storage, Flag(scopes, "storage", "scopes.storage"));
  GIAI_ASSIGN_OR_RETURN(c.scopes.publication_anonymised,
                        Flag(scopes, "publication_anonymised", "scopes.publication_anonymised"));
  GIAI_ASSIGN_OR_RETURN(c.scopes.media_use, Flag(scopes, "media_use", "scopes.media_use"));
  GIAI_ASSIGN_OR_RETURN(c.scopes.follow_up_contact,
                        Flag(scopes, "follow_up_contact", "scopes.follow_up_contact"));
  std::string level = scopes.value("identity_level", std::string("none"));
  auto it = std::find(std::begin(kLevels), std::end(kLevels), level);
  if (it == std::end(kLevels)) {
    return Bad("must be none, pseudonymous or full", "scopes.identity_level");
  }
  c.scopes.identity_level = static_cast<IdentityLevel>(it - std::begin(kLevels));
  const json sharing = scopes.value("sharing", json::array());
  if (!sharing.is_array()) return Bad("must be a list", "scopes.sharing");
  for (const json& s : sharing) {
    if (!s.is_string() || std::find(std::begin(kClasses), std::end(kClasses),
                                    s.get<std::string>()) == std::end(kClasses)) {
      return Bad("must list ngo_partner, national_prosecutor, icc or un_mechanism",
                 "scopes.sharing");
    }
    c.scopes.sharing.push_back(s.get<std::string>());
  }
  return c;
}

json ConsentToJson(const Consent& c) {
  return {{"given_how", c.given_how},
          {"information_sheet_version", c.information_sheet_version},
          {"language", c.language},
          {"interpreter", c.interpreter},
          {"child_assent", c.child_assent},
          {"withdrawn", c.withdrawn},
          {"scopes",
           {{"documentation", c.scopes.documentation},
            {"storage", c.scopes.storage},
            {"sharing", c.scopes.sharing},
            {"identity_level", kLevels[static_cast<int>(c.scopes.identity_level)]},
            {"publication_anonymised", c.scopes.publication_anonymised},
            {"media_use", c.scopes.media_use},
            {"follow_up_contact", c.scopes.follow_up_contact}}}};
}

}  // namespace giai
