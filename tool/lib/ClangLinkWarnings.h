// Warnings for lowered output that g++ builds and Clang 15 to 19 do not
// link: Clang leaves the user-provided special members of a local class
// undefined when the class sits in a generic lambda inside a template
// (LLVM issues 59734 and 132208; test/fuzz/repro/
// clang19-local-class-in-generic-lambda.cpp). An ASYNC lambda's state
// machine is such a class when the lambda, or a lambda around it, is
// generic in a template.
#pragma once

#include "AsyncFunctions.h"
#include "Diagnostics.h"

namespace asyncc {

// Warns at an ASYNC lambda whose state machine would be a local class in a
// generic lambda (the ASYNC lambda itself or one around it) in a template.
void warnIfMachineInGenericLambdaInTemplate(const AsyncFunction &F, Diagnostics &Diags);

} // namespace asyncc
