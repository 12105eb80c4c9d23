// asyncc bug (open): a struct declared in a generic lambda with a member of
// the lambda's local alias `using T = decltype(pt);`, kept across co_await:
// the struct is moved into the state machine, where `T` is not declared, and
// g++ -std=c++17 stops with
//
//   error: 'T' does not name a type
//
// The same struct in a function template (`template <class T>`) lowers and
// compiles.  Found by fuzz.py --features template-forms-open (the variant
// local-type-alias keeps it out of template-forms).
//
//   asyncc local-type-in-generic-lambda.cpp -o out.cpp -- -std=c++20 -I runtime/include
//   g++ -std=c++17 -fsyntax-only -I runtime/include out.cpp
#include <async/async.h>

#include <cstdio>

struct Num {
  int v;
  Num(int x) : v(x) {}
  explicit operator int() const { return v; }
};

ASYNC async::Task<int> Echo(const char* tag, int v) {
  std::printf("%s ran %d\n", tag, v);
  co_await async::Yield();
  co_return v;
}

auto G = [](auto pt) ASYNC -> async::Task<int> {
  using T = decltype(pt);
  struct Lt {
    T a;
    int b;
  };
  Lt lt{pt, 2};
  lt.b = co_await Echo("lt", lt.b);
  co_return static_cast<int>(lt.a) + lt.b;
};

int main() {
  std::printf("%d\n", async::AsyncContext::Run([] { return G(Num(2)); }));  // lt ran 2, 4
}
