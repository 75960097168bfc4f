// The head of a response as the transport writes it: the handler's headers filtered and ordered,
// and (for buffered responses) serialised by hand into one reused string, byte for byte what
// Beast's serializer wrote before (server_wire_test.cc pins it). Included only by
// server_session.h.
#pragma once

#include <charconv>
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

// Status line, the planned headers, Server, Connection and Content-Length, and the blank line.
// `version` is 10 or 11; `status` is 200..599 (WriteResponse checked).
inline void AppendHead(std::string& out, int status, unsigned version, const Headers& headers,
                       const HeadPlan& plan, bool keep_alive, std::size_t content_length) {
  out += version == 10 ? "HTTP/1.0 " : "HTTP/1.1 ";
  char digits[24];
  out.append(digits, std::to_chars(digits, digits + sizeof digits, status).ptr);
  out += ' ';
  const auto reason = bhttp::obsolete_reason(static_cast<bhttp::status>(status));
  out.append(reason.data(), reason.size());
  out += "\r\n";
  for (std::size_t index : plan.order) {
    out += headers[index].first;
    out += ": ";
    out += TrimValue(headers[index].second);
    out += "\r\n";
  }
  if (!plan.has_server) out += "Server: giai\r\n";
  if (version == 10 && keep_alive) out += "Connection: keep-alive\r\n";
  if (version != 10 && !keep_alive) out += "Connection: close\r\n";
  out += "Content-Length: ";
  out.append(digits, std::to_chars(digits, digits + sizeof digits, content_length).ptr);
  out += "\r\n\r\n";
}

}  // namespace giai::http::internal
