// async/diagnostics.h: the async "stack dump" of pending async methods.
//
// Contract with the code generator: a generated state machine SM may have
// a table of await sites, indexed by await number. Generated machines are
// local classes of the kickoff function, which cannot have static data
// members, so the generator emits a static member function returning it:
//   static const async::AwaitSite* sm_await_sites() noexcept {
//     static constexpr async::AwaitSite sites[] = {
//         {"ns::FunctionName", "file.cpp", 12},  // await 0
//         {"ns::FunctionName", "file.cpp", 15},  // await 1
//     };
//     return sites;
//   }
// (A machine at namespace scope may instead have the data member
//   static constexpr async::AwaitSite sm_await_sites[] = {...};
// which is also bounds-checked.) The index is the await number: the number
// the machine stores into sm.sm_state right before sm_builder.AwaitUnsafeOnCompleted(awaiter, *this) (or
// AwaitOnCompleted). The builder detects the member (SFINAE) and records
// &sm_await_sites[sm.sm_state] on the box at every suspension. Function names
// should be the qualified name without return type or parameters (what the
// native build shows: source_location::function_name() trimmed).
// The native C++20 build records std::source_location of each co_await
// (await_transform's defaulted argument) instead.
#pragma once

#include <iosfwd>

namespace async {

struct AwaitSite {
  const char* function;
  const char* file;
  int line;
};

// Writes one block per root pending async-method task (one not awaited by
// another pending async method): a header line, then one line per suspended
// function, innermost first, following the chain from the root's awaited
// task to the method that awaits it:
//   async task 0x...:
//     at Inner (file.cpp:12)
//     at Middle (file.cpp:20)
//     at Outer (file.cpp:31)
// followed by an empty line. A method is pending from its first suspension
// until it finishes (or is destroyed); methods that complete synchronously
// are never listed (and cost nothing to track). Writes nothing when no
// async method is pending.
void DumpPendingTasks(std::ostream& out);

}  // namespace async
