// async/awaiters.h: the awaiter protocol helpers (GetAwaiter, AwaiterOf) and
// the task awaiters (TaskAwaiter, ConfiguredTaskAwaitable).
//
// Awaiter protocol (SPEC §2): a.IsCompleted(), a.OnCompleted(k) and/or
// a.UnsafeOnCompleted(k) with k an async::Continuation, a.GetResult().
#pragma once

#include <cstddef>
#include <memory>
#include <tuple>
#include <type_traits>
#include <utility>

#include <async/continuation.h>
#include <async/detail/branch_slot.h>
#include <async/detail/structured_binding.h>
#include <async/synchronization_context.h>
#include <async/task.h>

namespace async {

namespace detail {

template <class E, class = void>
struct HasMemberGetAwaiter : std::false_type {};
template <class E>
struct HasMemberGetAwaiter<E, std::void_t<decltype(std::declval<E>().GetAwaiter())>>
    : std::true_type {};

namespace adl {
void GetAwaiter() = delete;  // hides async::GetAwaiter; ADL still applies
template <class E, class = void>
struct HasAdlGetAwaiter : std::false_type {};
template <class E>
struct HasAdlGetAwaiter<E, std::void_t<decltype(GetAwaiter(std::declval<E>()))>>
    : std::true_type {};
template <class E>
decltype(auto) CallGetAwaiter(E&& e) {
  return GetAwaiter(std::forward<E>(e));
}
}  // namespace adl

struct GetAwaiterFn {
  template <class E,
            class = std::enable_if_t<HasMemberGetAwaiter<E>::value || adl::HasAdlGetAwaiter<E>::value>>
  decltype(auto) operator()(E&& e) const {
    if constexpr (HasMemberGetAwaiter<E>::value) {
      return std::forward<E>(e).GetAwaiter();
    } else {
      return adl::CallGetAwaiter(std::forward<E>(e));
    }
  }
};

template <class A, class = void>
struct HasUnsafeOnCompleted : std::false_type {};
template <class A>
struct HasUnsafeOnCompleted<
    A, std::void_t<decltype(std::declval<A&>().UnsafeOnCompleted(std::declval<Continuation>()))>>
    : std::true_type {};
template <class A, class = void>
struct HasOnCompleted : std::false_type {};
template <class A>
struct HasOnCompleted<
    A, std::void_t<decltype(std::declval<A&>().OnCompleted(std::declval<Continuation>()))>>
    : std::true_type {};

// Hands k to the awaiter, preferring UnsafeOnCompleted.
template <class A>
void CallUnsafeOnCompleted(A& awaiter, Continuation k) {
  static_assert(HasUnsafeOnCompleted<A>::value || HasOnCompleted<A>::value,
                "an awaiter needs OnCompleted(k) or UnsafeOnCompleted(k)");
  if constexpr (HasUnsafeOnCompleted<A>::value) {
    awaiter.UnsafeOnCompleted(std::move(k));
  } else {
    awaiter.OnCompleted(std::move(k));
  }
}
// Hands k to the awaiter, preferring OnCompleted.
template <class A>
void CallOnCompleted(A& awaiter, Continuation k) {
  static_assert(HasUnsafeOnCompleted<A>::value || HasOnCompleted<A>::value,
                "an awaiter needs OnCompleted(k) or UnsafeOnCompleted(k)");
  if constexpr (HasOnCompleted<A>::value) {
    awaiter.OnCompleted(std::move(k));
  } else {
    awaiter.UnsafeOnCompleted(std::move(k));
  }
}

// obj.~T(), for generated code that ends a hoisted local's lifetime.
template <class T>
void Destroy(T& obj) noexcept {
  obj.~T();
}

// Records that temporary number `id` (`object`) now exists, in creation
// order, so that unwinding destroys exactly the created ones in reverse
// (argument evaluation order is unspecified); returns it.
template <class T>
T& Created(unsigned char* order, unsigned char& count, unsigned char id, T& object) noexcept {
  order[count++] = id;
  return object;
}

// The address of what a hoisted reference local binds to (the frame keeps
// a pointer; immune to an overloaded operator&).
template <class T>
std::remove_reference_t<T>* AddressOf(T&& object) noexcept {
  return std::addressof(object);
}

// In a template, co_await's operand kept to the end of its full-expression
// (E is decltype((operand))): a prvalue in place, a glvalue by reference.
// Aggregate-initialized, so that a prvalue is not moved.
template <class E>
struct Kept {
  E value;
};

// In a template, the type of parameter I of a function named by one
// function type F (decltype(&callee)).
template <class F, std::size_t I>
struct ParameterOfFunction;
template <class R, class... Ps, std::size_t I>
struct ParameterOfFunction<R (*)(Ps...), I> {
  using type = std::tuple_element_t<I, std::tuple<Ps...>>;
};
template <class R, class... Ps, std::size_t I>
struct ParameterOfFunction<R (*)(Ps...) noexcept, I> {
  using type = std::tuple_element_t<I, std::tuple<Ps...>>;
};
template <class F, std::size_t I>
using ParameterOf = typename ParameterOfFunction<F, I>::type;

// In a template, what an awaited call's argument that may be a temporary is
// kept as, where its parameter's type P is known (A is decltype((argument))):
// a reference parameter of another type than the argument's (nor a base of
// it) binds a temporary converted from the argument, so that temporary, of
// P's type, is kept; otherwise the argument is (Kept<A>).
template <class A, class P, class X = std::remove_cv_t<std::remove_reference_t<P>>,
          class Y = std::remove_cv_t<std::remove_reference_t<A>>>
using BoundArgument =
    std::conditional_t<std::is_reference_v<P> && !std::is_same_v<X, Y> && !std::is_base_of_v<X, Y>,
                       X, A>;

// In a template, an operand of an operator evaluated before a co_await in
// the same expression (E is decltype((operand))). A built-in operator reads
// a scalar operand's value before the later operand is evaluated, so a
// scalar glvalue is kept by value; anything else (a class type, whose
// operator is a function taking it by reference or by value) as Kept keeps
// it.
template <class E>
using KeptOperand =
    std::conditional_t<std::is_lvalue_reference_v<E> && std::is_scalar_v<std::remove_reference_t<E>>,
                       Kept<std::remove_cv_t<std::remove_reference_t<E>>>, Kept<E>>;

// In a template, what a switch condition holding co_await is kept as: its
// integer or enumeration type (a class type converted to one is refused).
template <class T>
using SwitchValue = std::enable_if_t<std::is_integral_v<std::decay_t<T>> ||
                                         std::is_enum_v<std::decay_t<T>>,
                                     std::decay_t<T>>;

// In a template, a hoisted reference local whose initializer's value
// category is known only once instantiated. D is the declared reference type,
// R is decltype((initializer)): a prvalue (R not a reference) is kept here,
// as binding a reference to a temporary extends its life; a glvalue by
// address. `*local` is what the reference names.
template <class D, class R>
class BoundReference {
  using Referenced = std::remove_reference_t<D>;
  static constexpr bool kExtends = !std::is_reference_v<R>;
  using Held = std::conditional_t<kExtends, std::remove_cv_t<R>, Referenced*>;

 public:
  template <class I>
  explicit BoundReference(I&& init) : held_(Hold(std::forward<I>(init))) {}
  BoundReference(const BoundReference&) = delete;
  BoundReference& operator=(const BoundReference&) = delete;

  Referenced& operator*() noexcept {
    if constexpr (kExtends) {
      return held_;
    } else {
      return *held_;
    }
  }

 private:
  template <class I>
  static Held Hold(I&& init) {
    if constexpr (kExtends) {
      return Held(std::forward<I>(init));
    } else {
      Referenced& bound = init;  // the same conversions a reference binding does
      return std::addressof(bound);
    }
  }

  Held held_;
};

// In a template, begin and end of a range-based for over a dependent range,
// found as the language finds them: an array's bounds, else the members
// begin() and end() when the class has both, else begin() and end() by ADL.
// `auto`, as the loop's own __begin and __end are.
namespace range_lookup {
void begin() = delete;  // ordinary lookup stops here; ADL adds the range's own
void end() = delete;

template <class R, class = void>
struct HasMembers : std::false_type {};
template <class R>
struct HasMembers<R, std::void_t<decltype(std::declval<R&>().begin()),
                                 decltype(std::declval<R&>().end())>> : std::true_type {};

template <class R>
auto Begin(R& range) {
  if constexpr (std::is_array_v<R>) {
    return range + 0;
  } else if constexpr (HasMembers<R>::value) {
    return range.begin();
  } else {
    return begin(range);
  }
}

template <class R>
auto End(R& range) {
  if constexpr (std::is_array_v<R>) {
    return range + std::extent_v<R>;
  } else if constexpr (HasMembers<R>::value) {
    return range.end();
  } else {
    return end(range);
  }
}
}  // namespace range_lookup

using range_lookup::Begin;
using range_lookup::End;

// A local array kept in the frame (`int buffer[4] = {1, 2};` across
// co_await): a struct around it, so that it is built in place from the
// declaration's initializer list (`{{1, 2}}`) or default-initialized, and
// its elements destroyed in reverse order. Uses name `items`.
template <class A>
struct ArrayOf {
  A items;
};

// A copy of a one-dimensional array, element by element, as a structured
// binding of an array makes it (`auto [a, b] = values;`); Wrapped is the
// frame's ArrayOf (its elements const for `const auto [a, b]`).
template <class Wrapped, class E, std::size_t N, std::size_t... I>
Wrapped CopyArray(const E (&from)[N], std::index_sequence<I...>) {
  return {{from[I]...}};
}
template <class Wrapped, class E, std::size_t N>
Wrapped CopyArray(const E (&from)[N]) {
  return CopyArray<Wrapped>(from, std::make_index_sequence<N>{});
}

// The array of a braced list that a range-based for iterates across a
// suspension (`for (x : {a, b})`): a std::initializer_list cannot be rebuilt
// over an array in the frame, so the array itself is kept there, elements
// copy-initialized in order and destroyed in reverse, as the list's own.
template <class E, std::size_t N>
struct ListArray {
  E items[N];
  E* begin() noexcept { return items; }
  E* end() noexcept { return items + N; }
};

// BracedList(a, b) is {a, b} as `auto&& range = {a, b}` deduces it: an
// array of const E, with E the elements' common deduced type.
template <class A, class... More>
ListArray<const std::decay_t<A>, 1 + sizeof...(More)> BracedList(A&& first, More&&... more) {
  static_assert((std::is_same_v<std::decay_t<A>, std::decay_t<More>> && ...),
                "the elements of a braced list deduce one type");
  return {{std::forward<A>(first), std::forward<More>(more)...}};
}

// The raw storage of a frame slot, for the placement-new that starts a
// hoisted local's lifetime (immune to an overloaded operator&).
template <class T>
void* Storage(T& slot) noexcept {
  return const_cast<void*>(static_cast<const volatile void*>(&reinterpret_cast<const volatile char&>(slot)));
}

// A function parameter pack `Ts... xs` kept in the frame: the parameters'
// copies in order, element 0 first (a coroutine copies its parameters in
// order and destroys the copies in reverse; std::tuple may do the
// opposite). The kickoff forwards the arguments as a tuple of references,
// which the frame's copies are built from: one move per by-value parameter,
// as a coroutine's parameter copy makes.
template <class... P>
using ForwardedPack = std::tuple<P&&...>;

template <class... P>
struct ParameterPack {
  explicit ParameterPack(ForwardedPack<>&&) {}
};

template <class H, class... T>
struct ParameterPack<H, T...> {
  H head;
  ParameterPack<T...> tail;

  explicit ParameterPack(ForwardedPack<H, T...>&& refs)
      : ParameterPack(refs, std::index_sequence_for<T...>{}) {}

 private:
  template <std::size_t... I>
  ParameterPack(ForwardedPack<H, T...>& refs, std::index_sequence<I...>)
      : head(std::forward<H>(std::get<0>(refs))),
        tail(ForwardedPack<T...>(std::forward<T>(std::get<I + 1>(refs))...)) {}
};

// Hands a kept pack back to MoveNext's body as a pack: body(x0, x1, ...),
// each element as an lvalue of its type, a reference element as itself (so
// a `Ts&&... xs` parameter is still an rvalue reference in the body).
template <class E>
using PackElement = std::conditional_t<std::is_reference_v<E>, E, E&>;

template <class F, class... Elements>
void ExpandParameterPack(ParameterPack<>&, F&& body, Elements&&... elements) {
  std::forward<F>(body)(std::forward<Elements>(elements)...);
}

template <class H, class... T, class F, class... Elements>
void ExpandParameterPack(ParameterPack<H, T...>& pack, F&& body, Elements&&... elements) {
  ExpandParameterPack(pack.tail, std::forward<F>(body), std::forward<Elements>(elements)...,
                      static_cast<PackElement<H>>(pack.head));
}

}  // namespace detail

// async::GetAwaiter(e): e.GetAwaiter() if that member exists, else GetAwaiter(e)
// found by ADL; e's value category is forwarded. (A function object, so ADL
// never finds it by mistake.)
inline constexpr detail::GetAwaiterFn GetAwaiter{};

// The awaiter type of an awaitable expression of type E (E&& for rvalues,
// E& for lvalues).
template <class E>
using AwaiterOf = std::decay_t<decltype(async::GetAwaiter(std::declval<E>()))>;

// Task<T>'s awaiter. Consume: obtained from an rvalue task, GetResult() moves
// the result out of the task; otherwise it returns a copy.
template <class T, bool Consume>
class TaskAwaiter {
 public:
  explicit TaskAwaiter(detail::TaskStateRef<T> state, bool continueOnCapturedContext = true) noexcept
      : state_(std::move(state)), capture_context_(continueOnCapturedContext) {}

  bool IsCompleted() const { return State().IsCompleted(); }
  // Both capture SynchronizationContext::Current(), else a non-default
  // TaskScheduler::Current() (unless ConfigureAwait(false)).
  void OnCompleted(Continuation k) const { Register(std::move(k)); }
  void UnsafeOnCompleted(Continuation k) const { Register(std::move(k)); }

  // Blocks if needed; throws the task's first exception itself (canceled:
  // TaskCanceledException or the OperationCanceledException that canceled it).
  T GetResult() {
    detail::TaskState<T>& s = State();
    s.WaitBlocking();
    s.ThrowIfNotSuccess();
    if constexpr (std::is_void_v<T>) {
      return;
    } else if constexpr (Consume) {
      return std::move(s.MutableResult());
    } else {
      return s.ResultRef();
    }
  }

 private:
  detail::TaskState<T>& State() const {
    if (!state_) throw InvalidOperationException("The task handle is empty.");
    return *state_.get();
  }
  void Register(Continuation k) const { State().OnCompletedCapturing(std::move(k), capture_context_); }
  detail::TaskStateRef<T> state_;
  bool capture_context_;
};

// task.ConfigureAwait(b): an awaitable whose awaiter captures the context only
// when b is true.
template <class T, bool Consume>
class ConfiguredTaskAwaitable {
 public:
  using ConfiguredTaskAwaiter = TaskAwaiter<T, Consume>;
  ConfiguredTaskAwaitable(detail::TaskStateRef<T> state, bool continueOnCapturedContext) noexcept
      : state_(std::move(state)), capture_context_(continueOnCapturedContext) {}
  ConfiguredTaskAwaiter GetAwaiter() const& { return ConfiguredTaskAwaiter(state_, capture_context_); }
  ConfiguredTaskAwaiter GetAwaiter() && {
    return ConfiguredTaskAwaiter(std::move(state_), capture_context_);
  }

 private:
  detail::TaskStateRef<T> state_;
  bool capture_context_;
};

inline TaskAwaiter<void> Task<void>::GetAwaiter() const& { return TaskAwaiter<void>(StateRef()); }
inline TaskAwaiter<void, true> Task<void>::GetAwaiter() && {
  return TaskAwaiter<void, true>(std::move(ref_));
}
inline ConfiguredTaskAwaitable<void> Task<void>::ConfigureAwait(bool c) const& {
  return ConfiguredTaskAwaitable<void>(StateRef(), c);
}
inline ConfiguredTaskAwaitable<void, true> Task<void>::ConfigureAwait(bool c) && {
  return ConfiguredTaskAwaitable<void, true>(std::move(ref_), c);
}

}  // namespace async

// Promise types for native C++20 coroutines (no-op in C++17).
#include <async/native_coroutine.h>
