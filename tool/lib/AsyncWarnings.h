// The C# compiler's warnings for async methods, on an ASYNC body:
//   - a coroutine with no co_await runs synchronously (CS1998);
//   - a Task-returning call whose task is discarded is not awaited (CS4014);
//   - a blocking .Result() / .Wait() / .GetAwaiter().GetResult() on a task
//     can deadlock a single-threaded context.
#pragma once

#include "AsyncFunctions.h"
#include "Diagnostics.h"

namespace asyncc {

void warnAboutAsyncMisuse(const AsyncFunction &F, Diagnostics &Diags);

} // namespace asyncc
