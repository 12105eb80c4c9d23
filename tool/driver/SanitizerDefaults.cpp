// Built into the asyncc binary: LeakSanitizer's default suppressions, for a
// tool built with AddressSanitizer (ASYNCC_SANITIZE with ASYNCC_SANITIZE_TOOL).
//
// Clang 19's Sema leaks the notes of a failed template argument deduction
// (a PartialDiagnostic placed in the ASTContext's arena, whose destructors
// never run) while parsing some inputs; test/lsan.supp explains the frame
// matched. The suppression lives in the binary so that every way of running
// the tool (the build's lowering steps, lit, run3, a user's build) is covered
// without LSAN_OPTIONS in the environment.

#if defined(__SANITIZE_ADDRESS__)
#define ASYNCC_TOOL_HAS_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define ASYNCC_TOOL_HAS_ASAN 1
#endif
#endif

#ifdef ASYNCC_TOOL_HAS_ASAN
extern "C" const char *__lsan_default_suppressions() {
  return "leak:llvm::SmallVectorBase<unsigned int>::grow_pod\n";
}
#endif
