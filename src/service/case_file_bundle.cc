#include "service/case_file_bundle.h"

#include <set>

#include "access/policy.h"
#include "cases/case_file.h"

namespace giai::service {

using nlohmann::json;

Result<Bundle> ExportCaseFileBundle(CaseService& cases, EvidenceService& evidence,
                                    const access::Principal& who,
                                    const access::RequestInfo& request,
                                    const std::string& case_id) {
  if (!access::Allows(who, access::Action::kWrite, "export")) {
    return Forbidden("role " + std::string(access::RoleName(who.role)) +
                     " may not export case files");
  }
  GIAI_ASSIGN_OR_RETURN(json file, cases.ExportCaseFile(who, request, case_id));

  ExportRequest export_request;
  export_request.org_id = who.org_id;
  export_request.actor_id = who.user_id;
  export_request.principal = who;
  export_request.purpose = request.purpose;
  // The mechanism's type is its recipient class; "other" is covered by no consent class.
  export_request.recipient = file["case"]["mechanism"].value("type", "other");
  for (const json& id : file["evidence"]["items"]) {
    export_request.item_ids.push_back(id.get<std::string>());
  }
  for (const json& w : file["withheld"]) {
    export_request.withheld_before.push_back({w.value("item_id", ""), w.value("reason", "")});
  }
  export_request.about = {{"format", file["format"]},
                          {"case_id", case_id},
                          {"mechanism", file["case"]["mechanism"]},
                          {"exported_by", who.user_id}};
  export_request.documents =
      [&file](const ExportReport& report) -> Result<std::vector<BundleDocument>> {
    for (const auto& [id, reason] : report.withheld) {
      cases::WithholdItem(file, id, "evidence bundle: " + reason);
    }
    file["evidence"]["items"] = report.exported;
    file["evidence"]["bundle"] = {{"export_id", report.export_id},
                                  {"format", "giai-bundle/2"},
                                  {"manifest", "manifest.json"},
                                  {"files", "files/"},
                                  {"proofs", "proofs/"}};
    file["evidence"]["note"] =
        "The evidence items' original files are in files/, their Merkle inclusion proofs in "
        "proofs/, against checkpoint.txt; VERIFY.md explains how to check them offline.";
    std::vector<BundleDocument> docs;
    for (auto& [name, text] : cases::CaseFileDocuments(file)) {
      docs.push_back({std::move(name), std::move(text)});
    }
    return docs;
  };
  GIAI_ASSIGN_OR_RETURN(Bundle bundle, PrepareBundle(evidence, export_request));
  GIAI_RETURN_IF_ERROR(evidence.store().Write([&](store::Tx& tx) -> Status {
    return tx.AppendAudit(
        access::AuditEvent(who, "evidence.export", bundle.report.export_id, request));
  }));
  return bundle;
}

}  // namespace giai::service
