// The exported case file: the case file document (CaseService::ExportCaseFile) written as an
// evidence export bundle (service/evidence_bundle.h), so one directory or tar archive carries
//   manifest.json   giai-bundle/2: the evidence items, everything withheld with its reason, and
//                   the SHA-256 of each document below; committed to the ledger
//   case-file.json, matrix.json, matrix.html, items.json, withheld.json   (cases/case_file.h)
//   files/, proofs/, checkpoint.txt, log.pub, VERIFY.md   as in every evidence bundle
// and `giai verify` checks all of it offline: every file, every document, every proof.
//
// Two gates decide, item by item: the case file's (reach, and the consent of every person a
// linked testimony, act or evidence item concerns, for the mechanism's class), then the evidence
// bundle's own for the evidence items that passed (consent again, content stored, compartments).
// Whatever the second refuses is written into the case file as withheld too, before the
// documents are hashed: the file and the bundle say the same thing.
// Needs the legal role (case work and evidence export) and a purpose; audited (case.export,
// evidence.export) and recorded as an "exported" custody event of each evidence item.
//
// Example:
//   GIAI_ASSIGN_OR_RETURN(Bundle b, ExportCaseFileBundle(cases, evidence, who, request, id));
//   GIAI_RETURN_IF_ERROR(WriteBundleDirectory(evidence, b, out_dir));
#pragma once

#include <string>

#include "service/case_service.h"
#include "service/evidence_bundle.h"

namespace giai::service {

Result<Bundle> ExportCaseFileBundle(CaseService& cases, EvidenceService& evidence,
                                    const access::Principal& who,
                                    const access::RequestInfo& request, const std::string& case_id);

}  // namespace giai::service
