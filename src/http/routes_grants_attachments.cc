// Routes of grant application attachments (docs/GRANTS.md "Attachments"): PUT a file (raw body,
// streamed into the vault, write-once), list them, read one back (X-Purpose, audited). Every
// route translates and delegates to service::GrantAttachments; nothing is decided here.
#include "http/api.h"
#include "http/content_stream.h"
#include "service/grants_attachments.h"

namespace giai::http {

void AddGrantAttachmentRoutes(Router& router, service::GrantsService& grants,
                              service::EvidenceService& evidence) {
  // Shared by the route handlers, which live as long as the router.
  auto attachments = std::make_shared<service::GrantAttachments>(grants, evidence);
  const std::string base = "/api/v1/grant-applications/{id}/attachments";

  Route put{"PUT",
            base + "/{name}",
            true,
            {},
            [](Call&) -> Result<Response> {
              return Status(Code::kUnavailable, "uploads need a streaming transport");
            },
            {"Attach a file to an application (raw body, streamed; applicant, while editable; "
             "write-once; at most 25 MiB)",
             "grants", "", "GrantAttachment", 201}};
  router.AddStreamed(
      std::move(put), [attachments](Call& call) -> Result<std::unique_ptr<StreamHandler>> {
        GIAI_ASSIGN_OR_RETURN(std::optional<std::uint64_t> length, ContentLength(call.request));
        GIAI_ASSIGN_OR_RETURN(auto upload,
                              attachments->BeginUpload(call.principal, call.info, call.params["id"],
                                                       call.params["name"], length));
        return std::unique_ptr<StreamHandler>(new ContentStream(std::move(upload), 201));
      });

  router.Add({"GET",
              base,
              true,
              {},
              [attachments](Call& call) -> Result<Response> {
                GIAI_ASSIGN_OR_RETURN(nlohmann::json page,
                                      attachments->List(call.principal, call.params["id"]));
                return JsonResponse(200, page);
              },
              {"List an application's attachments", "grants", "", "GrantAttachmentPage"}});

  OpenApiInfo read_doc{"Download an attachment (needs X-Purpose; audited)", "grants", "", ""};
  read_doc.needs_purpose = true;
  router.Add({"GET",
              base + "/{attachment_id}/content",
              true,
              {},
              [attachments](Call& call) -> Result<Response> {
                GIAI_ASSIGN_OR_RETURN(
                    service::Content content,
                    attachments->Read(call.principal, call.info, call.params["id"],
                                      call.params["attachment_id"]));
                return ContentResponse(std::move(content));
              },
              read_doc});
}

}  // namespace giai::http
