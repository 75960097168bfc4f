#include "service/admin_service.h"

#include <regex>

#include "access/authenticator.h"
#include "access/policy.h"
#include "core/clock.h"
#include "crypto/hash.h"
#include "crypto/password.h"
#include "crypto/random.h"
#include "service/internal/json_fields.h"
#include "service/share_service.h"

namespace giai::service {

namespace {

using nlohmann::json;

access::Principal Operator(const std::string& org_id) {
  access::Principal p;
  p.user_id = "operator";
  p.org_id = org_id;
  return p;
}

Status CheckEmail(const std::string& email) {
  static const std::regex kEmail(R"(^[^@\s]{1,64}@[^@\s]{1,255}\.[^@\s]{2,63}$)");
  if (!std::regex_match(email, kEmail)) return InvalidInput("is not an e-mail address", "email");
  return Status::Ok();
}

}  // namespace

json UserToJson(const store::UserRow& user) {
  return {{"id", user.id},
          {"org_id", user.org_id},
          {"email", user.email},
          {"display_name", user.display_name},
          {"role", user.role},
          {"compartments", user.compartments},
          {"disabled", user.disabled},
          {"created_at", user.created_at}};
}

Result<store::OrganisationRow> AdminService::CreateOrganisation(
    const std::string& name, const std::string& kind, const std::string& mechanism_class) {
  if (name.empty() || name.size() > 200) return InvalidInput("needs 1 to 200 bytes", "name");
  static const std::vector<std::string> kKinds = {"member", "secretariat", "partner", "subgrantee",
                                                  "mechanism"};
  if (std::find(kKinds.begin(), kKinds.end(), kind) == kKinds.end()) {
    return InvalidInput("must be member, secretariat, partner, subgrantee or mechanism", "kind");
  }
  if (!mechanism_class.empty() && kind != "mechanism") {
    return InvalidInput("only a mechanism has a class", "class");
  }
  store::OrganisationRow org{crypto::NewId("org"), name, kind, NowRfc3339(), ""};
  org.wrapped_key = keys_.NewWrappedOrganisationKey(org.id);
  Status st = store_.Write([&](store::Tx& tx) -> Status {
    GIAI_RETURN_IF_ERROR(tx.InsertOrganisation(org));
    if (!mechanism_class.empty()) {
      GIAI_RETURN_IF_ERROR(SetMechanismClass(tx, org.id, mechanism_class));
    }
    return tx.AppendAudit(access::AuditEvent(Operator(org.id), "organisation.create", org.id, {}));
  });
  if (st.code() == Code::kConflict) return Conflict("an organisation with this name exists");
  GIAI_RETURN_IF_ERROR(st);
  return org;
}

Result<store::OrganisationRow> AdminService::FindOrganisation(const std::string& id_or_name) {
  store::OrganisationRow found;
  GIAI_RETURN_IF_ERROR(store_.Read([&](store::Tx& tx) -> Status {
    GIAI_ASSIGN_OR_RETURN(auto orgs, tx.ListOrganisations());
    for (auto& o : orgs) {
      if (o.id == id_or_name || o.name == id_or_name) {
        found = o;
        return Status::Ok();
      }
    }
    return NotFound("no organisation " + id_or_name);
  }));
  return found;
}

Result<store::UserRow> AdminService::CreateUser(const std::string& org_id, const NewUser& in) {
  store::UserRow user;
  user.id = crypto::NewId("usr");
  user.org_id = org_id;
  user.email = access::NormaliseEmail(in.email);
  GIAI_RETURN_IF_ERROR(CheckEmail(user.email));
  user.display_name = in.display_name.empty() ? user.email : in.display_name;
  access::Role role;
  if (!access::ParseRole(in.role, role)) {
    return InvalidInput(
        "must be admin, documenter, legal, support, analyst, grants, reviewer, viewer or "
        "applicant",
        "role");
  }
  user.role = in.role;
  if (in.password.size() < kMinPasswordLength) {
    return InvalidInput("needs at least 12 characters", "password");
  }
  GIAI_ASSIGN_OR_RETURN(user.password_hash, crypto::HashPassword(in.password));
  user.compartments = in.compartments;
  user.created_at = NowRfc3339();
  GIAI_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    GIAI_ASSIGN_OR_RETURN(store::OrganisationRow org, tx.GetOrganisation(org_id));
    // Applicant organisations (sub-grantees) are external: their users are applicants and
    // nothing else, and nobody else is an applicant (docs/GRANTS.md "Roles").
    if ((org.kind == "subgrantee") != (role == access::Role::kApplicant)) {
      return InvalidInput("the applicant role is for, and only for, subgrantee organisations",
                          "role");
    }
    GIAI_ASSIGN_OR_RETURN(auto compartments, tx.ListCompartments(org_id));
    for (const std::string& c : user.compartments) {
      bool known = std::any_of(compartments.begin(), compartments.end(),
                               [&](const store::CompartmentRow& row) { return row.id == c; });
      if (!known) return InvalidInput("unknown compartment " + c, "compartments");
    }
    GIAI_RETURN_IF_ERROR(tx.InsertUser(user));
    return tx.AppendAudit(access::AuditEvent(Operator(org_id), "user.create", user.id, {}));
  }));
  return user;
}

Result<store::CompartmentRow> AdminService::CreateCompartment(const std::string& org_id,
                                                              const std::string& name) {
  if (name.empty() || name.size() > 100) return InvalidInput("needs 1 to 100 bytes", "name");
  store::CompartmentRow row{crypto::NewId("cmp"), org_id, name};
  GIAI_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    GIAI_RETURN_IF_ERROR(tx.InsertCompartment(row));
    return tx.AppendAudit(access::AuditEvent(Operator(org_id), "compartment.create", row.id, {}));
  }));
  return row;
}

Result<std::uint64_t> AdminService::ShredCompartment(const std::string& org_id,
                                                     const std::string& compartment_id,
                                                     const std::string& reason, Ledger& ledger) {
  if (reason.empty() || reason.size() > 1000) {
    return InvalidInput("needs 1 to 1000 bytes", "reason");
  }
  std::uint64_t leaf = 0;
  GIAI_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    GIAI_ASSIGN_OR_RETURN(auto compartments, tx.ListCompartments(org_id));
    const bool known =
        std::any_of(compartments.begin(), compartments.end(),
                    [&](const store::CompartmentRow& row) { return row.id == compartment_id; });
    if (!known) return NotFound("no compartment " + compartment_id + " in this organisation");
    GIAI_RETURN_IF_ERROR(keys_.ShredCompartmentKey(tx, org_id, compartment_id));
    // The leaf commits to which compartment and when, never to the reason.
    const std::string canonical =
        "compartment-key-destroyed\n" + compartment_id + "\n" + NowRfc3339();
    GIAI_ASSIGN_OR_RETURN(leaf,
                          ledger.Commit(tx, ledger::CommitmentKind::kKeyDestroyed, compartment_id,
                                        crypto::ToHex(crypto::Sha256Of(canonical))));
    return tx.AppendAudit(access::AuditEvent(Operator(org_id), "compartment.shred", compartment_id,
                                             {"cli-compartment-shred", reason, ""}));
  }));
  return leaf;
}

Result<json> AdminService::CreateUserAs(const access::Principal& who,
                                        const access::RequestInfo& request, const json& body) {
  if (!access::Allows(who, access::Action::kManageUsers)) {
    return Forbidden("only an organisation admin manages users");
  }
  GIAI_RETURN_IF_ERROR(
      internal::ExpectOnly(body, {"email", "display_name", "role", "password", "compartments"}));
  NewUser in;
  GIAI_ASSIGN_OR_RETURN(in.email, internal::Text(body, "email", true, 320));
  GIAI_ASSIGN_OR_RETURN(in.display_name, internal::Text(body, "display_name", false, 200));
  GIAI_ASSIGN_OR_RETURN(in.role, internal::Text(body, "role", true, 32));
  GIAI_ASSIGN_OR_RETURN(in.password, internal::Text(body, "password", true, 1024));
  GIAI_ASSIGN_OR_RETURN(in.compartments, internal::TextList(body, "compartments", 50, 64));
  GIAI_ASSIGN_OR_RETURN(store::UserRow user, CreateUser(who.org_id, in));
  GIAI_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) {
    return tx.AppendAudit(access::AuditEvent(who, "user.create", user.id, request));
  }));
  return UserToJson(user);
}

Result<json> AdminService::ListUsers(const access::Principal& who) {
  if (!access::Allows(who, access::Action::kManageUsers)) {
    return Forbidden("only an organisation admin lists users");
  }
  json items = json::array();
  GIAI_RETURN_IF_ERROR(store_.Read([&](store::Tx& tx) -> Status {
    GIAI_ASSIGN_OR_RETURN(auto users, tx.ListUsers(who.org_id));
    for (const auto& u : users) items.push_back(UserToJson(u));
    return Status::Ok();
  }));
  return json{{"items", items}, {"next_cursor", nullptr}};
}

Result<json> AdminService::GetOrganisation(const access::Principal& who) {
  json out;
  GIAI_RETURN_IF_ERROR(store_.Read([&](store::Tx& tx) -> Status {
    GIAI_ASSIGN_OR_RETURN(store::OrganisationRow org, tx.GetOrganisation(who.org_id));
    GIAI_ASSIGN_OR_RETURN(auto compartments, tx.ListCompartments(who.org_id));
    json cs = json::array();
    for (const auto& c : compartments) cs.push_back({{"id", c.id}, {"name", c.name}});
    out = {{"id", org.id}, {"name", org.name}, {"kind", org.kind}, {"compartments", cs}};
    return Status::Ok();
  }));
  return out;
}

Result<json> AdminService::ListAudit(const access::Principal& who, const std::string& cursor,
                                     int limit) {
  if (!access::Allows(who, access::Action::kReadAudit)) {
    return Forbidden("only an organisation admin reads the audit trail");
  }
  if (limit < 1 || limit > 500) return InvalidInput("must be between 1 and 500", "limit");
  json items = json::array();
  std::string next;
  GIAI_RETURN_IF_ERROR(store_.Read([&](store::Tx& tx) -> Status {
    GIAI_ASSIGN_OR_RETURN(auto events, tx.ListAudit(who.org_id, cursor, limit + 1));
    if (static_cast<int>(events.size()) > limit) {
      events.resize(static_cast<std::size_t>(limit));
      next = events.back().id;
    }
    for (const auto& e : events) {
      items.push_back({{"id", e.id},
                       {"at", e.at},
                       {"user_id", e.user_id},
                       {"action", e.action},
                       {"record_id", e.record_id},
                       {"purpose", e.purpose},
                       {"outcome", e.outcome},
                       {"request_id", e.request_id}});
    }
    return Status::Ok();
  }));
  return json{{"items", items}, {"next_cursor", next.empty() ? json() : json(next)}};
}

}  // namespace giai::service
