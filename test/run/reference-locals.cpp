// Reference locals across awaits: bound to a caller's object (writes are
// seen by the caller), extending a temporary's lifetime (destroyed at the
// end of the scope, after the awaits), bound to an await's result, and
// captured by lambdas by copy and by reference.
// RUN: %run3 %s | %FileCheck %s

#include <async/async.h>

#include <cstdio>
#include <functional>
#include <string>
#include <vector>

struct Noisy {
  std::string n;
  explicit Noisy(std::string s) : n(std::move(s)) { std::printf("+%s\n", n.c_str()); }
  ~Noisy() { std::printf("-%s\n", n.c_str()); }
};

Noisy MakeNoisy(const char* s) { return Noisy(s); }

ASYNC async::Task<std::string> Name(int i) {
  co_await async::Yield();
  co_return "n" + std::to_string(i);
}

ASYNC async::Task<int> Refs(std::vector<int>& data) {
  int& first = data[0];
  const std::vector<int>& view = data;
  const Noisy& held = MakeNoisy("extended");
  auto&& name = co_await Name(7);
  first += 10;
  std::printf("view[0]=%d size=%zu held=%s name=%s\n", view[0], view.size(),
              held.n.c_str(), name.c_str());
  std::function<int()> show = [first, &view] { return first + int(view.size()); };
  co_await async::Yield();
  first += 1;
  std::printf("show=%d first=%d\n", show(), first);
  co_return first;
}

int main() {
  std::vector<int> d{1, 2, 3};
  int r = async::AsyncContext::Run([&] { return Refs(d); });
  std::printf("r=%d d0=%d\n", r, d[0]);
}

// CHECK:      +extended
// CHECK-NEXT: view[0]=11 size=3 held=extended name=n7
// CHECK-NEXT: show=14 first=12
// CHECK-NEXT: -extended
// CHECK-NEXT: r=12 d0=12
