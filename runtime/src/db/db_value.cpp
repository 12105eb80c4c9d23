// DbValue and the text-format conversions of the typed getters.
#include <async/db/db_value.h>

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>

#include <async/db/npgsql_exception.h>
#include <async/db/npgsql_parameter.h>

namespace async {
namespace db {

const DBNull DBNull::Value{};

namespace detail {

void ThrowNull(const std::string& what) {
  throw InvalidCastException("Column is null: " + what + " (check IsDBNull first).");
}

std::int64_t ParseInteger(unsigned type_oid, std::string_view text, std::int64_t min, std::int64_t max,
                          const std::string& what) {
  if (type_oid != oid::kInt2 && type_oid != oid::kInt4 && type_oid != oid::kInt8 && type_oid != oid::kUnknown &&
      type_oid != oid::kNumeric)
    throw InvalidCastException("Cannot read " + what + " (type OID " + std::to_string(type_oid) + ") as an integer.");
  const std::string s(text);
  errno = 0;
  char* end = nullptr;
  const long long v = std::strtoll(s.c_str(), &end, 10);
  if (s.empty() || *end != '\0' || errno == ERANGE || v < min || v > max)
    throw InvalidCastException("Cannot read " + what + " ('" + s.substr(0, 40) + "') as this integer type.");
  return v;
}

double ParseDouble(unsigned type_oid, std::string_view text, const std::string& what) {
  if (type_oid != oid::kFloat4 && type_oid != oid::kFloat8 && type_oid != oid::kNumeric && type_oid != oid::kInt2 &&
      type_oid != oid::kInt4 && type_oid != oid::kInt8 && type_oid != oid::kUnknown)
    throw InvalidCastException("Cannot read " + what + " (type OID " + std::to_string(type_oid) + ") as a double.");
  const std::string s(text);
  char* end = nullptr;
  const double v = std::strtod(s.c_str(), &end);  // also "Infinity", "-Infinity", "NaN"
  if (s.empty() || *end != '\0') throw InvalidCastException("Cannot read " + what + " as a double.");
  return v;
}

bool ParseBoolean(unsigned type_oid, std::string_view text, const std::string& what) {
  if (type_oid != oid::kBool && type_oid != oid::kUnknown)
    throw InvalidCastException("Cannot read " + what + " (type OID " + std::to_string(type_oid) + ") as a boolean.");
  if (text == "t") return true;
  if (text == "f") return false;
  throw InvalidCastException("Cannot read " + what + " as a boolean.");
}

// Shortest text that reads back as the same double (%.17g always does).
std::string FormatDouble(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "Infinity" : "-Infinity";
  char buf[40];
  for (int precision = 15; precision <= 17; ++precision) {
    std::snprintf(buf, sizeof buf, "%.*g", precision, v);
    if (std::strtod(buf, nullptr) == v) break;
  }
  return buf;
}

}  // namespace detail

std::int32_t DbValue::GetInt32() const {
  if (null_) detail::ThrowNull("the value");
  return static_cast<std::int32_t>(detail::ParseInteger(type_oid_, text_, INT32_MIN, INT32_MAX, "the value"));
}
std::int64_t DbValue::GetInt64() const {
  if (null_) detail::ThrowNull("the value");
  return detail::ParseInteger(type_oid_, text_, INT64_MIN, INT64_MAX, "the value");
}
double DbValue::GetDouble() const {
  if (null_) detail::ThrowNull("the value");
  return detail::ParseDouble(type_oid_, text_, "the value");
}
bool DbValue::GetBoolean() const {
  if (null_) detail::ThrowNull("the value");
  return detail::ParseBoolean(type_oid_, text_, "the value");
}
std::string DbValue::GetString() const {
  if (null_) detail::ThrowNull("the value");
  return text_;
}

}  // namespace db
}  // namespace async
