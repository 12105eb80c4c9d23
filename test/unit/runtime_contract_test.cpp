// The tool-runtime contract (tool/lib/RuntimeContract.def), compiled against
// the runtime: every runtime name the lowered code spells must exist with
// the shape the tool uses it in, and every generated name the runtime reads
// must be the one the tool writes. A rename on either side fails here, at
// compile time, before any lowered program is built.
#include <async/async.h>

#include <gtest/gtest.h>

#include <cstddef>
#include <type_traits>
#include <utility>

namespace contract {

template <template <class...> class>
struct TypeTemplate {};
template <template <class, std::size_t> class>
struct TemplateOfTypeAndIndex {};

// Qualified names in these declarations are looked up here, at definition:
// a missing one is a compile error even though nothing calls the probes.
#define ASYNCC_CLASS(Id, Name) using Class_##Id = Name;
#define ASYNCC_TYPE_TEMPLATE(Id, Name) using Template_##Id = TypeTemplate<Name>;
#define ASYNCC_TEMPLATE_OF_TYPE_AND_INDEX(Id, Name) \
  using Template_##Id = TemplateOfTypeAndIndex<Name>;
#define ASYNCC_FUNCTION(Id, Name)                 \
  template <class... A>                           \
  auto Function_##Id(A&&... a) -> decltype(Name(std::forward<A>(a)...));
#define ASYNCC_FUNCTION_OF_TYPE(Id, Name)         \
  template <class T, class... A>                  \
  auto Function_##Id(A&&... a) -> decltype(Name<T>(std::forward<A>(a)...));
#define ASYNCC_FUNCTION_OF_INDEX(Id, Name)        \
  template <std::size_t I, class... A>            \
  auto Function_##Id(A&&... a) -> decltype(Name<I, I + 1>(std::forward<A>(a)...));
#include "../../tool/lib/RuntimeContract.def"

// A member named Name, of any kind (function, template, overload set): in a
// class that derives from B and from one declaring Name, `&D::Name` is
// ambiguous exactly when B has one.
#define ASYNCC_MEMBER_DETECTOR(Id, Name)                                        \
  struct Own_##Id {                                                             \
    int Name;                                                                   \
  };                                                                            \
  template <class B>                                                            \
  struct Both_##Id : B, Own_##Id {};                                            \
  template <class B, class = void>                                              \
  struct Has_##Id : std::true_type {};                                          \
  template <class B>                                                            \
  struct Has_##Id<B, std::void_t<decltype(&Both_##Id<B>::Name)>> : std::false_type {};
#define ASYNCC_BUILDER_MEMBER(Id, Name)                                          \
  ASYNCC_MEMBER_DETECTOR(Id, Name)                                              \
  static_assert(Has_##Id<async::AsyncTaskMethodBuilder<int>>::value &&          \
                    Has_##Id<async::AsyncTaskMethodBuilder<void>>::value &&     \
                    Has_##Id<async::AsyncValueTaskMethodBuilder<int>>::value && \
                    Has_##Id<async::AsyncIteratorMethodBuilder<int>>::value &&  \
                    Has_##Id<async::AsyncVoidMethodBuilder>::value,             \
                "every method builder has " #Name);
#define ASYNCC_RESULT_BUILDER_MEMBER(Id, Name)                                   \
  ASYNCC_MEMBER_DETECTOR(Id, Name)                                              \
  static_assert(Has_##Id<async::AsyncTaskMethodBuilder<int>>::value &&          \
                    Has_##Id<async::AsyncValueTaskMethodBuilder<int>>::value,   \
                "builders of a result have " #Name);
#define ASYNCC_ITERATOR_BUILDER_MEMBER(Id, Name)                                 \
  ASYNCC_MEMBER_DETECTOR(Id, Name)                                              \
  static_assert(Has_##Id<async::AsyncIteratorMethodBuilder<int>>::value,        \
                "the iterator builder has " #Name);
#include "../../tool/lib/RuntimeContract.def"

// A machine written with the generated names of the contract, as the tool
// writes one in a template (no destructor, sm_destroy): the runtime must find
// its state, its await-site table and its teardown.
#define ASYNCC_GENERATED_MEMBER(Id, Name) constexpr const char Generated_##Id[] = #Name;
#include "../../tool/lib/RuntimeContract.def"

#define STATE sm_state
#define AWAIT_SITES sm_await_sites
#define DESTROY_ITSELF sm_destroy
#define MOVE_NEXT MoveNext
#define SPELLED(x) SPELLED_(x)
#define SPELLED_(x) #x

struct Machine {
  async::AsyncTaskMethodBuilder<int> sm_builder;
  int STATE = 1;
  static const async::AwaitSite* AWAIT_SITES() noexcept {
    static constexpr async::AwaitSite sites[] = {{"F", "f.cpp", 10}, {"F", "f.cpp", 20}};
    return sites;
  }
  bool* destroyed;
  void DESTROY_ITSELF() noexcept { *destroyed = true; }
  void MOVE_NEXT() {}
};

}  // namespace contract

TEST(RuntimeContract, GeneratedNamesAreTheOnesTheToolWrites) {
  using namespace contract;
  EXPECT_STREQ(Generated_State, SPELLED(STATE));
  EXPECT_STREQ(Generated_AwaitSites, SPELLED(AWAIT_SITES));
  EXPECT_STREQ(Generated_DestroyItself, SPELLED(DESTROY_ITSELF));
  EXPECT_STREQ(Generated_MoveNext, SPELLED(MOVE_NEXT));
}

TEST(RuntimeContract, TheRuntimeReadsAMachineByThoseNames) {
  bool destroyed = false;
  contract::Machine m{async::AsyncTaskMethodBuilder<int>(nullptr), 1, &destroyed};
  // The await-site table, indexed by the state.
  const async::AwaitSite* site = async::detail::AwaitSiteOf(m);
  ASSERT_NE(site, nullptr);
  EXPECT_EQ(site->line, 20);
  // The teardown of a machine without a destructor.
  static_assert(async::detail::DestroysItself<contract::Machine>::value);
  async::detail::DestroyGeneratedMachine(m);
  EXPECT_TRUE(destroyed);
}
