"""Awaits inside larger expressions and in conditions (--features
expr-awaits, cond-awaits, temporaries), and the statements of the features
rethrow-await, goto-back and switch-fallthrough.

The evaluation-order discipline.  C++17 sequences the operands of `&&`,
`||`, `?:`, the comma operator, `<<` and `>>` (also overloaded), and the right
side of an assignment before its left side; a function's arguments are
evaluated before its body.  It does NOT order the arguments of one call
among themselves (g++ goes right to left, clang left to right) nor the
operands of `+`, `-`, `<`, `==`, ...  So every generated expression is either

- quiet: evaluating it has no effect anyone can see, in any order: stable
  atoms (locals and parameters, never g_fuel or a data member, which
  callees and concurrently running tasks change) and `co_await
  async::FromResult(q)`, which completes without suspending; or
- loud: it may print, suspend (other tasks run and print), burn fuel,
  throw, or construct a temporary whose destruction prints.

Where operands are unsequenced (arguments of one call, operands of
arithmetic and comparisons), at most one operand is loud; the others are
quiet.  Where they are sequenced, every operand may be loud.  Nothing
assigns inside a subexpression, so no operand reads a variable another one
writes.  With that, clang and g++ print the same trace (fuzz.py
--native-only checks it), and a transpiled build that differs from them has
a real bug.
"""

from .model import Var

QUIET_LEAF = 0.45  # chance of a leaf where a compound expression could go


GCC_SKIP = ("// ASYNCC-SKIP-GCC-NATIVE: g++ 12 evaluates a co_await in the operand of "
            "&&, || or ?: that is not taken (test/fuzz/repro/gcc12-short-circuit-await.cpp)")


class ExprAwaitMixin:
    def feat(self, name):
        return name in self.features

    def guarded_operand(self, make):
        """An operand that runs only on one path (the right side of && and
        ||, a branch of ?:).  g++ 12 evaluates a co_await there even when the
        path is not taken (a compiler bug, see GCC_SKIP): with --avoid
        short-circuit-await such operands do not await; otherwise a program
        that has one tells run3 to skip its g++ native build."""
        if "short-circuit-await" in self.avoid:
            self.no_await += 1
            try:
                return make()
            finally:
                self.no_await -= 1
        text = make()
        if "co_await" in text:
            self.gcc_skip = True
        return text

    # --- quiet pieces -------------------------------------------------------

    def stable_atom(self):
        """An int that nothing but this function changes."""
        tvars = self.vars("t")
        if tvars and self.chance(0.2):
            return "static_cast<int>(%s)" % self.r.choice(tvars).name
        ints = [v for v in self.vars("int") if v.name != "total_" and not v.volatile]
        c = self.r.random()
        if ints and c < 0.6:
            return self.r.choice(ints).name
        if c < 0.7:
            strs = self.vars("str")
            if strs:
                return "static_cast<int>(%s.size())" % self.r.choice(strs).name
        if c < 0.8:
            vecs = self.vars("vec")
            if vecs:
                return "Sum(%s)" % self.r.choice(vecs).name
        return str(self.r.randint(0, 20))

    def not_self(self, target, e):
        """e, but never just `target` (no self-assignment warning)."""
        return e if e != target else "(%s + 1)" % e

    def tag(self, prefix):
        return '"%s%d"' % (prefix, self.uid())

    # --- int expressions ------------------------------------------------------

    def siblings(self, makers, loud):
        """Unsequenced operands: makers are functions (loud) -> text; at most
        one of them is allowed to be loud."""
        j = self.r.randrange(len(makers)) if loud else -1
        return [m(i == j) for i, m in enumerate(makers)]

    def ix(self, depth, loud):
        """An int expression with awaits; loud says whether it may be loud."""
        r = self.r
        if self.no_await:
            return self.stable_atom() if depth <= 0 or self.chance(0.5) else \
                "Mix(%s, %s)" % (self.stable_atom(), self.stable_atom())
        if depth <= 0 or r.random() < QUIET_LEAF * 0.6:
            return self.stable_atom() if r.random() < 0.5 else \
                "(co_await async::FromResult(%s))" % self.stable_atom()
        d = depth - 1
        forms = ["quiet_await", "mix", "plus", "minus"]
        if loud:
            forms += ["echo", "echo", "leaf", "tcs", "call", "call", "str_size",
                      "cond", "cond", "comma", "nested"]
            if self.feat("temporaries"):
                forms += ["hold", "val"]
        form = r.choice(forms)
        if form == "quiet_await":
            return "(co_await async::FromResult(%s))" % self.ix(d, False)
        if form == "mix":
            a, b = self.siblings([lambda l: self.ix(d, l)] * 2, loud)
            return "Mix(%s, %s)" % (a, b)
        if form == "plus":
            a, b = self.siblings([lambda l: self.ix(d, l)] * 2, loud)
            return "(%s + %s)" % (a, b)
        if form == "minus":
            a, b = self.siblings([lambda l: self.ix(d, l), lambda l: str(r.randint(1, 9))],
                                 loud)
            return "(%s - %s)" % (a, b)
        if form == "echo":
            # The operand runs before Echo: it may be loud too.
            return "(co_await Echo(%s, %s))" % (self.tag("q"), self.ix(d, True))
        if form == "leaf":
            return "(co_await Leaf(%s))" % self.ix(d, True)
        if form == "tcs":
            v, c = self.siblings([lambda l: self.ix(d, l), lambda l: self.bx(d, l)], True)
            return "(co_await ViaTcs(%s, %s))" % (v, c)
        if form == "call":
            calls = self.callees(want_int=True)
            if calls:
                return "(co_await %s)" % self.call_with_awaits(r.choice(calls), d)
            return "(co_await Leaf(%s))" % self.ix(d, True)
        if form == "str_size":
            # A member call on an awaited result.
            return "static_cast<int>((co_await Str(%s)).size())" % self.ix(d, True)
        if form == "cond":
            # Only the taken branch runs (and prints).
            c = self.bx(d, True)
            return "(%s ? %s : %s)" % (c, self.guarded_operand(lambda: self.ix(d, True)),
                                       self.guarded_operand(lambda: self.ix(d, True)))
        if form == "comma":
            return "((void)%s, %s)" % (self.ix(d, True), self.ix(d, True))
        if form == "nested":
            return "(co_await Echo(%s, (co_await Leaf(%s))))" % (self.tag("q"), self.ix(d, True))
        if form == "hold":
            # The temporary is an argument next to a quiet one.
            return "(co_await Hold(Log(%s), %s))" % (self.tag("t"), self.ix(d, False))
        if form == "val":
            return "Val(Log(%s))" % self.tag("t")
        raise AssertionError(form)

    def bx(self, depth, loud):
        """A bool expression with awaits."""
        r = self.r
        d = depth - 1
        if depth <= 0:
            return "(%s %% 3 == %d)" % (self.stable_atom(), r.randint(0, 2))
        forms = ["cmp_k", "cmp2"]
        if loud and not self.no_await:
            forms += ["test", "test", "and", "or", "not"]
        form = r.choice(forms)
        if form == "cmp_k":
            return "(%s %% 3 != %d)" % (self.ix(d, loud), r.randint(0, 2)) if self.chance(0.5) \
                else "(%s > %d)" % (self.ix(d, loud), r.randint(0, 40))
        if form == "cmp2":
            a, b = self.siblings([lambda l: self.ix(d, l)] * 2, loud)
            if a == b:  # no self-comparison warning
                b = "(%s + 1)" % b
            return "(%s %s %s)" % (a, r.choice(["<", "<=", "!=", "=="]), b)
        if form == "test":
            return "(co_await Test(%s, %s))" % (self.tag("b"), self.ix(d, True))
        if form in ("and", "or"):
            a = self.bx(d, True)
            return "(%s %s %s)" % (a, "&&" if form == "and" else "||",
                                   self.guarded_operand(lambda: self.bx(d, True)))
        return "!%s" % self.bx(d, True)

    def call_with_awaits(self, g, depth):
        """A call of a generated function whose arguments may await: the
        arguments are unsequenced, so one of them at most is loud (a Log
        temporary is loud: it prints when constructed)."""
        logs = self.vars("log")
        forced = -1
        for k, p in enumerate(g.params):
            if p.kind == "log_ref" and not logs:
                forced = k  # a temporary Log is the only way: it is the loud one

        ty = self.pick_targ(g)

        def arg(p):
            def make(loud):
                if p.kind in ("t", "tref"):
                    return "%s(%s)" % (ty, self.ix(depth, loud))
                if p.kind in ("int", "cint_ref"):
                    return self.ix(depth, loud)
                if p.kind == "log_ref":
                    if loud and (not logs or (self.feat("temporaries") and self.chance(0.6))):
                        return "Log(%s)" % self.tag("t")
                    return self.r.choice(logs).name
                if p.kind in ("str", "cstr_ref"):
                    if loud and self.chance(0.5):
                        return "(co_await Str(%s))" % self.ix(depth, True)
                    strs = self.vars("str")
                    return self.r.choice(strs).name if strs and self.chance(0.5) \
                        else "std::to_string(%s)" % self.ix(depth, False)
                if p.kind == "vec_ref":
                    vecs = self.vars("vec")
                    if vecs and self.chance(0.5):
                        return self.r.choice(vecs).name
                    return "MakeVec(%s)" % self.ix(depth, loud)
                raise AssertionError(p.kind)
            return make
        makers = [arg(p) for p in g.params]
        if forced >= 0:
            args = [m(k == forced) for k, m in enumerate(makers)]
        else:
            args = self.siblings(makers, bool(makers))
        if g.pack:
            args += self.pack_args(g, True, pure=True)
        return self.qualify_call(g, "%s(%s)" % (self.callee_name(g, ty), ", ".join(args)), ty)

    # --- statements: expression awaits ----------------------------------------

    def s_expr_await(self):
        self.awaits += 1
        r = self.r
        depth = r.randint(1, 3)
        forms = ["decl", "decl", "assign", "compound", "chain", "print2", "ostream",
                 "void_call", "comma", "str_member"]
        if self.f.ret == "int":
            forms.append("return")
        form = r.choice(forms)
        targets = [v for v in self.vars("int", assignable=True)
                   if not ("member-lhs" in self.avoid and v.name == "total_")]
        if form in ("assign", "compound", "chain", "comma") and not targets:
            form = "decl"
        if form == "decl":
            name = "a%d" % self.uid()
            e = self.ix(depth, True)
            self.declare(name, "int", True)
            return ["int %s = %s;" % (name, e), 'std::printf("%s=%%d\\n", %s);' % (name, name)]
        if form in ("assign", "compound"):
            t = r.choice(targets).name
            op = "=" if form == "assign" else r.choice(["+=", "-="])
            return ["%s %s %s;" % (t, op, self.not_self(t, self.ix(depth, True))),
                    'std::printf("p%d %s=%%d\\n", %s);' % (self.uid(), t, t)]
        if form == "chain":
            # Right to left: the await runs once, both get its value.
            a = r.choice(targets).name
            others = [v.name for v in targets if v.name != a]
            if not others:
                return ["%s = %s;" % (a, self.not_self(a, self.ix(depth, True))),
                        'std::printf("p%d %s=%%d\\n", %s);' % (self.uid(), a, a)]
            b = r.choice(others)
            return ["%s = %s = %s;" % (a, b, self.not_self(b, self.ix(depth, True))),
                    'std::printf("p%d %s=%%d %s=%%d\\n", %s, %s);' % (self.uid(), a, b, a, b)]
        if form == "comma":
            a = r.choice(targets).name
            b = r.choice(targets).name
            return ["%s = %s, %s += %s;" % (a, self.not_self(a, self.ix(depth, True)), b,
                                            self.ix(depth, True)),
                    'std::printf("p%d %s=%%d %s=%%d\\n", %s, %s);' % (self.uid(), a, b, a, b)]
        if form == "print2":
            a, b = self.siblings([lambda l: self.ix(depth, l)] * 2, True)
            return ['std::printf("p%d %%d %%d\\n", %s, %s);' % (self.uid(), a, b)]
        if form == "ostream":
            os_ = "os%d" % self.uid()
            parts = []
            for _ in range(r.randint(2, 4)):
                c = r.random()
                if c < 0.5:
                    parts.append(self.ix(depth, True))
                elif c < 0.7:
                    parts.append(self.bx(depth, True))
                elif c < 0.85:
                    parts.append("(co_await Str(%s))" % self.ix(depth - 1, True))
                else:
                    parts.append('"|"')
            return ["{",
                    "  std::ostringstream %s;" % os_,
                    "  %s << %s;" % (os_, " << ' ' << ".join(parts)),
                    '  std::printf("%s=%%s\\n", %s.str().c_str());' % (os_, os_),
                    "}"]
        if form == "void_call":
            calls = self.callees(want_int=False)
            if calls and self.chance(0.6):
                return ["co_await %s;" % self.call_with_awaits(r.choice(calls), depth)]
            return ["co_await Note(%s, %s);" % (self.tag("n"), self.ix(depth, True))]
        if form == "str_member":
            name = "s%d" % self.uid()
            e = self.ix(depth, True)
            self.declare(name, "str", True)
            return ["std::string %s = (co_await Str(%s)).substr(1);" % (name, e),
                    'std::printf("%s=%%s\\n", %s.c_str());' % (name, name)]
        if form == "return":
            return self.guarded(["co_return %s;" % self.ix(depth, True)])
        raise AssertionError(form)

    # --- statements: awaits in conditions ---------------------------------------

    def s_cond_await(self):
        """if / switch / while / do / for with awaits in the condition (and
        friends); only where compound statements may go."""
        self.awaits += 1
        r = self.r
        forms = ["if", "if", "if_init", "if_decl", "switch", "switch_init"]
        if self.loop_depth < 2:
            forms += ["while", "while_decl", "do", "for"]
        form = r.choice(forms)
        depth = r.randint(1, 2)

        def make():
            if form == "if":
                lines = self.block(r.randint(1, 3), "if (%s)" % self.bx(depth, True))
                if self.chance(0.5):
                    els = self.block(r.randint(1, 3), "else")
                    lines[-1] = "} " + els[0]
                    lines += els[1:]
                return lines
            if form in ("if_init", "if_decl", "switch_init"):
                v = "c%d" % self.uid()
                e = self.ix(depth, True)
                self.scopes.append([Var(v, "int", False)])
                try:
                    if form == "if_init":
                        head = "if (int %s = %s; %s %% 3 != %d)" % (v, e, v, r.randint(0, 2))
                    elif form == "if_decl":
                        head = "if (int %s = %s)" % (v, e)
                    else:
                        return self.switch_lines("switch (int %s = %s; %s %% 4)" % (v, e, v))
                    pre = ['std::printf("%s=%%d\\n", %s);' % (v, v)]
                    lines = self.block(r.randint(1, 3), head, pre=pre)
                    if self.chance(0.6):
                        els = self.block(r.randint(1, 2), "else", pre=list(pre))
                        lines[-1] = "} " + els[0]
                        lines += els[1:]
                    return lines
                finally:
                    self.scopes.pop()
            if form == "switch":
                return self.switch_lines("switch (%s %% 4)" % self.ix(depth, True))
            bound = r.randint(1, 3)
            if form == "while":
                w = "w%d" % self.uid()
                self.declare(w, "int", False)
                return ["int %s = 0;" % w] + self.loop("loop", lambda: self.block(
                    r.randint(1, 3), "while (%s)" % self.bounded_cond(w, bound, depth),
                    pre=["++%s;" % w]))
            if form == "while_decl":
                w = "w%d" % self.uid()
                k = "k%d" % self.uid()
                self.declare(w, "int", False)
                step = "(co_await async::FromResult(%s--))" % w if self.chance(0.5) else \
                    "((void)(co_await Leaf(%s)), %s--)" % (self.stable_atom(), w)

                def body():
                    self.scopes.append([Var(k, "int", False)])
                    try:
                        return self.block(r.randint(1, 3), "while (int %s = %s)" % (k, step),
                                          pre=['std::printf("%s=%%d\\n", %s);' % (k, k)])
                    finally:
                        self.scopes.pop()
                return ["int %s = %d;" % (w, bound)] + self.loop("loop", body)
            if form == "do":
                dv = "d%d" % self.uid()
                self.declare(dv, "int", False)
                body = self.loop("loop", lambda: self.block(r.randint(1, 3), "do",
                                                            pre=["++%s;" % dv]))
                body[-1] = "} while (%s);" % self.bounded_cond(dv, bound, depth)
                return ["int %s = 0;" % dv] + body
            # for: await in the init-statement, the condition and the increment.
            i = "i%d" % self.uid()
            init = r.choice(["(co_await async::FromResult(0))",
                             "(co_await Echo(%s, 0))" % self.tag("f"),
                             "((void)%s, 0)" % self.ix(depth, True)])
            cond = r.choice(["%s < %d" % (i, bound),
                             "%s < (co_await Echo(%s, %d))" % (i, self.tag("f"), bound),
                             self.bounded_cond(i, bound, depth)])
            inc = r.choice(["++%s" % i,
                            "%s += (co_await Echo(%s, 1))" % (i, self.tag("f")),
                            "++%s, (void)(co_await Note(%s, %s))" % (i, self.tag("f"), i)])

            def body():
                self.scopes.append([Var(i, "int", False)])
                try:
                    return self.block(r.randint(1, 3),
                                      "for (int %s = %s; %s; %s)" % (i, init, cond, inc))
                finally:
                    self.scopes.pop()
            return self.loop("loop", body)
        return self.with_label(make)

    def bounded_cond(self, v, bound, depth):
        """A loop condition that awaits and is false once v reaches bound."""
        if self.chance(0.5):
            return "(co_await Echo(%s, %s)) < %d" % (self.tag("w"), v, bound)
        return "%s < %d && %s" % (v, bound, self.guarded_operand(lambda: self.bx(depth, True)))

    def switch_lines(self, head):
        """A switch with head `head` and cases as s_switch makes them."""
        return [head + " {"] + self.loop("switch", self.switch_body) + ["}"]

    # --- statements: rethrow, goto back, fall-through ----------------------------

    def s_rethrow_await(self):
        """An exception thrown after an await, rethrown by `throw;`, caught
        outside, and an await after the handler."""
        self.awaits += 1
        hid, oid, c = self.uid(), self.uid(), "caught%d" % self.uid()
        self.scopes.append([])
        inner = ["co_await %s;" % self.int_awaitable()]
        inner += self.stmt_list(self.r.randint(0, 2))
        throw = 'throw std::runtime_error("r%d");' % self.uid()
        inner.append(throw if self.chance(0.5) else "if (%s) %s" % (self.stable_cond(), throw))
        self.scopes.pop()
        lines = ["int %s = 0;" % c, "try {", "  try {"]
        lines += ["    " + l for l in inner]
        lines += ["  } catch (const std::exception& ex%d) {" % hid,
                  '    std::printf("h%d caught %%s\\n", ex%d.what());' % (hid, hid),
                  "    throw;",
                  "  }",
                  "} catch (const std::runtime_error& ex%d) {" % oid,
                  '  std::printf("h%d caught %%s\\n", ex%d.what());' % (oid, oid),
                  "  %s = 1;" % c,
                  "}"]
        lines.append("%s = co_await Echo(%s, %s);" % (c, self.tag("r"), c))
        return ["{"] + ["  " + l for l in lines] + ["}"]

    def stable_cond(self):
        return "%s %% %d == %d" % (self.stable_atom(), self.r.randint(2, 3), self.r.randint(0, 1))

    def s_goto_back(self):
        """A retry loop made of a backward goto out of a block with live
        locals, or over a declaration in the same block."""
        self.awaits += 1
        g = "g%d" % self.uid()
        label = "B%d" % self.uid()
        bound = self.r.randint(1, 3)
        log = "l%d" % self.uid()
        self.scopes.append([Var(g, "int", False)])
        self.scopes.append([Var(log, "log", False)])
        inner = ['Log %s("%s");' % (log, log), "co_await %s;" % self.int_awaitable()]
        inner += self.stmt_list(self.r.randint(0, 2))
        self.scopes.pop()
        self.scopes.pop()
        if self.chance(0.5):
            # Out of the inner block.
            lines = ["int %s = 0;" % g, "%s:" % label, "{",
                     "  ++%s;" % g] + ["  " + l for l in inner] + \
                    ["  if (%s < %d) goto %s;" % (g, bound, label), "}"]
        else:
            # Over the declaration of the Log in the same block.
            lines = ["int %s = 0;" % g, "%s:" % label, "++%s;" % g] + inner + \
                    ["if (%s < %d) goto %s;" % (g, bound, label)]
        return ["{"] + ["  " + l for l in lines] + ["}"]

    def s_switch_fallthrough(self):
        """Every case falls through to the next; default may be in the middle."""
        self.awaits += 1
        r = self.r
        labels = r.sample(["case 0:", "case 1:", "case 2:", "case 3:", "default:"],
                          r.randint(2, 5))
        # Not in a template: asyncc cannot keep a condition's value there (in
        # a template every co_await expression is type-dependent).
        e = self.ix(1, True) if self.feat("cond-awaits") and not self.f.tmpl \
            else self.stable_atom()
        out = ["switch (%s %% 4) {" % e]

        def body():
            lines = []
            for k, lab in enumerate(labels):
                lines.append(lab)
                if self.chance(0.5):
                    self.scopes.append([])
                    name = "l%d" % self.uid()
                    self.declare(name, "log", False)
                    inner = ['Log %s("%s");' % (name, name)] + self.s_await()
                    self.scopes.pop()
                    lines += ["  {"] + ["    " + l for l in inner] + ["  }"]
                else:
                    lines.append("  co_await %s;" % self.void_awaitable())
                lines.append("  break;" if k == len(labels) - 1 else "  [[fallthrough]];")
            return lines
        out += self.loop("switch", body)
        out.append("}")
        return self.with_label(lambda: out)
