// Route patterns and endpoints of a WebApplication (ASP.NET Core routing's
// subset: literal segments, {name}, {name:constraint}, a final {*name}).
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <async/web/web_application.h>

namespace async {
namespace web {
namespace detail {

struct RouteSegment {
  enum class Kind { Literal, Parameter, CatchAll };
  Kind kind = Kind::Literal;
  std::string text;        // the literal, or the parameter's name
  std::string constraint;  // "", "int", "long", "bool", "alpha", "guid"
};

class RoutePattern {
 public:
  // ArgumentException for a malformed pattern or an unknown constraint.
  static RoutePattern Parse(const std::string& pattern);
  // Matches the path's segments, filling `values` on success.
  bool Match(const std::vector<std::string>& path, std::map<std::string, std::string>& values) const;
  // Orders candidates: literals before constrained parameters before
  // parameters before a catch-all, segment by segment (higher wins).
  std::vector<int> Precedence() const;

 private:
  std::vector<RouteSegment> segments_;
};

// The path's segments, percent-decoded ("/a/b%20c/" -> {"a", "b c"}).
std::vector<std::string> SplitPath(std::string_view path);
std::string PercentDecode(std::string_view s);

struct Endpoint {
  std::string method;
  std::string pattern_text;
  RoutePattern pattern;
  EndpointHandler handler;
  std::vector<EndpointFilter> filters;
};

}  // namespace detail
}  // namespace web
}  // namespace async
