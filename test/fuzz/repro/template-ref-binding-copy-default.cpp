// asyncc: a lambda kept across co_await that copies through [=] a name of a
// reference structured binding (auto&, const auto&, auto&&) of a dependent type
// in a template does not
// compile transpiled: "passing 'const async::detail::BoundReference<const
// std::pair<int, int>&, ...>' as 'this' argument discards qualifiers".
// So does a [=] nested in [&] ([&] { return [=] { return a; }(); }).
// Explicit copies ([a, b]), [&], a by-value binding (auto [a, b]) and a
// non-dependent binding compile. Passes natively with clang++-19 (result 42).
#include <async/async.h>

#include <cstdio>
#include <utility>

template <class T>
ASYNC async::Task<int> F(T pt) {
  const auto& [a, b] = std::make_pair(pt, 2);
  auto f = [=] { return static_cast<int>(a) + b; };
  co_await async::Yield();
  co_return f();
}

ASYNC async::Task<int> Main() { co_return co_await F(40); }

int main() {
  int r = async::AsyncContext::Run([] { return Main(); });
  std::printf("result %d\n", r);
}
