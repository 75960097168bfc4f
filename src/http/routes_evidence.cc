// Routes of the evidence vault and the transparency log: register an item, stream its content
// (PUT, never buffered whole), read it with a purpose, derivatives, custody, proofs, erasure;
// the log's checkpoint, key and proofs.
#include <charconv>

#include "crypto/base64.h"
#include "crypto/hash.h"
#include "http/api.h"
#include "http/content_stream.h"
#include "ledger/checkpoint.h"
#include "service/evidence_bundle.h"
#include "service/evidence_service.h"

namespace giai::http {

namespace {

using nlohmann::json;

std::string Base64Of(const ledger::Hash& h) {
  return crypto::Base64Encode(std::string_view(reinterpret_cast<const char*>(h.data()), h.size()));
}

Result<std::uint64_t> Number(const Call& call, const std::string& name) {
  const std::string text = call.Query(name);
  std::uint64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size()) {
    return InvalidInput("must be a non-negative integer", name);
  }
  return value;
}

Result<int> PageLimit(const Call& call) {
  if (call.Query("limit").empty()) return 50;
  GIAI_ASSIGN_OR_RETURN(std::uint64_t n, Number(call, "limit"));
  return static_cast<int>(std::min<std::uint64_t>(n, 100000));
}

// An export bundle as a streamed tar archive (size unknown in advance: chunked).
class BundleSource final : public BodySource {
 public:
  BundleSource(service::EvidenceService& evidence, std::shared_ptr<const service::Bundle> bundle)
      : tar_(evidence, std::move(bundle)) {}
  std::optional<std::uint64_t> size() const override { return std::nullopt; }
  Result<std::string> Next() override { return tar_.Next(); }

 private:
  service::BundleTarStream tar_;
};

}  // namespace

Response BundleResponse(service::EvidenceService& evidence, service::Bundle bundle,
                        const std::string& name, std::size_t withheld) {
  const std::string id = bundle.report.export_id;
  Response r{200,
             {{"Content-Type", "application/x-tar"},
              {"Content-Disposition", "attachment; filename=\"" + name + "-" + id + ".tar\""},
              {"X-Export-Id", id},
              {"X-Exported-Count", std::to_string(bundle.report.exported.size())},
              {"X-Withheld-Count", std::to_string(withheld)}},
             ""};
  r.source = std::make_shared<BundleSource>(
      evidence, std::make_shared<const service::Bundle>(std::move(bundle)));
  return r;
}

void AddEvidenceRoutes(Router& router, service::EvidenceService& evidence) {
  const std::string base = "/api/v1/evidence";
  router.Add({"POST",
              base,
              true,
              {},
              [&evidence, base](Call& call) -> Result<Response> {
                GIAI_ASSIGN_OR_RETURN(json body, call.JsonBody());
                GIAI_ASSIGN_OR_RETURN(json item,
                                      evidence.Register(call.principal, call.info, body));
                Response r = JsonResponse(201, item);
                r.headers.emplace_back("Location", base + "/" + item["id"].get<std::string>());
                return r;
              },
              {"Register an evidence item (then PUT its content)", "evidence", "EvidenceInput",
               "Evidence", 201}});
  router.Add({"GET",
              base,
              true,
              {"incident_id", "cursor", "limit"},
              [&evidence](Call& call) -> Result<Response> {
                GIAI_ASSIGN_OR_RETURN(int limit, PageLimit(call));
                GIAI_ASSIGN_OR_RETURN(
                    service::Page page,
                    evidence.List(call.principal, call.info, call.Query("incident_id"),
                                  call.Query("cursor"), limit));
                return PageResponse(std::move(page));
              },
              {"List evidence items", "evidence", "", "EvidencePage"}});
  router.Add({"GET",
              base + "/{id}",
              true,
              {},
              [&evidence](Call& call) -> Result<Response> {
                GIAI_ASSIGN_OR_RETURN(json item,
                                      evidence.Get(call.principal, call.info, call.params["id"]));
                return JsonResponse(200, item);
              },
              {"Read an evidence item's metadata", "evidence", "", "Evidence"}});

  Route put{"PUT",
            base + "/{id}/content",
            true,
            {},
            [](Call&) -> Result<Response> {
              return Status(Code::kUnavailable, "uploads need a streaming transport");
            },
            {"Upload the content (raw body, streamed; SHA-256 must match the registered one; "
             "write-once)",
             "evidence", "", "Evidence"}};
  router.AddStreamed(
      std::move(put), [&evidence](Call& call) -> Result<std::unique_ptr<StreamHandler>> {
        GIAI_ASSIGN_OR_RETURN(std::optional<std::uint64_t> length, ContentLength(call.request));
        GIAI_ASSIGN_OR_RETURN(auto upload, evidence.BeginUpload(call.principal, call.info,
                                                                call.params["id"], length));
        return std::unique_ptr<StreamHandler>(new ContentStream(std::move(upload)));
      });

  OpenApiInfo read_doc{"Download the content (needs X-Purpose; audited; custody 'accessed')",
                       "evidence", "", ""};
  read_doc.needs_purpose = true;
  router.Add({"GET",
              base + "/{id}/content",
              true,
              {},
              [&evidence](Call& call) -> Result<Response> {
                GIAI_ASSIGN_OR_RETURN(
                    service::Content content,
                    evidence.ReadContent(call.principal, call.info, call.params["id"]));
                return ContentResponse(std::move(content));
              },
              read_doc});
  router.Add({"POST",
              base + "/{id}/derivatives",
              true,
              {},
              [&evidence, base](Call& call) -> Result<Response> {
                GIAI_ASSIGN_OR_RETURN(json body, call.JsonBody());
                GIAI_ASSIGN_OR_RETURN(json item,
                                      evidence.RegisterDerivative(call.principal, call.info,
                                                                  call.params["id"], body));
                Response r = JsonResponse(201, item);
                r.headers.emplace_back("Location", base + "/" + item["id"].get<std::string>());
                return r;
              },
              {"Register a derivative (redacted, blurred, transcoded...) of a stored item",
               "evidence", "DerivativeInput", "Evidence", 201}});
  router.Add({"GET",
              base + "/{id}/custody",
              true,
              {},
              [&evidence](Call& call) -> Result<Response> {
                GIAI_ASSIGN_OR_RETURN(json chain,
                                      evidence.Custody(call.principal, call.params["id"]));
                return JsonResponse(200, chain);
              },
              {"Chain of custody, up to the original", "evidence", "", "CustodyChain"}});
  router.Add(
      {"GET",
       base + "/{id}/proof",
       true,
       {},
       [&evidence](Call& call) -> Result<Response> {
         GIAI_ASSIGN_OR_RETURN(std::string proof,
                               evidence.Proof(call.principal, call.params["id"]));
         return Response{200, {{"Content-Type", "text/plain; charset=utf-8"}}, proof};
       },
       {"C2SP tlog-proof of the item's ingest against the latest checkpoint", "evidence", "", ""}});
  OpenApiInfo transfer_doc{
      "Record a hand-over of the original or a copy to an organisation or a mechanism's office "
      "(needs X-Purpose; a 'transferred' custody event in the ledger)",
      "evidence", "TransferInput", "CustodyEvent", 201};
  transfer_doc.needs_purpose = true;
  router.Add({"POST",
              base + "/{id}/transfers",
              true,
              {},
              [&evidence](Call& call) -> Result<Response> {
                GIAI_ASSIGN_OR_RETURN(json body, call.JsonBody());
                GIAI_ASSIGN_OR_RETURN(json event, evidence.RecordTransfer(call.principal, call.info,
                                                                          call.params["id"], body));
                return JsonResponse(201, event);
              },
              transfer_doc});
  OpenApiInfo shred_doc{"Erase the content by destroying its key (needs X-Purpose; recorded)",
                        "evidence", "", "Evidence"};
  shred_doc.needs_purpose = true;
  router.Add({"POST",
              base + "/{id}/shred",
              true,
              {},
              [&evidence](Call& call) -> Result<Response> {
                GIAI_ASSIGN_OR_RETURN(json item,
                                      evidence.Shred(call.principal, call.info, call.params["id"]));
                return JsonResponse(200, item);
              },
              shred_doc});
}

void AddExportRoutes(Router& router, service::EvidenceService& evidence) {
  router.Add(
      {"POST",
       "/api/v1/exports",
       true,
       {},
       [&evidence](Call& call) -> Result<Response> {
         GIAI_ASSIGN_OR_RETURN(json body, call.JsonBody());
         GIAI_ASSIGN_OR_RETURN(service::Bundle bundle,
                               service::ExportFor(evidence, call.principal, call.info, body));
         const std::size_t withheld = bundle.report.withheld.size();
         return BundleResponse(evidence, std::move(bundle), "giai-bundle", withheld);
       },
       {"Export evidence items for a recipient as a verifiable bundle (tar, streamed; legal role; "
        "withheld items and reasons in manifest.json)",
        "evidence", "ExportInput", ""}});
}

void AddLedgerRoutes(Router& router, store::Store& store, service::Ledger& ledger) {
  const std::string base = "/api/v1/ledger";
  router.Add(
      {"GET",
       base + "/checkpoint",
       true,
       {},
       [&store, &ledger](Call&) -> Result<Response> {
         store::CheckpointRow row;
         GIAI_RETURN_IF_ERROR(store.Read([&](store::Tx& tx) -> Status {
           GIAI_ASSIGN_OR_RETURN(row, ledger.Latest(tx));
           return Status::Ok();
         }));
         return Response{200, {{"Content-Type", "text/plain; charset=utf-8"}}, row.note};
       },
       {"The latest signed checkpoint (C2SP tlog-checkpoint signed note)", "ledger", "", ""}});
  router.Add({"GET",
              base + "/key",
              true,
              {},
              [&ledger](Call&) -> Result<Response> {
                return Response{200,
                                {{"Content-Type", "text/plain; charset=utf-8"}},
                                ledger.VerifierKey() + "\n"};
              },
              {"The log's public key (C2SP note verifier key)", "ledger", "", ""}});
  router.Add(
      {"GET",
       base + "/proof/inclusion",
       true,
       {"index", "tree_size"},
       [&store, &ledger](Call& call) -> Result<Response> {
         GIAI_ASSIGN_OR_RETURN(std::uint64_t index, Number(call, "index"));
         GIAI_ASSIGN_OR_RETURN(std::uint64_t size, Number(call, "tree_size"));
         json out = {{"index", index}, {"tree_size", size}, {"proof", json::array()}};
         GIAI_RETURN_IF_ERROR(store.Read([&](store::Tx& tx) -> Status {
           GIAI_ASSIGN_OR_RETURN(auto proof, ledger.InclusionProof(tx, index, size));
           for (const auto& h : proof) out["proof"].push_back(Base64Of(h));
           GIAI_ASSIGN_OR_RETURN(auto leaf, tx.LedgerLeaves(index, 1));
           out["leaf_hash"] = Base64Of(*ledger::HashFromBytes(leaf.at(0).hash));
           return Status::Ok();
         }));
         return JsonResponse(200, out);
       },
       {"RFC 9162 inclusion proof of a leaf in a tree size", "ledger", "", "InclusionProof"}});
  router.Add(
      {"GET",
       base + "/proof/consistency",
       true,
       {"first", "second"},
       [&store, &ledger](Call& call) -> Result<Response> {
         GIAI_ASSIGN_OR_RETURN(std::uint64_t first, Number(call, "first"));
         GIAI_ASSIGN_OR_RETURN(std::uint64_t second, Number(call, "second"));
         json out = {{"first", first}, {"second", second}, {"proof", json::array()}};
         GIAI_RETURN_IF_ERROR(store.Read([&](store::Tx& tx) -> Status {
           GIAI_ASSIGN_OR_RETURN(auto proof, ledger.ConsistencyProof(tx, first, second));
           for (const auto& h : proof) out["proof"].push_back(Base64Of(h));
           return Status::Ok();
         }));
         return JsonResponse(200, out);
       },
       {"RFC 9162 consistency proof between two tree sizes", "ledger", "", "ConsistencyProof"}});
}

}  // namespace giai::http
