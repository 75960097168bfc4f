#include "grants/workflow.h"

#include <algorithm>
#include <string>
#include <utility>

namespace giai::grants {

namespace {

struct Table {
  std::vector<std::string_view> states;
  std::vector<std::pair<std::string_view, std::string_view>> edges;
};

// Why these edges:
// - call: drafted, opened for applications, closed at the deadline, decided (committee), archived.
// - application: a two-stage call goes concept_submitted -> invited -> (draft of the full
//   proposal) -> submitted; screening may ask for more information (back to the applicant, who
//   resubmits); only eligible applications are reviewed; the committee awards, reserves or rejects;
//   a reserve may be awarded later; an award is contracted, then closed. withdrawn is the
//   applicant's exit before a decision. An award falls away when the applicant declines it
//   (declined) or its agreement is not signed or is terminated before the action starts (lapsed):
//   the money goes back to the envelope and a reserve application may be awarded in its place.
// - agreement: drafted, signed (amendments keep it signed), closed; cancelled when the award
//   falls away before the action starts.
// - assignment (reviewer): pending until the reviewer declares; "none" gives access, "declared"
//   is an abstention; a manager may recuse at any time, even after the review (a conflict found
//   late): a recused reviewer's scores no longer count.
// - tranche: planned -> paid (or cancelled). report: submitted -> approved | changes_requested
//   -> submitted.
const Table& TableOf(Machine m) {
  static const Table kCall{
      {"draft", "open", "closed", "decided", "archived"},
      {{"draft", "open"}, {"open", "closed"}, {"closed", "decided"}, {"decided", "archived"}}};
  static const Table kApplication{
      {"draft", "concept_submitted", "invited", "submitted", "more_info", "eligible", "ineligible",
       "awarded", "reserve", "rejected", "contracted", "closed", "withdrawn", "declined", "lapsed"},
      {{"draft", "concept_submitted"},
       {"draft", "submitted"},
       {"draft", "withdrawn"},
       {"concept_submitted", "invited"},
       {"concept_submitted", "rejected"},
       {"invited", "submitted"},
       {"invited", "withdrawn"},
       {"submitted", "more_info"},
       {"submitted", "eligible"},
       {"submitted", "ineligible"},
       {"submitted", "withdrawn"},
       {"more_info", "submitted"},
       {"more_info", "withdrawn"},
       {"eligible", "awarded"},
       {"eligible", "reserve"},
       {"eligible", "rejected"},
       {"reserve", "awarded"},
       {"reserve", "rejected"},
       {"awarded", "contracted"},
       {"awarded", "declined"},
       {"awarded", "lapsed"},
       {"contracted", "lapsed"},
       {"contracted", "closed"}}};
  static const Table kAssignment{{"pending", "none", "declared", "recused", "submitted"},
                                 {{"pending", "none"},
                                  {"pending", "declared"},
                                  {"pending", "recused"},
                                  {"none", "recused"},
                                  {"none", "submitted"},
                                  {"declared", "recused"},
                                  {"submitted", "recused"}}};
  static const Table kAgreement{{"draft", "signed", "closed", "cancelled"},
                                {{"draft", "signed"},
                                 {"signed", "signed"},
                                 {"signed", "closed"},
                                 {"draft", "cancelled"},
                                 {"signed", "cancelled"}}};
  static const Table kTranche{{"planned", "paid", "cancelled"},
                              {{"planned", "paid"}, {"planned", "cancelled"}}};
  static const Table kReport{{"submitted", "approved", "changes_requested"},
                             {{"submitted", "approved"},
                              {"submitted", "changes_requested"},
                              {"changes_requested", "submitted"}}};
  switch (m) {
    case Machine::kCall: return kCall;
    case Machine::kApplication: return kApplication;
    case Machine::kAssignment: return kAssignment;
    case Machine::kAgreement: return kAgreement;
    case Machine::kTranche: return kTranche;
    case Machine::kReport: return kReport;
  }
  return kCall;
}

}  // namespace

std::string_view MachineName(Machine m) {
  switch (m) {
    case Machine::kCall: return "call";
    case Machine::kApplication: return "application";
    case Machine::kAssignment: return "assignment";
    case Machine::kAgreement: return "agreement";
    case Machine::kTranche: return "tranche";
    case Machine::kReport: return "report";
  }
  return "unknown";
}

const std::vector<std::string_view>& States(Machine m) { return TableOf(m).states; }

bool IsState(Machine m, std::string_view state) {
  const auto& s = TableOf(m).states;
  return std::find(s.begin(), s.end(), state) != s.end();
}

Status CheckTransition(Machine m, std::string_view from, std::string_view to) {
  if (!IsState(m, to)) {
    return InvalidInput("is not a state of a " + std::string(MachineName(m)), "state");
  }
  const auto& e = TableOf(m).edges;
  if (std::find(e.begin(), e.end(), std::make_pair(from, to)) != e.end()) return Status::Ok();
  return Conflict("a " + std::string(MachineName(m)) + " in state " + std::string(from) +
                  " cannot move to " + std::string(to));
}

}  // namespace giai::grants
