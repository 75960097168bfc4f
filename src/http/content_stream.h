// Streamed file bodies shared by the routes that upload or download vault files (evidence
// content, grant application attachments): the upload sink, the verified download source, and
// the headers that go with them.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "http/router.h"
#include "service/evidence_service.h"

namespace giai::http {

// A stored file's plaintext as a streamed response body (verified as it goes; see ContentReader).
class ContentSource final : public BodySource {
 public:
  explicit ContentSource(std::unique_ptr<service::ContentReader> reader)
      : reader_(std::move(reader)) {}
  std::optional<std::uint64_t> size() const override { return reader_->size(); }
  Result<std::string> Next() override { return reader_->Next(); }

 private:
  std::unique_ptr<service::ContentReader> reader_;
};

// An upload's request body, piece by piece, into a service::ContentUpload; answers with the
// stored record (`status`, 200 or 201).
class ContentStream final : public StreamHandler {
 public:
  explicit ContentStream(std::unique_ptr<service::ContentUpload> upload, int status = 200)
      : upload_(std::move(upload)), status_(status) {}
  Status Write(std::string_view piece) override { return upload_->Write(piece); }
  Result<Response> Finish() override {
    GIAI_ASSIGN_OR_RETURN(nlohmann::json item, upload_->Finish());
    return JsonResponse(status_, item);
  }

 private:
  std::unique_ptr<service::ContentUpload> upload_;
  int status_;
};

// The Content-Length the client declared, if any (invalid_input if it is not a number).
Result<std::optional<std::uint64_t>> ContentLength(const Request& request);
// RFC 8187 / RFC 6266 `attachment; filename*=UTF-8''...` for any (UTF-8) name.
std::string ContentDisposition(const std::string& name);
// A download of `content`: its media type, Repr-Digest (RFC 9530) of the recorded SHA-256, the
// file name when known, and the verified streamed body.
Response ContentResponse(service::Content content);

}  // namespace giai::http
