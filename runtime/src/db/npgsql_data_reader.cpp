// NpgsqlDataReader: typed access to a buffered PGresult.
#include <async/db/npgsql_data_reader.h>

#include <libpq-fe.h>

#include <cstdlib>

#include <async/db/npgsql_exception.h>

namespace async {
namespace db {

NpgsqlDataReader::NpgsqlDataReader(std::shared_ptr<pg_result> result)
    : result_(std::move(result)), rows_(result_ ? PQntuples(result_.get()) : 0) {}

bool NpgsqlDataReader::Read() {
  if (row_ < rows_) ++row_;
  return row_ < rows_;
}

Task<bool> NpgsqlDataReader::ReadAsync(CancellationToken ct) {
  if (ct.IsCancellationRequested()) return FromCanceled<bool>(ct);
  return FromResult(Read());
}

int NpgsqlDataReader::FieldCount() const { return result_ ? PQnfields(result_.get()) : 0; }
bool NpgsqlDataReader::HasRows() const { return rows_ > 0; }

int NpgsqlDataReader::RecordsAffected() const {
  if (!result_ || PQresultStatus(result_.get()) == PGRES_TUPLES_OK) return -1;
  const char* t = PQcmdTuples(result_.get());
  return t[0] == '\0' ? -1 : std::atoi(t);
}

std::string NpgsqlDataReader::GetName(int ordinal) const {
  if (ordinal < 0 || ordinal >= FieldCount()) throw ArgumentOutOfRangeException("Column index out of range.");
  return PQfname(result_.get(), ordinal);
}

int NpgsqlDataReader::GetOrdinal(const std::string& name) const {
  // PQfnumber folds unquoted names to lower case, as SQL does; an exact
  // match comes first.
  for (int i = 0; i < FieldCount(); ++i)
    if (name == PQfname(result_.get(), i)) return i;
  const int i = result_ ? PQfnumber(result_.get(), name.c_str()) : -1;
  if (i < 0) throw ArgumentOutOfRangeException("Field not found in row: " + name);
  return i;
}

unsigned NpgsqlDataReader::GetDataTypeOid(int ordinal) const {
  if (ordinal < 0 || ordinal >= FieldCount()) throw ArgumentOutOfRangeException("Column index out of range.");
  return PQftype(result_.get(), ordinal);
}

void NpgsqlDataReader::CheckRow(int ordinal) const {
  if (row_ < 0 || row_ >= rows_) throw InvalidOperationException("No row is available (call ReadAsync first).");
  if (ordinal < 0 || ordinal >= FieldCount()) throw ArgumentOutOfRangeException("Column index out of range.");
}

bool NpgsqlDataReader::IsDBNull(int ordinal) const {
  CheckRow(ordinal);
  return PQgetisnull(result_.get(), row_, ordinal) != 0;
}

DbValue NpgsqlDataReader::GetValue(int ordinal) const {
  CheckRow(ordinal);
  PGresult* r = result_.get();
  if (PQgetisnull(r, row_, ordinal)) return DbValue();
  return DbValue(PQftype(r, ordinal),
                 std::string(PQgetvalue(r, row_, ordinal), static_cast<std::size_t>(PQgetlength(r, row_, ordinal))));
}

namespace {
std::string ColumnName(const PGresult* r, int ordinal) { return std::string("column '") + PQfname(r, ordinal) + "'"; }
}  // namespace

std::int32_t NpgsqlDataReader::GetInt32(int ordinal) const {
  CheckRow(ordinal);
  PGresult* r = result_.get();
  if (PQgetisnull(r, row_, ordinal)) detail::ThrowNull(ColumnName(r, ordinal));
  return static_cast<std::int32_t>(detail::ParseInteger(PQftype(r, ordinal), PQgetvalue(r, row_, ordinal), INT32_MIN,
                                                        INT32_MAX, ColumnName(r, ordinal)));
}

std::int64_t NpgsqlDataReader::GetInt64(int ordinal) const {
  CheckRow(ordinal);
  PGresult* r = result_.get();
  if (PQgetisnull(r, row_, ordinal)) detail::ThrowNull(ColumnName(r, ordinal));
  return detail::ParseInteger(PQftype(r, ordinal), PQgetvalue(r, row_, ordinal), INT64_MIN, INT64_MAX,
                              ColumnName(r, ordinal));
}

double NpgsqlDataReader::GetDouble(int ordinal) const {
  CheckRow(ordinal);
  PGresult* r = result_.get();
  if (PQgetisnull(r, row_, ordinal)) detail::ThrowNull(ColumnName(r, ordinal));
  return detail::ParseDouble(PQftype(r, ordinal), PQgetvalue(r, row_, ordinal), ColumnName(r, ordinal));
}

bool NpgsqlDataReader::GetBoolean(int ordinal) const {
  CheckRow(ordinal);
  PGresult* r = result_.get();
  if (PQgetisnull(r, row_, ordinal)) detail::ThrowNull(ColumnName(r, ordinal));
  return detail::ParseBoolean(PQftype(r, ordinal), PQgetvalue(r, row_, ordinal), ColumnName(r, ordinal));
}

std::string NpgsqlDataReader::GetString(int ordinal) const {
  CheckRow(ordinal);
  PGresult* r = result_.get();
  if (PQgetisnull(r, row_, ordinal)) detail::ThrowNull(ColumnName(r, ordinal));
  return std::string(PQgetvalue(r, row_, ordinal), static_cast<std::size_t>(PQgetlength(r, row_, ordinal)));
}

Task<> NpgsqlDataReader::CloseAsync() {
  result_.reset();
  rows_ = 0;
  row_ = -1;
  return CompletedTask();
}

}  // namespace db
}  // namespace async
