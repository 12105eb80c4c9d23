"""Blocks, the choice of a statement, simple statements and jumps."""


class StmtMixin:
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
        if self.features and self.can_await():
            # Appended last: without features the choice is what it always was.
            # Not in templates: their arguments may be temporaries, which
            # asyncc rejects in a template (templates.py).
            if self.feat("expr-awaits") and not self.f.tmpl:
                choices.append((14, self.s_expr_await))
            if self.depth < 4:
                if self.feat("cond-awaits") and not self.f.tmpl:
                    choices.append((6, self.s_cond_await))
                if self.feat("rethrow-await"):
                    choices.append((2, self.s_rethrow_await))
                if self.feat("goto-back"):
                    choices.append((2, self.s_goto_back))
                if self.feat("switch-fallthrough"):
                    choices.append((2, self.s_switch_fallthrough))
            if self.feat("iterators"):
                if self.f.iter:
                    choices.append((10, self.s_yield))
                if self.iter_callees():
                    choices.append((4, self.s_consume))
            if self.f.tmpl:
                choices += [(4, self.s_t_decl), (2, self.s_t_assign)]
            if self.f.pack:
                choices.append((16, self.s_pack))
            if self.feat("closures"):
                choices.append((4, self.s_closure))
                if self.depth < 4 and self.loop_depth < 2:
                    choices.append((2, self.s_range_for_await))
                    if self.f.tmpl:
                        choices.append((2, self.s_t_range_for))
            if self.feat("aggregates"):
                if self.depth < 4 and self.loop_depth < 2:
                    choices.append((8, self.s_aggregate))
                if self.f.tmpl:
                    choices.append((4, self.s_agg_t_operand))
            if self.feat("binding-captures"):
                if self.depth < 4 and self.loop_depth < 2:
                    choices.append((8, self.s_bind_capture))
            if self.feat("template-forms") and self.tf_forms():
                choices.append((10, self.s_tform))
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
            tv = self.r.choice(ints)
            target = tv.name
            name = "r%d" % self.uid()
            self.declare(name, "int", True)
            self.scopes[-1][-1].volatile = tv.volatile or target == "total_"
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

