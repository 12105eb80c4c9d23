// Range-based for loops with awaits in the body: over a vector by
// reference (writes reach the caller), over an array, over a temporary
// container (kept alive for the whole loop, destroyed after it), with
// continue and break (the loop variable and the range die in C++'s order),
// over a map, and with a body that is a single statement holding co_await
// (the loop variable was not constructed before that statement's prelude).
// RUN: %run3 %s | %FileCheck %s

#include <async/async.h>

#include <cstdio>
#include <map>
#include <string>
#include <vector>
struct Noisy { std::string n; explicit Noisy(std::string s):n(std::move(s)){ std::printf("+%s\n", n.c_str());} Noisy(const Noisy& o):n(o.n+"'"){ std::printf("+%s\n", n.c_str());} ~Noisy(){ std::printf("-%s\n", n.c_str());} };
std::vector<Noisy> MakeList() { std::vector<Noisy> v; v.reserve(3); v.emplace_back("a"); v.emplace_back("b"); v.emplace_back("c"); return v; }
ASYNC async::Task<int> Twice(int x) { co_await async::Yield(); co_return 2 * x; }
ASYNC async::Task<int> F(std::vector<int>& data) {
  int sum = 0;
  for (int& x : data) {
    x = co_await Twice(x);
    sum += x;
  }
  static int arr[3] = {1, 2, 3};
  for (int v : arr) { sum += co_await Twice(v); }
  for (int v : arr)
    sum += co_await Twice(v);
  for (int v : arr) sum -= co_await Twice(v);
  for (const Noisy& n : MakeList()) {
    co_await async::Yield();
    if (n.n == "b") { std::printf("skip b\n"); continue; }
    std::printf("item %s\n", n.n.c_str());
  }
  std::printf("after list\n");
  for (Noisy n : MakeList()) {
    co_await async::Yield();
    if (n.n == "b'") break;
    std::printf("copy %s\n", n.n.c_str());
  }
  std::map<int, std::string> m{{1, "one"}, {2, "two"}};
  for (const auto& kv : m) { co_await async::Yield(); std::printf("%d=%s\n", kv.first, kv.second.c_str()); }
  co_return sum;
}
int main() {
  std::vector<int> d{1, 2, 3};
  int r = async::AsyncContext::Run([&] { return F(d); });
  std::printf("r=%d d=%d,%d,%d\n", r, d[0], d[1], d[2]);
}

// CHECK:      +a
// CHECK-NEXT: +b
// CHECK-NEXT: +c
// CHECK-NEXT: item a
// CHECK-NEXT: skip b
// CHECK-NEXT: item c
// CHECK-NEXT: -a
// CHECK-NEXT: -b
// CHECK-NEXT: -c
// CHECK-NEXT: after list
// CHECK-NEXT: +a
// CHECK-NEXT: +b
// CHECK-NEXT: +c
// CHECK-NEXT: +a'
// CHECK-NEXT: copy a'
// CHECK-NEXT: -a'
// CHECK-NEXT: +b'
// CHECK-NEXT: -b'
// CHECK-NEXT: -a
// CHECK-NEXT: -b
// CHECK-NEXT: -c
// CHECK-NEXT: 1=one
// CHECK-NEXT: 2=two
// CHECK-NEXT: r=24 d=2,4,6
