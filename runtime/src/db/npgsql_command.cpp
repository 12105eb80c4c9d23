// NpgsqlCommand: placeholders, then one PQsendQueryParams per execution.
#include <async/db/npgsql_command.h>

#include <cctype>
#include <cstdlib>
#include <map>

#include <async/db/npgsql_transaction.h>

#include "pg_session.h"
#include "task_glue.h"

namespace async {
namespace db {

NpgsqlCommand::NpgsqlCommand(std::string sql, NpgsqlConnection connection, const NpgsqlTransaction& transaction)
    : sql_(std::move(sql)), connection_(std::move(connection)) {
  if (transaction.Connection().Session() != connection_.Session())
    throw InvalidOperationException("The transaction is not associated with this command's connection.");
}

namespace {
bool IsNameStart(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }
bool IsNameChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }
}  // namespace

std::string NpgsqlCommand::RewritePlaceholders(const std::string& sql, const NpgsqlParameterCollection& parameters,
                                               std::vector<int>* order) {
  std::map<std::string, int> index;  // parameter name -> its position in the collection
  for (int i = 0; i < parameters.Count(); ++i) {
    const std::string& name = parameters[i].ParameterName();
    if (!name.empty()) index.emplace(name, i);
  }
  std::map<std::string, int> numbers;  // name -> $n, in order of first use
  std::string out;
  out.reserve(sql.size());
  const std::size_t n = sql.size();
  std::size_t i = 0;
  while (i < n) {
    const char c = sql[i];
    if (c == '\'' || c == '"') {  // a literal or quoted identifier; '' and "" escape
      std::size_t j = i + 1;
      while (j < n) {
        if (sql[j] == c) {
          if (j + 1 < n && sql[j + 1] == c) {
            j += 2;
            continue;
          }
          break;
        }
        ++j;
      }
      j = j < n ? j + 1 : n;
      out.append(sql, i, j - i);
      i = j;
    } else if (c == '-' && i + 1 < n && sql[i + 1] == '-') {  // -- comment
      std::size_t j = sql.find('\n', i);
      j = j == std::string::npos ? n : j;
      out.append(sql, i, j - i);
      i = j;
    } else if (c == '/' && i + 1 < n && sql[i + 1] == '*') {  // /* comment */ (nesting as PostgreSQL)
      std::size_t j = i + 2;
      int depth = 1;
      while (j < n && depth > 0) {
        if (sql[j] == '/' && j + 1 < n && sql[j + 1] == '*') {
          ++depth;
          j += 2;
        } else if (sql[j] == '*' && j + 1 < n && sql[j + 1] == '/') {
          --depth;
          j += 2;
        } else {
          ++j;
        }
      }
      out.append(sql, i, j - i);
      i = j;
    } else if (c == '@' && i + 1 < n && IsNameStart(sql[i + 1]) && (i == 0 || !IsNameChar(sql[i - 1]))) {
      std::size_t j = i + 1;
      while (j < n && IsNameChar(sql[j])) ++j;
      const std::string name = sql.substr(i + 1, j - i - 1);
      auto p = index.find(name);
      if (p == index.end()) {  // an operator, or not ours
        out.append(sql, i, j - i);
      } else {
        auto [it, added] = numbers.emplace(name, static_cast<int>(numbers.size()) + 1);
        if (added) order->push_back(p->second);
        out += '$';
        out += std::to_string(it->second);
      }
      i = j;
    } else {
      out += c;
      ++i;
    }
  }
  if (numbers.empty()) {  // positional: $1..$n are the parameters in order
    order->clear();
    for (int k = 0; k < parameters.Count(); ++k) order->push_back(k);
  }
  return out;
}

namespace {

Task<std::shared_ptr<pg_result>> Run(const NpgsqlCommand& command, CancellationToken ct) {
  auto session = command.Connection().Session();
  if (!session || !session->IsOpen()) throw InvalidOperationException("The connection is not open.");
  std::vector<int> order;
  std::string sql = NpgsqlCommand::RewritePlaceholders(command.CommandText(), command.Parameters(), &order);
  std::vector<const NpgsqlParameter*> params;
  params.reserve(order.size());
  for (int k : order) params.push_back(&command.Parameters()[k]);
  // The parameters' text stays alive: PQsendQueryParams copies it into
  // libpq's output buffer before Execute returns.
  return session->Execute(std::move(sql), std::move(params), std::move(ct));
}

}  // namespace

Task<int> NpgsqlCommand::ExecuteNonQueryAsync(CancellationToken ct) {
  return detail::Map<int>(Run(*this, std::move(ct)), [](const std::shared_ptr<pg_result>& r) {
    if (PQresultStatus(r.get()) == PGRES_TUPLES_OK) return -1;  // a query: no rows affected (Npgsql)
    const char* tuples = PQcmdTuples(r.get());
    return tuples[0] == '\0' ? -1 : std::atoi(tuples);
  });
}

Task<DbValue> NpgsqlCommand::ExecuteScalarAsync(CancellationToken ct) {
  return detail::Map<DbValue>(Run(*this, std::move(ct)), [](const std::shared_ptr<pg_result>& r) {
    PGresult* res = r.get();
    if (PQntuples(res) == 0 || PQnfields(res) == 0 || PQgetisnull(res, 0, 0)) return DbValue();
    return DbValue(PQftype(res, 0), std::string(PQgetvalue(res, 0, 0), static_cast<std::size_t>(PQgetlength(res, 0, 0))));
  });
}

Task<NpgsqlDataReader> NpgsqlCommand::ExecuteReaderAsync(CancellationToken ct) {
  return detail::Map<NpgsqlDataReader>(Run(*this, std::move(ct)),
                                       [](const std::shared_ptr<pg_result>& r) { return NpgsqlDataReader(r); });
}

}  // namespace db
}  // namespace async
