// Copies of, and references to, closures across co_await: `auto g = f;`
// and `auto h = std::move(f);` of a closure local (the factory's type names
// the field), `auto &r = f;` and `const auto &c = f;` (a pointer to it),
// `const auto &t = [...] {...};` (the lambda's temporary kept as the local),
// and a const copy. Captured state is copied with the closure (a mutable
// counter, an RAII object that logs its copies and destruction).
// RUN: %run3 %s | %FileCheck %s
#include <async/async.h>

#include <cstdio>
#include <string>
#include <utility>

struct Tag {
  std::string name;
  explicit Tag(std::string n) : name(std::move(n)) { std::printf("tag %s\n", name.c_str()); }
  Tag(const Tag &o) : name(o.name + "+") { std::printf("copy %s\n", name.c_str()); }
  Tag(Tag &&o) noexcept : name(std::move(o.name)) {
    o.name = "moved";
    std::printf("move %s\n", name.c_str());
  }
  ~Tag() { std::printf("untag %s\n", name.c_str()); }
};

template <class T>
ASYNC async::Task<T> Later(T v) {
  co_await async::Yield();
  co_return v;
}

template <class F>
int CallConst(const F &f) { return f() * 10; }
template <class F>
int CallConst(F &f) { return f() * 100; }

ASYNC async::Task<int> Copies(int base) {
  auto counter = [n = base]() mutable { return ++n; };
  co_await async::Yield();
  counter();
  auto copy = counter;
  auto &alias = counter;
  const auto &view = counter;
  int a = co_await Later(copy());
  int b = co_await Later(alias());
  int c = co_await Later(counter());
  std::printf("a %d b %d c %d copy %d\n", a, b, c, copy());
  auto moved = std::move(copy);
  const auto frozen = [k = base * 2] { return k; };
  const auto constCopy = frozen;
  auto plain = [base] { return base + 1; };
  const auto &plainView = plain;
  co_await async::Yield();
  std::printf("moved %d frozen %d %d same %d\n", moved(), frozen(), constCopy(), &view == &counter);
  std::printf("calls %d %d %d %d\n", CallConst(constCopy), CallConst(frozen), CallConst(plain),
              CallConst(plainView));
  co_return a + b + c;
}

ASYNC async::Task<std::string> Tags() {
  const auto &greet = [t = Tag("hi")](const std::string &who) { return t.name + " " + who; };
  auto &&shout = [t = Tag("HEY")] { return t.name + "!"; };
  co_await async::Yield();
  std::string first = greet("you");
  {
    auto again = greet;
    co_await async::Yield();
    first += " / " + again("again");
  }
  auto taken = std::move(shout);
  co_await async::Yield();
  co_return first + " / " + taken() + " / " + shout();
}

ASYNC async::Task<int> MainAsync() {
  std::printf("copies %d\n", co_await Copies(5));
  std::printf("tags %s\n", (co_await Tags()).c_str());
  co_return 0;
}

int main() { return async::AsyncContext::Run(MainAsync); }
// CHECK: a 7 b 7 c 8 copy 8
// CHECK-NEXT: moved 9 frozen 10 10 same 1
// CHECK-NEXT: calls 100 100 600 60
// CHECK-NEXT: copies 22
// CHECK-NEXT: tag hi
// CHECK-NEXT: tag HEY
// CHECK-NEXT: copy hi+
// CHECK-NEXT: untag hi+
// CHECK-NEXT: move HEY
// CHECK-NEXT: untag HEY
// CHECK-NEXT: untag moved
// CHECK-NEXT: untag hi
// CHECK-NEXT: tags hi you / hi+ again / HEY! / moved!
