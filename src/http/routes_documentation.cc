// Routes of the documentation core: the same five routes for each kind of record, plus the
// purpose-bound reads of narratives and identities.
#include "http/api.h"

namespace giai::http {

namespace {

using nlohmann::json;
using service::KindSpec;

Response WithEtag(Response r, const json& record) {
  r.headers.emplace_back("ETag", "\"" + std::to_string(record.value("version", 0)) + "\"");
  return r;
}

Result<bool> BoolQuery(const Call& call, const std::string& name) {
  std::string v = call.Query(name);
  if (v.empty() || v == "false") return false;
  if (v == "true") return true;
  return InvalidInput("must be true or false", name);
}

}  // namespace

void AddDocumentationRoutes(Router& router, service::DocumentationService& docs) {
  for (const KindSpec& kind : service::Kinds()) {
    const std::string base = "/api/v1/" + std::string(kind.collection);
    const std::string tag(kind.collection);
    std::string schema(kind.kind);
    schema[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(schema[0])));
    const KindSpec* k = &kind;

    router.Add({"POST",
                base,
                true,
                {},
                [&docs, k, base](Call& call) -> Result<Response> {
                  GIAI_ASSIGN_OR_RETURN(json body, call.JsonBody());
                  GIAI_ASSIGN_OR_RETURN(json record,
                                        docs.Create(call.principal, call.info, *k, body));
                  Response r = WithEtag(JsonResponse(201, record), record);
                  r.headers.emplace_back("Location", base + "/" + record["id"].get<std::string>());
                  return r;
                },
                {"Create a " + std::string(kind.kind), tag, schema + "Input", schema, 201}});

    std::vector<std::string> filters = {"limit", "cursor", "country", "from", "to", "org_id"};
    if (kind.kind == "incident" || kind.kind == "act") {
      filters.insert(filters.end(), {"crime", "category", "act_type", "gender_based"});
    }
    if (kind.kind == "act") filters.push_back("incident_id");
    if (kind.kind == "testimony") filters.push_back("person_id");
    if (kind.kind == "unit") filters.push_back("parent_unit_id");
    if (kind.has_identity) filters.push_back("name");
    router.Add({"GET",
                base,
                true,
                filters,
                [&docs, k](Call& call) -> Result<Response> {
                  service::ListRequest list;
                  list.country = call.Query("country");
                  list.from = call.Query("from");
                  list.to = call.Query("to");
                  list.crime = call.Query("crime");
                  list.category = call.Query("category");
                  list.act_type = call.Query("act_type");
                  GIAI_ASSIGN_OR_RETURN(list.gender_based, BoolQuery(call, "gender_based"));
                  list.org_id = call.Query("org_id");
                  for (const char* p : {"incident_id", "person_id", "parent_unit_id"}) {
                    if (!call.Query(p).empty()) list.parent_id = call.Query(p);
                  }
                  list.name = call.Query("name");
                  list.request = call.info;
                  list.cursor = call.Query("cursor");
                  GIAI_ASSIGN_OR_RETURN(list.limit, LimitQuery(call));
                  GIAI_ASSIGN_OR_RETURN(service::Page page, docs.List(call.principal, *k, list));
                  return PageResponse(std::move(page));
                },
                {"List " + tag + " (stable order, cursor pagination)", tag, "", schema + "Page"},
                /*reusable=*/true});

    router.Add(
        {"GET",
         base + "/{id}",
         true,
         {},
         [&docs, k](Call& call) -> Result<Response> {
           GIAI_ASSIGN_OR_RETURN(json record,
                                 docs.Get(call.principal, call.info, *k, call.params["id"]));
           return WithEtag(JsonResponse(200, record), record);
         },
         {"Read a " + std::string(kind.kind) + " (without protected fields)", tag, "", schema},
         /*reusable=*/true});

    OpenApiInfo patch_doc{"Update a " + std::string(kind.kind) + " (JSON merge patch, If-Match)",
                          tag, schema + "Input", schema};
    patch_doc.needs_if_match = true;
    router.Add({"PATCH",
                base + "/{id}",
                true,
                {},
                [&docs, k](Call& call) -> Result<Response> {
                  GIAI_ASSIGN_OR_RETURN(std::int64_t version, call.IfMatchVersion());
                  GIAI_ASSIGN_OR_RETURN(json patch, call.JsonBody());
                  GIAI_ASSIGN_OR_RETURN(
                      json record, docs.Update(call.principal, call.info, *k, call.params["id"],
                                               version, patch));
                  return WithEtag(JsonResponse(200, record), record);
                },
                patch_doc});

    if (kind.has_narrative) {
      OpenApiInfo doc{"Read the narrative (needs X-Purpose; audited)", tag, "", "Narrative"};
      doc.needs_purpose = true;
      router.Add({"GET",
                  base + "/{id}/narrative",
                  true,
                  {},
                  [&docs, k](Call& call) -> Result<Response> {
                    GIAI_ASSIGN_OR_RETURN(json out, docs.ReadNarrative(call.principal, call.info,
                                                                       *k, call.params["id"]));
                    return JsonResponse(200, out);
                  },
                  doc});
    }
    if (kind.has_identity) {
      OpenApiInfo doc{"Read the identity (needs X-Purpose; audited)", tag, "", "IdentityRead"};
      doc.needs_purpose = true;
      router.Add({"GET",
                  base + "/{id}/identity",
                  true,
                  {},
                  [&docs](Call& call) -> Result<Response> {
                    GIAI_ASSIGN_OR_RETURN(
                        json out, docs.ReadIdentity(call.principal, call.info, call.params["id"]));
                    return JsonResponse(200, out);
                  },
                  doc});
      OpenApiInfo sar{
          "Subject access: everything held about this person (needs X-Purpose; "
          "audited)",
          tag, "", "SubjectAccess"};
      sar.needs_purpose = true;
      router.Add({"GET",
                  base + "/{id}/subject-access",
                  true,
                  {},
                  [&docs](Call& call) -> Result<Response> {
                    GIAI_ASSIGN_OR_RETURN(
                        json out, docs.SubjectAccess(call.principal, call.info, call.params["id"]));
                    return JsonResponse(200, out);
                  },
                  sar});
    }
  }
}

}  // namespace giai::http
