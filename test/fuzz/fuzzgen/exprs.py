"""Pure expressions, calls and awaitable operands."""

from .model import Var


class ExprMixin:
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
        tvars = self.vars("t")
        if tvars and self.chance(0.2):
            # Only in templates (--features templates).
            return "static_cast<int>(%s)" % self.r.choice(tvars).name
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


    # --- awaits ------------------------------------------------------------

    def callees(self, want_int=None, by_value_only=False):
        out = []
        f = self.f
        for g in self.funcs[f.index + 1:]:
            if g.iter:
                continue  # consumed by s_consume (templates.py)
            if g.kind == "lambda" and f.kind != "free" and f.inline:
                continue  # an Acc member's body in the class comes before the lambdas
            if want_int is not None and (g.ret == "int") != want_int:
                continue
            if by_value_only and (not all(p.by_value() for p in g.params) or
                                  g.pack == "cref"):
                continue
            if g.kind in ("free", "static_member", "box", "lambda"):
                out.append(g)
            else:
                on_this = f.kind == "member" or (f.kind == "const_member" and
                                                  g.kind == "const_member")
                if on_this or self.vars("acc"):
                    out.append(g)
        return out

    def call_expr(self, g, allow_temp=True):
        args = []
        ty = self.pick_targ(g)
        saved, self.in_operand = self.in_operand, True
        for p in g.params:
            args.append(self.arg_for(p, allow_temp, ty, g))
        if g.pack:
            args += self.pack_args(g, allow_temp)
        self.in_operand = saved
        call = "%s(%s)" % (self.callee_name(g, ty), ", ".join(args))
        return self.qualify_call(g, call, ty)

    def qualify_call(self, g, call, ty=None):
        """`call` of g, on an object or `this` for a member, `Acc::` maybe."""
        if g.kind == "box":
            return "%s.%s" % (self.box_object(ty), call)
        if g.kind == "static_member":
            if self.f.kind in ("free", "box", "lambda") or self.chance(0.5):
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

    def arg_for(self, p, allow_temp, ty=None, g=None):
        r = self.r
        # (In a template asyncc cannot see that a generic lambda takes a
        # std::string by value: a name there too.)
        if p.kind in ("t", "tref") or (self.f.tmpl and p.kind in ("cstr_ref", "log_ref",
                                                                  "vec_ref")) or \
                (self.f.tmpl and p.kind == "str" and g is not None and g.kind == "lambda"):
            return self.tmpl_arg(p, ty)
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

