// Async iterators: ASYNC functions returning async::AsyncEnumerable<T> with
// co_yield and co_await in one body (C#'s async IAsyncEnumerable<T> methods
// with yield return), consumed with
//   auto e = seq.GetAsyncEnumerator();
//   while (co_await e.MoveNextAsync()) { ... e.Current() ... }
//   co_await e.DisposeAsync();
// Calling an iterator runs nothing; each MoveNextAsync runs the body to its
// next co_yield (true), its end (false) or an exception; DisposeAsync of a
// suspended iterator destroys its live locals, innermost first.
// RUN: %run3 %s | %FileCheck %s

#include <async/async.h>

#include <cstdio>
#include <stdexcept>
#include <string>
#include <utility>

struct Noisy {
  std::string name;
  explicit Noisy(std::string n) : name(std::move(n)) { std::printf("  +%s\n", name.c_str()); }
  Noisy(const Noisy &) = delete;
  Noisy &operator=(const Noisy &) = delete;
  ~Noisy() { std::printf("  ~%s\n", name.c_str()); }
};

ASYNC async::Task<std::string> FetchWord(std::string w) {
  co_await async::Yield();
  co_return w + "!";
}

// Yields in a loop, an if, a switch and a try block, with awaits between.
ASYNC async::AsyncEnumerable<int> Numbers(int n) {
  Noisy outer("outer");
  for (int i = 0; i < n; ++i) {
    Noisy loop("loop" + std::to_string(i));
    co_await async::Yield();
    if (i % 2 == 0) {
      Noisy even("even" + std::to_string(i));
      co_yield i * 10;
    } else {
      co_yield -i;
    }
    switch (i) {
    case 1: {
      Noisy sw("switch1");
      co_yield 100;
      break;
    }
    default:
      break;
    }
  }
  try {
    Noisy t("try");
    co_await async::Yield();
    co_yield 999;
  } catch (const std::exception &) {
    std::printf("  not reached\n");
  }
  std::printf("  numbers: end\n");
}

// co_await and co_yield of a std::string.
ASYNC async::AsyncEnumerable<std::string> Words() {
  Noisy w("words");
  std::string first = co_await FetchWord("hello");
  co_yield first;
  std::string second = co_await FetchWord("world");
  co_yield std::move(second);
  co_yield std::string("done");
}

// An iterator consuming another iterator.
ASYNC async::AsyncEnumerable<std::string> Labeled(int n) {
  Noisy l("labeled");
  auto e = Numbers(n).GetAsyncEnumerator();
  int k = 0;
  while (co_await e.MoveNextAsync()) {
    co_yield "#" + std::to_string(k) + "=" + std::to_string(e.Current());
    ++k;
  }
  co_await e.DisposeAsync();
  co_yield "total " + std::to_string(k);
}

// Throws after some yields.
ASYNC async::AsyncEnumerable<int> Failing() {
  Noisy f("failing");
  co_yield 1;
  co_await async::Yield();
  co_yield 2;
  {
    Noisy inner("inner");
    co_await async::Yield();
    throw std::runtime_error("iterator failed");
  }
}

// An iterator template and a consumer template: yields of a dependent
// value (a parameter and a hoisted local of type T).
template <class T>
ASYNC async::AsyncEnumerable<T> Twice(T v, int n) {
  for (int i = 0; i < n; ++i) {
    co_await async::Yield();
    co_yield v;
    T doubled = v + v;
    co_yield doubled;
  }
}

template <class T>
ASYNC async::Task<T> Total(async::AsyncEnumerable<T> seq) {
  T sum{};
  auto e = seq.GetAsyncEnumerator();
  while (co_await e.MoveNextAsync())
    sum = sum + e.Current();
  co_await e.DisposeAsync();
  co_return sum;
}

ASYNC async::Task<int> MainAsync() {
  std::printf("calling Numbers(3)\n");
  async::AsyncEnumerable<int> seq = Numbers(3);
  std::printf("nothing ran yet\n");
  {
    auto e = seq.GetAsyncEnumerator();
    while (co_await e.MoveNextAsync()) {
      std::printf("got %d\n", e.Current());
    }
    std::printf("after loop\n");
    co_await e.DisposeAsync();
  }

  std::printf("-- words\n");
  {
    auto e = Words().GetAsyncEnumerator();
    while (co_await e.MoveNextAsync()) {
      std::printf("word %s\n", e.Current().c_str());
    }
    co_await e.DisposeAsync();
  }

  std::printf("-- early break\n");
  {
    auto e = Numbers(5).GetAsyncEnumerator();
    while (co_await e.MoveNextAsync()) {
      std::printf("got %d\n", e.Current());
      if (e.Current() == 100) {
        std::printf("break\n");
        break;
      }
    }
    co_await e.DisposeAsync();
    std::printf("disposed\n");
    bool more = co_await e.MoveNextAsync();
    std::printf("after dispose: %s\n", more ? "true" : "false");
  }

  std::printf("-- nested\n");
  {
    auto e = Labeled(2).GetAsyncEnumerator();
    while (co_await e.MoveNextAsync()) {
      std::printf("%s\n", e.Current().c_str());
    }
    co_await e.DisposeAsync();
  }

  std::printf("-- exception\n");
  int seen = 0;
  {
    auto e = Failing().GetAsyncEnumerator();
    try {
      while (co_await e.MoveNextAsync()) {
        std::printf("got %d\n", e.Current());
        ++seen;
      }
    } catch (const std::runtime_error &ex) {
      std::printf("caught: %s\n", ex.what());
    }
    bool more = co_await e.MoveNextAsync();
    std::printf("after exception: %s\n", more ? "true" : "false");
    co_await e.DisposeAsync();
  }

  std::printf("-- second enumerator\n");
  try {
    auto again = seq.GetAsyncEnumerator();
    std::printf("not reached\n");
  } catch (const async::InvalidOperationException &) {
    std::printf("enumerated once\n");
  }

  std::printf("-- dropped without DisposeAsync\n");
  {
    auto e = Numbers(4).GetAsyncEnumerator();
    co_await e.MoveNextAsync();
    std::printf("got %d, dropping\n", e.Current());
  }
  std::printf("dropped\n");

  std::printf("-- templates\n");
  int ti = co_await Total(Twice(3, 2));
  std::string ts = co_await Total(Twice(std::string("x"), 2));
  std::printf("%d %s\n", ti, ts.c_str());
  co_return seen;
}

int main() {
  // CHECK: calling Numbers(3)
  // CHECK-NEXT: nothing ran yet
  // CHECK-NEXT:   +outer
  // CHECK-NEXT:   +loop0
  // CHECK-NEXT:   +even0
  // CHECK-NEXT: got 0
  // CHECK-NEXT:   ~even0
  // CHECK-NEXT:   ~loop0
  // CHECK-NEXT:   +loop1
  // CHECK-NEXT: got -1
  // CHECK-NEXT:   +switch1
  // CHECK-NEXT: got 100
  // CHECK-NEXT:   ~switch1
  // CHECK-NEXT:   ~loop1
  // CHECK-NEXT:   +loop2
  // CHECK-NEXT:   +even2
  // CHECK-NEXT: got 20
  // CHECK-NEXT:   ~even2
  // CHECK-NEXT:   ~loop2
  // CHECK-NEXT:   +try
  // CHECK-NEXT: got 999
  // CHECK-NEXT:   ~try
  // CHECK-NEXT:   numbers: end
  // CHECK-NEXT:   ~outer
  // CHECK-NEXT: after loop
  // CHECK-NEXT: -- words
  // CHECK-NEXT:   +words
  // CHECK-NEXT: word hello!
  // CHECK-NEXT: word world!
  // CHECK-NEXT: word done
  // CHECK-NEXT:   ~words
  // CHECK-NEXT: -- early break
  // CHECK-NEXT:   +outer
  // CHECK-NEXT:   +loop0
  // CHECK-NEXT:   +even0
  // CHECK-NEXT: got 0
  // CHECK-NEXT:   ~even0
  // CHECK-NEXT:   ~loop0
  // CHECK-NEXT:   +loop1
  // CHECK-NEXT: got -1
  // CHECK-NEXT:   +switch1
  // CHECK-NEXT: got 100
  // CHECK-NEXT: break
  // CHECK-NEXT:   ~switch1
  // CHECK-NEXT:   ~loop1
  // CHECK-NEXT:   ~outer
  // CHECK-NEXT: disposed
  // CHECK-NEXT: after dispose: false
  // CHECK-NEXT: -- nested
  // CHECK-NEXT:   +labeled
  // CHECK-NEXT:   +outer
  // CHECK-NEXT:   +loop0
  // CHECK-NEXT:   +even0
  // CHECK-NEXT: #0=0
  // CHECK-NEXT:   ~even0
  // CHECK-NEXT:   ~loop0
  // CHECK-NEXT:   +loop1
  // CHECK-NEXT: #1=-1
  // CHECK-NEXT:   +switch1
  // CHECK-NEXT: #2=100
  // CHECK-NEXT:   ~switch1
  // CHECK-NEXT:   ~loop1
  // CHECK-NEXT:   +try
  // CHECK-NEXT: #3=999
  // CHECK-NEXT:   ~try
  // CHECK-NEXT:   numbers: end
  // CHECK-NEXT:   ~outer
  // CHECK-NEXT: total 4
  // CHECK-NEXT:   ~labeled
  // CHECK-NEXT: -- exception
  // CHECK-NEXT:   +failing
  // CHECK-NEXT: got 1
  // CHECK-NEXT: got 2
  // CHECK-NEXT:   +inner
  // CHECK-NEXT:   ~inner
  // CHECK-NEXT:   ~failing
  // CHECK-NEXT: caught: iterator failed
  // CHECK-NEXT: after exception: false
  // CHECK-NEXT: -- second enumerator
  // CHECK-NEXT: enumerated once
  // CHECK-NEXT: -- dropped without DisposeAsync
  // CHECK-NEXT:   +outer
  // CHECK-NEXT:   +loop0
  // CHECK-NEXT:   +even0
  // CHECK-NEXT: got 0, dropping
  // CHECK-NEXT:   ~even0
  // CHECK-NEXT:   ~loop0
  // CHECK-NEXT:   ~outer
  // CHECK-NEXT: dropped
  // CHECK-NEXT: -- templates
  // CHECK-NEXT: 18 xxxxxx
  // CHECK-NEXT: seen 2
  int seen = async::AsyncContext::Run(MainAsync);
  std::printf("seen %d\n", seen);
  return 0;
}
