// An ASYNC lambda capturing *this: inside it `this` is the closure's copy
// of the object, so the kickoff hands that address to the machine, which
// keeps it as a const pointer unless the lambda is mutable.
// RUN: %asyncc %s -o %t.cpp --line-directives=false
// RUN: grep -v "CHECK" %t.cpp | %FileCheck %s

#include <async/async.h>

class Widget {
public:
  void Start() {
    auto read = [*this]() ASYNC -> async::Task<int> {
      co_await async::Yield();
      co_return hits_;
    };
    auto bump = [*this]() ASYNC mutable -> async::Task<int> {
      co_await async::Yield();
      co_return ++hits_;
    };
    (void)read;
    (void)bump;
  }

private:
  int hits_ = 0;
};

// CHECK:      const ::Widget * sm_this; // the object the member function runs on
// CHECK:      { sm_builder.SetReturnValue(sm_this->hits_); goto sm_exit; }
// CHECK:      Create<Lambda12_StateMachine>(this);
// CHECK:      ::Widget * sm_this; // the object the member function runs on
// CHECK:      { sm_builder.SetReturnValue(++sm_this->hits_); goto sm_exit; }
// CHECK:      Create<Lambda16_StateMachine>(this);
