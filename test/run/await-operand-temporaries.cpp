// Temporaries in an await's operand live to the end of the full-expression,
// across the suspension: an ASYNC callee taking them by const& can read them
// after its own await (ASan would report a use after free otherwise), and
// they are destroyed, in reverse order, right after the await's result is
// taken.
// RUN: %run3 %s | %FileCheck %s

#include <async/async.h>

#include <cstdio>
#include <string>

struct Tag {
  explicit Tag(int v) : v(v) { std::printf("+tag%d\n", v); }
  ~Tag() { std::printf("-tag%d\n", v); }
  Tag(const Tag&) = delete;
  Tag& operator=(const Tag&) = delete;
  int v;
};

ASYNC async::Task<std::string> JoinAsync(const std::string& a, const Tag& t, const std::string& b) {
  co_await async::Yield();
  std::printf("join reads after await\n");
  co_return a + std::to_string(t.v) + b;
}

ASYNC async::Task<int> MainAsync() {
  std::string r = co_await JoinAsync(std::string(40, 'x').substr(0, 3), Tag(7), "-end-of-a-long-literal-string");
  std::printf("got %s\n", r.c_str());
  co_await JoinAsync("short", Tag(8), std::string("tail"));
  std::printf("done\n");
  co_return 0;
}

int main() { return async::AsyncContext::Run(MainAsync); }

// CHECK:      +tag7
// CHECK-NEXT: join reads after await
// CHECK-NEXT: -tag7
// CHECK-NEXT: got xxx7-end-of-a-long-literal-string
// CHECK-NEXT: +tag8
// CHECK-NEXT: join reads after await
// CHECK-NEXT: -tag8
// CHECK-NEXT: done
