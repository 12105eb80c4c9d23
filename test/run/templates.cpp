// ASYNC function templates, members of class templates, member templates,
// variadic templates and overloads: hoisted locals of dependent types, auto
// locals deduced from dependent awaits, references bound to dependent
// results (a temporary kept alive, or an lvalue by address), RAII locals
// across suspensions, exceptions.
// RUN: %run3 %s | %FileCheck %s

#include <async/async.h>

#include <cstdio>
#include <stdexcept>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

struct Tracer {
  std::string name;
  explicit Tracer(std::string n) : name(std::move(n)) { std::printf("  +%s\n", name.c_str()); }
  Tracer(Tracer &&other) noexcept : name(std::move(other.name)) { other.name = "(moved)"; }
  ~Tracer() { std::printf("  -%s\n", name.c_str()); }
};

std::string Show(int v) { return std::to_string(v); }
std::string Show(const std::string &v) { return "'" + v + "'"; }
std::string Show(double v) { return std::to_string(int(v * 10)); }

// (g++ 12 rejects a braced std::vector<std::string> inside a coroutine.)
template <class T, class... A>
std::vector<T> Vector(A... a) {
  return std::vector<T>{T(a)...};
}

template <class T>
ASYNC async::Task<T> Echo(T value) {
  co_await async::Yield();
  co_return value;
}

// A prvalue result bound to `const auto&` must live as long as the reference.
template <class T>
ASYNC async::Task<std::string> Describe(T value, int times = 2) {
  Tracer t("describe " + Show(value));
  const auto &first = co_await Echo(value);
  auto second = co_await Echo<T>(first);
  std::string out;
  for (int i = 0; i < times; ++i) {
    co_await async::Yield();
    out += Show(second) + (i + 1 < times ? "," : "");
  }
  co_return out + " (first " + Show(first) + ")";
}

template <class T>
ASYNC async::Task<T> Sum(std::vector<T> values) {
  T total{};
  for (auto it = values.begin(); it != values.end(); ++it) {
    auto &v = *it; // an lvalue: the frame keeps its address
    T got = co_await Echo(v);
    total = total + got;
    v = got + got;
  }
  auto &&last = values.back();
  co_await async::Yield();
  co_return total + last;
}

template <int N, class T>
ASYNC async::Task<T> Repeat(T v) {
  T acc{};
  for (int i = 0; i < N; ++i)
    acc = acc + co_await Echo(v);
  co_return acc;
}

// A template parameter pack in the types of parameters and locals.
template <class... Ts>
ASYNC async::Task<std::size_t> CountAll(std::tuple<Ts...> values) {
  std::tuple<Ts...> copy = values;
  std::size_t n = sizeof...(Ts);
  co_await async::Yield();
  std::printf("  counted %zu of %zu\n", n, std::tuple_size<decltype(copy)>::value);
  co_return n;
}

template <class T>
ASYNC async::Task<T> Checked(T v) {
  Tracer t("checked");
  co_await async::Yield();
  if (v < T{})
    throw std::invalid_argument("negative");
  co_return v;
}

namespace store {

template <class T>
class Cell {
 public:
  explicit Cell(T v) : value_(std::move(v)) {}

  ASYNC async::Task<T> Get() const {
    co_await async::Yield();
    co_return value_;
  }

  ASYNC async::Task<> Set(T v);

  template <class F>
  ASYNC async::Task<T> Update(F f);

  static ASYNC async::Task<Cell> Make(T v) {
    T got = co_await Echo(std::move(v));
    co_return Cell(got);
  }

 private:
  T value_;
};

template <class T>
ASYNC async::Task<> Cell<T>::Set(T v) {
  Tracer t("set");
  value_ = co_await Echo(std::move(v));
}

template <class T>
template <class F>
ASYNC async::Task<T> Cell<T>::Update(F f) {
  T old = co_await Get();
  co_await Set(f(old)); // Set takes T by value: f's result is moved into it
  co_return old;
}

} // namespace store

ASYNC async::Task<int> MainAsync() {
  // CHECK: +describe 7
  // CHECK-NEXT: -describe 7
  // CHECK-NEXT: describe: 7,7 (first 7)
  std::string d = co_await Describe(7);
  std::printf("describe: %s\n", d.c_str());
  // CHECK: +describe 'ab'
  // CHECK-NEXT: -describe 'ab'
  // CHECK-NEXT: describe: 'ab','ab','ab' (first 'ab')
  d = co_await Describe(std::string("ab"), 3);
  std::printf("describe: %s\n", d.c_str());
  // CHECK-NEXT: sum: 12 8 3.5
  int si = co_await Sum(Vector<int>(1, 2, 3));
  std::string ss = co_await Sum(Vector<std::string>("x", "y"));
  double sd = co_await Sum(Vector<double>(0.5, 1.0));
  std::printf("sum: %d %zu %.1f\n", si, ss.size() * 2, sd);
  // CHECK-NEXT: repeat: 12 ababab
  int r = co_await Repeat<4>(3);
  std::string rs = co_await Repeat<3, std::string>("ab");
  std::printf("repeat: %d %s\n", r, rs.c_str());
  // CHECK-NEXT: counted 3 of 3
  // CHECK-NEXT: counted 0 of 0
  std::size_t n = co_await CountAll(std::make_tuple(1, 2.0, std::string("x")));
  n += co_await CountAll(std::tuple<>());
  // CHECK-NEXT: +checked
  // CHECK-NEXT: -checked
  // CHECK-NEXT: +checked
  // CHECK-NEXT: -checked
  // CHECK-NEXT: caught negative after 5
  try {
    int ok = co_await Checked(5);
    co_await Checked(-ok);
  } catch (const std::invalid_argument &e) {
    std::printf("caught %s after %d\n", e.what(), 5);
  }
  // CHECK-NEXT: +set
  // CHECK-NEXT: -set
  // CHECK-NEXT: cell: 10 -> 11, n 3
  store::Cell<int> cell = co_await store::Cell<int>::Make(10);
  int old = co_await cell.Update([](int v) { return v + 1; });
  std::printf("cell: %d -> %d, n %zu\n", old, co_await cell.Get(), n);
  co_return 0;
}

int main() { return async::AsyncContext::Run(MainAsync); }
