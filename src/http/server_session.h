// One HTTP connection of http::Server (plain TCP or TLS): reads a request (its body buffered, or
// streamed into a BodySink), calls the handler on the connection's strand, writes the response
// (buffered, or pulled from a BodySource), and loops while the connection is kept alive.
// Included only by server.cc.
#pragma once

#include "http/server_response.h"

namespace giai::http::internal {

template <bool kTls>
class Session final : public SessionBase {
 public:
  using Stream = std::conditional_t<kTls, beast::ssl_stream<Socket>, Socket>;

  Session(Server::Impl& server, Socket socket, std::string remote_address)
      : server_(server),
        stream_(MakeStream(server, std::move(socket))),
        timer_(stream_.get_executor()),
        remote_address_(std::move(remote_address)) {}

  ~Session() override { server_.Unregister(this); }

  void Start() {
    server_.Register(shared_from_this());
    // The socket was accepted onto this session's strand; everything below runs there.
    asio::dispatch(stream_.get_executor(), [self = Self()] {
      if constexpr (kTls) {
        self->state_ = State::kHandshake;
        self->Arm(self->server_.options.idle_timeout);
        self->stream_.async_handshake(asio::ssl::stream_base::server,
                                      [self](error_code ec) { self->OnHandshake(ec); });
      } else {
        self->DoRead();
      }
    });
  }

  void PostServerStop() override {
    asio::post(stream_.get_executor(), [self = Self()] { self->OnServerStop(); });
  }

  void OnServerStop() override {
    // A connection waiting for its next request (or still handshaking) is idle: close it now.
    // One that has received part of a request, or is handling/writing, finishes that request and
    // then closes (DoRead and OnWrite look at `stopping`).
    const bool idle = state_ == State::kHandshake ||
                      (state_ == State::kReading && parser_ && !parser_->got_some());
    if (idle) {
      error_code ignored;
      Lowest().cancel(ignored);
    }
  }

 private:
  static constexpr std::size_t kKeptHeadCapacity = 64 * 1024;

  enum class State { kHandshake, kReading, kHandling, kWriting, kClosing, kClosed };

  static Stream MakeStream(Server::Impl& server, Socket socket) {
    if constexpr (kTls) {
      return Stream(std::move(socket), *server.ssl_context);
    } else {
      return Stream(std::move(socket));
    }
  }

  std::shared_ptr<Session> Self() { return std::static_pointer_cast<Session>(shared_from_this()); }
  Socket& Lowest() { return beast::get_lowest_layer(stream_); }

  // The timeout of the pending operation (idle_timeout, or kLingerTime while closing). One timer
  // per connection, moved lazily: starting an operation only records its deadline; the timer
  // wakes at the deadline it was set to, and sleeps again until the new one if that moved.
  // (beast::tcp_stream re-armed a timer at every read and write.) Operations never overlap and
  // the timer runs on the same strand, so a deadline that has passed when the timer wakes
  // belongs to an operation still pending: the connection is closed, as tcp_stream closed it.
  void Arm(std::chrono::steady_clock::duration timeout) {
    deadline_ = std::chrono::steady_clock::now() + timeout;
    if (!timer_waiting_ || timer_.expiry() > deadline_) WaitTimer();
  }

  void WaitTimer() {
    timer_waiting_ = true;
    timer_.expires_at(deadline_);  // cancels a later wait, if any (its handler sees the error)
    // Weak: a pending wait must not keep a closed connection (and Stop()) waiting.
    timer_.async_wait([weak = weak_from_this()](error_code ec) {
      if (ec) return;  // moved earlier, or the connection closed
      if (auto self = weak.lock()) static_cast<Session&>(*self).OnTimer();
    });
  }

  void OnTimer() {
    timer_waiting_ = false;
    if (state_ == State::kClosed) return;
    if (std::chrono::steady_clock::now() >= deadline_) return Close();
    WaitTimer();
  }

  void OnHandshake(error_code ec) {
    if (ec) return Close();  // includes plain HTTP spoken to the HTTPS port
    DoRead();
  }

  void DoRead() {
    if (server_.stopping.load()) return DoShutdown(false);
    state_ = State::kReading;
    NewParser();
    // Beast refuses a Content-Length over the limit while parsing the header, before we can
    // tell whether the body will be streamed: allow the larger limit until then (OnHeader).
    parser_->body_limit(
        server_.options.stream_selector
            ? std::max<std::uint64_t>(server_.options.body_limit, server_.options.stream_body_limit)
            : static_cast<std::uint64_t>(server_.options.body_limit));
    parser_->header_limit(kHeaderLimit);
    Arm(server_.options.idle_timeout);
    // Header first, so an `Expect: 100-continue` client (curl uploading evidence) is told to go
    // on, or gets its 413 before sending a body we would refuse.
    bhttp::async_read_header(stream_, buffer_, *parser_,
                             [self = Self()](error_code ec, std::size_t) { self->OnHeader(ec); });
  }

  // The previous request's parsers (the only users of arena_) go before the arena is rewound.
  void NewParser() {
    parser_.reset();
    upload_parser_.reset();
    arena_.Rewind();
    parser_.emplace(std::piecewise_construct, std::make_tuple(),
                    std::make_tuple(FieldAllocator<char>(arena_)));
  }

  void OnHeader(error_code ec) {
    if (ec) return OnRead(ec);
    if (server_.options.stream_selector && !parser_->is_done()) {
      StreamDecision decision;
      try {
        decision = server_.options.stream_selector(MakeRequest(parser_->get()));
      } catch (const std::exception& e) {
        std::fprintf(stderr, "giai http: stream selector threw: %s\n", e.what());
        decision.refuse = Problem(500, "internal", "Internal error", "the server failed");
      }
      if (decision.refuse) {
        return WriteResponse(std::move(*decision.refuse), parser_->get().version(), false, true);
      }
      if (decision.sink) {
        sink_ = std::move(decision.sink);
        upload_version_ = parser_->get().version();
        upload_keep_alive_ = parser_->get().keep_alive();
        upload_buffer_.resize(kUploadChunk);
        if (const auto length = parser_->content_length()) {
          // Content-Length framing: the body is raw bytes, so it is read straight off the stream
          // in large pieces (the parser would copy it through `buffer_` a few KiB at a time, one
          // timer update and one cross-thread wake-up per piece). The header read already
          // refused lengths over the limit.
          upload_left_ = *length;
          return SendContinueThen(parser_->get(), [self = Self()] { self->ContinueRawUpload(); });
        }
        upload_parser_.emplace(std::move(*parser_));
        parser_.reset();
        upload_parser_->body_limit(server_.options.stream_body_limit);
        buffer_.reserve(kUploadChunk);  // chunked: larger reads through the parser
        return SendContinueThen(upload_parser_->get(), [self = Self()] { self->DoReadUpload(); });
      }
    }
    if (parser_->is_done()) return OnRead(ec);
    if (server_.options.stream_selector) {
      const auto length = parser_->content_length();
      if (length && *length > server_.options.body_limit) {
        return OnRead(bhttp::error::body_limit);
      }
      parser_->body_limit(static_cast<std::uint64_t>(server_.options.body_limit));
    }
    SendContinueThen(parser_->get(), [self = Self()] { self->DoReadBody(); });
  }

  // Tells an `Expect: 100-continue` client (curl uploading evidence) to go on, then reads.
  template <class Header, class Next>
  void SendContinueThen(const Header& header, Next next) {
    const auto expect = header.find(bhttp::field::expect);
    if (header.version() >= 11 && expect != header.end() &&
        beast::iequals(expect->value(), "100-continue")) {
      static constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
      asio::async_write(stream_, asio::buffer(kContinue.data(), kContinue.size()),
                        [self = Self(), next](error_code write_ec, std::size_t) {
                          if (write_ec) return self->Close();
                          next();
                        });
      return;
    }
    next();
  }

  // Content-Length upload: first the body bytes that arrived with the header, then reads of up
  // to kUploadChunk, never past the end of the body (a pipelined next request stays unread).
  void ContinueRawUpload() {
    if (buffer_.size() > 0 && upload_left_ > 0) {
      const auto n =
          static_cast<std::size_t>(std::min<std::uint64_t>(buffer_.size(), upload_left_));
      std::optional<Response> stop =
          GuardedWrite(std::string_view(static_cast<const char*>(buffer_.data().data()), n));
      buffer_.consume(n);
      upload_left_ -= n;
      if (stop) return StopUpload(std::move(*stop));
    }
    if (upload_left_ == 0) return FinishUpload();
    const auto want =
        static_cast<std::size_t>(std::min<std::uint64_t>(upload_buffer_.size(), upload_left_));
    Arm(server_.options.idle_timeout);
    stream_.async_read_some(
        asio::buffer(upload_buffer_.data(), want),
        [self = Self()](error_code ec, std::size_t got) { self->OnRawUploadRead(ec, got); });
  }

  void OnRawUploadRead(error_code ec, std::size_t got) {
    if (ec) {
      sink_.reset();  // client gone or timed out: the sink discards what it received
      return Close();
    }
    upload_left_ -= got;
    if (std::optional<Response> stop = GuardedWrite(std::string_view(upload_buffer_.data(), got))) {
      return StopUpload(std::move(*stop));
    }
    if (upload_left_ == 0) return FinishUpload();
    ContinueRawUpload();
  }

  void StopUpload(Response response) {
    sink_.reset();
    upload_parser_.reset();
    WriteResponse(std::move(response), upload_version_, false, true);
  }

  void FinishUpload() {
    state_ = State::kHandling;
    Response response = GuardedFinish();
    sink_.reset();
    upload_parser_.reset();
    WriteResponse(std::move(response), upload_version_, upload_keep_alive_, false);
  }

  void DoReadUpload() {
    auto& body = upload_parser_->get().body();
    body.data = upload_buffer_.data();
    body.size = upload_buffer_.size();
    Arm(server_.options.idle_timeout);
    bhttp::async_read(stream_, buffer_, *upload_parser_,
                      [self = Self()](error_code ec, std::size_t) { self->OnUploadRead(ec); });
  }

  void OnUploadRead(error_code ec) {
    if (ec == bhttp::error::need_buffer) ec = {};
    if (ec == bhttp::error::body_limit) {
      sink_.reset();
      return WriteResponse(Problem(413, "payload_too_large", "Payload too large",
                                   "the request body exceeds the server's limit"),
                           11, false, true);
    }
    if (ec) {
      sink_.reset();  // client gone or timed out: the sink discards what it received
      return Close();
    }
    const std::size_t got = upload_buffer_.size() - upload_parser_->get().body().size;
    std::optional<Response> stop;
    if (got > 0) stop = GuardedWrite(std::string_view(upload_buffer_.data(), got));
    if (stop) return StopUpload(std::move(*stop));
    if (!upload_parser_->is_done()) return DoReadUpload();
    FinishUpload();
  }

  std::optional<Response> GuardedWrite(std::string_view piece) {
    try {
      return sink_->Write(piece);
    } catch (const std::exception& e) {
      std::fprintf(stderr, "giai http: body sink threw: %s\n", e.what());
    }
    return Problem(500, "internal", "Internal error", "the server failed to handle the request");
  }

  Response GuardedFinish() {
    try {
      return sink_->Finish();
    } catch (const std::exception& e) {
      std::fprintf(stderr, "giai http: body sink threw: %s\n", e.what());
    }
    return Problem(500, "internal", "Internal error", "the server failed to handle the request");
  }

  void DoReadBody() {
    bhttp::async_read(stream_, buffer_, *parser_,
                      [self = Self()](error_code ec, std::size_t) { self->OnRead(ec); });
  }

  void OnRead(error_code ec) {
    if (ec == bhttp::error::body_limit) {
      return WriteResponse(Problem(413, "payload_too_large", "Payload too large",
                                   "the request body exceeds the server's limit"),
                           11, false, true);
    }
    if (ec == bhttp::error::header_limit) {
      return WriteResponse(Problem(431, "invalid_input", "Request header fields too large",
                                   "the request header block exceeds the server's limit"),
                           11, false, true);
    }
    if (ec == bhttp::error::end_of_stream || ec == bhttp::error::partial_message) return Close();
    if (ec && ec.category() == bhttp::make_error_code(bhttp::error::bad_method).category()) {
      return WriteResponse(
          Problem(400, "invalid_input", "Invalid input", "the request is not valid HTTP/1.1"), 11,
          false, true);
    }
    if (ec) return Close();  // timeout, reset, cancelled by Stop(), TLS failure

    state_ = State::kHandling;
    auto& message = parser_->get();
    const bool keep_alive = message.keep_alive();
    const unsigned version = message.version();
    Response response = CallHandler(message);
    WriteResponse(std::move(response), version, keep_alive, false);
  }

  // Fills the connection's Request (its strings and header vector keep their capacity from one
  // request to the next). Only read by the handler or the stream selector, synchronously.
  template <class Message>
  const Request& MakeRequest(const Message& message) {
    Request& request = request_;
    const auto method = message.method_string();
    request.method.assign(method.data(), method.size());
    const auto target = message.target();
    request.target.assign(target.data(), target.size());
    const std::string_view whole(request.target);
    const std::size_t question = whole.find('?');
    request.path.assign(whole.substr(0, question));
    if (question != std::string_view::npos) {
      request.query.assign(whole.substr(question + 1));
    } else {
      request.query.clear();
    }
    std::size_t count = 0;
    auto& headers = request.headers;
    for (const auto& field : message) {
      const auto name = field.name_string();
      const auto value = field.value();
      if (count < headers.size()) {
        headers[count].first.assign(name.data(), name.size());
        headers[count].second.assign(value.data(), value.size());
      } else {
        headers.emplace_back(std::string(name.data(), name.size()),
                             std::string(value.data(), value.size()));
      }
      ++count;
    }
    headers.resize(count);
    request.body.clear();
    if (request.remote_address.empty()) request.remote_address = remote_address_;
    request.tls = kTls;
    return request;
  }

  template <class Message>
  Response CallHandler(Message& message) {
    MakeRequest(message);
    request_.body = std::move(message.body());
    // A handler bug must cost one request, not the server.
    Response response;
    try {
      response = server_.handler(request_);
    } catch (const std::exception& e) {
      std::fprintf(stderr, "giai http: handler threw: %s\n", e.what());
      response = HandlerFailed();
    } catch (...) {
      std::fprintf(stderr, "giai http: handler threw a non-exception\n");
      response = HandlerFailed();
    }
    request_.body = std::string();  // an uploaded body is not kept while the connection idles
    return response;
  }

  static Response HandlerFailed() {
    return Problem(500, "internal", "Internal error", "the server failed to handle the request");
  }

  // `linger`: the request may not have been read completely; drain before closing.
  void WriteResponse(Response response, unsigned version, bool keep_alive, bool linger) {
    // 1xx would need protocol support we do not have (and Beast throws on some of these).
    if (response.status < 200 || response.status > 599) {
      std::fprintf(stderr, "giai http: handler returned invalid status %d\n", response.status);
      response = HandlerFailed();
    }
    const bool bad_header =
        std::any_of(response.headers.begin(), response.headers.end(),
                    [](const auto& header) { return !IsValidHeader(header.first, header.second); });
    if (bad_header) {
      std::fprintf(stderr, "giai http: handler returned an invalid header\n");
      response = HandlerFailed();
    }
    // These statuses have no body by definition.
    const bool no_body = response.status == 204 || response.status == 304;
    if (no_body) response.body.clear();
    plan_.Make(response.headers);
    version = version == 10 ? 10 : 11;
    keep_alive = keep_alive && !plan_.close && !server_.stopping.load();
    if (response.source && !no_body) {
      return WriteStreamed(response, version, keep_alive, linger);
    }
    // The head serialised into one reused string; over TCP the body is sent from the handler's
    // string in the same gathered write (no copy). Over TLS the body is appended to the head and
    // sent as one buffer: given the two buffers, beast::ssl_stream (Boost 1.74) never delivered
    // an answer over 16 KiB whole (not investigated further; ServesHttpsWithSelfSignedCertificate
    // pins the large answer), and encryption copies every byte anyway.
    WriteHead(head_, response.status, version, response.headers, plan_, keep_alive,
              response.body.size());
    state_ = State::kWriting;
    Arm(server_.options.idle_timeout);
    auto done = [self = Self(), keep_alive, linger](error_code ec, std::size_t) {
      self->body_ = std::string();
      // A large answer does not keep its memory while the connection idles.
      if (self->head_.capacity() > kKeptHeadCapacity) self->head_ = std::string();
      if (ec) return self->Close();
      if (keep_alive && !self->server_.stopping.load()) return self->DoRead();
      self->DoShutdown(linger);
    };
    if constexpr (kTls) {
      head_ += response.body;
      asio::async_write(stream_, asio::buffer(head_), std::move(done));
    } else {
      body_ = std::move(response.body);
      const std::array<asio::const_buffer, 2> buffers{asio::buffer(head_), asio::buffer(body_)};
      asio::async_write(stream_, buffers, std::move(done));
    }
  }

  // The head (Beast's fields, in the order HeadPlan chose) with Content-Length =
  // source->size(), then the source's pieces.
  void WriteStreamed(Response& response, unsigned version, bool keep_alive, bool linger) {
    source_ = std::move(response.source);
    const std::optional<std::uint64_t> size = source_->size();
    source_left_ = size.value_or(std::numeric_limits<std::uint64_t>::max());
    source_sized_ = size.has_value();
    auto& out = streamed_.emplace();
    out.version(version);
    out.result(static_cast<unsigned>(response.status));
    for (std::size_t index : plan_.order) {
      out.insert(response.headers[index].first, response.headers[index].second);
    }
    if (!plan_.has_server) out.set(bhttp::field::server, "giai");
    out.keep_alive(keep_alive);
    if (size) {
      out.content_length(*size);
    } else if (out.version() >= 11) {
      out.chunked(true);
    } else {
      keep_alive = false;  // HTTP/1.0: the end of the body is the end of the connection
      out.keep_alive(false);
    }
    out.body().data = nullptr;
    out.body().more = true;
    serializer_.emplace(out);
    state_ = State::kWriting;
    Arm(server_.options.idle_timeout);
    bhttp::async_write_header(stream_, *serializer_,
                              [self = Self(), keep_alive, linger](error_code ec, std::size_t) {
                                if (ec) return self->AbortStreamed();
                                self->WriteNextPiece(keep_alive, linger);
                              });
  }

  void WriteNextPiece(bool keep_alive, bool linger) {
    Result<std::string> next = Status::Ok();
    try {
      next = source_->Next();
    } catch (const std::exception& e) {
      std::fprintf(stderr, "giai http: body source threw: %s\n", e.what());
      return AbortStreamed();
    }
    if (!next.ok()) {
      std::fprintf(stderr, "giai http: body source failed: %s\n", next.status().ToString().c_str());
      return AbortStreamed();
    }
    piece_ = std::move(next).value();
    if (piece_.size() > source_left_ || (piece_.empty() && source_sized_ && source_left_ > 0)) {
      std::fprintf(stderr, "giai http: body source size mismatch\n");
      return AbortStreamed();
    }
    source_left_ -= piece_.size();
    auto& body = streamed_->body();
    body.data = piece_.empty() ? nullptr : piece_.data();
    body.size = piece_.size();
    body.more = !piece_.empty();
    Arm(server_.options.idle_timeout);
    bhttp::async_write(stream_, *serializer_,
                       [self = Self(), keep_alive, linger](error_code ec, std::size_t) {
                         if (ec == bhttp::error::need_buffer) ec = {};
                         if (ec) return self->AbortStreamed();
                         if (!self->serializer_->is_done()) {
                           return self->WriteNextPiece(keep_alive, linger);
                         }
                         self->EndStreamed();
                         if (keep_alive && !self->server_.stopping.load()) return self->DoRead();
                         self->DoShutdown(linger);
                       });
  }

  void EndStreamed() {
    serializer_.reset();
    streamed_.reset();
    source_.reset();
    piece_.clear();
  }

  void AbortStreamed() {
    EndStreamed();
    Close();
  }

  // Orderly close: TLS close_notify, or TCP FIN (optionally draining unread request bytes).
  void DoShutdown(bool linger) {
    state_ = State::kClosing;
    Arm(kLingerTime);
    if constexpr (kTls) {
      (void)linger;
      stream_.async_shutdown([self = Self()](error_code) { self->Close(); });
    } else {
      error_code ignored;
      stream_.shutdown(tcp::socket::shutdown_send, ignored);
      if (!linger) return Close();
      linger_left_ = kLingerBytes;
      DoDrain();
    }
  }

  void DoDrain() {
    if constexpr (!kTls) {
      stream_.async_read_some(asio::buffer(drain_buffer_),
                              [self = Self()](error_code ec, std::size_t n) {
                                if (ec || n >= self->linger_left_) return self->Close();
                                self->linger_left_ -= n;
                                self->DoDrain();
                              });
    }
  }

  void Close() {
    state_ = State::kClosed;
    error_code ignored;
    timer_.cancel(ignored);
    Lowest().close(ignored);
  }

  Server::Impl& server_;
  Stream stream_;
  Timer timer_;
  std::chrono::steady_clock::time_point deadline_;
  bool timer_waiting_ = false;
  std::string remote_address_;
  beast::flat_buffer buffer_;
  FieldArena arena_;  // before the parsers that allocate from it
  std::optional<bhttp::request_parser<bhttp::string_body, FieldAllocator<char>>> parser_;
  Request request_;  // reused: see MakeRequest
  // Buffered response: head_ keeps its capacity; body_ is the handler's string until written.
  HeadPlan plan_;
  std::string head_;
  std::string body_;
  // Streamed response (BodySource).
  std::shared_ptr<BodySource> source_;
  std::uint64_t source_left_ = 0;
  bool source_sized_ = false;
  std::string piece_;
  std::optional<bhttp::response<bhttp::buffer_body>> streamed_;
  std::optional<bhttp::response_serializer<bhttp::buffer_body>> serializer_;
  // Streamed request body (BodySink).
  std::unique_ptr<BodySink> sink_;
  std::optional<bhttp::request_parser<bhttp::buffer_body, FieldAllocator<char>>> upload_parser_;
  std::vector<char> upload_buffer_;
  std::uint64_t upload_left_ = 0;  // Content-Length bodies: bytes still to read
  unsigned upload_version_ = 11;
  bool upload_keep_alive_ = false;
  State state_ = State::kReading;
  std::size_t linger_left_ = 0;
  std::array<char, 16 * 1024> drain_buffer_{};
};

}  // namespace giai::http::internal
