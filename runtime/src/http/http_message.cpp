// HttpHeaders, HttpContent, HttpResponseMessage.
#include <async/http/http_headers.h>
#include <async/http/http_request_exception.h>
#include <async/http/http_content.h>
#include <async/http/http_request_message.h>
#include <async/http/http_response_message.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <cstring>

#include <async/exceptions.h>

namespace async {
namespace http {

namespace {

bool EqualsIgnoreCase(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i])))
      return false;
  }
  return true;
}

std::string_view Trim(std::string_view s) noexcept {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// RFC 9110's reason phrases, for messages (the server's own phrase is in ReasonPhrase()).
const char* DefaultReasonPhrase(int code) noexcept {
  switch (code) {
    case 200: return "OK";
    case 201: return "Created";
    case 202: return "Accepted";
    case 204: return "No Content";
    case 301: return "Moved Permanently";
    case 302: return "Found";
    case 304: return "Not Modified";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 408: return "Request Timeout";
    case 409: return "Conflict";
    case 410: return "Gone";
    case 429: return "Too Many Requests";
    case 500: return "Internal Server Error";
    case 501: return "Not Implemented";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    case 504: return "Gateway Timeout";
    default: return nullptr;
  }
}

}  // namespace

// --- HttpHeaders ---------------------------------------------------------------

void HttpHeaders::Add(std::string name, std::string value) {
  if (name.empty()) throw ArgumentException("The header name cannot be empty.");
  for (char c : name) {
    if (c <= ' ' || c == ':' || c == 127) throw ArgumentException("The header name format is invalid: '" + name + "'.");
  }
  for (char c : value) {
    if (c == '\r' || c == '\n') throw ArgumentException("New-line characters are not allowed in header values.");
  }
  entries_.emplace_back(std::move(name), std::move(value));
}

bool HttpHeaders::Remove(std::string_view name) {
  auto it = std::remove_if(entries_.begin(), entries_.end(),
                           [&](const Entry& e) { return EqualsIgnoreCase(e.first, name); });
  bool removed = it != entries_.end();
  entries_.erase(it, entries_.end());
  return removed;
}

bool HttpHeaders::Contains(std::string_view name) const noexcept {
  return std::any_of(entries_.begin(), entries_.end(),
                     [&](const Entry& e) { return EqualsIgnoreCase(e.first, name); });
}

bool HttpHeaders::TryGetValues(std::string_view name, std::vector<std::string>& values) const {
  std::vector<std::string> found;
  for (const auto& e : entries_) {
    if (EqualsIgnoreCase(e.first, name)) found.push_back(e.second);
  }
  if (found.empty()) return false;
  values = std::move(found);
  return true;
}

std::vector<std::string> HttpHeaders::GetValues(std::string_view name) const {
  std::vector<std::string> values;
  if (!TryGetValues(name, values)) throw InvalidOperationException("The given header was not found.");
  return values;
}

std::optional<std::string> HttpHeaders::GetFirst(std::string_view name) const {
  for (const auto& e : entries_) {
    if (EqualsIgnoreCase(e.first, name)) return e.second;
  }
  return std::nullopt;
}

std::string HttpHeaders::ToString() const {
  std::string out;
  for (const auto& e : entries_) {
    out += e.first;
    out += ": ";
    out += e.second;
    out += "\r\n";
  }
  return out;
}

bool HttpResponseHeaders::TransferEncodingChunked() const {
  std::vector<std::string> values;
  if (!TryGetValues("Transfer-Encoding", values)) return false;
  std::string_view last = values.back();
  auto comma = last.rfind(',');
  if (comma != std::string_view::npos) last = last.substr(comma + 1);
  return EqualsIgnoreCase(Trim(last), "chunked");
}

bool HttpResponseHeaders::ConnectionClose() const {
  std::vector<std::string> values;
  if (!TryGetValues("Connection", values)) return false;
  for (const auto& v : values) {
    std::string_view rest = v;
    while (!rest.empty()) {
      auto comma = rest.find(',');
      std::string_view token = Trim(rest.substr(0, comma));
      if (EqualsIgnoreCase(token, "close")) return true;
      if (comma == std::string_view::npos) break;
      rest.remove_prefix(comma + 1);
    }
  }
  return false;
}

std::optional<unsigned long long> HttpContentHeaders::ContentLength() const {
  auto v = GetFirst("Content-Length");
  if (!v) return std::nullopt;
  std::string_view s = Trim(*v);
  if (s.empty() || s.size() > 19) return std::nullopt;
  unsigned long long n = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    n = n * 10 + static_cast<unsigned>(c - '0');
  }
  return n;
}

bool HttpContentHeaders::IsContentHeader(std::string_view name) noexcept {
  static const char* const kNames[] = {"Allow", "Content-Disposition", "Content-Encoding",
                                       "Content-Language", "Content-Length", "Content-Location",
                                       "Content-MD5", "Content-Range", "Content-Type",
                                       "Expires", "Last-Modified"};
  for (const char* n : kNames) {
    if (EqualsIgnoreCase(name, n)) return true;
  }
  return false;
}

// --- HttpContent -----------------------------------------------------------------

struct HttpContent::Data {
  std::string body;
  HttpContentHeaders headers;
};

HttpContent::HttpContent() : data_(std::make_shared<Data>()) {}
HttpContent::HttpContent(std::string body, HttpContentHeaders headers)
    : data_(std::make_shared<Data>(Data{std::move(body), std::move(headers)})) {}

Task<std::string> HttpContent::ReadAsStringAsync(CancellationToken ct) const {
  if (ct.IsCancellationRequested()) return FromCanceled<std::string>(ct);
  return FromResult(data_->body);
}
Task<std::vector<std::uint8_t>> HttpContent::ReadAsByteArrayAsync(CancellationToken ct) const {
  if (ct.IsCancellationRequested()) return FromCanceled<std::vector<std::uint8_t>>(ct);
  return FromResult(std::vector<std::uint8_t>(data_->body.begin(), data_->body.end()));
}
const std::string& HttpContent::ReadAsString() const noexcept { return data_->body; }
const HttpContentHeaders& HttpContent::Headers() const noexcept { return data_->headers; }
HttpContentHeaders& HttpContent::Headers() noexcept { return data_->headers; }

// --- StringContent, ByteArrayContent -----------------------------------------------

namespace {
HttpContentHeaders WithContentType(std::string_view mediaType) {
  HttpContentHeaders headers;
  if (!mediaType.empty()) headers.Add("Content-Type", std::string(mediaType));
  return headers;
}
}  // namespace

StringContent::StringContent(std::string content, std::string_view mediaType)
    : HttpContent(std::move(content), WithContentType(std::string(mediaType) + "; charset=utf-8")) {}

ByteArrayContent::ByteArrayContent(const std::vector<std::uint8_t>& bytes)
    : HttpContent(std::string(bytes.begin(), bytes.end()), HttpContentHeaders()) {}
ByteArrayContent::ByteArrayContent(const void* data, std::size_t size)
    : HttpContent(std::string(static_cast<const char*>(data), size), HttpContentHeaders()) {}

// --- HttpMethod ----------------------------------------------------------------------

HttpMethod::HttpMethod(std::string method) : method_(std::move(method)) {
  if (method_.empty()) throw ArgumentException("The HTTP method cannot be empty.");
  for (char c : method_) {
    // RFC 9110 token characters.
    if (c <= ' ' || c >= 127 || std::strchr("\"(),/:;<=>?@[\\]{}", c) != nullptr)
      throw ArgumentException("The format of the HTTP method is invalid: '" + method_ + "'.");
  }
}

void HttpContentHeaders::SetContentType(std::string mediaType) {
  Remove("Content-Type");
  Add("Content-Type", std::move(mediaType));
}

// --- HttpResponseMessage ---------------------------------------------------------

struct HttpResponseMessage::Data {
  HttpStatusCode status = HttpStatusCode::OK;
  std::string reason;
  int major = 1;
  int minor = 1;
  HttpResponseHeaders headers;
  HttpContent content;
};

HttpResponseMessage::HttpResponseMessage() : data_(std::make_shared<const Data>(Data{HttpStatusCode::OK, "OK", 1, 1, {}, {}})) {}
HttpResponseMessage::HttpResponseMessage(HttpStatusCode status, std::string reasonPhrase, int versionMajor,
                                         int versionMinor, HttpResponseHeaders headers, HttpContent content)
    : data_(std::make_shared<const Data>(Data{status, std::move(reasonPhrase), versionMajor, versionMinor,
                                              std::move(headers), std::move(content)})) {}

HttpStatusCode HttpResponseMessage::StatusCode() const noexcept { return data_->status; }
const std::string& HttpResponseMessage::ReasonPhrase() const noexcept { return data_->reason; }
bool HttpResponseMessage::IsSuccessStatusCode() const noexcept {
  int code = static_cast<int>(data_->status);
  return code >= 200 && code <= 299;
}
const HttpResponseMessage& HttpResponseMessage::EnsureSuccessStatusCode() const {
  if (IsSuccessStatusCode()) return *this;
  int code = static_cast<int>(data_->status);
  std::string phrase = data_->reason;
  if (phrase.empty()) {
    const char* d = DefaultReasonPhrase(code);
    if (d != nullptr) phrase = d;
  }
  std::string message = "Response status code does not indicate success: " + std::to_string(code);
  if (!phrase.empty()) message += " (" + phrase + ")";
  message += ".";
  throw HttpRequestException(std::move(message), nullptr, data_->status);
}
const HttpResponseHeaders& HttpResponseMessage::Headers() const noexcept { return data_->headers; }
const HttpContent& HttpResponseMessage::Content() const noexcept { return data_->content; }
std::string HttpResponseMessage::Version() const {
  return std::to_string(data_->major) + "." + std::to_string(data_->minor);
}

}  // namespace http
}  // namespace async
