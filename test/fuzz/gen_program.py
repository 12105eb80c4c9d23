#!/usr/bin/env python3
"""gen_program.py SEED: print one random, valid C++ program for asyncc.

The program uses only what asyncc lowers today (docs/lowering.md, section 17
lists what it does not): ASYNC free functions and member functions (in and
out of class, const, static) returning async::Task<int> or async::Task<>,
parameters by value and by const&, nested blocks, if/else, while, do-while,
for (loop variable across awaits), range-for over a std::vector (await in
the body only), switch with fall-through, break / continue / goto / co_return
out of scopes, try/catch with awaits in the try block only, throw and
`throw;` in handlers, RAII locals (`Log l7("l7");`) that print their
construction and destruction, reference locals, temporaries bound to const&
parameters of ASYNC callees, and awaits only in the statement forms
`co_await e;`, `T x = co_await e;`, `x = co_await e;`, `x += co_await e;`,
`co_return co_await e;` (plus `co_return e;`).

Awaited expressions: calls of generated ASYNC functions, async::FromResult
(completes synchronously), async::Yield (suspends), Leaf (an ASYNC helper
that yields), ViaTcs (a task a TaskCompletionSource completes after a Yield,
with a value or an exception), and stored tasks awaited later (lvalue and
xvalue awaits).

Every program prints a deterministic trace and terminates: the call graph is
acyclic (a function calls only functions after it), every loop has a
constant bound, and a global fuel counter makes every call past the first
FUEL ones return at once.  Integer arithmetic cannot overflow (values are
combined with Mix(), which works on unsigned and reduces modulo a prime).
Argument lists never hold two expressions that print, so argument evaluation
order (unspecified in C++) cannot show in the trace; printing objects are
never passed by value (their parameter objects die at an
implementation-defined time, docs/lowering.md section 16).

The same seed always gives the same program (random.Random(seed); no other
source of randomness).
"""

import random
import sys

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


class Var:
    def __init__(self, name, kind, assignable=False):
        self.name = name
        self.kind = kind  # int, str, log, vec, acc
        self.assignable = assignable


class Param:
    def __init__(self, name, kind):
        self.name = name
        # int, cint_ref, str, cstr_ref, log_ref, vec_ref
        self.kind = kind

    def decl(self):
        return {
            "int": "int %s",
            "cint_ref": "const int& %s",
            "str": "std::string %s",
            "cstr_ref": "const std::string& %s",
            "log_ref": "const Log& %s",
            "vec_ref": "const std::vector<int>& %s",
        }[self.kind] % self.name

    def by_value(self):
        return self.kind in ("int", "str")


class Func:
    def __init__(self, index, name, kind, ret, params, inline):
        self.index = index
        self.name = name      # F3, M4, S5
        self.kind = kind      # free, member, const_member, static_member
        self.ret = ret        # int, void
        self.params = params
        self.inline = inline  # member defined in the class body

    def ret_type(self):
        return "async::Task<int>" if self.ret == "int" else "async::Task<>"

    def sig(self, qualified):
        name = ("Acc::" + self.name) if (qualified and self.kind != "free") else self.name
        s = "%s %s(%s)" % (self.ret_type(), name, ", ".join(p.decl() for p in self.params))
        if self.kind == "const_member":
            s += " const"
        return s


class Gen:
    def __init__(self, seed, avoid=()):
        self.seed = seed
        self.avoid = set(avoid)
        self.awaits = 0  # await statements generated so far
        self.in_operand = False  # generating the operand of a co_await
        self.r = random.Random(seed)
        self.counter = 0

    def uid(self):
        self.counter += 1
        return self.counter

    def chance(self, p):
        return self.r.random() < p

    # --- the program -------------------------------------------------------

    def program(self):
        r = self.r
        n_free = r.randint(3, 6)
        has_acc = self.chance(0.7)
        n_members = r.randint(1, 3) if has_acc else 0
        kinds = ["free"] * (n_free - 1) + \
            [r.choice(["member", "member", "const_member", "static_member"])
             for _ in range(n_members)]
        r.shuffle(kinds)
        kinds = ["free"] + kinds  # index 0: the entry, a free function without parameters
        self.funcs = []
        for i, kind in enumerate(kinds):
            ret = "int" if (i == 0 or self.chance(0.7)) else "void"
            if i == 0 and self.chance(0.2):
                ret = "void"
            prefix = {"free": "F", "member": "M", "const_member": "C",
                      "static_member": "S"}[kind]
            params = [] if i == 0 else self.make_params()
            self.funcs.append(Func(i, "%s%d" % (prefix, i), kind, ret, params,
                                   kind != "free" and self.chance(0.4)))
        self.has_acc = has_acc

        out = ["// Generated by test/fuzz/gen_program.py, seed %d." % self.seed,
               "// Do not edit: regenerate with `gen_program.py %d`." % self.seed, ""]
        out.append(PRELUDE % {"fuel": FUEL})
        # Forward declarations of the free functions (callers come first).
        out.append("// Forward declarations (each function calls only functions after it).")
        for f in self.funcs:
            if f.kind == "free":
                out.append(("ASYNC " if self.chance(0.3) else "") + f.sig(False) + ";")
        out.append("")
        bodies = {}
        for f in self.funcs:
            bodies[f.name] = self.function_body(f)
        if has_acc:
            out.append("// Holds a total and logs its lifetime through its Log member.")
            out.append("class Acc {")
            out.append(" public:")
            out.append("  Acc(const char* name, int base) : tag_(name), total_(base) {}")
            out.append("  int Total() const { return total_; }")
            for f in self.funcs:
                if f.kind == "free":
                    continue
                static = "static " if f.kind == "static_member" else ""
                if f.inline:
                    out.append("  ASYNC %s%s {" % (static, f.sig(False)))
                    out += ["  " + l for l in bodies[f.name]]
                    out.append("  }")
                else:
                    out.append("  %s%s;" % (static, f.sig(False)))
            out.append("")
            out.append(" private:")
            out.append("  Log tag_;")
            out.append("  int total_;")
            out.append("};")
            out.append("")
        for f in self.funcs:
            if f.kind != "free" and f.inline:
                continue
            out.append("ASYNC %s {" % f.sig(True))
            out += bodies[f.name]
            out.append("}")
            out.append("")
        entry = self.funcs[0]
        out.append("int main() {")
        out.append("  try {")
        if entry.ret == "int":
            out.append("    int r = async::AsyncContext::Run([] { return %s(); });" % entry.name)
            out.append('    std::printf("result %d\\n", r);')
        else:
            out.append("    async::AsyncContext::Run([] { return %s(); });" % entry.name)
            out.append('    std::printf("result void\\n");')
        out.append("  } catch (const std::exception& e) {")
        out.append('    std::printf("main caught %s\\n", e.what());')
        out.append("  }")
        out.append('  std::printf("fuel %d\\n", g_fuel);')
        out.append("  return 0;")
        out.append("}")
        return "\n".join(out) + "\n"

    def make_params(self):
        params = []
        kinds = []
        for _ in range(self.r.randint(0, 3)):
            k = self.r.choice(["int", "int", "int", "cint_ref", "str", "cstr_ref",
                               "log_ref", "vec_ref"])
            if k == "log_ref" and "log_ref" in kinds:
                k = "int"  # at most one printing argument per call
            kinds.append(k)
        for i, k in enumerate(kinds):
            params.append(Param("p%d" % i, k))
        return params

    # --- function bodies -----------------------------------------------------

    def function_body(self, f):
        self.f = f
        self.scopes = [[]]
        self.breakable = []     # 'loop' / 'switch', innermost last
        self.labels = []        # [name, used] of labels after enclosing statements
        self.in_handler = 0
        self.depth = 0
        self.loop_depth = 0
        self.budget = self.r.randint(12, 30)
        for p in f.params:
            kind = {"int": "int", "cint_ref": "int", "str": "str", "cstr_ref": "str",
                    "log_ref": "log", "vec_ref": "vec"}[p.kind]
            self.scopes[0].append(Var(p.name, kind, p.by_value()))
        if f.kind in ("member", "const_member"):
            self.scopes[0].append(Var("total_", "int", f.kind == "member"))
        lines = []
        fmt, args = self.describe_params(f.params)
        lines.append('  std::printf("%s enter%s\\n"%s);' % (f.name, fmt, args))
        ret0 = "co_return;" if f.ret == "void" else "co_return %d;" % self.r.randint(0, 50)
        lines.append("  if (OutOfFuel()) %s" % ret0)
        body = []
        if self.has_acc and f.kind == "free" and self.chance(0.5):
            # Members need an object to run on.
            body += self.s_acc_local()
        body += self.stmt_list(self.r.randint(3, 7))
        lines += ["  " + l for l in body]
        # Make sure it is a coroutine that awaits at least once.
        lines.append("  co_await async::Yield();")
        fmt, args = self.describe_params(f.params)
        lines.append('  std::printf("%s exit%s\\n"%s);' % (f.name, fmt, args))
        if f.ret == "int":
            lines.append("  co_return %s;" % self.mix_expr())
        return lines

    def describe_params(self, params):
        fmt, args = "", ""
        for p in params:
            if p.kind in ("int", "cint_ref"):
                fmt += " %s=%%d" % p.name
                args += ", %s" % p.name
            elif p.kind in ("str", "cstr_ref"):
                fmt += " %s=%%s" % p.name
                args += ", %s.c_str()" % p.name
            elif p.kind == "log_ref":
                fmt += " %s=%%s" % p.name
                args += ", %s.n" % p.name
            else:
                fmt += " %s=%%d" % p.name
                args += ", Sum(%s)" % p.name
        return fmt, args

    # --- scopes and expressions --------------------------------------------

    def vars(self, kind, assignable=False):
        out = []
        for s in self.scopes:
            for v in s:
                if v.kind == kind and (v.assignable or not assignable):
                    out.append(v)
        return out

    def declare(self, name, kind, assignable):
        self.scopes[-1].append(Var(name, kind, assignable))

    def atom(self):
        ints = self.vars("int")
        no_member = self.in_operand and "member-operand" in self.avoid
        if no_member:
            ints = [v for v in ints if v.name != "total_"] or [Var("g_fuel", "int")]
        c = self.r.random()
        if ints and c < 0.6:
            return self.r.choice(ints).name
        if c < 0.7:
            strs = self.vars("str")
            if strs:
                return "static_cast<int>(%s.size())" % self.r.choice(strs).name
        if c < 0.75:
            vecs = self.vars("vec")
            if vecs:
                return "Sum(%s)" % self.r.choice(vecs).name
        if c < 0.8 and self.has_acc and self.f.kind in ("member", "const_member"):
            return "g_fuel" if no_member else "Total()"
        return str(self.r.randint(0, 20))

    def mix_expr(self):
        return "Mix(%s, %s)" % (self.atom(), self.atom())

    def int_expr(self):
        """A pure int expression whose value grows at most linearly."""
        c = self.r.random()
        if c < 0.35:
            return self.mix_expr()
        if c < 0.55:
            return "%s + %d" % (self.atom(), self.r.randint(1, 9))
        if c < 0.65:
            return "%s - %d" % (self.atom(), self.r.randint(1, 9))
        if c < 0.8:
            return self.atom()
        return str(self.r.randint(0, 30))

    def cond(self):
        c = self.r.random()
        # g_fuel changes with every call: it varies the paths taken.
        a = "g_fuel" if self.chance(0.3) else self.atom()
        if a.isdigit():
            a = "g_fuel"
        if c < 0.5:
            return "%s %% %d == %d" % (a, self.r.randint(2, 4), self.r.randint(0, 1))
        if c < 0.8:
            return "%s > %d" % (a, self.r.randint(0, 600))
        b = self.atom()
        if b == a:
            b = "g_fuel" if a != "g_fuel" else str(self.r.randint(0, 600))
        return "%s != %s" % (a, b)

    def str_expr(self):
        c = self.r.random()
        strs = self.vars("str")
        if strs and c < 0.4:
            return self.r.choice(strs).name
        if c < 0.7:
            return "std::to_string(%s)" % self.int_expr()
        return 'std::string("k%d")' % self.uid()

    # --- statements ----------------------------------------------------------

    def stmt_list(self, n):
        """Statements of one block (the caller pushes/pops the scope)."""
        lines = []
        for _ in range(n):
            if self.budget <= 0:
                break
            self.budget -= 1
            lines += self.stmt()
        return lines

    def block(self, n, header=None, pre=None, post=None):
        """`{ ... }` with its own scope; header is the text before `{`."""
        self.scopes.append([])
        self.depth += 1
        inner = list(pre or [])
        awaits = self.awaits
        inner += self.stmt_list(n)
        inner += list(post or [])
        if "blockend" in self.avoid and self.awaits != awaits:
            # Every local of the block lives across this await, so none is a
            # plain local declared after the block's last await.
            inner.append("co_await async::Yield();  // --avoid blockend")
        self.depth -= 1
        self.scopes.pop()
        head = (header + " {") if header else "{"
        return [head] + ["  " + l for l in inner] + ["}"]

    def can_await(self):
        return self.in_handler == 0

    def stmt(self):
        r = self.r
        choices = [
            (8, self.s_decl_int), (5, self.s_assign), (5, self.s_print),
            (4, self.s_log), (2, self.s_log_ref_temp), (2, self.s_ref_local),
            (2, self.s_string), (2, self.s_vector),
            (5, self.s_jump),
        ]
        if self.can_await():
            choices += [(16, self.s_await)]
            if self.has_acc:
                choices.append((2, self.s_acc_local))
            choices.append((2, self.s_stored_task))
        if self.depth < 4:
            choices += [(5, self.s_if), (3, self.s_block), (3, self.s_switch)]
            if self.loop_depth < 2:
                choices += [(3, self.s_for), (2, self.s_while), (2, self.s_do),
                            (2, self.s_range_for)]
            if self.can_await():
                choices.append((4, self.s_try))
        total = sum(w for w, _ in choices)
        x = r.random() * total
        for w, fn in choices:
            x -= w
            if x < 0:
                return fn()
        return choices[-1][1]()

    def with_label(self, make):
        """Generates a compound statement; a goto inside it may target a label
        right after it (so the jump skips no declaration)."""
        if not self.chance(0.35):
            return make()
        label = ["L%d" % self.uid(), False]
        self.labels.append(label)
        lines = make()
        self.labels.pop()
        if label[1]:
            lines.append("%s:;" % label[0])
        return lines

    def s_decl_int(self):
        name = "v%d" % self.uid()
        const = self.chance(0.15)
        line = "%sint %s = %s;" % ("const " if const else "", name, self.int_expr())
        self.declare(name, "int", not const)
        return [line, 'std::printf("%s=%%d\\n", %s);' % (name, name)]

    def s_assign(self):
        targets = self.vars("int", assignable=True)
        if not targets:
            return self.s_decl_int()
        t = self.r.choice(targets).name
        if self.chance(0.5):
            # x += <var> could double x on every iteration: add bounded values only.
            rhs = self.r.choice([self.mix_expr(), str(self.r.randint(1, 9))])
            return ["%s += %s;" % (t, rhs)]
        rhs = self.int_expr()
        if rhs == t:
            rhs += " + 1"
        return ["%s = %s;" % (t, rhs)]

    def s_print(self):
        fmt, args = "", ""
        pool = self.vars("int") + self.vars("str") + self.vars("log") + self.vars("vec")
        for v in self.r.sample(pool, min(len(pool), self.r.randint(1, 3))):
            if v.kind == "int":
                fmt += " %s=%%d" % v.name
                args += ", %s" % v.name
            elif v.kind == "str":
                fmt += " %s=%%s" % v.name
                args += ", %s.c_str()" % v.name
            elif v.kind == "log":
                fmt += " %s=%%s" % v.name
                args += ", %s.n" % v.name
            elif v.kind == "vec":
                fmt += " %s=%%d" % v.name
                args += ", Sum(%s)" % v.name
        return ['std::printf("p%d%s\\n"%s);' % (self.uid(), fmt, args)]

    def s_log(self):
        name = "l%d" % self.uid()
        self.declare(name, "log", False)
        return ['Log %s("%s");' % (name, name)]

    def s_log_ref_temp(self):
        # A reference local that extends the lifetime of a temporary.
        name = "lr%d" % self.uid()
        self.declare(name, "log", False)
        return ['const Log& %s = Log("%s");' % (name, name)]

    def s_ref_local(self):
        ints = self.vars("int", assignable=True)
        logs = self.vars("log")
        if ints and (not logs or self.chance(0.7)):
            target = self.r.choice(ints).name
            name = "r%d" % self.uid()
            self.declare(name, "int", True)
            return ["int& %s = %s;" % (name, target),
                    "%s += %d;" % (name, self.r.randint(1, 5)),
                    'std::printf("%s=%%d %s=%%d\\n", %s, %s);' % (name, target, name, target)]
        if logs:
            target = self.r.choice(logs).name
            name = "lref%d" % self.uid()
            self.declare(name, "log", False)
            return ["const Log& %s = %s;" % (name, target),
                    'std::printf("%s=%%s\\n", %s.n);' % (name, name)]
        return self.s_log()

    def s_string(self):
        strs = self.vars("str", assignable=True)
        if strs and self.chance(0.5):
            s = self.r.choice(strs).name
            return ["%s += %s;" % (s, self.str_expr())]
        name = "s%d" % self.uid()
        init = self.r.choice(['"%s"' % name, self.str_expr()])
        self.declare(name, "str", True)
        return ["std::string %s = %s;" % (name, init),
                'std::printf("%s=%%s\\n", %s.c_str());' % (name, name)]

    def s_vector(self):
        name = "vec%d" % self.uid()
        if self.chance(0.5):
            init = "MakeVec(%s)" % self.int_expr()
        else:
            init = "{%s}" % ", ".join(str(self.r.randint(0, 40))
                                      for _ in range(self.r.randint(0, 4)))
        self.declare(name, "vec", False)
        return ["std::vector<int> %s%s;" % (name, (" = " + init) if init.startswith("M") else init),
                'std::printf("%s=%%d\\n", Sum(%s));' % (name, name)]

    def s_acc_local(self):
        name = "acc%d" % self.uid()
        self.declare(name, "acc", False)
        return ['Acc %s("%s", %s);' % (name, name, self.int_expr()),
                'std::printf("%s total=%%d\\n", %s.Total());' % (name, name)]

    def s_jump(self):
        """A conditional break / continue / goto / co_return / throw."""
        options = ["return", "throw"] if self.chance(0.5) else []
        if self.breakable:
            options.append("break")
        if "loop" in self.breakable:
            options.append("continue")
        if self.labels:
            options += ["goto", "goto"]
        if self.in_handler:
            options += ["rethrow", "rethrow"]
        if not options:
            options = ["return", "throw"]
        kind = self.r.choice(options)
        c = self.cond()
        if kind == "return":
            if self.f.ret == "void":
                stmt = "co_return;"
            else:
                stmt = "co_return %s;" % self.int_expr()
        elif kind == "throw":
            exc = self.r.choice(["std::runtime_error", "std::runtime_error", "std::logic_error"])
            stmt = 'throw %s("x%d");' % (exc, self.uid())
        elif kind == "break":
            stmt = "break;"
        elif kind == "continue":
            stmt = "continue;"
        elif kind == "goto":
            label = self.r.choice(self.labels)
            label[1] = True
            stmt = "goto %s;" % label[0]
        else:
            stmt = "throw;"
        return ["if (%s) %s" % (c, stmt)] if self.chance(0.5) else \
            ["if (%s) {" % c, '  std::printf("j%d\\n");' % self.uid(), "  " + stmt, "}"]

    # --- awaits ------------------------------------------------------------

    def callees(self, want_int=None, by_value_only=False):
        out = []
        f = self.f
        for g in self.funcs[f.index + 1:]:
            if want_int is not None and (g.ret == "int") != want_int:
                continue
            if by_value_only and not all(p.by_value() for p in g.params):
                continue
            if g.kind == "free" or g.kind == "static_member":
                out.append(g)
            else:
                on_this = f.kind == "member" or (f.kind == "const_member" and
                                                  g.kind == "const_member")
                if on_this or self.vars("acc"):
                    out.append(g)
        return out

    def call_expr(self, g, allow_temp=True):
        args = []
        saved, self.in_operand = self.in_operand, True
        for p in g.params:
            args.append(self.arg_for(p, allow_temp))
        self.in_operand = saved
        call = "%s(%s)" % (g.name, ", ".join(args))
        if g.kind == "static_member":
            if self.f.kind == "free" or self.chance(0.5):
                return "Acc::" + call
            return call
        if g.kind in ("member", "const_member"):
            on_this = self.f.kind == "member" or (self.f.kind == "const_member" and
                                                   g.kind == "const_member")
            accs = self.vars("acc")
            if accs and (not on_this or self.chance(0.5)):
                return "%s.%s" % (self.r.choice(accs).name, call)
            return ("this->" + call) if self.chance(0.3) else call
        return call

    def arg_for(self, p, allow_temp):
        r = self.r
        if p.kind == "int":
            return self.int_expr()
        if p.kind == "cint_ref":
            ints = self.vars("int")
            if ints and r.random() < 0.5:
                return r.choice(ints).name
            return self.int_expr() if allow_temp else "0"
        if p.kind == "str":
            return self.str_expr()
        if p.kind == "cstr_ref":
            strs = self.vars("str")
            if strs and (r.random() < 0.5 or not allow_temp):
                return r.choice(strs).name
            return self.str_expr() if allow_temp else 'std::string("k")'
        if p.kind == "log_ref":
            logs = self.vars("log")
            if logs and (r.random() < 0.4 or not allow_temp):
                return r.choice(logs).name
            return 'Log("t%d")' % self.uid()
        if p.kind == "vec_ref":
            vecs = self.vars("vec")
            if vecs and r.random() < 0.5:
                return r.choice(vecs).name
            return "MakeVec(%s)" % self.int_expr()
        raise AssertionError(p.kind)

    def int_awaitable(self):
        saved, self.in_operand = self.in_operand, True
        try:
            c = self.r.random()
            calls = self.callees(want_int=True)
            if calls and c < 0.55:
                return self.call_expr(self.r.choice(calls))
            if c < 0.7:
                return "async::FromResult(%s)" % self.int_expr()
            if c < 0.85:
                return "Leaf(%s)" % self.int_expr()
            return "ViaTcs(%s, %s)" % (self.int_expr(), self.cond())
        finally:
            self.in_operand = saved

    def void_awaitable(self):
        calls = self.callees(want_int=False)
        if calls and self.chance(0.6):
            return self.call_expr(self.r.choice(calls))
        return "async::Yield()"

    def s_await(self):
        self.awaits += 1
        forms = ["stmt", "stmt_int", "decl", "decl", "assign", "plus", "plus"]
        if self.f.ret == "int":
            forms.append("return")
        form = self.r.choice(forms)
        if form == "stmt":
            return ["co_await %s;" % self.void_awaitable()]
        e = self.int_awaitable()
        if form == "stmt_int":
            return ["co_await %s;" % e]
        if form == "return":
            return ["if (%s) co_return co_await %s;" % (self.cond(), e)] if self.chance(0.3) \
                else self.guarded(["co_return co_await %s;" % e])
        targets = self.vars("int", assignable=True)
        if "member-lhs" in self.avoid:
            targets = [v for v in targets if v.name != "total_"]
        if form == "decl" or not targets:
            name = "a%d" % self.uid()
            t = self.r.choice(["int", "int", "int", "const int", "auto"])
            self.declare(name, "int", t != "const int")
            return ["%s %s = co_await %s;" % (t, name, e),
                    'std::printf("%s=%%d\\n", %s);' % (name, name)]
        t = self.r.choice(targets).name
        op = "=" if form == "assign" else "+="
        return ["%s %s co_await %s;" % (t, op, e),
                'std::printf("p%d %s=%%d\\n", %s);' % (self.uid(), t, t)]

    def guarded(self, lines):
        """Wraps an unconditional jump in `if (cond) { ... }` so that the code
        after it stays reachable."""
        return ["if (%s) {" % self.cond()] + ["  " + l for l in lines] + ["}"]

    def s_stored_task(self):
        """A task started now and awaited later (as an lvalue, twice, or as an
        xvalue).  Its callee takes only by-value parameters (a reference could
        dangle while the caller runs on), and nothing between the call and the
        await can leave the block."""
        self.awaits += 1
        calls = self.callees(by_value_only=True)
        calls = [g for g in calls if g.kind in ("free", "static_member")]
        name = "t%d" % self.uid()
        if calls and self.chance(0.7):
            g = self.r.choice(calls)
            call = self.call_expr(g, allow_temp=True)
            is_int = g.ret == "int"
        else:
            is_int = True
            call = self.r.choice(["Leaf(%s)" % self.int_expr(),
                                  "ViaTcs(%s, %s)" % (self.int_expr(), self.cond())])
        lines = []
        self.scopes.append([])
        lines.append("%s %s = %s;" % ("async::Task<int>" if is_int else "async::Task<>",
                                      name, call))
        lines.append('std::printf("%s started\\n");' % name)
        if self.chance(0.5):
            lines.append("co_await async::Yield();")
        if is_int:
            res = "a%d" % self.uid()
            if self.chance(0.3):
                lines.append("int %s = co_await std::move(%s);" % (res, name))
            else:
                lines.append("int %s = co_await %s;" % (res, name))
                if self.chance(0.4):
                    lines.append("%s += co_await %s;" % (res, name))
            lines.append('std::printf("%s=%%d\\n", %s);' % (res, res))
            self.declare(res, "int", True)
        else:
            lines.append("co_await %s;" % name)
            if self.chance(0.3):
                lines.append("co_await std::move(%s);" % name)
        lines += self.stmt_list(self.r.randint(0, 2))
        if "blockend" in self.avoid:
            lines.append("co_await async::Yield();  // --avoid blockend")
        self.scopes.pop()
        return ["{"] + ["  " + l for l in lines] + ["}"]

    # --- compound statements ---------------------------------------------------

    def s_block(self):
        return self.with_label(lambda: self.block(self.r.randint(1, 4)))

    def s_if(self):
        def make():
            c = self.cond()
            lines = self.block(self.r.randint(1, 4), "if (%s)" % c)
            if self.chance(0.5):
                els = self.block(self.r.randint(1, 3), "else")
                lines[-1] = "} " + els[0]
                lines += els[1:]
            return lines
        return self.with_label(make)

    def loop(self, kind, make):
        self.breakable.append(kind)
        if kind == "loop":
            self.loop_depth += 1
        try:
            return make()
        finally:
            self.breakable.pop()
            if kind == "loop":
                self.loop_depth -= 1

    def s_for(self):
        i = "i%d" % self.uid()
        bound = self.r.randint(1, 3)

        def make():
            def body():
                self.scopes.append([Var(i, "int", False)])
                try:
                    return self.block(self.r.randint(1, 4),
                                      "for (int %s = 0; %s < %d; ++%s)" % (i, i, bound, i))
                finally:
                    self.scopes.pop()
            return self.loop("loop", body)
        return self.with_label(make)

    def s_while(self):
        w = "w%d" % self.uid()
        bound = self.r.randint(1, 3)

        def make():
            lines = ["int %s = 0;" % w]
            self.declare(w, "int", False)
            lines += self.loop("loop", lambda: self.block(
                self.r.randint(1, 4), "while (%s < %d)" % (w, bound), pre=["++%s;" % w]))
            return lines
        lines = self.with_label(make)
        return lines

    def s_do(self):
        d = "d%d" % self.uid()
        bound = self.r.randint(1, 3)

        def make():
            lines = ["int %s = 0;" % d]
            self.declare(d, "int", False)
            body = self.loop("loop", lambda: self.block(
                self.r.randint(1, 4), "do", pre=["++%s;" % d]))
            body[-1] = "} while (%s < %d);" % (d, bound)
            return lines + body
        return self.with_label(make)

    def s_range_for(self):
        vecs = self.vars("vec")
        e = "e%d" % self.uid()
        if vecs and self.chance(0.7):
            rng = self.r.choice(vecs).name
        else:
            rng = "MakeVec(%s)" % self.int_expr()
        decl = self.r.choice(["int", "const int&", "auto", "const auto&"])

        def make():
            def body():
                self.scopes.append([Var(e, "int", decl in ("int", "auto"))])
                try:
                    return self.block(self.r.randint(1, 4),
                                      "for (%s %s : %s)" % (decl, e, rng),
                                      pre=['std::printf("%s=%%d\\n", %s);' % (e, e)])
                finally:
                    self.scopes.pop()
            return self.loop("loop", body)
        return self.with_label(make)

    def s_switch(self):
        def make():
            a = self.atom()
            lines = ["switch (%s %% 4) {" % ("g_fuel" if a.isdigit() else a)]

            def body():
                out = []
                labels = self.r.sample(["case 0:", "case 1:", "case 2:", "case 3:"],
                                       self.r.randint(1, 3))
                labels.sort()
                if self.chance(0.7):
                    labels.append("default:")
                for k, lab in enumerate(labels):
                    last = k == len(labels) - 1
                    out.append(lab)
                    if self.chance(0.6):
                        # A braced case body may declare locals.
                        out += ["  " + l for l in self.block(self.r.randint(1, 3))]
                    else:
                        # An unbraced one must not: the next case label would
                        # jump over the declaration.
                        saved = self.scopes
                        self.scopes = saved + [[]]
                        stmts = []
                        for _ in range(self.r.randint(1, 2)):
                            if self.budget <= 0:
                                break
                            self.budget -= 1
                            s = self.stmt()
                            if self.scopes[-1]:
                                # It declared something: wrap it in a block.
                                s = ["{"] + ["  " + l for l in s] + ["}"]
                                self.scopes[-1] = []
                            stmts += s
                        self.scopes = saved
                        out += ["  " + l for l in stmts]
                    end = self.r.random()
                    if last or end < 0.5:
                        out.append("  break;")
                    elif end < 0.6 and self.f.ret == "void":
                        out.append("  co_return;")
                    else:
                        out.append("  [[fallthrough]];")
                return out
            lines += self.loop("switch", body)
            lines.append("}")
            return lines
        return self.with_label(make)

    def s_try(self):
        def make():
            lines = self.block(self.r.randint(1, 5), "try")
            handlers = []
            kinds = self.r.sample(["std::runtime_error", "std::logic_error"],
                                  self.r.randint(0, 2))
            if self.chance(0.5):
                kinds.append("std::exception")
            if self.chance(0.5) or not kinds:
                kinds.append("...")
            for k in kinds:
                hid = self.uid()
                self.in_handler += 1
                if k == "...":
                    head = "catch (...)"
                    first = ['std::printf("h%d caught ...\\n");' % hid]
                else:
                    head = "catch (const %s& ex%d)" % (k, hid)
                    first = ['std::printf("h%d caught %%s\\n", ex%d.what());' % (hid, hid)]
                saved_budget = self.budget
                self.budget = min(self.budget, 3)
                h = self.block(self.r.randint(0, 2), head, pre=first)
                self.budget = saved_budget
                self.in_handler -= 1
                handlers.append(h)
            for h in handlers:
                lines[-1] = "} " + h[0]
                lines += h[1:]
            return lines
        return self.with_label(make)


AVOIDABLE = {
    "member-lhs": "never assign the result of an await to a data member "
                  "(`total_ = co_await e;`, `total_ += co_await e;`) (works around a tool bug: "
                  "the member was not rewritten to go through sm_this)",
    "member-operand": "never name a data member or call a member function in the operand "
                      "of an await (works around a tool bug: `co_await "
                      "async::FromResult(total_ - 3)` lowered to `sm_this->static_cast<int&&>(...)`)",
    "blockend": "end every block that awaits with `co_await async::Yield();`, so that no "
                "plain local is declared after the last await of a block that has hoisted "
                "locals (works around a tool bug: such a block unwound its hoisted locals "
                "before destroying the plain ones)",
}


def main():
    import argparse
    ap = argparse.ArgumentParser(description="Prints one random program for asyncc.")
    ap.add_argument("seed", type=int)
    ap.add_argument("--avoid", action="append", default=[], choices=sorted(AVOIDABLE),
                    help="leave out a pattern that hits a known bug: " +
                    "; ".join("%s: %s" % kv for kv in sorted(AVOIDABLE.items())))
    args = ap.parse_args()
    sys.stdout.write(Gen(args.seed, args.avoid).program())
    return 0


if __name__ == "__main__":
    sys.exit(main())
