// Types whose template arguments include a pack of class types, in the
// frame: std::tuple<std::string, int> as a task's result, a structured
// binding's object and an awaited value; std::variant; a user variadic class
// template in a namespace; nested. Clang's fully qualified printing leaves
// a pack's elements unqualified (`::std::tuple<basic_string<char>, int>`,
// which does not compile); the tool spells them through the canonical type.
// Found by the fuzzer's aggregates feature.
// RUN: %run3 %s | %FileCheck %s
#include <async/async.h>

#include <cstdio>
#include <string>
#include <tuple>
#include <utility>
#include <variant>
#include <vector>

namespace shop {
struct Item {
  std::string name;
  int count;
};
template <class... Ts>
struct Bag {
  std::tuple<Ts...> items;
  int size() const { return static_cast<int>(sizeof...(Ts)); }
};
} // namespace shop

ASYNC async::Task<std::tuple<std::string, int>> Get(int v) {
  co_await async::Yield();
  co_return std::make_tuple(std::to_string(v), v + 2);
}

ASYNC async::Task<int> Bound(int q) {
  auto [s, n] = co_await Get(q);
  co_await async::Yield();
  std::printf("bound %s %d\n", s.c_str(), n);
  co_return n;
}

ASYNC async::Task<int> Deduced(int q) {
  auto t = co_await async::FromResult(std::make_tuple(q, std::string("x")));
  std::variant<int, std::string> v = std::string("text");
  shop::Bag<shop::Item, std::vector<shop::Item>> bag{{shop::Item{"apple", 3}, {{"pear", 1}}}};
  std::tuple<std::tuple<std::string>, std::pair<std::string, int>> nested{{"in"}, {"out", 2}};
  co_await async::Yield();
  std::printf("deduced %s %s %s %d %zu %s %s\n", std::get<1>(t).c_str(),
              std::get<std::string>(v).c_str(), std::get<0>(bag.items).name.c_str(),
              bag.size(), std::get<1>(bag.items).size(),
              std::get<0>(std::get<0>(nested)).c_str(), std::get<1>(nested).first.c_str());
  co_return std::get<0>(t);
}

ASYNC async::Task<int> MainAsync() {
  int a = co_await Bound(4);
  int b = co_await Deduced(a);
  std::printf("result %d %d\n", a, b);
  co_return 0;
}

int main() { return async::AsyncContext::Run(MainAsync); }
// CHECK: bound 4 6
// CHECK-NEXT: deduced x text apple 2 1 in out
// CHECK-NEXT: result 6 6
