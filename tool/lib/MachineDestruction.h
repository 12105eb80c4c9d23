// Whether a state machine has a destructor of its own.
//
// An ASYNC lambda's machine is a local class in the lambda's body. Clang 15
// to 19 leave the user-provided destructor of a local class undefined when
// the class sits in a generic lambda in a template (LLVM issues 59734 and
// 132208; test/fuzz/repro/clang19-local-class-in-generic-lambda.cpp): the
// lambda may be generic itself, sit in a generic lambda, or be made by a
// generic closure factory when it is kept across co_await (ClosureLocals.h).
// Clang does define implicit special members there. So, in a template, an
// ASYNC lambda's machine declares no destructor (its implicit one is
// deleted, as its frame slots are anonymous unions, and nothing calls it)
// and no virtual functions: `sm_destroy()` tears it down, and the runtime's
// box calls that instead of ~SM (async/detail/async_box.h,
// DestroyGeneratedMachine).
#pragma once

#include "AsyncFunctions.h"

namespace asyncc {

bool machineDestroysItself(const AsyncFunction &F);

} // namespace asyncc
