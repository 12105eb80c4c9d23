// HeaderDictionary, HttpRequest's query, HttpResponse's writes, IResult.
#include <async/web/http_context.h>

#include <algorithm>
#include <cctype>

#include <async/exceptions.h>
#include <async/web/results.h>

namespace async {
namespace web {

namespace {

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string FormDecode(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '+') {
      out += ' ';
    } else if (s[i] == '%' && i + 2 < s.size() && HexValue(s[i + 1]) >= 0 &&
               HexValue(s[i + 2]) >= 0) {
      out += static_cast<char>(HexValue(s[i + 1]) * 16 + HexValue(s[i + 2]));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

}  // namespace

std::string HeaderDictionary::Get(std::string_view name) const {
  std::string out;
  bool first = true;
  for (const auto& e : entries_) {
    if (!EqualsIgnoreCase(e.first, name)) continue;
    if (!first) out += ", ";
    out += e.second;
    first = false;
  }
  return out;
}

bool HeaderDictionary::ContainsKey(std::string_view name) const {
  return std::any_of(entries_.begin(), entries_.end(),
                     [&](const Entry& e) { return EqualsIgnoreCase(e.first, name); });
}

void HeaderDictionary::Set(std::string_view name, std::string value) {
  Remove(name);
  entries_.emplace_back(std::string(name), std::move(value));
}

void HeaderDictionary::Append(std::string_view name, std::string value) {
  entries_.emplace_back(std::string(name), std::move(value));
}

bool HeaderDictionary::Remove(std::string_view name) {
  auto it = std::remove_if(entries_.begin(), entries_.end(),
                           [&](const Entry& e) { return EqualsIgnoreCase(e.first, name); });
  bool removed = it != entries_.end();
  entries_.erase(it, entries_.end());
  return removed;
}

std::string HttpRequest::Query(std::string_view name) const {
  std::string_view q = query_string_;
  if (!q.empty() && q[0] == '?') q.remove_prefix(1);
  while (!q.empty()) {
    std::size_t amp = q.find('&');
    std::string_view pair = q.substr(0, amp);
    q = amp == std::string_view::npos ? std::string_view() : q.substr(amp + 1);
    std::size_t eq = pair.find('=');
    std::string key = FormDecode(pair.substr(0, eq));
    if (key == name) return eq == std::string_view::npos ? std::string() : FormDecode(pair.substr(eq + 1));
  }
  return {};
}

void HttpResponse::SetStatusCode(int statusCode) {
  if (started_) throw InvalidOperationException("StatusCode cannot be set because the response has already started.");
  status_code_ = statusCode;
}

void HttpResponse::Write(std::string_view text) { body_.append(text.data(), text.size()); }

Task<> HttpResponse::WriteAsync(std::string_view text, CancellationToken ct) {
  if (context_ == nullptr || context_->sink_ == nullptr) {
    body_.append(text.data(), text.size());
    return CompletedTask();
  }
  return context_->sink_->SendAsync(*this, text, std::move(ct));
}

void HttpResponse::Clear() {
  if (started_) throw InvalidOperationException("The response cannot be cleared, it has already started sending.");
  status_code_ = 200;
  headers_.Clear();
  content_length_.reset();
  body_.clear();
}

Task<> IResult::ExecuteAsync(HttpContext& context) const {
  if (empty_) return CompletedTask();
  HttpResponse& r = context.Response();
  try {
    r.SetStatusCode(status_code_);
    for (const auto& h : headers_) r.Headers().Set(h.first, h.second);
    if (!content_type_.empty()) r.SetContentType(content_type_);
    r.Write(body_);
  } catch (...) {
    return FromException<void>(std::current_exception());
  }
  return CompletedTask();
}

}  // namespace web
}  // namespace async
