// In a template, a range-based for over a dependent range with co_await in
// its body: begin and end are found on instantiation as the language finds
// them (async::detail::Begin/End: an array's bounds, member begin()/end(),
// else ADL), the range is kept as an async::detail::BoundReference (a
// temporary range lives to the end of the loop), and the loop variable is
// typed from `*begin` (a reference bound to a prvalue element, as with
// std::vector<bool>, keeps the element).
// RUN: %run3 %s | %FileCheck %s
#include <async/async.h>

#include <cstdio>
#include <string>
#include <vector>

template <class T>
ASYNC async::Task<T> Echo(T v) {
  co_await async::Yield();
  co_return v;
}

namespace shapes {
// A range found by ADL: free begin/end, no members.
struct Trio {
  int v[3];
};
inline const int *begin(const Trio &t) { return t.v; }
inline const int *end(const Trio &t) { return t.v + 3; }
}  // namespace shapes

struct Noisy {
  std::vector<int> items;
  explicit Noisy(std::vector<int> i) : items(std::move(i)) { std::printf("range made\n"); }
  ~Noisy() { std::printf("range dropped\n"); }
  auto begin() const { return items.begin(); }
  auto end() const { return items.end(); }
};

template <class Range>
ASYNC async::Task<long> Sum(const Range &range) {
  long total = 0;
  for (const auto &v : range) {
    long got = co_await Echo<long>(static_cast<long>(v));
    total += got;
  }
  co_return total;
}

template <class T>
ASYNC async::Task<int> Forms(std::vector<T> values) {
  int n = 0;
  for (T v : values)          // a written type
    n += static_cast<int>(co_await Echo<T>(v));
  for (auto &&w : values) {   // a forwarding reference (a proxy for vector<bool>)
    co_await async::Yield();
    n += w ? 100 : 0;
  }
  for (auto &&x : values)     // assigning through the loop variable
    x = co_await Echo<T>(x);
  co_return n;
}

template <class T>
ASYNC async::Task<int> Temporary(T seed) {
  int n = 0;
  for (int v : Noisy({seed, seed + 1})) {   // the temporary lives to the loop's end
    co_await async::Yield();
    std::printf("item %d\n", v);
    n += v;
  }
  co_return n;
}

int array[4] = {10, 20, 30, 40};

ASYNC async::Task<int> MainAsync() {
  std::vector<int> ints{1, 2, 3};
  shapes::Trio trio{{7, 8, 9}};
  std::vector<std::string> words{"ab", "c"};
  long a = co_await Sum(ints);
  long b = co_await Sum(array);
  long c = co_await Sum(trio);
  std::printf("sums %ld %ld %ld\n", a, b, c);
  std::vector<int> fi{1, 0, 2};
  std::vector<bool> fb{true, false, true};
  int f = co_await Forms(fi);
  int g = co_await Forms(fb);
  std::printf("forms %d %d\n", f, g);
  int t = co_await Temporary(5);
  std::printf("temporary %d\n", t);
  co_return 0;
}
// CHECK: sums 6 100 24
// CHECK-NEXT: forms 203 202
// CHECK-NEXT: range made
// CHECK-NEXT: item 5
// CHECK-NEXT: item 6
// CHECK-NEXT: range dropped
// CHECK-NEXT: temporary 11

int main() { return async::AsyncContext::Run(MainAsync); }
