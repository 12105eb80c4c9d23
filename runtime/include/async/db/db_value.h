// async/db/db_value.h: one value read from the server (ExecuteScalarAsync's
// result), in PostgreSQL's text format, with .NET's typed conversions.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace async {
namespace db {

// System.DBNull.Value: a NULL parameter (AddWithValue("p", DBNull::Value)).
struct DBNull {
  static const DBNull Value;
};

// Built-in type OIDs used for parameters and checked by the getters.
namespace oid {
inline constexpr unsigned kUnknown = 0;
inline constexpr unsigned kBool = 16;
inline constexpr unsigned kInt8 = 20;
inline constexpr unsigned kInt2 = 21;
inline constexpr unsigned kInt4 = 23;
inline constexpr unsigned kText = 25;
inline constexpr unsigned kFloat4 = 700;
inline constexpr unsigned kFloat8 = 701;
inline constexpr unsigned kNumeric = 1700;
}  // namespace oid

class DbValue {
 public:
  DbValue() = default;  // NULL (also: no row)
  DbValue(unsigned type_oid, std::string text) : null_(false), type_oid_(type_oid), text_(std::move(text)) {}

  bool IsNull() const noexcept { return null_; }
  unsigned TypeOid() const noexcept { return type_oid_; }
  // The text format as the server sent it ("" for NULL).
  const std::string& Text() const noexcept { return text_; }

  // Throw InvalidCastException on NULL or on a value of another type
  // (GetInt32 accepts int2/int4 and an int8 in range; GetDouble any number;
  // GetString any type, as its text).
  std::int32_t GetInt32() const;
  std::int64_t GetInt64() const;
  double GetDouble() const;
  bool GetBoolean() const;
  std::string GetString() const;

  // Get<int>(), Get<std::int64_t>(), Get<double>(), Get<bool>(), Get<std::string>().
  template <class T>
  T Get() const;

 private:
  bool null_ = true;
  unsigned type_oid_ = 0;
  std::string text_;
};

namespace detail {
// The conversions behind DbValue and NpgsqlDataReader. `what` names the
// value in the error message.
std::int64_t ParseInteger(unsigned type_oid, std::string_view text, std::int64_t min, std::int64_t max,
                          const std::string& what);
double ParseDouble(unsigned type_oid, std::string_view text, const std::string& what);
bool ParseBoolean(unsigned type_oid, std::string_view text, const std::string& what);
[[noreturn]] void ThrowNull(const std::string& what);
}  // namespace detail

template <>
inline std::int32_t DbValue::Get<std::int32_t>() const { return GetInt32(); }
template <>
inline std::int64_t DbValue::Get<std::int64_t>() const { return GetInt64(); }
template <>
inline double DbValue::Get<double>() const { return GetDouble(); }
template <>
inline bool DbValue::Get<bool>() const { return GetBoolean(); }
template <>
inline std::string DbValue::Get<std::string>() const { return GetString(); }

}  // namespace db
}  // namespace async
