// Declarations of every kind: an ASYNC function declared in a header and
// defined here, default arguments, overloads, nested namespaces, static,
// const and noexcept members, and macros used inside bodies (one with
// co_await in its arguments).
// RUN: %run3 %s | %FileCheck %s

#include "Inputs/declarations.h"

#include <async/async.h>

#include <cstdio>
#include <stdexcept>
#include <string>

#define LOG(...) std::printf(__VA_ARGS__)
#define TIMES_TEN(x) ((x) * 10)

namespace shop {

ASYNC async::Task<int> PriceOf(const std::string &item, int quantity) {
  co_await async::Yield();
  LOG("  price of %d %s\n", quantity, item.c_str());
  co_return TIMES_TEN(int(item.size())) * quantity;
}

ASYNC async::Task<int> Cart::Add(const std::string &item) noexcept {
  int price = co_await PriceOf(item);
  total_ += price;
  ++count_;
  co_return total_;
}

ASYNC async::Task<int> Cart::Total() const {
  co_await async::Yield();
  co_return total_ + count_;
}

ASYNC async::Task<Cart> Cart::Open(int budget) {
  co_await async::Yield();
  Cart c;
  c.budget = budget;
  co_return c;
}

namespace detail::inner {
// Overloads: the machine names differ only by function name; each overload
// has its own local struct.
ASYNC async::Task<std::string> Describe(int v) {
  co_await async::Yield();
  co_return "int " + std::to_string(v);
}
ASYNC async::Task<std::string> Describe(const std::string &v) {
  co_await async::Yield();
  co_return "string " + v;
}
ASYNC async::Task<std::string> Describe(int a, int b) {
  std::string first = co_await Describe(a);
  co_return first + " and " + co_await Describe(b);
}
} // namespace detail::inner

} // namespace shop

ASYNC async::Task<int> MainAsync() {
  // CHECK:      price of 3 apple
  // CHECK-NEXT: price of 1 pear
  int apples = co_await shop::PriceOf("apple", 3);
  int pear = co_await shop::PriceOf("pear");
  LOG("apples %d, pear %d\n", apples, pear);
  // CHECK-NEXT: apples 150, pear 40
  shop::Cart cart = co_await shop::Cart::Open(500);
  co_await cart.Add("fig");
  co_await cart.Add("kiwi");
  const shop::Cart &view = cart;
  // CHECK:      total 72 of 500
  LOG("total %d of %d\n", co_await view.Total(), cart.budget);
  // CHECK-NEXT: int 1 | string s | int 2 and int 3
  std::string a = co_await shop::detail::inner::Describe(1);
  std::string b = co_await shop::detail::inner::Describe(std::string("s"));
  std::string c = co_await shop::detail::inner::Describe(2, 3);
  LOG("%s | %s | %s\n", a.c_str(), b.c_str(), c.c_str());
  co_return 0;
}

int main() { return async::AsyncContext::Run(MainAsync); }
