// async/detail/structured_binding.h: the names of a structured binding of a
// dependent type, kept across co_await in a template's state machine
// (docs/lowering/04-locals-and-loops.md section 13). asyncc cannot tell before instantiation whether
// such a binding names data members, array elements or tuple-like `get`
// results, so a use of the I-th of N names becomes BoundPart<I, N>(object),
// which asks the language: a structured binding declared here over the
// frame's object.
#pragma once

#include <cstddef>
#include <tuple>
#include <type_traits>
#include <utility>

namespace async {
namespace detail {

namespace binding_get {
// A template named get in scope, so that C++17 parses `get<I>(e)` as a call
// whose candidates argument-dependent lookup finds; this one never matches.
struct NotAnObject;
template <std::size_t I>
void get(NotAnObject&) = delete;

template <std::size_t I, class E, class = void>
struct HasMemberGet : std::false_type {};
template <std::size_t I, class E>
struct HasMemberGet<I, E, std::void_t<decltype(std::declval<E&>().template get<I>())>>
    : std::true_type {};

// The get a tuple-like structured binding calls: the member get if there is
// one, otherwise get<I>(e) found by argument-dependent lookup.
template <std::size_t I, class E>
decltype(auto) Get(E& e) {
  if constexpr (HasMemberGet<I, E>::value) {
    return e.template get<I>();
  } else {
    return get<I>(e);
  }
}
}  // namespace binding_get

template <class E, class = void>
struct IsTupleLike : std::false_type {};
template <class E>
struct IsTupleLike<E, std::void_t<decltype(std::tuple_size<E>::value)>> : std::true_type {};

// The I-th of the references p..., as an lvalue.
template <std::size_t I, class... P>
auto& Pick(P&... p) {
  return std::get<I>(std::forward_as_tuple(p...));
}

// The I-th of the N data members a structured binding of e names.
template <std::size_t I, std::size_t N, class E>
decltype(auto) DataMember(E& e) {
  static_assert(N >= 1 && N <= 12, "asyncc: at most 12 names in a structured binding of a dependent type");
  // clang-format off
  if constexpr (N == 1) { auto& [p0] = e; return Pick<I>(p0); }
  else if constexpr (N == 2) { auto& [p0, p1] = e; return Pick<I>(p0, p1); }
  else if constexpr (N == 3) { auto& [p0, p1, p2] = e; return Pick<I>(p0, p1, p2); }
  else if constexpr (N == 4) { auto& [p0, p1, p2, p3] = e; return Pick<I>(p0, p1, p2, p3); }
  else if constexpr (N == 5) { auto& [p0, p1, p2, p3, p4] = e; return Pick<I>(p0, p1, p2, p3, p4); }
  else if constexpr (N == 6) { auto& [p0, p1, p2, p3, p4, p5] = e; return Pick<I>(p0, p1, p2, p3, p4, p5); }
  else if constexpr (N == 7) { auto& [p0, p1, p2, p3, p4, p5, p6] = e; return Pick<I>(p0, p1, p2, p3, p4, p5, p6); }
  else if constexpr (N == 8) { auto& [p0, p1, p2, p3, p4, p5, p6, p7] = e; return Pick<I>(p0, p1, p2, p3, p4, p5, p6, p7); }
  else if constexpr (N == 9) { auto& [p0, p1, p2, p3, p4, p5, p6, p7, p8] = e; return Pick<I>(p0, p1, p2, p3, p4, p5, p6, p7, p8); }
  else if constexpr (N == 10) { auto& [p0, p1, p2, p3, p4, p5, p6, p7, p8, p9] = e; return Pick<I>(p0, p1, p2, p3, p4, p5, p6, p7, p8, p9); }
  else if constexpr (N == 11) { auto& [p0, p1, p2, p3, p4, p5, p6, p7, p8, p9, p10] = e; return Pick<I>(p0, p1, p2, p3, p4, p5, p6, p7, p8, p9, p10); }
  else { auto& [p0, p1, p2, p3, p4, p5, p6, p7, p8, p9, p10, p11] = e; return Pick<I>(p0, p1, p2, p3, p4, p5, p6, p7, p8, p9, p10, p11); }
  // clang-format on
}

// What the I-th of the N names of a structured binding of e names, as the
// language decides it: an element of an array, the result of a tuple-like
// type's get (which must return a reference: a value would need a variable
// of its own, which the frame does not have here), or a data member.
template <std::size_t I, std::size_t N, class E>
decltype(auto) BoundPart(E& e) {
  if constexpr (std::is_array_v<E>) {
    static_assert(N == std::extent_v<E>, "asyncc: wrong number of names for this array");
    return (e[I]);
  } else if constexpr (IsTupleLike<std::remove_cv_t<E>>::value) {
    static_assert(N == std::tuple_size<std::remove_cv_t<E>>::value,
                  "asyncc: wrong number of names for this tuple-like type");
    static_assert(std::is_reference_v<decltype(binding_get::Get<I>(e))>,
                  "asyncc: in a template, a structured binding kept across co_await "
                  "cannot use a get that returns a value; declare the object, then its parts");
    auto&& part = binding_get::Get<I>(e);
    return static_cast<std::remove_reference_t<decltype(part)>&>(part);
  } else {
    return DataMember<I, N>(e);
  }
}

// The type of the hidden object of `auto [a, b] = e;` (or `const auto`), of
// a dependent type, given R = decltype((e)): e's type without reference and
// cv-qualifiers. An array would be copied element by element, which this
// lowering does not do.
template <class R>
struct BindingObjectOf {
  static_assert(!std::is_array_v<std::remove_reference_t<R>>,
                "asyncc: in a template, a structured binding that copies an array is not "
                "supported across co_await; bind a reference (auto &[...])");
  using type = std::remove_cv_t<std::remove_reference_t<R>>;
};
template <class R>
using BindingObject = typename BindingObjectOf<R>::type;

}  // namespace detail
}  // namespace async
