"""--features templates and iterators: function templates, members of a
class template, generic lambdas; async iterators and their consumers.

Templates.  A function chosen in plan_extra gets a leading parameter `T pt`
(`auto pt` in a generic lambda, whose body then says `using T =
decltype(pt);`) and maybe `const T& pr`; T is int, long or Num (a class
from the templates prelude), or the caller's own T.  Calls name T
explicitly (`F3<long>(long(x))`, `TheBox<Num>().B4(Num(x))`; a lambda deduces
it from `Num(x)`).  T values are printed and mixed into ints as
`static_cast<int>(v)`, so a generator slip does not compile with Num.

Inside a template asyncc rejects an argument of an awaited call that might
be a temporary (a call result or non-name expression of dependent or class
type) unless every candidate takes the parameter by value, and a range-for
over a dependent range with an await in its body
(test/lit/diagnostics/template-limits.cpp).  What it counts as possibly a
temporary: `T(x)` passed to a deduced `T` (TEcho(T(x)), a lambda's `auto`)
and even to `F<T>`'s `T`; the object `TheBox<T>()`; a std::string passed to
a generic lambda; any call with an argument declared `auto` from a co_await
(every co_await is type-dependent in a template).  So in a template a
dependent argument is a T variable's name, `const std::string&`, `const
Log&` and `const std::vector<int>&` parameters get a name (a local, or one
declared at the top of the body: fn_pre), Box<T> members run on `Box<T>&
bxN = TheBox<T>();` declared there too, await results are `int`, not
`auto`, and no awaits in expressions or conditions (expr-awaits,
cond-awaits, the switch-fallthrough condition: asyncc cannot keep a switch
condition's value in a template) are generated there.  Ranges are never
dependent (vectors of int).

Iterators.  A free function chosen in plan_extra becomes `ASYNC
async::AsyncEnumerable<int> F(...)` (`<T>` if it is also a template) with
by-value parameters only (it runs after the call's full-expression);
`co_yield` statements join its statement choices.  s_consume enumerates one
fully or breaks after 1-2 elements and calls DisposeAsync, which destroys
the suspended iterator's live locals (the trace shows the order).
"""

import re

from .model import Param, Var

# The class template Box<T> (its members' declarations go between the two
# parts) and TheBox<T>(), the object the members run on.
BOX_TEXT = ("""// A class template with ASYNC members (--features templates).
template <class T>
class Box {
 public:
  explicit Box(T base) : base_(base) {}""", """
 private:
  T base_;
};

template <class T>
Box<T>& TheBox() {
  static Box<T> box(T(7));
  return box;
}
""")


class TemplateMixin:
    def plan_extra(self, f):
        """Makes the free function f (not the entry) an iterator and/or a
        template, a Box member or a generic lambda."""
        if self.feat("iterators") and self.chance(0.3):
            f.iter = True
            f.ret = "void"
            f.params = [p if p.by_value() else Param(p.name, "int") for p in f.params]
        # (With packs more templates, to carry packs; the same single draw.)
        if self.feat("templates") and self.chance(0.65 if self.feat("packs") else 0.45):
            f.tmpl = True
            shape = "func" if f.iter else self.r.choice(["func", "box", "lambda"])
            f.params = [Param("pt", "t")] + f.params
            if shape == "func" and not f.iter and self.chance(0.4):
                f.params.append(Param("pr", "tref"))
            if shape == "box":
                f.kind = "box"
                f.name = "B%d" % f.index
            elif shape == "lambda":
                f.kind = "lambda"
                f.name = "G%d" % f.index
            if self.feat("packs") and shape != "box" and not f.iter and self.chance(0.8):
                f.pack = self.r.choice(["val", "val", "cref"])  # packs.py

    @staticmethod
    def uses_t(line):
        return re.search(r"\bT\b", line) is not None

    def pick_targ(self, g):
        """The template argument of a call of g (None if g is no template)."""
        if not g.tmpl:
            return None
        options = ["int", "long", "Num"]
        if self.f.tmpl:
            options += ["T", "T"]
            if any(p.kind == "tref" for p in g.params):
                # A Num temporary bound to `const Num&` in a template: rejected.
                options.remove("Num")
        return self.r.choice(options)

    def callee_name(self, g, ty):
        if g.tmpl and g.kind == "free":
            return "%s<%s>" % (g.name, ty)
        return g.name

    def tvar(self):
        tvars = self.vars("t")
        return self.r.choice(tvars).name if tvars else "pt"

    def tmpl_arg(self, p, ty):
        """An argument for a T parameter, or (in a template) for a class-type
        reference parameter: never a temporary there."""
        if p.kind in ("t", "tref"):
            if ty == "T":
                # asyncc rejects any non-name argument of dependent type.
                return self.tvar()
            return "%s(%s)" % (ty, self.int_expr())
        kind = {"str": "str", "cstr_ref": "str", "log_ref": "log", "vec_ref": "vec"}[p.kind]
        have = self.vars(kind)
        if have and (kind != "str" or self.chance(0.8)):
            return self.r.choice(have).name
        return self.fn_local(kind)

    def box_object(self, ty):
        """The object of a call of a Box member: in a template, a reference
        local at the top of the body for Box<T> (asyncc rejects the dependent
        call result TheBox<T>() as the object of an awaited call)."""
        if ty != "T":
            return "TheBox<%s>()" % ty
        if self.fn_box is None:
            self.fn_box = "bx%d" % self.uid()
            self.fn_pre += ["Box<T>& %s = TheBox<T>();" % self.fn_box]
        return self.fn_box

    def fn_local(self, kind):
        """A local of the given kind at the top of the body (the call result
        stored in a local before it is passed to an awaited call)."""
        name = {"str": "ts", "log": "tl", "vec": "tv"}[kind] + str(self.uid())
        if kind == "str":
            self.fn_pre += ['std::string %s = std::to_string(%d);' % (name, self.r.randint(0, 99))]
        elif kind == "log":
            self.fn_pre += ['Log %s("%s");' % (name, name)]
        else:
            self.fn_pre += ['std::vector<int> %s = MakeVec(%d);' % (name, self.r.randint(0, 9))]
        self.scopes[0].append(Var(name, kind, False))
        return name

    # --- statements in templates ---------------------------------------------

    def s_t_decl(self):
        name = "tv%d" % self.uid()
        c = self.r.random()
        if c < 0.35 or not self.can_await():
            init = "T(%s)" % self.int_expr()
        elif c < 0.7:
            # A name: asyncc rejects TEcho(T(x)) (T(x) may be a temporary).
            self.awaits += 1
            init = "co_await TEcho(%s)" % self.tvar()
        else:
            self.awaits += 1
            init = "co_await TEcho<T>(%s)" % self.int_expr()
        t = self.r.choice(["T", "T", "auto", "const T"])
        self.declare(name, "t", t != "const T")
        return ["%s %s = %s;" % (t, name, init),
                'std::printf("%s=%%d\\n", static_cast<int>(%s));' % (name, name)]

    def s_t_assign(self):
        targets = self.vars("t", assignable=True)
        if not targets:
            return self.s_t_decl()
        t = self.r.choice(targets).name
        c = self.r.random()
        if c < 0.4:
            rhs = "T(Mix(static_cast<int>(%s), %d))" % (t, self.r.randint(0, 9))
        elif c < 0.7 and self.can_await():
            self.awaits += 1
            rhs = "co_await TEcho<T>(Mix(static_cast<int>(%s), %s))" % (t, self.atom())
        else:
            rhs = "%s + T(%d)" % (self.tvar(), self.r.randint(1, 9))
        return ["%s = %s;" % (t, rhs),
                'std::printf("p%d %s=%%d\\n", static_cast<int>(%s));' % (self.uid(), t, t)]

    # --- iterators -------------------------------------------------------------

    def iter_callees(self):
        return [g for g in self.funcs[self.f.index + 1:] if g.iter]

    def s_yield(self):
        self.awaits += 1
        if self.f.tmpl:
            c = self.r.random()
            e = self.tvar() if c < 0.4 else "T(%s)" % self.int_expr()
        else:
            e = self.int_expr()
        return ["co_yield %s;" % e]

    def s_consume(self):
        """Enumerates an iterator callee: fully, or breaking early and
        disposing of it while it is suspended."""
        self.awaits += 1
        g = self.r.choice(self.iter_callees())
        ty = self.pick_targ(g)
        saved, self.in_operand = self.in_operand, True
        args = [self.arg_for(p, True, ty) for p in g.params]
        self.in_operand = saved
        k = self.uid()
        e, n = "e%d" % k, "n%d" % k
        lines = ["auto %s = %s(%s).GetAsyncEnumerator();" % (e, self.callee_name(g, ty),
                                                            ", ".join(args)),
                 "int %s = 0;" % n,
                 "while (co_await %s.MoveNextAsync()) {" % e,
                 "  ++%s;" % n,
                 '  std::printf("%s got %%d\\n", static_cast<int>(%s.Current()));' % (e, e)]
        if self.chance(0.3):
            lines.append("  co_await async::Yield();")
        if self.chance(0.5):
            lines += ["  if (%s == %d) {" % (n, self.r.randint(1, 2)),
                      '    std::printf("%s break\\n");' % e,
                      "    break;",
                      "  }"]
        lines += ["}",
                  'std::printf("%s end n=%%d\\n", %s);' % (e, n),
                  "co_await %s.DisposeAsync();" % e,
                  'std::printf("%s disposed\\n");' % e]
        return ["{"] + ["  " + l for l in lines] + ["}"]

