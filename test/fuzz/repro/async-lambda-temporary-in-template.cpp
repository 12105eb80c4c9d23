// asyncc bug (open): in a template, an ASYNC lambda awaited at once as a
// temporary, `co_await [&](int kv) ASYNC -> async::Task<int> {...}(2)`, is
// kept in the frame with the type `decltype(<the lambda expression>)`
// (also its awaiter), and g++ -std=c++17 stops with
//
//   error: lambda-expression in unevaluated context only available with
//   '-std=c++20' or '-std=gnu++20'
//
// Outside templates the same line lowers and compiles; explicit captures
// (`[&x, pt]`) fail the same way.  Found by fuzz.py --features
// template-forms-open (the capture-default form's immediate call; the
// variant async-lambda-temporary keeps it out of template-forms).
//
//   asyncc async-lambda-temporary-in-template.cpp -o out.cpp -- -std=c++20 -I runtime/include
//   g++ -std=c++17 -fsyntax-only -I runtime/include out.cpp
#include <async/async.h>

#include <cstdio>

struct Num {
  int v;
  Num(int x) : v(x) {}
  explicit operator int() const { return v; }
};

template <class T>
ASYNC async::Task<int> F(T pt) {
  int x = 1;
  int r = co_await [&](int kv) ASYNC -> async::Task<int> {
    co_await async::Yield();
    x = x + kv;
    co_return x + static_cast<int>(pt);
  }(2);
  co_return r + x;
}

int main() {
  std::printf("%d\n", async::AsyncContext::Run([] { return F(Num(3)); }));  // 9
}
