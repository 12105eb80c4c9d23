// A forwarding-reference parameter (`A &&a`, a generic lambda's `auto &&a`)
// is forwarded into the machine: called with an lvalue it is an lvalue
// reference, which a move cannot bind (the output did not compile).
// RUN: %run3 %s | %FileCheck %s
// CHECK: lvalue hi! hi!
// CHECK-NEXT: rvalue tmp!
// CHECK-NEXT: const lvalue ro
// CHECK-NEXT: generic x? x?
// CHECK-NEXT: generic rvalue y?
#include <async/async.h>

#include <cstdio>
#include <string>
#include <type_traits>
#include <utility>

template <class A>
ASYNC async::Task<std::string> Append(A &&a) {
  co_await async::Yield();
  if constexpr (!std::is_const_v<std::remove_reference_t<A>>)
    a += "!";
  co_return std::string(std::forward<A>(a));
}

auto Question = [](auto &&a) ASYNC -> async::Task<std::string> {
  co_await async::Yield();
  a += "?";
  co_return std::string(std::forward<decltype(a)>(a));
};

int main() {
  std::string s = "hi";
  std::string r = async::AsyncContext::Run([&] { return Append(s); });
  std::printf("lvalue %s %s\n", s.c_str(), r.c_str());
  // (The task keeps a reference, natively too: the argument must outlive it.)
  std::string tmp = "tmp";
  std::string t = async::AsyncContext::Run([&] { return Append(std::move(tmp)); });
  std::printf("rvalue %s\n", t.c_str());
  const std::string ro = "ro";
  std::string u = async::AsyncContext::Run([&] { return Append(ro); });
  std::printf("const lvalue %s\n", u.c_str());
  std::string x = "x";
  std::string v = async::AsyncContext::Run([&] { return Question(x); });
  std::printf("generic %s %s\n", x.c_str(), v.c_str());
  std::string y = "y";
  std::string w = async::AsyncContext::Run([&] { return Question(std::move(y)); });
  std::printf("generic rvalue %s\n", w.c_str());
  return 0;
}
