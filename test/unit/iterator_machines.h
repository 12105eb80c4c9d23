// A hand-lowered async iterator in the exact shape asyncc generates for
// `co_yield` (AsyncIteratorMethodBuilder, see docs/runtime.md), used by
// async_enumerable_test.cpp. native/async_enumerable_native_test.cpp builds
// the same source as a native C++20 coroutine; both run the checks of
// async_enumerable_cases.h.
#pragma once

#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <utility>

#include <async/async.h>

#include "test_util.h"

namespace asyncc_test {

struct IterOptions {
  Log* log = nullptr;
  int count = 3;
  // Awaited before each co_yield when set (its result is discarded).
  std::function<async::Task<>(int)> before_yield;
  // Throw std::runtime_error("boom") when resumed after this many yields.
  int throw_after = -1;
  // Throw OperationCanceledException instead.
  bool throw_canceled = false;
  // Kept by the iterator (a parameter): expires when its state is destroyed.
  std::shared_ptr<int> keep;
};

inline void ThrowAfterYield(const IterOptions& opt) {
  if (opt.throw_canceled) throw async::OperationCanceledException("canceled by the body");
  throw std::runtime_error("boom");
}

// ASYNC async::AsyncEnumerable<int> CountAsync(IterOptions opt) {
//   Tracked outer(opt.log, "outer");
//   for (int i = 0; i < opt.count; ++i) {
//     Tracked inner(opt.log, "inner" + std::to_string(i));
//     if (opt.before_yield) co_await opt.before_yield(i);
//     co_yield i;
//     if (i + 1 == opt.throw_after) ThrowAfterYield(opt);
//   }
// }
inline async::AsyncEnumerable<int> LoweredCountAsync(IterOptions opt) {
  struct sm_CountAsync final : async::IAsyncStateMachine {
    async::AsyncIteratorMethodBuilder<int> sm_builder;
    int sm_state = -1;  // -1 running, -2 done, N >= 0 suspended at await N
    int sm_live = 0;    // 1: outer alive; 2: inner too
    IterOptions opt;
    int i = 0;
    Slot<Tracked> outer;
    Slot<Tracked> inner;
    Slot<async::AwaiterOf<async::Task<>>> sm_awaiter_0;
    Slot<async::AwaiterOf<decltype(std::declval<async::AsyncIteratorMethodBuilder<int>&>().YieldValue(
        std::declval<int&>()))>>
        sm_awaiter_1;
    sm_CountAsync(async::AsyncIteratorMethodBuilder<int> sm_builder, IterOptions&& opt)
        : sm_builder(sm_builder), opt(std::move(opt)) {}
    ~sm_CountAsync() override { sm_unwind_to(0); }
    void sm_unwind_to(int depth) noexcept {
      if (sm_state == 0) sm_awaiter_0.Destroy();
      if (sm_state == 1) sm_awaiter_1.Destroy();
      if (sm_state >= 0) sm_state = -1;
      if (sm_live >= 2 && depth < 2) {
        inner.Destroy();
        sm_live = 1;
      }
      if (sm_live >= 1 && depth < 1) {
        outer.Destroy();
        sm_live = 0;
      }
    }
    void MoveNext() override {
      try {
        switch (sm_state) {
          case 0:
            goto sm_resume_0;
          case 1:
            goto sm_resume_1;
          default:
            break;
        }
        outer.Construct(opt.log, "outer");
        sm_live = 1;
        for (i = 0; i < opt.count; ++i) {
          inner.Construct(opt.log, "inner" + std::to_string(i));
          sm_live = 2;
          if (opt.before_yield) {
            ::new (async::detail::Storage(sm_awaiter_0))
                async::AwaiterOf<async::Task<>>(async::GetAwaiter(opt.before_yield(i)));
            if (!sm_awaiter_0.Get().IsCompleted()) {
              sm_state = 0;
              sm_builder.AwaitUnsafeOnCompleted(sm_awaiter_0.Get(), *this);
              return;
            }
          sm_resume_0:
            sm_state = -1;
            try {
              sm_awaiter_0.Get().GetResult();
            } catch (...) {
              sm_awaiter_0.Destroy();
              throw;
            }
            sm_awaiter_0.Destroy();
          }
          ::new (async::detail::Storage(sm_awaiter_1))
              async::AwaiterOf<decltype(sm_builder.YieldValue(i))>(async::GetAwaiter(sm_builder.YieldValue(i)));
          if (!sm_awaiter_1.Get().IsCompleted()) {
            sm_state = 1;
            sm_builder.AwaitUnsafeOnCompleted(sm_awaiter_1.Get(), *this);
            return;
          }
        sm_resume_1:
          sm_state = -1;
          sm_awaiter_1.Get().GetResult();
          sm_awaiter_1.Destroy();
          if (i + 1 == opt.throw_after) ThrowAfterYield(opt);
          inner.Destroy();
          sm_live = 1;
        }
        outer.Destroy();
        sm_live = 0;
      } catch (...) {
        sm_unwind_to(0);
        sm_state = -2;
        sm_builder.SetException(std::current_exception());
        return;
      }
      sm_state = -2;
      sm_builder.SetResult();
    }
  };
  auto& sm = async::AsyncIteratorMethodBuilder<int>::Create<sm_CountAsync>(std::move(opt));
  async::AsyncEnumerable<int> sm_task = sm.sm_builder.Task();
  sm.sm_builder.Start(sm);
  return sm_task;
}

// ASYNC async::AsyncEnumerable<std::string> WordsAsync(std::string text) {
//   std::string word;
//   for (char c : text) {          // (an index loop here)
//     if (c != ' ') { word += c; continue; }
//     co_yield std::move(word);
//     word.clear();
//   }
//   if (!word.empty()) co_yield word;
// }
inline async::AsyncEnumerable<std::string> LoweredWordsAsync(std::string text) {
  using YieldAwaiter = async::AwaiterOf<decltype(
      std::declval<async::AsyncIteratorMethodBuilder<std::string>&>().YieldValue(std::declval<std::string&>()))>;
  struct sm_WordsAsync final : async::IAsyncStateMachine {
    async::AsyncIteratorMethodBuilder<std::string> sm_builder;
    int sm_state = -1;
    std::string text;
    std::string word;
    std::size_t k = 0;
    Slot<YieldAwaiter> sm_awaiter_0;
    Slot<YieldAwaiter> sm_awaiter_1;
    sm_WordsAsync(async::AsyncIteratorMethodBuilder<std::string> sm_builder, std::string&& text)
        : sm_builder(sm_builder), text(std::move(text)) {}
    ~sm_WordsAsync() override {
      if (sm_state == 0) sm_awaiter_0.Destroy();
      if (sm_state == 1) sm_awaiter_1.Destroy();
    }
    void MoveNext() override {
      try {
        switch (sm_state) {
          case 0:
            goto sm_resume_0;
          case 1:
            goto sm_resume_1;
          default:
            break;
        }
        for (k = 0; k < text.size(); ++k) {
          if (text[k] != ' ') {
            word += text[k];
            continue;
          }
          ::new (async::detail::Storage(sm_awaiter_0)) YieldAwaiter(async::GetAwaiter(sm_builder.YieldValue(std::move(word))));
          if (!sm_awaiter_0.Get().IsCompleted()) {
            sm_state = 0;
            sm_builder.AwaitUnsafeOnCompleted(sm_awaiter_0.Get(), *this);
            return;
          }
        sm_resume_0:
          sm_state = -1;
          sm_awaiter_0.Get().GetResult();
          sm_awaiter_0.Destroy();
          word.clear();
        }
        if (!word.empty()) {
          ::new (async::detail::Storage(sm_awaiter_1)) YieldAwaiter(async::GetAwaiter(sm_builder.YieldValue(word)));
          if (!sm_awaiter_1.Get().IsCompleted()) {
            sm_state = 1;
            sm_builder.AwaitUnsafeOnCompleted(sm_awaiter_1.Get(), *this);
            return;
          }
        sm_resume_1:
          sm_state = -1;
          sm_awaiter_1.Get().GetResult();
          sm_awaiter_1.Destroy();
        }
      } catch (...) {
        sm_state = -2;
        sm_builder.SetException(std::current_exception());
        return;
      }
      sm_state = -2;
      sm_builder.SetResult();
    }
  };
  auto& sm = async::AsyncIteratorMethodBuilder<std::string>::Create<sm_WordsAsync>(std::move(text));
  async::AsyncEnumerable<std::string> sm_task = sm.sm_builder.Task();
  sm.sm_builder.Start(sm);
  return sm_task;
}

}  // namespace asyncc_test
