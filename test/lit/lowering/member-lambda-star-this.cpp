// A lambda capturing `*this` in an ASYNC member function: in MoveNext `this`
// is the machine, so the capture becomes an init-capture of a copy of the
// saved object, and inside the lambda the members and `this` are the
// copy's. A [this] lambda nested in it takes the copy by reference; a
// nested [*this] copies the copy.
// RUN: %asyncc %s -o %t.cpp --line-directives=false
// RUN: grep -v "CHECK" %t.cpp | %FileCheck %s

#include <async/async.h>

class Widget {
public:
  int Get() const { return value_; }

  ASYNC async::Task<int> Run() {
    co_await async::Yield();
    int a = [*this] { return value_ + this->value_ + Get(); }();
    int b = [*this]() mutable {
      auto inner = [this] { return ++value_; };
      auto again = [*this] { return value_; };
      return inner() + again();
    }();
    co_return a + b + [=, *this] { return a + value_; }();
  }

private:
  int value_ = 1;
};

// CHECK: [sm_this_copy = *sm_this] { return sm_this_copy.value_ + (&sm_this_copy)->value_ + sm_this_copy.Get(); }()
// CHECK: [sm_this_copy = *sm_this]() mutable {
// CHECK-NEXT: auto inner = [&sm_this_copy = sm_this_copy] { return ++sm_this_copy.value_; };
// CHECK-NEXT: auto again = [sm_this_copy = sm_this_copy] { return sm_this_copy.value_; };
// CHECK: [=, sm_this_copy = *sm_this] { return a + sm_this_copy.value_; }()
