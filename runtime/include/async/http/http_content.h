// async/http/http_content.h: bodies to send (System.Net.Http.StringContent,
// ByteArrayContent). Both are HttpContent handles with a body and content
// headers; Content-Length is computed when the request is sent.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <async/http/http_response_message.h>

namespace async {
namespace http {

// StringContent(content, mediaType = "text/plain"): the string's bytes
// (UTF-8 is assumed, as .NET's default encoding), Content-Type
// "<mediaType>; charset=utf-8".
class StringContent : public HttpContent {
 public:
  explicit StringContent(std::string content, std::string_view mediaType = "text/plain");
};

// ByteArrayContent(bytes): the bytes as they are, no Content-Type (set one
// with Headers().SetContentType(...)).
class ByteArrayContent : public HttpContent {
 public:
  explicit ByteArrayContent(const std::vector<std::uint8_t>& bytes);
  ByteArrayContent(const void* data, std::size_t size);
};

}  // namespace http
}  // namespace async
