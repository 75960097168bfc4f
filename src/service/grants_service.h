// GrantsService: the use cases of sub-granting (financial support to third parties, issue #10,
// docs/GRANTS.md) — fund -> call -> application -> screening -> COI-gated review -> ranking ->
// committee decision and letters -> due diligence and agreement -> report-gated tranches ->
// closure -> export of the whole file for auditors.
//
// Every use case follows the documentation service's path: authorise (access::AllowsGrant) ->
// load and check reach (not_found when out of reach, never forbidden) -> decide (the pure rules of
// grants/: state machines, money, scores, caps) -> store (one transaction: records, sealed fields,
// audit event) -> render. Records are owned by the programme's (lead) organisation; applicants of
// a subgrantee organisation reach their own organisation's applications, agreements and reports
// through the "applicant:org_..." term, reviewers reach an application only through their own
// assignment once they have declared no conflict of interest.
//
// Requests and responses are JSON in their API shape (docs/API.md "Sub-granting"). Thread safe.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "access/audit.h"
#include "access/principal.h"
#include "protect/key_ring.h"
#include "store/store.h"

namespace giai::service {

class GrantAttachments;

class GrantsService {
 public:
  using json = nlohmann::json;
  using P = access::Principal;
  using R = access::RequestInfo;

  GrantsService(store::Store& store, protect::KeyRing& keys) : store_(store), keys_(keys) {}

  // Funds and calls (grants_service.cc).
  Result<json> CreateFund(const P& who, const R& request, const json& body);
  Result<json> GetFund(const P& who, const std::string& id);
  Result<json> ListFunds(const P& who);
  Result<json> CreateCall(const P& who, const R& request, const json& body);
  Result<json> GetCall(const P& who, const std::string& id);
  Result<json> ListCalls(const P& who, const std::string& fund_id);
  Result<json> MoveCall(const P& who, const R& request, const std::string& id, const json& body);
  Result<json> AddQuestion(const P& who, const R& request, const std::string& id, const json& body);
  // Edits (JSON merge patch plus `change_reason`, If-Match): every field before publication,
  // afterwards only what the rules allow, with a reason (grants_service.cc).
  Result<json> UpdateFund(const P& who, const R& request, const std::string& id,
                          std::int64_t expected_version, const json& patch);
  Result<json> UpdateCall(const P& who, const R& request, const std::string& id,
                          std::int64_t expected_version, const json& patch);

  // Applications and screening (grants_applications.cc).
  Result<json> CreateApplication(const P& who, const R& request, const json& body);
  Result<json> GetApplication(const P& who, const std::string& id);
  Result<json> ListApplications(const P& who, const std::string& call_id);
  Result<json> UpdateApplication(const P& who, const R& request, const std::string& id,
                                 std::int64_t expected_version, const json& patch);
  Result<json> SubmitApplication(const P& who, const R& request, const std::string& id);
  Result<json> WithdrawApplication(const P& who, const R& request, const std::string& id);
  Result<json> InviteFullProposal(const P& who, const R& request, const std::string& id);
  Result<json> Screen(const P& who, const R& request, const std::string& id, const json& body);

  // Reviews, ranking, decision (grants_review.cc).
  Result<json> Assign(const P& who, const R& request, const std::string& application_id,
                      const json& body);
  Result<json> GetAssignment(const P& who, const std::string& id);
  Result<json> ListAssignments(const P& who, const std::string& application_id);
  Result<json> Declare(const P& who, const R& request, const std::string& id, const json& body);
  Result<json> Recuse(const P& who, const R& request, const std::string& id, const json& body);
  Result<json> SubmitReview(const P& who, const R& request, const std::string& id,
                            const json& body);
  Result<json> ListReviews(const P& who, const std::string& application_id);
  Result<json> Ranking(const P& who, const std::string& call_id);
  Result<json> Decide(const P& who, const R& request, const std::string& call_id, const json& body);
  Result<json> Letter(const P& who, const std::string& application_id);
  // An award falls away: declined (the applicant, or the officer recording it), not_signed or
  // terminated_before_start (officer; nothing paid yet). Its agreement and tranches are cancelled
  // (grants_reserve.cc).
  Result<json> ReleaseAward(const P& who, const R& request, const std::string& id,
                            const json& body);
  // Awards a reserve application of a decided call in place of an award that fell away, in
  // ranking order unless justified, within the envelope and the cap (grants_reserve.cc).
  Result<json> AwardFromReserve(const P& who, const R& request, const std::string& call_id,
                                const json& body);

  // Agreements, tranches, reports, closure, export (grants_award.cc, grants_export.cc).
  Result<json> CreateAgreement(const P& who, const R& request, const std::string& application_id,
                               const json& body);
  Result<json> GetAgreement(const P& who, const std::string& id);
  // Completes the due-diligence checklist of a draft agreement (merge; bank details resealed).
  Result<json> UpdateDueDiligence(const P& who, const R& request, const std::string& id,
                                  const json& body);
  Result<json> SignAgreement(const P& who, const R& request, const std::string& id);
  Result<json> AmendAgreement(const P& who, const R& request, const std::string& id,
                              const json& body);
  Result<json> ReadBankDetails(const P& who, const R& request, const std::string& id);
  Result<json> ListTranches(const P& who, const std::string& agreement_id);
  Result<json> PayTranche(const P& who, const R& request, const std::string& id, const json& body);
  Result<json> SubmitReport(const P& who, const R& request, const std::string& agreement_id,
                            const json& body);
  Result<json> ListReports(const P& who, const std::string& agreement_id);
  Result<json> ReviewReport(const P& who, const R& request, const std::string& id,
                            const json& body);
  // Corrects a report sent back with changes requested: a new version (fields left out carry
  // over), the previous one kept in `versions`; then reviewed again (grants_reports.cc).
  Result<json> ResubmitReport(const P& who, const R& request, const std::string& id,
                              const json& body);
  Result<json> Close(const P& who, const R& request, const std::string& agreement_id,
                     const json& body);
  // The whole file of a fund for auditors: every record, every state change, the audit events
  // about them. Sealed fields are named, never opened. Needs a purpose; audited.
  Result<json> Export(const P& who, const R& request, const std::string& fund_id);
  // The same export for `giai grants export` on the server (whoever can read the data directory
  // and the master key is the operator); audited as "operator" with the given purpose.
  Result<json> ExportAsOperator(const std::string& fund_id, const std::string& purpose);

 private:
  // Attachments (grants_attachments.h) reuse the access decision for the full application.
  friend class GrantAttachments;
  // Out of reach (another organisation, an applicant's other organisation's application, a
  // reviewer without a cleared assignment) is not_found.
  Result<store::RecordRow> LoadApplicationFor(store::Tx& tx, const P& who, const std::string& id,
                                              bool for_reviewer_too);
  Result<store::RecordRow> LoadAgreementFor(store::Tx& tx, const P& who, const std::string& id);
  Result<json> ExportFund(const P& who, const R& request, const std::string& fund_id);
  Status Write(const std::function<Status(store::Tx&)>& work) { return store_.Write(work); }

  store::Store& store_;
  protect::KeyRing& keys_;
};

}  // namespace giai::service
