// RecordEstimateService: multiple systems estimation from the platform's own records
// (docs/ESTIMATION.md, "From linked records"). The analyst names 3..15 organisations; each one's
// list is the persons in the victim role of its acts that match the filters (country and period
// of the act, crime category, the person's sex). Persons are grouped into entities through the
// caller's organisation's active same-person links (linkage review decisions and cross-
// organisation links, service/linkage_service.h); an unlinked person is an entity of their own.
// The capture table — for each entity, the set of lists it is on — goes to the same engine as
// POST /estimates (EstimateService), and the answer adds the pattern counts for an overlap plot.
//
// Who reaches what (docs/SECURITY.md, "Estimation"): the caller's own organisation's list is what
// the caller reads (their compartments). Another organisation's list holds only what that
// organisation shares with the caller's, now: acts reached under active shares and victims whose
// person record is reached too (the consent gate for sharing with the caller's class has let
// them through). An organisation that reaches the caller with no active share is refused
// (forbidden); an unknown one is invalid_input. Counts only: no person id, pseudonym or
// identity is returned. Every request is audited with its purpose in the caller's trail, and in
// each share's access log (and the owner's trail) for the shares it read.
//
// Thread safety: stateless apart from the references it holds; safe from many threads.
#pragma once

#include <nlohmann/json.hpp>

#include "access/audit.h"
#include "access/principal.h"
#include "service/estimate_service.h"
#include "store/store.h"

namespace giai::service {

class RecordEstimateService {
 public:
  // Patterns counting fewer people than this are flagged "small" (disclosure risk if published).
  static constexpr int kSmallCell = 5;

  RecordEstimateService(store::Store& store, const EstimateService& engine)
      : store_(store), engine_(engine) {}

  // body: {"organisations": [org ids, 3..15], "filters": {country, from, to, sex, category},
  //        "strata": "sex" (optional), and the engine's settings of POST /estimates
  //        (method, selection, max_order, bootstrap, seed, level, latent_class)}.
  Result<nlohmann::json> Estimate(const access::Principal& who, const access::RequestInfo& request,
                                  const nlohmann::json& body) const;

  // The organisations the caller may name as lists: their own, and those sharing persons with
  // the caller's organisation now ({"items": [{org_id, name, own}]}; no counts).
  Result<nlohmann::json> Organisations(const access::Principal& who) const;

 private:
  store::Store& store_;
  const EstimateService& engine_;
};

}  // namespace giai::service
