"""--features packs: function parameter packs (variadic function templates).

plan_extra (templates.py) gives some function templates and generic lambdas
(never Box members or iterators) a trailing pack: `Ts... xs` / `const
Ts&... xs` (`auto... xs` / `const auto&... xs` in a generic lambda, whose
body never names Ts: decltype(xs) instead), so packs imply templates.  A
call passes 0-3 extra arguments (int and long values, Num temporaries where
asyncc accepts them) or, from a function with a pack, its own pack: `xs...`
and, when it is by value, `std::forward<Ts>(xs)...` or `std::move(xs)...`.

In the body (s_pack): folds (`(K + ... + static_cast<int>(xs))`, a comma
fold that mixes the elements in order), sizeof...(xs) in conditions,
modifying by-value elements (`((xs = xs + 3), ...)`), the pack passed to
the awaited variadic prelude callees PSum (by value), PShow (const&) and PFwd
(forwarding references, forwards to PSum after an await), a range-for over
`{K, static_cast<int>(xs)...}` with an await in its body, lambdas capturing
the pack ([xs...], [&], [=]) called after an await (and after the elements
changed).  Every pack expansion passed to an awaited call is the pack
itself, std::forward or std::move of it (asyncc refuses other patterns in a
template), and no co_await is inside a pack expansion or fold.

Evaluation order: every fold that prints or mixes in order is a comma fold
(sequenced left to right); the elements are ints, longs and Num (no
destructor output), so the order in which a call's argument copies are made
or destroyed never shows.
"""


class PackMixin:
    def pack_enter(self, f):
        """The lines after the enter line: the pack's size and elements."""
        return ['std::printf("%s pack n=%%d\\n", static_cast<int>(sizeof...(xs)));' % f.name,
                '(std::printf("%s xs=%%d\\n", static_cast<int>(xs)), ...);' % f.name]

    def pack_exp(self):
        """The caller's own pack as the arguments of a call."""
        opts = ["xs...", "xs..."]
        if self.f.pack == "val":
            t = "decltype(xs)" if self.f.kind == "lambda" else "Ts"
            opts += ["std::forward<%s>(xs)..." % t, "std::move(xs)..."]
        return self.r.choice(opts)

    def pack_args(self, g, allow_temp, pure=False):
        """The extra arguments of a call of g (which has a pack).  pure:
        arguments of a call whose other arguments may await (expr-awaits):
        constants only, so that no argument reads what another changes."""
        r = self.r
        own = bool(self.f.pack) and not pure and self.chance(0.4)
        # asyncc rejects a Num temporary bound to a reference in a template,
        # and cannot see that a generic lambda takes it by value.
        num_ok = not self.f.tmpl or (g.pack == "val" and g.kind != "lambda")
        temp_ok = allow_temp or g.pack == "val"
        out = []
        for _ in range(r.randint(0, 1 if own else 3)):
            c = r.random()
            ints = self.vars("int")
            if not temp_ok or (not pure and ints and c < 0.2):
                if ints and not pure:
                    out.append(r.choice(ints).name)
                continue
            if c < 0.45:
                out.append(str(r.randint(0, 30)) if pure else self.int_expr())
            elif c < 0.7:
                out.append("%dL" % r.randint(0, 30) if pure or self.chance(0.5)
                           else "long(%s)" % self.int_expr())
            elif num_ok:
                out.append("Num(%s)" % (r.randint(0, 30) if pure else self.int_expr()))
            else:
                out.append(str(r.randint(0, 30)))
        if own:
            out.append(self.pack_exp())
        return out

    # --- statements ------------------------------------------------------------

    def s_pack(self):
        r = self.r
        f = self.f
        k = self.uid()
        forms = ["fold", "mixfold", "each", "cond", "await", "await", "range", "lambda"]
        if f.pack == "val":
            forms.append("modify")
        form = r.choice(forms)
        if form == "fold":
            name = "pk%d" % k
            if self.chance(0.5):
                e = "(%d + ... + static_cast<int>(xs))" % r.randint(0, 9)
            else:
                e = "Mix(static_cast<int>(sizeof...(xs)), (static_cast<int>(xs) + ... + 0))"
            self.declare(name, "int", True)
            return ["int %s = %s;" % (name, e),
                    'std::printf("%s=%%d\\n", %s);' % (name, name)]
        if form == "mixfold":
            name = "pk%d" % k
            # The initializer first: it must not read the new name.
            e = self.int_expr()
            self.declare(name, "int", True)
            return ["int %s = %s;" % (name, e),
                    "((%s = Mix(%s, static_cast<int>(xs))), ...);" % (name, name),
                    'std::printf("%s=%%d\\n", %s);' % (name, name)]
        if form == "each":
            return ['(std::printf("pk%d x=%%d\\n", static_cast<int>(xs)), ...);' % k]
        if form == "modify":
            return ["((xs = xs + %d), ...);" % r.randint(1, 9),
                    '(std::printf("pk%d x=%%d\\n", static_cast<int>(xs)), ...);' % k]
        if form == "cond":
            lines = ["if (sizeof...(xs) %s %d) {" % (r.choice([">", "==", "<"]),
                                                    r.randint(0, 3)),
                     '  std::printf("pk%d n=%%d\\n", static_cast<int>(sizeof...(xs)));' % k]
            if self.chance(0.5):
                self.awaits += 1
                lines.append("  co_await Note(%s, (1 + ... + static_cast<int>(xs)));" %
                             self.tag("n"))
            return lines + ["}"]
        if form == "await":
            self.awaits += 1
            name = "pa%d" % k
            callee = r.choice(["PSum", "PSum", "PShow", "PFwd"])
            args = [self.pack_exp()]
            if callee == "PSum" and self.chance(0.3):
                args.insert(0, self.tvar())
            if callee == "PShow":
                args.insert(0, self.tag("s"))
            self.declare(name, "int", True)
            return ["int %s = co_await %s(%s);" % (name, callee, ", ".join(args)),
                    'std::printf("%s=%%d\\n", %s);' % (name, name)]
        if form == "range":
            self.awaits += 1
            acc, v = "ps%d" % k, "pv%d" % k
            decl = r.choice(["int", "auto", "const int&", "const auto&"])
            if self.chance(0.5):
                stmt = "%s += co_await Echo(%s, %s);" % (acc, self.tag("e"), v)
            else:
                stmt = "co_await Note(%s, %s);" % (self.tag("e"), v)
            lines = ["int %s = 0;" % acc,
                     "for (%s %s : {%d, static_cast<int>(xs)...}) {" % (decl, v, r.randint(0, 9)),
                     "  " + stmt,
                     '  %s = Mix(%s, %s);' % (acc, acc, v),
                     "}",
                     'std::printf("%s=%%d\\n", %s);' % (acc, acc)]
            self.declare(acc, "int", True)
            return lines
        # lambda
        fn = "pf%d" % k
        cap = r.choice(["[xs...]", "[xs...]", "[&]", "[=]"])
        if self.chance(0.5):
            ret = "(%d + ... + static_cast<int>(xs))" % r.randint(0, 9)
        else:
            ret = "Mix(static_cast<int>(sizeof...(xs)), (static_cast<int>(xs) + ... + 1))"
        lines = ["auto %s = %s() { return %s; };" % (fn, cap, ret)]
        self.awaits += 1
        if self.chance(0.5):
            lines.append("co_await async::Yield();")
        else:
            lines += self.s_await()
        if f.pack == "val" and self.chance(0.5):
            lines.append("((xs = xs + %d), ...);" % r.randint(1, 9))
        res = "pr%d" % self.uid()
        self.declare(res, "int", True)
        lines += ["int %s = %s();" % (res, fn),
                  'std::printf("%s=%%d\\n", %s);' % (res, res)]
        return lines
