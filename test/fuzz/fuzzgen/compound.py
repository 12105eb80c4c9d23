"""Compound statements: if, loops, switch, try."""

from .model import Var


class CompoundMixin:
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
            lines += self.loop("switch", self.switch_body)
            lines.append("}")
            return lines
        return self.with_label(make)

    def switch_body(self):
        """The cases of a switch: some braced, some falling through."""
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

