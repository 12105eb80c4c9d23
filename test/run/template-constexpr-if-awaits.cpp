// co_await inside the branches of `if constexpr` in templates (function
// templates, a member function template, a member of a class template, a
// generic ASYNC lambda), each instantiated so that different branches are
// taken. The awaits of each branch are ill-formed in the instantiations that
// discard it (Quote takes only strings, Twice only numbers): the branch's
// frame slots are type-erased storage typed inside the branch, and resuming
// enters a branch through its own dispatch switch. Hoisted locals of a
// branch, a nested if constexpr, a loop, a try block, co_return and an
// exception inside a branch, a branch that is not a block, a value too big
// for the slot's inline buffer, and a machine destroyed while suspended in a
// branch, which destroys exactly what is alive there.
// RUN: %run3 %s | %FileCheck %s
// CHECK:      +outer
// CHECK-NEXT: +string-branch
// CHECK-NEXT: -string-branch
// CHECK-NEXT: -outer
// CHECK-NEXT: describe 'ab'''ab''
// CHECK-NEXT: +outer
// CHECK-NEXT: +number-branch
// CHECK-NEXT: -number-branch
// CHECK-NEXT: -outer
// CHECK-NEXT: describe 42/43/42/84
// CHECK-NEXT: +step 1
// CHECK-NEXT: -step 1
// CHECK-NEXT: +step 2
// CHECK-NEXT: -step 2
// CHECK-NEXT: sum 6
// CHECK-NEXT: +step 3
// CHECK-NEXT: +wide
// CHECK-NEXT: -wide
// CHECK-NEXT: -step 3
// CHECK-NEXT: sum 206
// CHECK-NEXT: sum 7
// CHECK-NEXT: +guard
// CHECK-NEXT: +in-try
// CHECK-NEXT: no throw 0
// CHECK-NEXT: -in-try
// CHECK-NEXT: -guard
// CHECK-NEXT: guarded 0
// CHECK-NEXT: +guard
// CHECK-NEXT: +in-try
// CHECK-NEXT: -in-try
// CHECK-NEXT: caught fail 7
// CHECK-NEXT: -guard
// CHECK-NEXT: guarded -1
// CHECK-NEXT: +guard
// CHECK-NEXT: -guard
// CHECK-NEXT: guarded 6
// CHECK-NEXT: +escapes-guard
// CHECK-NEXT: +escapes-inner
// CHECK-NEXT: -escapes-inner
// CHECK-NEXT: -escapes-guard
// CHECK-NEXT: escaped fail 3
// CHECK-NEXT: +escapes-guard
// CHECK-NEXT: escapes quoted 's'
// CHECK-NEXT: -escapes-guard
// CHECK-NEXT: escapes 0
// CHECK-NEXT: +wait-outer
// CHECK-NEXT: +wait-number 4
// CHECK-NEXT: +wait-temporary
// CHECK-NEXT: suspended 0
// CHECK-NEXT: -wait-temporary
// CHECK-NEXT: -wait-number 4
// CHECK-NEXT: -wait-outer
// CHECK-NEXT: +wait-outer
// CHECK-NEXT: +wait-text t
// CHECK-NEXT: suspended 0
// CHECK-NEXT: -wait-text t
// CHECK-NEXT: -wait-outer
// CHECK-NEXT: +wait-outer
// CHECK-NEXT: +wait-number 9
// CHECK-NEXT: +wait-temporary
// CHECK-NEXT: -wait-temporary
// CHECK-NEXT: resumed 5 9
// CHECK-NEXT: -wait-number 9
// CHECK-NEXT: -wait-outer
// CHECK-NEXT: completed 1
// CHECK-NEXT: > 'm'
// CHECK-NEXT: > 16
// CHECK-NEXT: box 5
// CHECK-NEXT: box 12
// CHECK-NEXT: generic 'g'
// CHECK-NEXT: generic 22
#include <async/async.h>

#include <cstdio>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

struct Noisy {
  explicit Noisy(std::string n) : name(std::move(n)) { std::printf("+%s\n", name.c_str()); }
  ~Noisy() { std::printf("-%s\n", name.c_str()); }
  Noisy(const Noisy &) = delete;
  Noisy &operator=(const Noisy &) = delete;
  std::string name;
};

ASYNC async::Task<std::string> Quote(std::string s) {
  co_await async::Yield();
  co_return "'" + s + "'";
}

ASYNC async::Task<int> Twice(int v) {
  co_await async::Yield();
  co_return 2 * v;
}

// More than a type-erased slot keeps inline.
struct Big {
  char bytes[100];
  int value;
};

ASYNC async::Task<Big> MakeBig(int v) {
  co_await async::Yield();
  Big b{};
  b.value = v;
  co_return b;
}

ASYNC async::Task<int> Fail(int v) {
  co_await async::Yield();
  if (v > 0)
    throw std::runtime_error("fail " + std::to_string(v));
  co_return v;
}

template <class T>
ASYNC async::Task<std::string> Describe(T value) {
  Noisy outer("outer");
  std::string text;
  if constexpr (std::is_same_v<T, std::string>) {
    Noisy branch("string-branch");
    auto quoted = co_await Quote(value);
    std::string again = co_await Quote(quoted);
    text = quoted + again;
  } else {
    Noisy branch("number-branch");
    int doubled = co_await Twice(value);
    auto big = co_await MakeBig(doubled);
    decltype(doubled) copy = doubled; // the local's own type, not a reference
    copy += 1;
    int plus = [&] { return doubled + big.value; }();
    text = std::to_string(doubled) + "/" + std::to_string(copy) + "/" +
           std::to_string(big.value) + "/" + std::to_string(plus);
  }
  co_return text;
}

// A loop in each branch, and an if constexpr nested in one.
template <class T>
ASYNC async::Task<int> Sum(std::vector<T> items) {
  int total = 0;
  if constexpr (std::is_integral_v<T>) {
    for (T item : items) {
      Noisy step("step " + std::to_string(item));
      total += co_await Twice(static_cast<int>(item));
      if constexpr (sizeof(T) > sizeof(int)) {
        Noisy wide("wide");
        total += co_await Twice(100);
      }
    }
  } else {
    for (const T &item : items) {
      std::string q = co_await Quote(item);
      total += static_cast<int>(q.size());
    }
  }
  co_return total;
}

// A try block in a branch, co_return from a branch, a branch that is not a
// block.
template <class T>
ASYNC async::Task<int> Guarded(T value) {
  Noisy guard("guard");
  if constexpr (std::is_integral_v<T>) {
    try {
      Noisy inTry("in-try");
      int v = co_await Fail(static_cast<int>(value));
      std::printf("no throw %d\n", v);
      co_return v;
    } catch (const std::exception &e) {
      std::printf("caught %s\n", e.what());
    }
    co_return -1;
  } else
    value += co_await Quote(value);
  if constexpr (std::is_integral_v<T>)
    co_return 0;
  else
    co_return static_cast<int>(value.size());
}

// An exception thrown across a branch's await leaves the function.
template <class T>
ASYNC async::Task<int> Escapes(T value) {
  Noisy guard("escapes-guard");
  if constexpr (std::is_integral_v<T>) {
    Noisy inner("escapes-inner");
    int v = co_await Fail(static_cast<int>(value));
    std::printf("not reached %d\n", v);
  } else {
    std::string q = co_await Quote(value);
    std::printf("escapes quoted %s\n", q.c_str());
  }
  co_return 0;
}

async::Task<int> Pass(const Noisy &, async::Task<int> t) { return t; }

// Suspended in a branch on a task that is never completed.
template <class T>
ASYNC async::Task<int> WaitIn(async::Task<int> signal, T tag) {
  Noisy outer("wait-outer");
  if constexpr (std::is_integral_v<T>) {
    Noisy inner("wait-number " + std::to_string(tag));
    Big big{};
    big.value = static_cast<int>(tag);
    int v = co_await Pass(Noisy("wait-temporary"), std::move(signal));
    std::printf("resumed %d %d\n", v, big.value);
  } else {
    Noisy inner("wait-text " + tag);
    int v = co_await signal;
    std::printf("resumed %d\n", v);
  }
  co_return 1;
}

struct Formatter {
  std::string prefix;
  template <class T>
  ASYNC async::Task<std::string> Format(T value) const {
    if constexpr (std::is_same_v<T, std::string>) {
      std::string q = co_await Quote(value);
      co_return prefix + q;
    } else {
      int d = co_await Twice(value);
      co_return prefix + std::to_string(d);
    }
  }
};

int Length(const std::string &s) { return static_cast<int>(s.size()); }

template <class T>
struct Box {
  T held;
  ASYNC async::Task<int> Measure() {
    if constexpr (std::is_same_v<T, std::string>)
      co_return Length(co_await Quote(held));
    else
      co_return co_await Twice(held);
  }
};

auto Generic = [](auto value) ASYNC -> async::Task<std::string> {
  if constexpr (std::is_same_v<decltype(value), std::string>) {
    co_return co_await Quote(value);
  } else {
    auto d = co_await Twice(value);
    co_return std::to_string(d);
  }
};

template <class F>
auto Run(F f) {
  return async::AsyncContext::Run(f);
}

int main() {
  std::printf("describe %s\n", Run([] { return Describe<std::string>("ab"); }).c_str());
  std::printf("describe %s\n", Run([] { return Describe<int>(21); }).c_str());
  std::printf("sum %d\n", Run([] { return Sum<int>({1, 2}); }));
  std::printf("sum %d\n", Run([] { return Sum<long>({3}); }));
  std::printf("sum %d\n", Run([] { return Sum<std::string>({"a", "bc"}); }));
  std::printf("guarded %d\n", Run([] { return Guarded<int>(0); }));
  std::printf("guarded %d\n", Run([] { return Guarded<int>(7); }));
  std::printf("guarded %d\n", Run([] { return Guarded<std::string>("xy"); }));
  try {
    Run([] { return Escapes<int>(3); });
  } catch (const std::exception &e) {
    std::printf("escaped %s\n", e.what());
  }
  std::printf("escapes %d\n", Run([] { return Escapes<std::string>("s"); }));
  {
    async::TaskCompletionSource<int> tcs;
    async::Task<int> t = WaitIn(tcs.Task(), 4);
    std::printf("suspended %d\n", t.IsCompleted());
  }
  {
    async::TaskCompletionSource<int> tcs;
    async::Task<int> t = WaitIn(tcs.Task(), std::string("t"));
    std::printf("suspended %d\n", t.IsCompleted());
  }
  {
    async::TaskCompletionSource<int> tcs;
    async::Task<int> t = WaitIn(tcs.Task(), 9);
    tcs.SetResult(5);
    std::printf("completed %d\n", t.Result());
  }
  Formatter f{"> "};
  std::printf("%s\n", Run([&] { return f.Format(std::string("m")); }).c_str());
  std::printf("%s\n", Run([&] { return f.Format(8); }).c_str());
  Box<std::string> text{"abc"};
  Box<int> number{6};
  std::printf("box %d\n", Run([&] { return text.Measure(); }));
  std::printf("box %d\n", Run([&] { return number.Measure(); }));
  std::printf("generic %s\n", Run([] { return Generic(std::string("g")); }).c_str());
  std::printf("generic %s\n", Run([] { return Generic(11); }).c_str());
  return 0;
}
