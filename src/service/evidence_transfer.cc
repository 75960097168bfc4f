// Hand-overs of evidence: the "transferred" custody event (docs/EVIDENCE.md "Chain of custody").
//
// Courts ask who held an original between its acquisition and the courtroom. Digital copies
// leave through export bundles and shares (which record their own events); this records the
// other way material changes hands: the seized phone, the memory card, the sealed USB drive of a
// copy, handed to a partner organisation or to the office of a mechanism. Only structured facts
// and references are kept (no free-text names: a receipt or docket number identifies the
// receiving official in the recipient's own records), and the event is committed to the ledger
// like every custody event.
#include "access/policy.h"
#include "core/clock.h"
#include "service/evidence_service.h"
#include "service/internal/json_fields.h"

namespace giai::service {
namespace {

using nlohmann::json;
namespace in = internal;

// The recipient: an organisation of the platform (checked to exist), or a mechanism's office
// outside it, named by its class and the receipt's reference.
Result<json> Recipient(store::Tx& tx, const json& body) {
  if (!body.contains("recipient") || !body["recipient"].is_object()) {
    return InvalidInput("required: an object", "recipient");
  }
  const json& r = body["recipient"];
  const std::string p = "recipient.";
  GIAI_ASSIGN_OR_RETURN(std::string kind,
                        in::OneOf(r, "kind", {"organisation", "mechanism"}, "", p));
  if (kind.empty()) return InvalidInput("required: organisation or mechanism", p + "kind");
  if (kind == "organisation") {
    GIAI_RETURN_IF_ERROR(in::ExpectOnly(r, {"kind", "org_id"}, p));
    GIAI_ASSIGN_OR_RETURN(std::string org_id, in::Text(r, "org_id", true, 64, p));
    Result<store::OrganisationRow> org = tx.GetOrganisation(org_id);
    if (!org.ok()) {
      if (org.status().code() == Code::kNotFound) {
        return InvalidInput("no such organisation", p + "org_id");
      }
      return org.status();
    }
    return json{{"kind", kind}, {"org_id", org_id}};
  }
  GIAI_RETURN_IF_ERROR(in::ExpectOnly(r, {"kind", "mechanism"}, p));
  GIAI_ASSIGN_OR_RETURN(
      std::string mechanism,
      in::OneOf(r, "mechanism", {"icc", "un_mechanism", "national_prosecutor", "other"}, "", p));
  if (mechanism.empty()) return InvalidInput("required: the mechanism's class", p + "mechanism");
  return json{{"kind", kind}, {"mechanism", mechanism}};
}

}  // namespace

Result<json> EvidenceService::RecordTransfer(const access::Principal& who,
                                             const access::RequestInfo& request,
                                             const std::string& id, const json& body) {
  if (!access::Allows(who, access::Action::kWrite, "evidence")) {
    return Forbidden("role " + std::string(access::RoleName(who.role)) +
                     " may not record hand-overs of evidence");
  }
  if (request.purpose.empty()) return InvalidInput("a hand-over needs a purpose", "X-Purpose");
  if (!body.is_object()) return InvalidInput("expected a JSON object");
  GIAI_RETURN_IF_ERROR(in::ExpectOnly(
      body, {"recipient", "medium", "handed_over_at", "receipt_reference", "seal_number"}));
  GIAI_ASSIGN_OR_RETURN(
      std::string medium,
      in::OneOf(body, "medium", {"original_device", "sealed_copy", "digital_copy"}, ""));
  if (medium.empty()) return InvalidInput("required", "medium");
  GIAI_ASSIGN_OR_RETURN(std::optional<Edtf> at, in::Date(body, "handed_over_at", true));
  GIAI_ASSIGN_OR_RETURN(std::string receipt, in::Text(body, "receipt_reference", true, 200));
  GIAI_ASSIGN_OR_RETURN(std::string seal, in::Text(body, "seal_number", false, 100));
  (void)at;

  json event;
  GIAI_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    GIAI_ASSIGN_OR_RETURN(store::RecordRow row, LoadWritable(tx, who, id));
    if (json::parse(row.body).value("status", "") != "stored") {
      return Conflict("only a stored item can be handed over");
    }
    GIAI_ASSIGN_OR_RETURN(json recipient, Recipient(tx, body));
    json details = {{"recipient", recipient},
                    {"medium", medium},
                    {"handed_over_at", body["handed_over_at"]},
                    {"receipt_reference", receipt}};
    if (!seal.empty()) details["seal_number"] = seal;
    GIAI_ASSIGN_OR_RETURN(store::CustodyRow custody,
                          RecordCustody(tx, row, "transferred", who.user_id, request, details));
    event = RenderCustody(custody);
    return tx.AppendAudit(access::AuditEvent(who, "evidence.transfer", row.id, request));
  }));
  return event;
}

}  // namespace giai::service
