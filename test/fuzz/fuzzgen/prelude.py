"""The C++ text every generated program starts with."""

from .template_forms import tf_prelude

FUEL = 120

PRELUDE = r"""#include <async/async.h>

#include <cstdio>
#include <exception>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

int g_fuel = %(fuel)d;

// Every ASYNC function starts by burning one unit; past the budget it
// returns at once, which bounds the program's running time.
bool OutOfFuel() { return --g_fuel < 0; }

// Combines two values without overflow; the result is in [0, 1009).
int Mix(int a, int b) {
  return static_cast<int>((static_cast<unsigned>(a) * 31u + static_cast<unsigned>(b) * 7u + 11u) %% 1009u);
}

// An RAII object that prints its construction and destruction.
struct Log {
  const char* n;
  explicit Log(const char* name) : n(name) { std::printf("+%%s\n", n); }
  Log(const Log&) = delete;
  Log& operator=(const Log&) = delete;
  ~Log() { std::printf("-%%s\n", n); }
};

std::vector<int> MakeVec(int n) {
  std::vector<int> v;
  for (int i = 0; i < (n %% 4 + 4) %% 4 + 1; ++i) v.push_back(Mix(n, i));
  return v;
}

int Sum(const std::vector<int>& v) {
  int s = 0;
  for (int x : v) s = Mix(s, x);
  return s;
}

// Suspends once, then returns a value.
ASYNC async::Task<int> Leaf(int v) {
  co_await async::Yield();
  co_return Mix(v, 3);
}

// Completes a TaskCompletionSource after a Yield.
ASYNC async::Task<> CompleteLater(async::TaskCompletionSource<int> tcs, int v, bool fail) {
  co_await async::Yield();
  if (fail) {
    tcs.SetException(std::make_exception_ptr(std::runtime_error("tcs" + std::to_string(v))));
  } else {
    tcs.SetResult(v);
  }
}

// A task that a TaskCompletionSource completes later.
async::Task<int> ViaTcs(int v, bool fail) {
  async::TaskCompletionSource<int> tcs;
  async::Task<> driver = CompleteLater(tcs, v, fail);
  (void)driver;
  return tcs.Task();
}
"""



# Helpers for the optional features (docs/fuzzing.md), appended only when a
# feature is on, so that the default programs stay as they always were.
EXTRA_PRELUDE = r"""
#include <cstring>
#include <sstream>

// Prints when it runs (so the trace shows which operands were evaluated),
// suspends once, and returns its argument.
ASYNC async::Task<int> Echo(const char* tag, int v) {
  std::printf("%s ran %d\n", tag, v);
  co_await async::Yield();
  co_return v;
}

// Prints when it runs, suspends, and returns a bool.
ASYNC async::Task<bool> Test(const char* tag, int v) {
  std::printf("%s tested %d\n", tag, v);
  co_await async::Yield();
  co_return v % 3 != 0;
}

// Prints, suspends, returns nothing.
ASYNC async::Task<> Note(const char* tag, int v) {
  std::printf("%s noted %d\n", tag, v);
  co_await async::Yield();
}

// Suspends and returns a string (for member calls on an awaited result).
ASYNC async::Task<std::string> Str(int v) {
  co_await async::Yield();
  co_return "s" + std::to_string(v);
}

// Reads a Log before and after a suspension: a temporary that died too early
// shows in the trace or as a sanitizer report.
ASYNC async::Task<int> Hold(const Log& l, int v) {
  std::printf("hold %s %d\n", l.n, v);
  co_await async::Yield();
  std::printf("held %s\n", l.n);
  co_return Mix(v, static_cast<int>(std::strlen(l.n)));
}

// A value from a temporary Log.
int Val(const Log& l) { return static_cast<int>(std::strlen(l.n)); }
"""


# With --features templates.
TEMPLATE_PRELUDE = r"""
// A class type for template arguments: made from an int, explicitly an int.
struct Num {
  int v;
  Num(int x) : v(x) {}
  explicit operator int() const { return v; }
};

Num operator+(Num a, Num b) { return Num(Mix(a.v, b.v)); }

// Suspends once and returns its argument, of any type.
template <class T>
ASYNC async::Task<T> TEcho(T v) {
  co_await async::Yield();
  co_return v;
}
"""


# With --features closures.
CLOSURE_PRELUDE = r"""
// A Log that can be copied (--features closures): a lambda that captures it
// by copy holds a copy, and each copy prints its number.
struct CLog {
  const char* n;
  int copy;
  explicit CLog(const char* name) : n(name), copy(0) { std::printf("+%s\n", n); }
  CLog(const CLog& o) : n(o.n), copy(o.copy + 1) { std::printf("+%s copy %d\n", n, copy); }
  CLog& operator=(const CLog&) = delete;
  ~CLog() { std::printf("-%s copy %d\n", n, copy); }
};
"""

# With --features closures,templates: a dependent range.
CLOSURE_TEMPLATE_PRELUDE = r"""
// A std::vector<T> of 1-3 elements.
template <class T>
std::vector<T> TVec(int n) {
  std::vector<T> v;
  for (int i = 0; i < (n % 3 + 3) % 3 + 1; ++i) v.push_back(T(Mix(n, i)));
  return v;
}
"""


# With --features packs: variadic ASYNC callees.
PACK_PRELUDE = r"""
// Variadic ASYNC callees (--features packs): the pack is kept across the
// await; the results are folds, so the trace shows every element.
template <class... Ts>
ASYNC async::Task<int> PSum(Ts... xs) {
  std::printf("psum n=%d\n", static_cast<int>(sizeof...(xs)));
  co_await async::Yield();
  co_return (0 + ... + static_cast<int>(xs));
}

// Prints the elements in order (a comma fold is sequenced), awaits, reads
// them again through the references.
template <class... Ts>
ASYNC async::Task<int> PShow(const char* tag, const Ts&... xs) {
  int i = 0;
  (std::printf("%s [%d]=%d\n", tag, i++, static_cast<int>(xs)), ...);
  co_await async::Yield();
  co_return Mix(static_cast<int>(sizeof...(xs)), (1 + ... + static_cast<int>(xs)));
}

// Forwards its pack to PSum after an await.
template <class... Ts>
ASYNC async::Task<int> PFwd(Ts&&... xs) {
  co_await async::Yield();
  int s = co_await PSum(std::forward<Ts>(xs)...);
  co_return Mix(s, static_cast<int>(sizeof...(xs)));
}
"""


# With --features aggregates: a struct, a printing object for arrays, and
# ASYNC callees returning aggregates (aggregates.py).
AGGREGATE_PRELUDE = r"""
#include <tuple>

// A struct for structured bindings (--features aggregates).
struct Pt {
  int x;
  int y;
};

Pt MakePt(int v) { return Pt{v, Mix(v, 5)}; }

// An RAII object with a value, for arrays: its destruction shows the order
// and the value it ended with.
struct Cell {
  const char* n;
  int v;
  Cell(const char* name, int x) : n(name), v(x) { std::printf("+%s %d\n", n, v); }
  Cell(const Cell&) = delete;
  Cell& operator=(const Cell&) = delete;
  ~Cell() { std::printf("-%s %d\n", n, v); }
};

// Aggregates as results of an await.
ASYNC async::Task<std::pair<int, std::string>> PairOf(const char* tag, int v) {
  std::printf("%s pair %d\n", tag, v);
  co_await async::Yield();
  co_return std::pair<int, std::string>(v, "s" + std::to_string(v));
}

ASYNC async::Task<Pt> PtOf(const char* tag, int v) {
  std::printf("%s pt %d\n", tag, v);
  co_await async::Yield();
  co_return Pt{v, Mix(v, 1)};
}

// Ints only: a std::tuple with a std::string as an await's result hit a
// tool bug (test/run/variadic-class-template-types.cpp).
ASYNC async::Task<std::tuple<int, int, int>> TupOf(const char* tag, int v) {
  std::printf("%s tuple %d\n", tag, v);
  co_await async::Yield();
  co_return std::make_tuple(v, Mix(v, 2), Mix(v, 3));
}

// Arrays passed as pointers.
int SumArr(const int* p, int n) {
  int s = 0;
  for (int i = 0; i < n; ++i) s = Mix(s, p[i]);
  return s;
}

void BumpArr(int* p, int n, int k) {
  for (int i = 0; i < n; ++i) p[i] = Mix(p[i], k);
}

// Reads an array through a pointer before and after a suspension.
ASYNC async::Task<int> SumLater(const int* p, int n) {
  int a = SumArr(p, n);
  co_await async::Yield();
  co_return Mix(a, SumArr(p, n));
}
"""

# With --features aggregates,templates: operands of type T.
AGGREGATE_TEMPLATE_PRELUDE = r"""
// Prints and returns its argument: a loud operand of a dependent type.
template <class T>
T TLoud(const char* tag, T v) {
  std::printf("%s loud %d\n", tag, static_cast<int>(v));
  return v;
}

template <class T>
T TAdd(T a, T b) {
  return T(Mix(static_cast<int>(a), static_cast<int>(b)));
}
"""


# With --features binding-captures: aggregates of ints as await results
# (binding_captures.py); no std::string members (g++ 12 frees one it never
# allocated when a structured binding of a co_await result holds it).
BINDCAP_PRELUDE = r"""
#include <tuple>

// Aggregates for structured bindings captured by lambdas
// (--features binding-captures).
struct BcPt {
  int x;
  int y;
};

ASYNC async::Task<std::pair<int, int>> BcPair(const char* tag, int v) {
  std::printf("%s bcpair %d\n", tag, v);
  co_await async::Yield();
  co_return std::pair<int, int>(v, Mix(v, 4));
}

ASYNC async::Task<BcPt> BcPtOf(const char* tag, int v) {
  std::printf("%s bcpt %d\n", tag, v);
  co_await async::Yield();
  co_return BcPt{Mix(v, 6), v};
}
"""

# With --features binding-captures,templates: aggregates of T.
BINDCAP_TEMPLATE_PRELUDE = r"""
template <class T>
struct BcTPt {
  T x;
  int y;
};

template <class T>
ASYNC async::Task<std::pair<T, T>> BcTPair(const char* tag, T v) {
  std::printf("%s bctpair %d\n", tag, static_cast<int>(v));
  co_await async::Yield();
  co_return std::pair<T, T>(v, T(Mix(static_cast<int>(v), 8)));
}

template <class T>
ASYNC async::Task<BcTPt<T>> BcTPtOf(const char* tag, T v) {
  std::printf("%s bctpt %d\n", tag, static_cast<int>(v));
  co_await async::Yield();
  co_return BcTPt<T>{v, Mix(static_cast<int>(v), 9)};
}
"""


def prelude_text(features=()):
    text = PRELUDE % {"fuel": FUEL}
    if features:
        text += EXTRA_PRELUDE
    if "templates" in features:
        text += TEMPLATE_PRELUDE
    if "packs" in features:
        text += PACK_PRELUDE
    if "closures" in features:
        text += CLOSURE_PRELUDE
        if "templates" in features:
            text += CLOSURE_TEMPLATE_PRELUDE
    if "aggregates" in features:
        text += AGGREGATE_PRELUDE
        if "templates" in features:
            text += AGGREGATE_TEMPLATE_PRELUDE
    if "binding-captures" in features:
        text += BINDCAP_PRELUDE
        if "templates" in features:
            text += BINDCAP_TEMPLATE_PRELUDE
    text += tf_prelude(features)
    return text
