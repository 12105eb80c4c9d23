// async/db/npgsql_data_reader.h: the rows of a query (NpgsqlDataReader).
//
// libpq collects the whole result before the command's task completes (its
// default mode, not single-row mode), so ReadAsync never waits: it returns
// a completed task. The reader owns the result; the connection is free for
// the next command as soon as ExecuteReaderAsync completed.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include <async/cancellation.h>
#include <async/db/db_value.h>
#include <async/task.h>

struct pg_result;  // libpq's PGresult

namespace async {
namespace db {

class NpgsqlDataReader {
 public:
  NpgsqlDataReader() = default;
  explicit NpgsqlDataReader(std::shared_ptr<pg_result> result);

  // Advances to the next row: false after the last one.
  Task<bool> ReadAsync(CancellationToken ct = CancellationToken::None());
  bool Read();

  int FieldCount() const;
  bool HasRows() const;
  // Rows changed by an INSERT/UPDATE/DELETE, -1 for a SELECT.
  int RecordsAffected() const;

  std::string GetName(int ordinal) const;
  // Throws ArgumentOutOfRangeException (.NET: IndexOutOfRangeException)
  // for an unknown column name.
  int GetOrdinal(const std::string& name) const;
  // The column's type OID (pg_type.oid).
  unsigned GetDataTypeOid(int ordinal) const;

  bool IsDBNull(int ordinal) const;
  // InvalidCastException on NULL or a column of another type (see DbValue).
  std::int32_t GetInt32(int ordinal) const;
  std::int64_t GetInt64(int ordinal) const;
  double GetDouble(int ordinal) const;
  bool GetBoolean(int ordinal) const;
  std::string GetString(int ordinal) const;
  DbValue GetValue(int ordinal) const;
  template <class T>
  T GetFieldValue(int ordinal) const {
    return GetValue(ordinal).Get<T>();
  }

  Task<> CloseAsync();
  Task<> DisposeAsync() { return CloseAsync(); }

 private:
  void CheckRow(int ordinal) const;
  std::shared_ptr<pg_result> result_;
  int row_ = -1;
  int rows_ = 0;
};

}  // namespace db
}  // namespace async
