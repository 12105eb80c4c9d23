"""--features closures: locals of lambda type that live across co_await, and
range-based for loops whose body is one statement holding co_await (with
templates also over a dependent range, std::vector<T>).

Closures.  s_closure declares `auto fN = [captures](params) { ... };`, then
awaits, then changes some of the captured variables and calls fN (each call
its own statement, its result stored in a local and printed, so no two calls
are unsequenced).  The trace shows copy against reference semantics: a
by-copy capture keeps the value it had at the declaration, a by-reference
capture sees the change made after the await, and a lambda that assigns
through a reference capture changes the variable.  Captures: ints (locals
and by-value parameters, never a const local: a constant the body reads is
not captured, which asyncc rejects by design, docs/lowering/07-lambdas.md section
19.1), strings by copy, Log locals by reference (Log cannot be copied), a
CLog (a Log that can be copied, from the closures prelude) by copy or
reference, T variables by copy in templates, an init-capture `c = k` in a
`mutable` lambda that counts its calls, and `this` in members (assigning
total_ in a non-const member of Acc, reading base_ in a Box<T> member).
Lists are explicit or start with a default, `[=]` or `[&]`, naming the
captures of the other kind (not in templates with --avoid
template-default-capture: test/run/template-lambda-default-capture.cpp).  The parameter is
`int k` or, in a generic lambda, `auto v` (called with an int and a long).
The body never names a type (so never T, which a generic lambda at
namespace scope declares as a local alias) and every explicit capture is
used (no -Wunused-lambda-capture).

Range-for.  s_range_for_await writes `for (D e : range) <await statement>`
without braces (sometimes braced, with more statements), D one of int,
const int&, auto, const auto&, auto&&; the range is a vector local or a
MakeVec temporary.  In a template s_t_range_for loops over a std::vector<T>
(a local or a TVec<T>(n) temporary) with `T v`, `const T& v`, `auto&& v`
or `const auto& v`, awaiting TEcho(v) (a name: asyncc rejects a possibly
temporary argument in a template), Echo(tag, static_cast<int>(v)) or, through
`auto&&`, assigning the element.
"""

from .model import Var


class ClosureMixin:
    # --- candidates -----------------------------------------------------------

    def capturable_ints(self):
        """Ints a lambda may capture by name: assignable (so no constant,
        and a change after the await is possible), never the data member."""
        return [v for v in self.vars("int", assignable=True)
                if v.name != "total_" and not v.binding]

    def fresh_int(self, lines):
        name = "ci%d" % self.uid()
        lines += ["int %s = %s;" % (name, self.int_expr())]
        self.declare(name, "int", True)
        return self.scopes[-1][-1]

    # --- locals of lambda type ------------------------------------------------

    def s_closure(self):
        r = self.r
        k = self.uid()
        f = "f%d" % k
        lines = []
        # caps: (name, kind, by_ref); kind int, str, log, clog, t
        caps = []
        ints = self.capturable_ints()
        for v in r.sample(ints, min(len(ints), r.randint(0, 2))):
            caps.append((v.name, "int", self.chance(0.5)))
        if not caps or self.chance(0.3):
            caps.append((self.fresh_int(lines).name, "int", self.chance(0.5)))
        strs = [v for v in self.vars("str", assignable=True) if not v.binding]
        if strs and self.chance(0.3):
            caps.append((r.choice(strs).name, "str", False))
        logs = self.vars("log")
        if logs and self.chance(0.3):
            caps.append((r.choice(logs).name, "log", True))
        if self.chance(0.3):
            cl = "cl%d" % self.uid()
            lines.append('CLog %s("%s");' % (cl, cl))
            self.declare(cl, "clog", False)
            caps.append((cl, "clog", self.chance(0.4)))
        tvars = [v for v in self.vars("t") if v.name != "base_"]  # Box<T>'s member
        if tvars and self.chance(0.4):
            caps.append((r.choice(tvars).name, "t", False))
        use_this = self.f.kind in ("member", "const_member", "box") and self.chance(0.4)
        counter = "c%d" % self.uid() if self.chance(0.35) else None
        generic = self.chance(0.3)
        # A mutable lambda may also change its own copies.
        mutable = counter is not None or self.chance(0.15)

        style = r.choice(["list", "list", "=", "&"])
        if style == "=" and use_this:
            style = "list"  # [=, this] is C++20; [=] alone captures this implicitly
        if self.f.tmpl and "template-default-capture" in self.avoid:
            style = "list"
        items = []
        if style != "list":
            items.append(style)
        for name, kind, by_ref in caps:
            if style == "=" and not by_ref or style == "&" and by_ref:
                continue  # implicit
            items.append(("&" if by_ref else "") + name)
        if use_this and style != "&":
            items.append("this")
        if counter:
            items.append("%s = %d" % (counter, r.randint(0, 5)))

        # The body: print what the Logs hold, assign through references (and
        # to own copies when mutable), return a mix of everything.
        pv = "static_cast<int>(v)" if generic else "k"
        body = []
        vals = [pv]
        for name, kind, by_ref in caps:
            if kind in ("log", "clog"):
                body.append('std::printf("%s sees %%s\\n", %s.n);' % (f, name))
            elif kind == "int":
                if (by_ref or mutable) and self.chance(0.6):
                    body.append("%s = Mix(%s, %s);" % (name, name, pv))
                vals.append(name)
            elif kind == "str":
                vals.append("static_cast<int>(%s.size())" % name)
            elif kind == "t":
                vals.append("static_cast<int>(%s)" % name)
        if counter:
            body.append("++%s;" % counter)
            vals.append(counter)
        if use_this and self.f.kind == "box":
            vals.append("static_cast<int>(base_)")
        elif use_this:
            if self.f.kind == "member" and self.chance(0.6):
                body.append("total_ = Mix(total_, %s);" % pv)
            vals.append("total_")
        ret = vals[0]
        for v in vals[1:]:
            ret = "Mix(%s, %s)" % (ret, v)
        body.append("return %s;" % ret)

        lines.append("auto %s = [%s](%s)%s {" % (f, ", ".join(items),
                                                 "auto v" if generic else "int k",
                                                 " mutable" if mutable else ""))
        lines += ["  " + b for b in body]
        lines.append("};")
        self.declare(f, "closure", False)

        # Await, change the captured variables, call.
        self.awaits += 1
        if self.chance(0.5):
            lines.append("co_await async::Yield();")
        else:
            lines += self.s_await()
        for _ in range(r.randint(1, 3)):
            for name, kind, by_ref in caps:
                if kind == "int" and self.chance(0.6):
                    lines.append("%s += %d;" % (name, r.randint(1, 9)))
                elif kind == "str" and self.chance(0.5):
                    lines.append('%s += "m";' % name)
            res = "r%d" % self.uid()
            arg = str(r.randint(0, 9))
            if generic and self.chance(0.5):
                arg = "%sL" % arg
            lines.append("int %s = %s(%s);" % (res, f, arg))
            shown = [n for n, kd, _ in caps if kd == "int"]
            lines.append('std::printf("%s=%%d%s\\n", %s%s);' % (
                res, "".join(" %s=%%d" % n for n in shown), res,
                "".join(", %s" % n for n in shown)))
            self.declare(res, "int", True)
            if self.chance(0.4):
                self.awaits += 1
                if self.f.tmpl or self.chance(0.5):
                    lines.append("co_await Note(%s, %s);" % (self.tag("n"), res))
                else:
                    # The call as the operand of an await (outside templates:
                    # there it may count as a possibly temporary argument).
                    a = "a%d" % self.uid()
                    lines.append("int %s = co_await Echo(%s, %s(%s));" % (
                        a, self.tag("q"), f, r.randint(0, 9)))
                    lines.append('std::printf("%s=%%d\\n", %s);' % (a, a))
                    self.declare(a, "int", True)
        return lines

    # --- range-for with an awaiting single-statement body ---------------------

    def s_range_for_await(self):
        r = self.r
        k = self.uid()
        e, acc = "e%d" % k, "sum%d" % k
        vecs = self.vars("vec")
        rng = r.choice(vecs).name if vecs and self.chance(0.6) else \
            "MakeVec(%s)" % self.int_expr()
        decl = r.choice(["int", "const int&", "auto", "const auto&", "auto&&"])
        lines = ["int %s = 0;" % acc]
        self.declare(acc, "int", True)
        self.awaits += 1
        forms = ["echo", "echo", "note", "leaf", "assign"]
        if self.f.tmpl:
            forms = ["echo", "note"]
        form = r.choice(forms)
        if form == "echo":
            stmt = "%s += co_await Echo(%s, %s);" % (acc, self.tag("e"), e)
        elif form == "note":
            stmt = "co_await Note(%s, %s);" % (self.tag("e"), e)
        elif form == "leaf":
            stmt = "%s = co_await Leaf(Mix(%s, %s));" % (acc, acc, e)
        else:
            stmt = "%s = co_await async::FromResult(Mix(%s, %s));" % (acc, e, acc)
        header = "for (%s %s : %s)" % (decl, e, rng)

        def body():
            self.scopes.append([Var(e, "int", False)])
            try:
                if self.chance(0.7):
                    return [header, "  " + stmt]  # no braces
                return self.block(self.r.randint(0, 3), header,
                                  pre=[stmt, 'std::printf("%s=%%d\\n", %s);' % (e, e)])
            finally:
                self.scopes.pop()
        lines += self.loop("loop", body)
        lines.append('std::printf("%s=%%d\\n", %s);' % (acc, acc))
        return lines

    # --- range-for over a dependent range (templates) -------------------------

    def s_t_range_for(self):
        r = self.r
        k = self.uid()
        v, acc = "v%d" % k, "tsum%d" % k
        lines = []
        if self.chance(0.6):
            rng = "tvs%d" % k
            elems = [self.tvar() if self.chance(0.5) else "T(%d)" % r.randint(0, 9)
                     for _ in range(r.randint(0, 3))]
            lines.append("std::vector<T> %s{%s};" % (rng, ", ".join(elems)))
        else:
            rng = "TVec<T>(%s)" % self.int_expr()
        decl = r.choice(["T", "const T&", "auto&&", "const auto&"])
        lines.append("int %s = 0;" % acc)
        self.declare(acc, "int", True)
        self.awaits += 1
        forms = ["techo", "echo", "note"]
        if decl == "auto&&":
            forms.append("assign")
        form = r.choice(forms)
        if form == "techo":
            stmt = "co_await TEcho(%s);" % v
        elif form == "echo":
            stmt = "%s += co_await Echo(%s, static_cast<int>(%s));" % (acc, self.tag("e"), v)
        elif form == "note":
            stmt = "co_await Note(%s, static_cast<int>(%s));" % (self.tag("e"), v)
        else:
            stmt = "%s = co_await TEcho<T>(Mix(static_cast<int>(%s), 1));" % (v, v)
        header = "for (%s %s : %s)" % (decl, v, rng)
        if self.chance(0.6):
            body = [header, "  " + stmt]
        else:
            body = [header + " {", "  " + stmt,
                    '  %s = Mix(%s, static_cast<int>(%s));' % (acc, acc, v),
                    '  std::printf("%s=%%d\\n", static_cast<int>(%s));' % (v, v), "}"]
        lines += body
        lines.append('std::printf("%s=%%d\\n", %s);' % (acc, acc))
        if rng.startswith("tvs"):
            lines.append('std::printf("%s=%%d\\n", static_cast<int>(%s.size()));' % (rng, rng))
        return lines
