// async/db/npgsql_parameter.h: command parameters, sent separately from the
// SQL text (PQsendQueryParams), never spliced into it.
//
// Placeholders (NpgsqlCommand): `@name` in the SQL names the parameter added
// as "name" (or "@name"); each distinct name becomes $1, $2, ... in order of
// first use, outside string literals, quoted identifiers and comments. A
// `@` not followed by the name of an added parameter (PostgreSQL's @ and @>
// operators) is left alone. SQL without any such `@name` uses positional
// $1..$n, bound to the parameters in the order they were added.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include <async/db/db_value.h>

namespace async {
namespace db {

class NpgsqlParameter {
 public:
  NpgsqlParameter(std::string name, unsigned type_oid, std::optional<std::string> text)
      : name_(std::move(name)), type_oid_(type_oid), text_(std::move(text)) {}
  // The name without a leading '@'.
  const std::string& ParameterName() const noexcept { return name_; }
  bool IsNull() const noexcept { return !text_.has_value(); }
  // The text format sent to the server; the type sent with it (0: let the
  // server infer, used for NULL).
  const std::optional<std::string>& Text() const noexcept { return text_; }
  unsigned TypeOid() const noexcept { return type_oid_; }

 private:
  std::string name_;
  unsigned type_oid_;
  std::optional<std::string> text_;
};

namespace detail {
std::string FormatDouble(double v);
// What C++ type maps to which PostgreSQL type: bool -> boolean, integers up
// to 32 bits -> integer, 64-bit -> bigint, floating point -> double
// precision, strings -> text, nullptr / DBNull / empty optional -> NULL.
inline void ToParameter(bool v, unsigned& type, std::optional<std::string>& text) {
  type = oid::kBool;
  text = v ? "t" : "f";
}
template <class T, std::enable_if_t<std::is_integral_v<T> && !std::is_same_v<T, bool>, int> = 0>
void ToParameter(T v, unsigned& type, std::optional<std::string>& text) {
  type = sizeof(T) <= 4 && !(std::is_unsigned_v<T> && sizeof(T) == 4) ? oid::kInt4 : oid::kInt8;
  text = std::to_string(v);
}
template <class T, std::enable_if_t<std::is_floating_point_v<T>, int> = 0>
void ToParameter(T v, unsigned& type, std::optional<std::string>& text) {
  type = oid::kFloat8;
  text = FormatDouble(static_cast<double>(v));
}
inline void ToParameter(std::string_view v, unsigned& type, std::optional<std::string>& text) {
  type = oid::kText;
  text = std::string(v);
}
inline void ToParameter(const std::string& v, unsigned& type, std::optional<std::string>& text) {
  ToParameter(std::string_view(v), type, text);
}
inline void ToParameter(const char* v, unsigned& type, std::optional<std::string>& text) {
  ToParameter(std::string_view(v), type, text);
}
inline void ToParameter(std::nullptr_t, unsigned& type, std::optional<std::string>& text) {
  type = oid::kUnknown;
  text.reset();
}
inline void ToParameter(DBNull, unsigned& type, std::optional<std::string>& text) { ToParameter(nullptr, type, text); }
template <class T>
void ToParameter(const std::optional<T>& v, unsigned& type, std::optional<std::string>& text) {
  if (v) {
    ToParameter(*v, type, text);
  } else {
    ToParameter(T{}, type, text);  // T's type, with a NULL value
    text.reset();
  }
}
}  // namespace detail

class NpgsqlParameterCollection {
 public:
  // Adds a parameter named `name` ("name" or "@name"; "" for positional use).
  template <class T>
  NpgsqlParameter& AddWithValue(std::string_view name, const T& value) {
    unsigned type = 0;
    std::optional<std::string> text;
    detail::ToParameter(value, type, text);
    if (!name.empty() && name.front() == '@') name.remove_prefix(1);
    items_.emplace_back(std::string(name), type, std::move(text));
    return items_.back();
  }
  // Positional: the next $n.
  template <class T>
  NpgsqlParameter& Add(const T& value) {
    return AddWithValue("", value);
  }
  int Count() const noexcept { return static_cast<int>(items_.size()); }
  const NpgsqlParameter& operator[](int i) const { return items_.at(static_cast<std::size_t>(i)); }
  void Clear() noexcept { items_.clear(); }
  const std::vector<NpgsqlParameter>& Items() const noexcept { return items_; }

 private:
  std::vector<NpgsqlParameter> items_;
};

}  // namespace db
}  // namespace async
