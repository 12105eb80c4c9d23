// Guide section "Async in EF Core".
//
//   // Async queries
//   var users = await dbContext.Users
//       .Where(u => u.IsActive)
//       .OrderBy(u => u.Name)
//       .ToListAsync(cancellationToken);
//
//   // Async save
//   dbContext.Users.Add(newUser);
//   await dbContext.SaveChangesAsync(cancellationToken);
//
//   // Async transaction
//   await using var transaction = await dbContext.Database.BeginTransactionAsync(cancellationToken);
//   try
//   {
//       await dbContext.Products.AddAsync(product, cancellationToken);
//       await dbContext.SaveChangesAsync(cancellationToken);
//       await transaction.CommitAsync(cancellationToken);
//   }
//   catch
//   {
//       await transaction.RollbackAsync(cancellationToken);
//       throw;
//   }
//
//   // Execute raw SQL async
//   var affected = await dbContext.Database.ExecuteSqlRawAsync(
//       "UPDATE Products SET Price = Price * 1.1 WHERE CategoryId = {0}", categoryId);
//
// Differences: there is no ORM in C++ here. The DbContext is a small class
// over one async::db::NpgsqlConnection (Npgsql's API, which EF Core's
// PostgreSQL provider runs on): the LINQ query is its SQL, `ToListAsync` a
// helper mapping each row of an NpgsqlDataReader to a struct, and
// `Add`/`AddAsync` + `SaveChangesAsync` keep the added rows and INSERT them
// (with parameters, never string splicing). `ExecuteSqlRawAsync` turns the
// `{0}` placeholders into parameters, as EF Core does. No `await using` and
// no `await` in a `catch`: the handler records the failure, the rollback is
// awaited after it, and DisposeAsync is called on every way out. The server
// is a throw-away PostgreSQL cluster started by the test (its connection
// string is in the file named by ASYNCC_PG_CONNINFO_FILE); the tables are
// TEMP tables of this connection, so runs never see each other (unquoted
// names, so the guide's raw SQL "Products"/"CategoryId" finds them).
#include <async/async.h>
#include <async/db/db.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <string>
#include <vector>

using async::db::NpgsqlCommand;
using async::db::NpgsqlConnection;
using async::db::NpgsqlDataReader;
using async::db::NpgsqlTransaction;
using async::db::PostgresException;

struct User {
  int Id = 0;
  std::string Name;
  bool IsActive = false;
};

struct Product {
  int Id = 0;
  std::string Name;
  int CategoryId = 0;
  double Price = 0;
};

// ToListAsync: every row of `command`, mapped by `map`.
template <class T>
ASYNC async::Task<std::vector<T>> ToListAsync(NpgsqlCommand command, std::function<T(const NpgsqlDataReader&)> map,
                                              async::CancellationToken ct) {
  NpgsqlDataReader reader = co_await command.ExecuteReaderAsync(ct);
  std::vector<T> list;
  for (;;) {
    bool more = co_await reader.ReadAsync(ct);
    if (!more) break;
    list.push_back(map(reader));
  }
  co_return list;
}

// The smallest DbContext that runs the guide's code: rows added to Users or
// Products wait in memory until SaveChangesAsync inserts them.
class AppDbContext {
 public:
  explicit AppDbContext(NpgsqlConnection connection) : connection_(std::move(connection)) {}

  NpgsqlConnection& Connection() { return connection_; }

  void AddUser(User user) { new_users_.push_back(std::move(user)); }
  // AddAsync only tracks the entity (EF Core's is async for value
  // generators that may query); nothing to await here.
  async::Task<> AddProductAsync(Product product, async::CancellationToken ct) {
    if (ct.IsCancellationRequested()) return async::FromCanceled<void>(ct);
    new_products_.push_back(std::move(product));
    return async::CompletedTask();
  }

  // dbContext.Users.Where(u => u.IsActive).OrderBy(u => u.Name).ToListAsync(ct)
  async::Task<std::vector<User>> ActiveUsersByNameAsync(async::CancellationToken ct) {
    NpgsqlCommand query("SELECT id, name, is_active FROM users WHERE is_active ORDER BY name", connection_);
    std::function<User(const NpgsqlDataReader&)> map = [](const NpgsqlDataReader& r) {
      return User{r.GetInt32(r.GetOrdinal("id")), r.GetString(r.GetOrdinal("name")),
                  r.GetBoolean(r.GetOrdinal("is_active"))};
    };
    return ToListAsync<User>(query, map, ct);
  }

  async::Task<std::vector<Product>> ProductsAsync(async::CancellationToken ct) {
    NpgsqlCommand query("SELECT Id, Name, CategoryId, Price FROM Products ORDER BY Id", connection_);
    std::function<Product(const NpgsqlDataReader&)> map = [](const NpgsqlDataReader& r) {
      return Product{r.GetInt32(0), r.GetString(1), r.GetInt32(2), r.GetDouble(3)};
    };
    return ToListAsync<Product>(query, map, ct);
  }

  // INSERTs what was added; returns the number of rows written. The added
  // rows are forgotten only once they are saved.
  ASYNC async::Task<int> SaveChangesAsync(async::CancellationToken ct) {
    int written = 0;
    for (const User& u : new_users_) {
      NpgsqlCommand insert("INSERT INTO users (id, name, is_active) VALUES (@id, @name, @active)", connection_);
      insert.Parameters().AddWithValue("id", u.Id);
      insert.Parameters().AddWithValue("name", u.Name);
      insert.Parameters().AddWithValue("active", u.IsActive);
      int n = co_await insert.ExecuteNonQueryAsync(ct);
      written += n;
    }
    new_users_.clear();
    for (const Product& p : new_products_) {
      NpgsqlCommand insert("INSERT INTO Products (Id, Name, CategoryId, Price) VALUES (@id, @name, @cat, @price)",
                           connection_);
      insert.Parameters().AddWithValue("id", p.Id);
      insert.Parameters().AddWithValue("name", p.Name);
      insert.Parameters().AddWithValue("cat", p.CategoryId);
      insert.Parameters().AddWithValue("price", p.Price);
      int n = co_await insert.ExecuteNonQueryAsync(ct);
      written += n;
    }
    new_products_.clear();
    co_return written;
  }

  // dbContext.Database.ExecuteSqlRawAsync(sql, args): {0}, {1}... become
  // parameters $1, $2...
  ASYNC async::Task<int> ExecuteSqlRawAsync(std::string sql, std::vector<int> args) {
    std::string text;
    for (std::size_t i = 0; i < sql.size(); ++i) {
      if (sql[i] == '{' && i + 2 < sql.size() && sql[i + 2] == '}' && sql[i + 1] >= '0' && sql[i + 1] <= '9') {
        text += "$" + std::to_string(sql[i + 1] - '0' + 1);
        i += 2;
      } else {
        text += sql[i];
      }
    }
    NpgsqlCommand command(text, connection_);
    for (int a : args) command.Parameters().Add(a);
    int affected = co_await command.ExecuteNonQueryAsync();
    co_return affected;
  }

  // Forgets unsaved additions (after a failed save, as a new context would).
  void DiscardChanges() {
    new_users_.clear();
    new_products_.clear();
  }

 private:
  NpgsqlConnection connection_;
  std::vector<User> new_users_;
  std::vector<Product> new_products_;
};

ASYNC async::Task<> CreateSchemaAsync(NpgsqlConnection connection) {
  NpgsqlCommand users("CREATE TEMP TABLE users (id int PRIMARY KEY, name text NOT NULL, is_active boolean NOT NULL)",
                      connection);
  co_await users.ExecuteNonQueryAsync();
  NpgsqlCommand products(
      "CREATE TEMP TABLE Products (Id int PRIMARY KEY, Name text NOT NULL, CategoryId int NOT NULL, "
      "Price numeric(10, 2) NOT NULL)",
      connection);
  co_await products.ExecuteNonQueryAsync();
  NpgsqlCommand seed("INSERT INTO users VALUES (1, 'Carol', true), (2, 'alice', false), (3, 'Bob', true)",
                     connection);
  co_await seed.ExecuteNonQueryAsync();
  NpgsqlCommand seedProducts(
      "INSERT INTO Products VALUES (1, 'Keyboard', 7, 20.00), (2, 'Mouse', 7, 10.00), (3, 'Desk', 9, 150.00)",
      connection);
  co_await seedProducts.ExecuteNonQueryAsync();
}

// The guide's transaction block, for one product.
ASYNC async::Task<> AddProductInTransactionAsync(AppDbContext& dbContext, Product product,
                                                 async::CancellationToken cancellationToken) {
  NpgsqlTransaction transaction = co_await dbContext.Connection().BeginTransactionAsync(cancellationToken);
  std::exception_ptr failure;
  try {
    co_await dbContext.AddProductAsync(product, cancellationToken);
    co_await dbContext.SaveChangesAsync(cancellationToken);
    co_await transaction.CommitAsync(cancellationToken);
  } catch (...) {
    failure = std::current_exception();  // no co_await in a handler
  }
  if (failure) {
    dbContext.DiscardChanges();
    co_await transaction.RollbackAsync(cancellationToken);
    co_await transaction.DisposeAsync();
    std::rethrow_exception(failure);
  }
  co_await transaction.DisposeAsync();  // await using
}

void PrintUsers(const char* title, const std::vector<User>& users) {
  std::printf("%s:", title);
  for (const User& u : users) std::printf(" %d:%s", u.Id, u.Name.c_str());
  std::printf("\n");
}

void PrintProducts(const std::vector<Product>& products) {
  for (const Product& p : products)
    std::printf("  product %d %-8s category %d price %.2f\n", p.Id, p.Name.c_str(), p.CategoryId, p.Price);
}

std::string ConnectionString() {
  const char* file = std::getenv("ASYNCC_PG_CONNINFO_FILE");
  std::string line;
  if (file != nullptr) {
    std::ifstream in(file);
    std::getline(in, line);
  }
  return line;
}

ASYNC async::Task<int> MainAsync() {
  std::string conninfo = ConnectionString();
  if (conninfo.empty()) {
    std::printf("no PostgreSQL server: set ASYNCC_PG_CONNINFO_FILE (ctest starts one: test/db/pg_cluster.sh)\n");
    co_return 1;
  }
  async::CancellationTokenSource cts;
  async::CancellationToken cancellationToken = cts.Token();
  NpgsqlConnection connection(conninfo);
  co_await connection.OpenAsync(cancellationToken);
  co_await CreateSchemaAsync(connection);
  AppDbContext dbContext(connection);
  int failures = 0;

  // Async queries
  std::vector<User> users = co_await dbContext.ActiveUsersByNameAsync(cancellationToken);
  PrintUsers("active users by name", users);
  if (users.size() != 2 || users[0].Name != "Bob" || users[1].Name != "Carol") ++failures;

  // Async save
  User newUser{4, "Dave", true};
  dbContext.AddUser(newUser);
  int saved = co_await dbContext.SaveChangesAsync(cancellationToken);
  std::printf("SaveChangesAsync wrote %d row(s)\n", saved);
  users = co_await dbContext.ActiveUsersByNameAsync(cancellationToken);
  PrintUsers("active users by name", users);
  if (saved != 1 || users.size() != 3 || users[2].Name != "Dave") ++failures;

  // Async transaction: one that commits, one that fails halfway (a
  // duplicate key) and rolls back.
  Product lamp{4, "Lamp", 9, 35.5};
  co_await AddProductInTransactionAsync(dbContext, lamp, cancellationToken);
  std::printf("transaction with Lamp: committed\n");
  Product duplicate{1, "Monitor", 7, 99.0};
  std::string sqlState;
  try {
    co_await AddProductInTransactionAsync(dbContext, duplicate, cancellationToken);
  } catch (const PostgresException& e) {
    sqlState = e.SqlState();
  }
  std::printf("transaction with a duplicate id: rolled back, PostgresException SqlState %s\n", sqlState.c_str());
  if (sqlState != "23505") ++failures;
  std::vector<Product> products = co_await dbContext.ProductsAsync(cancellationToken);
  PrintProducts(products);
  if (products.size() != 4) ++failures;

  // Execute raw SQL async
  int categoryId = 7;
  std::string rawSql = "UPDATE Products SET Price = Price * 1.1 WHERE CategoryId = {0}";
  std::vector<int> rawArgs{categoryId};
  int affected = co_await dbContext.ExecuteSqlRawAsync(rawSql, rawArgs);
  std::printf("ExecuteSqlRawAsync: %d row(s) affected\n", affected);
  products = co_await dbContext.ProductsAsync(cancellationToken);
  PrintProducts(products);
  if (affected != 2 || products[0].Price != 22.0 || products[1].Price != 11.0) ++failures;

  co_await connection.CloseAsync();
  std::printf("%s\n", failures == 0 ? "all checks passed" : "CHECKS FAILED");
  co_return failures == 0 ? 0 : 1;
}

int main() { return async::AsyncContext::Run(MainAsync); }
