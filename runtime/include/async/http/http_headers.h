// async/http/http_headers.h: System.Net.Http.Headers.HttpHeaders (the part
// a client reading responses needs).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace async {
namespace http {

// An ordered multimap of header fields; names compare case-insensitively
// (RFC 9110). Values are kept as received (no list splitting), one entry
// per header line, in order.
class HttpHeaders {
 public:
  using Entry = std::pair<std::string, std::string>;
  using const_iterator = std::vector<Entry>::const_iterator;

  void Add(std::string name, std::string value);
  // Removes every field with this name; true when there was one.
  bool Remove(std::string_view name);
  bool Contains(std::string_view name) const noexcept;
  // TryGetValues(name, out values): false (and `values` untouched) when absent.
  bool TryGetValues(std::string_view name, std::vector<std::string>& values) const;
  // GetValues(name): InvalidOperationException when absent, as in .NET.
  std::vector<std::string> GetValues(std::string_view name) const;
  // Convenience (not in .NET): the first value, or nullopt.
  std::optional<std::string> GetFirst(std::string_view name) const;

  std::size_t Count() const noexcept { return entries_.size(); }
  const_iterator begin() const noexcept { return entries_.begin(); }
  const_iterator end() const noexcept { return entries_.end(); }

  // "Name: value\r\n" per entry.
  std::string ToString() const;

 private:
  std::vector<Entry> entries_;
};

// HttpResponseHeaders: adds typed views of a few fields.
class HttpResponseHeaders : public HttpHeaders {
 public:
  // Headers.TransferEncodingChunked: true when Transfer-Encoding ends with "chunked".
  bool TransferEncodingChunked() const;
  // Headers.ConnectionClose: "Connection: close" was sent.
  bool ConnectionClose() const;
};

// HttpContentHeaders: Content-* fields (and Expires, Last-Modified, Allow).
class HttpContentHeaders : public HttpHeaders {
 public:
  // ContentLength: the Content-Length field, nullopt when absent or invalid.
  std::optional<unsigned long long> ContentLength() const;
  // ContentType's media type ("text/plain; charset=utf-8" as sent), nullopt if absent.
  std::optional<std::string> ContentType() const { return GetFirst("Content-Type"); }
  // Replaces the Content-Type field (.NET: Headers.ContentType = ...).
  void SetContentType(std::string mediaType);
  // True for the fields .NET files under content headers.
  static bool IsContentHeader(std::string_view name) noexcept;
};

}  // namespace http
}  // namespace async
