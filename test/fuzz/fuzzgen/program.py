"""Program assembly: the functions, the class Acc, main; packing several
programs into one translation unit."""

import random
import re

from .aggregates import AggregateMixin
from .awaits import AwaitMixin
from .binding_captures import BindingCaptureMixin
from .closures import ClosureMixin
from .compound import CompoundMixin
from .expr_awaits import GCC_SKIP, ExprAwaitMixin
from .exprs import ExprMixin
from .model import DEFAULT_FEATURES, Func, Param, Var, with_implied
from .prelude import FUEL, prelude_text
from .packs import PackMixin
from .stmts import StmtMixin
from .template_forms import TemplateFormMixin
from .templates import BOX_TEXT, TemplateMixin


class Gen(StmtMixin, CompoundMixin, AwaitMixin, ExprAwaitMixin, TemplateMixin, ClosureMixin,
          PackMixin, AggregateMixin, BindingCaptureMixin, TemplateFormMixin, ExprMixin):
    def __init__(self, seed, features=(), avoid=()):
        self.seed = seed
        self.features = frozenset(with_implied(features))
        self.avoid = set(avoid)
        self.awaits = 0  # await statements generated so far
        self.in_operand = False  # generating the operand of a co_await
        self.r = random.Random(seed)
        self.counter = 0
        self.no_await = 0  # inside an operand that must not await
        self.gcc_skip = False  # a co_await in a short-circuited operand (GCC_SKIP)

    def uid(self):
        self.counter += 1
        return self.counter

    def chance(self, p):
        return self.r.random() < p

    # --- the program -------------------------------------------------------

    def plan(self):
        """Chooses the functions: kinds, return types, parameters."""
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
            if i > 0 and kind == "free" and self.features:
                # Draws only with a feature on: default programs are unchanged.
                self.plan_extra(self.funcs[-1])
        self.has_acc = has_acc

    def unit(self):
        """The program's own declarations and functions (everything between
        the shared prelude and main), as lines."""
        out = []
        # Forward declarations of the free functions (callers come first).
        out.append("// Forward declarations (each function calls only functions after it).")
        for f in self.funcs:
            if f.kind == "free":
                tpl = (f.tmpl_head() + " ") if f.tmpl else ""
                out.append(tpl + ("ASYNC " if self.chance(0.3) else "") + f.sig(False) + ";")
        out.append("")
        bodies = {}
        for f in self.funcs:
            bodies[f.name] = self.function_body(f)
        boxed = [f for f in self.funcs if f.kind == "box"]
        if boxed:
            out += BOX_TEXT[0].splitlines()
            for f in boxed:
                out.append("  %s;" % f.sig(False))
            out += BOX_TEXT[1].splitlines()
        if self.has_acc:
            out.append("// Holds a total and logs its lifetime through its Log member.")
            out.append("class Acc {")
            out.append(" public:")
            out.append("  Acc(const char* name, int base) : tag_(name), total_(base) {}")
            out.append("  int Total() const { return total_; }")
            for f in self.funcs:
                if f.kind in ("free", "box", "lambda"):
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
        # Generic lambdas: before every body that calls them, after the
        # lambdas they call.
        for f in reversed(self.funcs):
            if f.kind != "lambda":
                continue
            decls = [p.decl(lam=True) for p in f.params]
            if f.pack:
                decls.append(f.pack_decl(lam=True))
            out.append("[[maybe_unused]] auto %s = [](%s) ASYNC -> %s {" % (
                f.name, ", ".join(decls), f.ret_type()))
            body = bodies[f.name]
            if "local-alias" in self.avoid:
                body = [re.sub(r"\bT\b", "decltype(pt)", l) for l in body]
            elif any(self.uses_t(l) for l in body):
                out.append("  using T = decltype(pt);")
            out += body
            out.append("};")
            out.append("")
        for f in self.funcs:
            if (f.kind != "free" and f.inline) or f.kind == "lambda":
                continue
            if f.tmpl:
                out.append(f.tmpl_head())
            out.append("ASYNC %s {" % f.sig(True))
            out += bodies[f.name]
            out.append("}")
            out.append("")
        return out

    def run_body(self, indent):
        """The statements that run the entry and print its result."""
        entry = self.funcs[0]
        out = ["try {"]
        if entry.ret == "int":
            out.append("  int r = async::AsyncContext::Run([] { return %s(); });" % entry.name)
            out.append('  std::printf("result %d\\n", r);')
        else:
            out.append("  async::AsyncContext::Run([] { return %s(); });" % entry.name)
            out.append('  std::printf("result void\\n");')
        out.append("} catch (const std::exception& e) {")
        out.append('  std::printf("main caught %s\\n", e.what());')
        out.append("}")
        out.append('std::printf("fuel %d\\n", g_fuel);')
        return [indent + l for l in out]

    def program(self):
        """One whole program (the format the seeds have always had)."""
        self.plan()
        out = ["// Generated by test/fuzz/gen_program.py, seed %d." % self.seed,
               "// Do not edit: regenerate with `%s`." % command_line(self.seed, self.features,
                                                                   self.avoid), ""]
        out.append(prelude_text(self.features))
        out += self.unit()
        if self.gcc_skip:
            out.insert(2, GCC_SKIP)
        out.append("int main() {")
        out += self.run_body("  ")
        out.append("  return 0;")
        out.append("}")
        return "\n".join(out) + "\n"

    def packed_part(self):
        """This program inside `namespace s<seed>`, with a Run() that resets
        the fuel, prints the section marker and runs the entry."""
        self.plan()
        ns = "s%d" % self.seed
        out = ["// ---- seed %d ----" % self.seed, "namespace %s {" % ns, ""]
        out += self.unit()
        out.append("void Run() {")
        out.append("  g_fuel = %d;" % FUEL)
        out.append('  std::printf("%s%d\\n");' % (SECTION, self.seed))
        out.append('  std::fprintf(stderr, "%s%d\\n");' % (SECTION, self.seed))
        out += self.run_body("  ")
        out.append("  std::fflush(stdout);")
        out.append("}")
        out.append("")
        out.append("}  // namespace %s" % ns)
        out.append("")
        return out, ns


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
        self.fn_pre = []  # locals at the top of a template's body (templates.py)
        self.fn_box = None
        for p in f.params:
            kind = {"int": "int", "cint_ref": "int", "str": "str", "cstr_ref": "str",
                    "log_ref": "log", "vec_ref": "vec", "t": "t", "tref": "t"}[p.kind]
            self.scopes[0].append(Var(p.name, kind, p.by_value()))
        if f.kind in ("member", "const_member"):
            self.scopes[0].append(Var("total_", "int", f.kind == "member"))
        if f.kind == "box":
            self.scopes[0].append(Var("base_", "t", False))
        lines = []
        fmt, args = self.describe_params(f.params)
        lines.append('  std::printf("%s enter%s\\n"%s);' % (f.name, fmt, args))
        if f.pack:
            lines += ["  " + l for l in self.pack_enter(f)]
        ret0 = "co_return;" if f.ret == "void" else "co_return %d;" % self.r.randint(0, 50)
        lines.append("  if (OutOfFuel()) %s" % ret0)
        body = []
        if self.has_acc and f.kind == "free" and self.chance(0.5):
            # Members need an object to run on.
            body += self.s_acc_local()
        body += self.stmt_list(self.r.randint(3, 7))
        lines += ["  " + l for l in self.fn_pre + body]
        if f.iter:
            # Every iterator yields at least once (here after its last
            # statement, sometimes in a loop).
            body = self.s_yield()
            if self.chance(0.5):
                i = "i%d" % self.uid()
                body = ["for (int %s = 0; %s < %d; ++%s) {" % (i, i, self.r.randint(1, 3), i),
                        "  co_await async::Yield();"] + ["  " + l for l in body] + ["}"]
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
            elif p.kind in ("t", "tref"):
                fmt += " %s=%%d" % p.name
                args += ", static_cast<int>(%s)" % p.name
            else:
                fmt += " %s=%%d" % p.name
                args += ", Sum(%s)" % p.name
        return fmt, args


SECTION = "=== fuzz seed "


def command_line(seed, features, avoid):
    parts = ["gen_program.py", str(seed)]
    feats = sorted(set(features) - set(DEFAULT_FEATURES))
    if feats:
        parts.append("--features=" + ",".join(feats))
    parts += ["--avoid=" + a for a in sorted(avoid)]
    return " ".join(parts)


def generate(seed, features=(), avoid=()):
    """The program of one seed."""
    return Gen(seed, features, avoid).program()


def generate_packed(seeds, features=(), avoid=()):
    """Several seeds' programs in one translation unit, each in its own
    namespace; main runs them in order, each printing SECTION + seed first
    (on stdout and stderr) so that outputs and sanitizer reports can be cut
    into per-seed sections.  A seed's section equals the output of its
    program alone, apart from the marker line."""
    seeds = list(seeds)
    out = ["// Generated by test/fuzz/gen_program.py --pack: seeds %s." %
           ",".join(str(s) for s in seeds),
           "// One seed alone: `%s` (with its seed)." % command_line(seeds[0], features, avoid),
           ""]
    out.append(prelude_text(with_implied(features)))
    names = []
    for s in seeds:
        gen = Gen(s, features, avoid)
        part, ns = gen.packed_part()
        out += part
        names.append(ns)
        if gen.gcc_skip and GCC_SKIP not in out:
            out.insert(2, GCC_SKIP)
    out.append("int main() {")
    for ns in names:
        out.append("  %s::Run();" % ns)
    out.append("  return 0;")
    out.append("}")
    return "\n".join(out) + "\n"
