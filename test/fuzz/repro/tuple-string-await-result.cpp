// An asyncc bug that the aggregates feature's first probe found (not
// generated since; TupOf returns a tuple of ints): a deduced std::tuple type
// with a class-type element is spelled in the state machine with the
// element unqualified, `::std::tuple<basic_string<char>, int>`, so the
// lowered file does not compile (native builds are fine).
//
//   asyncc structured-binding:  union { ::std::tuple<basic_string<char>, int> sm_binding0; };
//   clang++ -std=c++17:         error: use of undeclared identifier 'basic_string'
//
// Two ways to get there: Bound() binds `auto [s, n]` to an await's result
// of type std::tuple<std::string, int> (the hidden variable's type), and
// Deduced() awaits async::FromResult(std::make_tuple(q, std::string(...)))
// (the awaitable's and the awaiter's types: `::std::tuple<int,
// basic_string<char, char_traits<char>, allocator<char>>>`).  A std::pair
// with a std::string, or a tuple whose type is written in the source
// (`std::tuple<std::string, int> t = co_await Get(q);`), is spelled right:
// probably the elements of a template argument pack are printed without
// the full qualification the other arguments get.
//
// Expected output (clang++ -std=c++20): "4 6", "x", exit 0.
#include <async/async.h>

#include <cstdio>
#include <string>
#include <tuple>
#include <utility>

ASYNC async::Task<std::tuple<std::string, int>> Get(int v) {
  co_await async::Yield();
  co_return std::make_tuple(std::to_string(v), v + 2);
}

ASYNC async::Task<int> Bound(int q) {
  auto [s, n] = co_await Get(q);
  co_await async::Yield();
  std::printf("%s %d\n", s.c_str(), n);
  co_return n;
}

ASYNC async::Task<int> Deduced(int q) {
  auto t = co_await async::FromResult(std::make_tuple(q, std::string("x")));
  co_await async::Yield();
  std::printf("%s\n", std::get<1>(t).c_str());
  co_return std::get<0>(t);
}

ASYNC async::Task<int> Both() {
  int a = co_await Bound(4);
  int b = co_await Deduced(a);
  co_return a == 6 && b == 6 ? 0 : 1;
}

int main() { return async::AsyncContext::Run([] { return Both(); }); }
