// A task type of the user's own (C#'s [AsyncMethodBuilder]): the lowered
// build finds its builder through a specialization of
// async::AsyncMethodBuilder<Counted<T>>; the native build through its
// promise_type. Both count the calls they start; the builder also counts
// suspensions. Counted<T> is awaitable like the Task it wraps.
// RUN: %run3 %s | %FileCheck %s

#include <async/async.h>

#include <cstdio>
#include <exception>
#include <stdexcept>
#include <string>
#include <utility>

int g_started = 0;

template <class T>
struct Counted {
  async::Task<T> task;
  auto GetAwaiter() && { return std::move(task).GetAwaiter(); }
#if defined(__cpp_impl_coroutine)
  struct promise_type : async::detail::TaskPromiseBase<T> {
    Counted get_return_object() {
      ++g_started;
      return Counted{this->MakeTask(*this)};
    }
    template <class U = T>
    void return_value(U &&value) {
      this->box_->StoreResult(std::forward<U>(value));
    }
  };
#endif
};

// The builder the lowered code calls (builder.h lists its members); it
// wraps the runtime's task builder.
template <class T>
class CountedBuilder {
 public:
  CountedBuilder(async::AsyncTaskMethodBuilder<T> inner) : inner_(inner) {}
  template <class SM, class... Args>
  static SM &Create(Args &&...args) {
    ++g_started;
    return async::AsyncTaskMethodBuilder<T>::template Create<SM>(std::forward<Args>(args)...);
  }
  Counted<T> Task() const { return Counted<T>{inner_.Task()}; }
  template <class SM>
  void Start(SM &sm) { inner_.Start(sm); }
  template <class Awaiter, class SM>
  void AwaitUnsafeOnCompleted(Awaiter &awaiter, SM &sm) { inner_.AwaitUnsafeOnCompleted(awaiter, sm); }
  template <class Awaiter, class SM>
  void AwaitOnCompleted(Awaiter &awaiter, SM &sm) { inner_.AwaitOnCompleted(awaiter, sm); }
  template <class U>
  void SetReturnValue(U &&value) { inner_.SetReturnValue(std::forward<U>(value)); }
  void SetResult() { inner_.SetResult(); }
  void SetException(std::exception_ptr e) { inner_.SetException(std::move(e)); }

 private:
  async::AsyncTaskMethodBuilder<T> inner_;
};

template <class T>
struct async::AsyncMethodBuilder<Counted<T>> {
  using type = CountedBuilder<T>;
};

ASYNC Counted<int> Square(int x) {
  co_await async::Yield();
  co_return x * x;
}

ASYNC Counted<std::string> Fails(std::string why) {
  co_await async::Yield();
  throw std::runtime_error(why);
}

template <class T>
ASYNC Counted<T> Twice(T v) {
  T a = co_await Square(int(v));
  co_return a + a;
}

ASYNC async::Task<int> MainAsync() {
  // CHECK: square 49, twice 18
  int s = co_await Square(7);
  int t = co_await Twice(3);
  std::printf("square %d, twice %d\n", s, t);
  // CHECK-NEXT: caught: no luck
  try {
    co_await Fails("no luck");
  } catch (const std::runtime_error &e) {
    std::printf("caught: %s\n", e.what());
  }
  // CHECK-NEXT: started 4
  std::printf("started %d\n", g_started);
  co_return 0;
}

int main() { return async::AsyncContext::Run(MainAsync); }
