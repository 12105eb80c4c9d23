// asyncc bug (open): an ASYNC lambda with a capture default inside a
// generic lambda, capturing the generic lambda's `auto` parameter: the inner
// machine declares the capture as `auto &pt;` (a field with a placeholder
// type), and g++ -std=c++17 stops with
//
//   error: non-static data member declared with placeholder 'auto'
//
// The same inside a function template (`T pt`) or a Box<T> member lowers and
// compiles.  Found by fuzz.py --features template-forms-open (the variant
// capture-default-auto keeps it out of template-forms).
//
//   asyncc capture-default-of-generic-lambda-parameter.cpp -o out.cpp -- -std=c++20 -I runtime/include
//   g++ -std=c++17 -fsyntax-only -I runtime/include out.cpp
#include <async/async.h>

#include <cstdio>

struct Num {
  int v;
  Num(int x) : v(x) {}
  explicit operator int() const { return v; }
};

auto G = [](auto pt, int p0) ASYNC -> async::Task<int> {
  auto h = [&](int kv) ASYNC -> async::Task<int> {
    co_await async::Yield();
    p0 = p0 + kv;
    co_return p0 + static_cast<int>(pt);
  };
  int r = co_await h(3);
  auto g = [=](int kv) ASYNC -> async::Task<int> {
    co_await async::Yield();
    co_return p0 + kv + static_cast<int>(pt);
  };
  int s = co_await g(4);
  co_return r + s;
};

int main() {
  std::printf("%d\n", async::AsyncContext::Run([] { return G(Num(2), 5); }));  // 10 + 14 = 24
}
