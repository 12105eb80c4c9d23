// Local aliases declared inside the branches of `if constexpr` in templates
// and named by what the branch keeps across co_await: a hoisted local of the
// alias's type, an awaited operand built with it, an alias naming another
// alias, an alias in a block nested in the branch, and a nested if constexpr
// with its own alias. The aliases are ill-formed where the branch is
// discarded (`typename T::value_type` of an int), so they cannot go into the
// machine: the branch declares them at its top, before its slots' types.
// RUN: %run3 %s | %FileCheck %s
// CHECK:      vector: 3 items, first 10, box 10, nested 10.5
// CHECK-NEXT: number: 41+1 = 42
// CHECK-NEXT: string: abc!
#include <async/async.h>

#include <cstdio>
#include <string>
#include <type_traits>
#include <vector>

template <class T>
struct Box {
  T value;
};

template <class T>
ASYNC async::Task<T> Echo(T v) {
  co_await async::Yield();
  co_return v;
}

template <class T, class = void>
struct HasValueType : std::false_type {};
template <class T>
struct HasValueType<T, std::void_t<typename T::value_type>> : std::true_type {};

template <class T>
ASYNC async::Task<std::string> Describe(T input) {
  char line[128];
  if constexpr (HasValueType<T>::value) {
    using Item = typename T::value_type;
    using ItemBox = Box<Item>;  // an alias naming an alias
    Item first = input.front();
    ItemBox box = co_await Echo(ItemBox{first});
    double nested = 0;
    {
      using Half = std::conditional_t<std::is_integral_v<Item>, double, Item>;
      Half half = static_cast<Half>(box.value) + Half(0.5);
      co_await async::Yield();
      if constexpr (std::is_integral_v<Item>) {
        using Wide = long long;
        Wide wide = first;
        co_await async::Yield();
        nested = static_cast<double>(wide) + (half - static_cast<Half>(first));
      }
    }
    std::snprintf(line, sizeof line, "vector: %zu items, first %d, box %d, nested %.1f",
                  input.size(), static_cast<int>(first), static_cast<int>(box.value), nested);
  } else if constexpr (std::is_arithmetic_v<T>) {
    using Sum = decltype(input + 1);
    Sum sum = co_await Echo(static_cast<Sum>(input + 1));
    std::snprintf(line, sizeof line, "number: %d+1 = %d", static_cast<int>(input),
                  static_cast<int>(sum));
  } else {
    using Text = std::string;
    Text text = co_await Echo(Text(input) + "!");
    std::snprintf(line, sizeof line, "string: %s", text.c_str());
  }
  co_return std::string(line);
}

ASYNC async::Task<int> Main() {
  std::vector<int> numbers{10, 20, 30};
  std::string a = co_await Describe(numbers);
  std::string b = co_await Describe(41);
  std::string c = co_await Describe("abc");
  std::printf("%s\n%s\n%s\n", a.c_str(), b.c_str(), c.c_str());
  co_return 0;
}

int main() { return async::AsyncContext::Run([] { return Main(); }); }
