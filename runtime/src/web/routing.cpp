// Route pattern parsing and matching.
#include "routing.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdlib>

#include <async/exceptions.h>

namespace async {
namespace web {
namespace detail {

namespace {

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

bool IsInteger(const std::string& s, long long min, long long max) {
  if (s.empty() || s.size() > 20) return false;
  std::size_t i = (s[0] == '-') ? 1 : 0;
  if (i == s.size()) return false;
  for (std::size_t k = i; k < s.size(); ++k) {
    if (!std::isdigit(static_cast<unsigned char>(s[k]))) return false;
  }
  errno = 0;
  char* end = nullptr;
  long long v = std::strtoll(s.c_str(), &end, 10);
  return errno == 0 && *end == '\0' && v >= min && v <= max;
}

bool IsGuid(const std::string& s) {
  // 8-4-4-4-12 hex digits, optionally in braces.
  std::string t = s;
  if (t.size() == 38 && t.front() == '{' && t.back() == '}') t = t.substr(1, 36);
  if (t.size() != 36) return false;
  for (std::size_t i = 0; i < t.size(); ++i) {
    bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash ? t[i] != '-' : !std::isxdigit(static_cast<unsigned char>(t[i]))) return false;
  }
  return true;
}

bool Satisfies(const std::string& constraint, const std::string& value) {
  if (constraint.empty()) return true;
  if (constraint == "int") return IsInteger(value, -2147483648LL, 2147483647LL);
  if (constraint == "long") return IsInteger(value, -9223372036854775807LL - 1, 9223372036854775807LL);
  if (constraint == "bool") return EqualsIgnoreCase(value, "true") || EqualsIgnoreCase(value, "false");
  if (constraint == "alpha") {
    return !value.empty() && std::all_of(value.begin(), value.end(), [](char c) {
      return std::isalpha(static_cast<unsigned char>(c)) != 0;
    });
  }
  if (constraint == "guid") return IsGuid(value);
  return false;
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::string PercentDecode(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && HexValue(s[i + 1]) >= 0 && HexValue(s[i + 2]) >= 0) {
      out += static_cast<char>(HexValue(s[i + 1]) * 16 + HexValue(s[i + 2]));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

std::vector<std::string> SplitPath(std::string_view path) {
  std::vector<std::string> out;
  std::size_t i = 0;
  while (i < path.size()) {
    while (i < path.size() && path[i] == '/') ++i;
    if (i >= path.size()) break;
    std::size_t j = path.find('/', i);
    if (j == std::string_view::npos) j = path.size();
    out.push_back(PercentDecode(path.substr(i, j - i)));
    i = j;
  }
  return out;
}

RoutePattern RoutePattern::Parse(const std::string& pattern) {
  auto bad = [&](const std::string& why) {
    return ArgumentException("The route template '" + pattern + "' is invalid: " + why);
  };
  RoutePattern p;
  std::string_view rest = pattern;
  while (!rest.empty()) {
    while (!rest.empty() && rest.front() == '/') rest.remove_prefix(1);
    if (rest.empty()) break;
    std::size_t slash = rest.find('/');
    std::string_view seg = rest.substr(0, slash);
    rest = slash == std::string_view::npos ? std::string_view() : rest.substr(slash);
    if (!p.segments_.empty() && p.segments_.back().kind == RouteSegment::Kind::CatchAll) {
      throw bad("a catch-all parameter must be the last segment");
    }
    RouteSegment s;
    if (seg.front() == '{') {
      if (seg.back() != '}' || seg.size() < 3) throw bad("unclosed parameter '" + std::string(seg) + "'");
      std::string_view inner = seg.substr(1, seg.size() - 2);
      if (!inner.empty() && inner.front() == '*') {
        s.kind = RouteSegment::Kind::CatchAll;
        inner.remove_prefix(1);
      } else {
        s.kind = RouteSegment::Kind::Parameter;
      }
      std::size_t colon = inner.find(':');
      s.text = std::string(inner.substr(0, colon));
      if (colon != std::string_view::npos) s.constraint = std::string(inner.substr(colon + 1));
      if (s.text.empty()) throw bad("a parameter needs a name");
      if (!s.constraint.empty() && s.constraint != "int" && s.constraint != "long" && s.constraint != "bool" &&
          s.constraint != "alpha" && s.constraint != "guid") {
        throw bad("unknown constraint '" + s.constraint + "'");
      }
    } else {
      if (seg.find_first_of("{}") != std::string_view::npos) throw bad("braces inside a literal segment");
      s.text = std::string(seg);
    }
    p.segments_.push_back(std::move(s));
  }
  return p;
}

bool RoutePattern::Match(const std::vector<std::string>& path, std::map<std::string, std::string>& values) const {
  std::map<std::string, std::string> found;
  std::size_t i = 0;
  for (const RouteSegment& s : segments_) {
    if (s.kind == RouteSegment::Kind::CatchAll) {
      std::string joined;
      for (std::size_t k = i; k < path.size(); ++k) joined += (k > i ? "/" : "") + path[k];
      if (!Satisfies(s.constraint, joined) && !joined.empty()) return false;
      found[s.text] = joined;
      i = path.size();
      values = std::move(found);
      return true;
    }
    if (i >= path.size()) return false;
    if (s.kind == RouteSegment::Kind::Literal) {
      if (!EqualsIgnoreCase(s.text, path[i])) return false;
    } else {
      if (!Satisfies(s.constraint, path[i])) return false;
      found[s.text] = path[i];
    }
    ++i;
  }
  if (i != path.size()) return false;
  values = std::move(found);
  return true;
}

std::vector<int> RoutePattern::Precedence() const {
  std::vector<int> out;
  for (const RouteSegment& s : segments_) {
    switch (s.kind) {
      case RouteSegment::Kind::Literal: out.push_back(4); break;
      case RouteSegment::Kind::Parameter: out.push_back(s.constraint.empty() ? 2 : 3); break;
      case RouteSegment::Kind::CatchAll: out.push_back(1); break;
    }
  }
  return out;
}

}  // namespace detail
}  // namespace web
}  // namespace async
