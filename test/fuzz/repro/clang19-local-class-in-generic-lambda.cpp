// Clang 19 (not an asyncc bug in the strict sense, but it breaks clang's
// C++17 build of asyncc's output): a local class inside a lambda that is
// inside a generic lambda in a template gets its user-provided destructor
// (and sometimes its constructor) declared but never defined, so the link
// fails:
//
//   warning: inline function 'F(int)::(anonymous class)::operator()(int &)::
//   (anonymous class)::operator()(int)::Machine::~Machine' is not defined
//   [-Wundefined-inline]
//   undefined reference to `...Machine::~Machine()'
//
// A Clang regression since Clang 15 (LLVM issues 59734, 133981 and
// 132208: special members of a local class in a generic lambda in a
// template are not instantiated). g++ 12 builds and runs it. The same without the template (F(int)), or
// with a non-generic outer lambda (`[](T &p)`), builds with clang too; so
// does a destructor that is implicit (cleanup in a member of a
// namespace-scope class template), but an anonymous union member with a
// non-trivial type (what asyncc's frame slots are) deletes an implicit
// destructor.
//
// asyncc wrote this shape for ASYNC lambdas in templates: a generic one
// (the lambda's own operator() is the generic lambda), one inside a generic
// helper lambda, or one made by a generic closure factory when it is kept
// across co_await. Clang defines *implicit* special members there, so the
// machine of an ASYNC lambda in a template now has no destructor (its
// implicit one is deleted and never used) and `sm_destroy()` tears it down,
// called by the runtime's box (docs/lowering/07-lambdas.md section 20,
// tool/lib/MachineDestruction.h).
//
//   clang++-19 -std=c++17 clang19-local-class-in-generic-lambda.cpp   # link error
//   g++ -std=c++17 clang19-local-class-in-generic-lambda.cpp          # runs, prints "dtor"
#include <cstdio>
#include <utility>

struct Base {
  virtual void Run() = 0;
  virtual ~Base() = default;
};
template <class M>
M* Create() { return new M(); }
template <class M>
void Destroy(M* m) { delete m; }

template <class T>
int F(T pt) {
  static constexpr auto make = [](auto& p) {
    return [&](int k) {
      struct Machine final : Base {
        int v = 0;
        void Run() override { v++; }
        ~Machine() override { std::printf("dtor\n"); }
      };
      auto* m = Create<Machine>();
      m->Run();
      int r = m->v + k + static_cast<int>(p);
      Destroy(m);
      return r;
    };
  };
  auto l = make(pt);
  return l(1);
}

int main() { return F(3) == 5 ? 0 : 1; }
