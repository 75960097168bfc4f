// The head of a response as the transport writes it: the handler's headers filtered and ordered,
// and (for buffered responses) serialised by hand into one reused string, byte for byte what
// Beast's serializer wrote before (server_wire_test.cc pins it). Included only by
// server_session.h.
#pragma once

#include <charconv>
#include <cstring>
#include <stdexcept>

#include "http/server_impl.h"

namespace giai::http::internal {

using Headers = std::vector<std::pair<std::string, std::string>>;

// Which of the handler's headers go on the wire. Content-Length and Transfer-Encoding are the
// server's; Connection becomes keep-alive or close. Same names (any case) are grouped at the place
// of the first, as Beast's fields keep them.
struct HeadPlan {
  std::vector<std::size_t> order;  // indexes into the headers; reused per connection
  bool close = false;              // the handler sent `Connection: close`
  bool has_server = false;         // the handler named its own Server

  void Make(const Headers& headers) {
    order.clear();
    close = false;
    has_server = false;
    for (std::size_t i = 0; i < headers.size(); ++i) {
      const auto& [name, value] = headers[i];
      // Beast refused fields it could not store (a 16-bit offset) by throwing; so do we.
      if (name.size() + 2 > 0xffff) throw std::length_error("field name too large");
      if (value.size() + 2 > 0xffff) throw std::length_error("field value too large");
      if (EqualsIgnoreCase(name, "content-length") || EqualsIgnoreCase(name, "transfer-encoding")) {
        continue;
      }
      if (EqualsIgnoreCase(name, "connection")) {
        if (EqualsIgnoreCase(value, "close")) close = true;
        continue;
      }
      if (EqualsIgnoreCase(name, "server")) has_server = true;
      auto last_same = order.end();
      for (auto it = order.begin(); it != order.end(); ++it) {
        if (EqualsIgnoreCase(headers[*it].first, name)) last_same = it;
      }
      if (last_same == order.end()) {
        order.push_back(i);
      } else {
        order.insert(last_same + 1, i);
      }
    }
  }
};

// Field values lose their leading and trailing spaces and tabs (Beast's detail::trim).
inline std::string_view TrimValue(std::string_view value) {
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
  while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) value.remove_suffix(1);
  return value;
}

// Status line, the planned headers, Server, Connection and Content-Length, and the blank line,
// written into `out` (cleared; its capacity is reused). `version` is 10 or 11; `status` is
// 200..599 (WriteResponse checked). Sized first, then copied: no reallocation on the way.
inline void WriteHead(std::string& out, int status, unsigned version, const Headers& headers,
                      const HeadPlan& plan, bool keep_alive, std::size_t content_length) {
  using namespace std::string_view_literals;
  const auto reason_view = bhttp::obsolete_reason(static_cast<bhttp::status>(status));
  const std::string_view reason(reason_view.data(), reason_view.size());
  char status_digits[8];
  const std::string_view status_text(
      status_digits,
      static_cast<std::size_t>(std::to_chars(status_digits, status_digits + 8, status).ptr -
                               status_digits));
  char length_digits[24];
  const std::string_view length_text(
      length_digits,
      static_cast<std::size_t>(
          std::to_chars(length_digits, length_digits + 24, content_length).ptr - length_digits));
  const std::string_view server = plan.has_server ? ""sv : "Server: giai\r\n"sv;
  const std::string_view connection = version == 10
                                          ? (keep_alive ? "Connection: keep-alive\r\n"sv : ""sv)
                                          : (keep_alive ? ""sv : "Connection: close\r\n"sv);
  std::size_t size = 9 + status_text.size() + 1 + reason.size() + 2 + server.size() +
                     connection.size() + 16 + length_text.size() + 4;
  for (std::size_t index : plan.order) {
    size += headers[index].first.size() + 2 + TrimValue(headers[index].second).size() + 2;
  }
  out.resize(size);
  char* at = out.data();
  const auto put = [&at](std::string_view text) {
    std::memcpy(at, text.data(), text.size());
    at += text.size();
  };
  put(version == 10 ? "HTTP/1.0 "sv : "HTTP/1.1 "sv);
  put(status_text);
  put(" "sv);
  put(reason);
  put("\r\n"sv);
  for (std::size_t index : plan.order) {
    put(headers[index].first);
    put(": "sv);
    put(TrimValue(headers[index].second));
    put("\r\n"sv);
  }
  put(server);
  put(connection);
  put("Content-Length: "sv);
  put(length_text);
  put("\r\n\r\n"sv);
}

}  // namespace giai::http::internal
