"""Await statements of the forms the tool has always supported, and stored
tasks awaited later."""


class AwaitMixin:
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
            if t == "auto" and self.f.tmpl:
                # In a template `auto` from a co_await is dependent, and asyncc
                # rejects a call of dependent type (Mix(a, b)) as an argument
                # of an awaited call.
                t = "int"
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

