"""--features binding-captures: structured bindings of a dependent type in
templates whose scope holds co_await, lambdas capturing structured bindings
(C++20) that live across co_await, and non-hoisted `[=]` lambdas in
templates (docs/fuzzing.md).

s_bind_capture picks one of three statements:

- s_bc_bind: `D [a, b] = init;` then lambdas capturing the names, an await,
  changes to the names (when writable), the calls, each result stored in a
  local and printed with the names and the object.  In a template (function
  template, Box<T> member, generic lambda) the object has a dependent type:
  `co_await BcTPair(tag, tv)` (std::pair<T, T>), `co_await BcTPtOf(tag, tv)`
  (BcTPt<T>, a struct of a T and an int), a `std::pair<T, int>` or
  `std::tuple<T, int, T>` local (bound `auto&`, `const auto&`, `auto&&`,
  `auto`), `std::make_pair(tv, k)`; elsewhere the same shapes of ints
  (`co_await BcPair(tag, k)`, BcPt, pair and tuple locals).  D is `auto`,
  `auto&`, `const auto&`, `auto&&` or `const auto` (from a prvalue).  The
  lambdas: `[a, &b]`, `[&a]`, `[=]` / `[&]` naming them, nested lambdas
  (`[a] { return [a] { ... }(); }`, `[=] { return [&] { ... }(); }`, `[&] {
  return [a] { ... }; }` called as `f()()`), an immediately invoked lambda
  (its value taken before the await), `mutable` lambdas copying a non-const
  binding and changing the copy; a by-reference capture may assign an int
  name.
- s_bc_range: `for (D [k, v] : vec)` over a std::vector<std::pair<T, int>>
  (std::pair<int, int> outside templates) with a lambda capturing k and v
  made before an await in the body and called after it.
- s_bc_nonhoisted (templates only): `auto h = [=] { ... };` created in an
  inner block without co_await (or after the statement's last await), then
  the captured hoisted locals and parameters (T and int variables,
  bindings, strings) change, then h() is called and printed, so a lambda
  that read them by reference would show.

Kept out (not supported by asyncc): a tuple-like type whose get returns by
value in a template, copying an array of dependent type into a binding,
more than 12 names, capturing a binding whose type is an array, copying a
const binding in a mutable lambda, decltype of a copied binding.  Also out:
std::string members in an awaited aggregate (g++ 12 frees one it never
allocated), class prvalues passed to awaited calls in templates (only T
names are), names of types in lambda bodies (a generic lambda's T is a
local alias).

Bindings of a dependent type are declared with the kinds "tb" (bound to a
T) and "tbi" (bound to an int), which no other statement uses; int
bindings outside templates are ordinary ints marked `binding` (so
closures.py still never captures them).
"""


class BindingCaptureMixin:
    def s_bind_capture(self):
        c = self.r.random()
        if self.f.tmpl and c < 0.3:
            return self.s_bc_nonhoisted()
        if c < 0.55:
            return self.s_bc_range()
        return self.s_bc_bind()

    # --- helpers ---------------------------------------------------------------

    def bc_read(self, name, kind):
        """An int expression reading a binding (or variable) of the kind."""
        if kind in ("tb", "tbi", "t"):
            return "static_cast<int>(%s)" % name
        return name

    def bc_write(self, name, kind):
        """A statement changing a writable name (outside a lambda body)."""
        k = self.r.randint(1, 9)
        if kind in ("tb", "t"):
            return "%s = %s + T(%d);" % (name, name, k)
        if kind == "str":
            return '%s += "m";' % name
        return "%s = Mix(%s, %d);" % (name, name, k)

    def bc_await(self, read):
        """An await statement reading the int expression `read`."""
        self.awaits += 1
        c = self.r.randint(0, 3)
        if c == 0:
            return ["co_await async::Yield();"]
        if c == 1:
            return ["co_await Note(%s, %s);" % (self.tag("bn"), read)]
        if c == 2:
            a = "ba%d" % self.uid()
            self.declare(a, "int", True)
            return ["int %s = co_await Leaf(%s);" % (a, read),
                    'std::printf("%s=%%d\\n", %s);' % (a, a)]
        if self.f.tmpl:
            return ["co_await Note(%s, %s);" % (self.tag("bn"), read)]
        self.awaits -= 1
        return self.s_await()

    def mix_all(self, vals):
        ret = vals[0]
        for v in vals[1:]:
            ret = "Mix(%s, %s)" % (ret, v)
        return ret

    # --- bindings and lambdas across co_await ----------------------------------

    def s_bc_bind(self):
        r = self.r
        k = self.uid()
        lines = []
        obj = None       # (name, shape) of a local object the names refer to
        tmpl = self.f.tmpl
        if tmpl:
            src = r.choice(["await_pair", "await_pt", "pair", "pair", "tuple", "make"])
        else:
            src = r.choice(["await_pair", "await_pt", "pair", "tuple", "make", "pt"])
        ti = "tb" if tmpl else "int"      # the kind of a name bound to a T
        ii = "tbi" if tmpl else "int"     # the kind of a name bound to an int
        if src == "await_pair":
            self.awaits += 1
            if tmpl:
                init = "co_await BcTPair(%s, %s)" % (self.tag("bq"), self.tvar())
                kinds = [ti, ti]
            else:
                init = "co_await BcPair(%s, %s)" % (self.tag("bq"), self.int_expr())
                kinds = [ii, ii]
        elif src == "await_pt":
            self.awaits += 1
            if tmpl:
                init = "co_await BcTPtOf(%s, %s)" % (self.tag("bq"), self.tvar())
                kinds = [ti, ii]
            else:
                init = "co_await BcPtOf(%s, %s)" % (self.tag("bq"), self.int_expr())
                kinds = [ii, ii]
        elif src == "make":
            if tmpl:
                init = "std::make_pair(%s, %s)" % (self.tvar(), self.int_expr())
                kinds = [ti, ii]
            else:
                init = "std::make_pair(%s, %s)" % (self.int_expr(), self.int_expr())
                kinds = [ii, ii]
        elif src == "pt":
            obj = ("bo%d" % k, "pt")
            lines.append("BcPt %s{%s, %s};" % (obj[0], self.int_expr(), self.int_expr()))
            kinds = [ii, ii]
        elif src == "pair":
            obj = ("bo%d" % k, "pair")
            if tmpl:
                lines.append("std::pair<T, int> %s{%s, %s};" % (obj[0], self.tvar(),
                                                               self.int_expr()))
                kinds = [ti, ii]
            else:
                lines.append("std::pair<int, int> %s{%s, %s};" % (obj[0], self.int_expr(),
                                                                 self.int_expr()))
                kinds = [ii, ii]
        else:
            obj = ("bo%d" % k, "tuple")
            if tmpl:
                lines.append("std::tuple<T, int, T> %s{%s, %s, %s};" % (
                    obj[0], self.tvar(), self.int_expr(), self.tvar()))
                kinds = [ti, ii, ti]
            else:
                lines.append("std::tuple<int, int, int> %s{%s, %s, %s};" % (
                    obj[0], self.int_expr(), self.int_expr(), self.int_expr()))
                kinds = [ii, ii, ii]
        if obj:
            self.declare(obj[0], "bcobj", False)
            init = obj[0]
            decl = r.choice(["auto", "auto&", "auto&", "const auto&", "auto&&"])
        else:
            decl = r.choice(["auto", "auto", "const auto&", "auto&&", "const auto"])
        names = ["bc%d_%d" % (k, i) for i in range(len(kinds))]
        lines.append("%s [%s] = %s;" % (decl, ", ".join(names), init))
        writable = not decl.startswith("const")
        for nm, kd in zip(names, kinds):
            self.declare(nm, kd, writable)
            self.scopes[-1][-1].binding = True
        reads = [self.bc_read(nm, kd) for nm, kd in zip(names, kinds)]
        show_fmt = " ".join("%d" for _ in names)

        def show_obj():
            if not obj:
                return "", ""
            o, shape = obj
            if shape == "pt":
                return " obj=%d,%d", ", %s.x, %s.y" % (o, o)
            if shape == "pair":
                return " obj=%d,%d", ", static_cast<int>(%s.first), %s.second" % (o, o)
            return " obj=%d,%d,%d", (", static_cast<int>(std::get<0>(%s)), std::get<1>(%s), "
                                     "static_cast<int>(std::get<2>(%s))" % (o, o, o))
        lines.append('std::printf("bc%d %s\\n", %s);' % (k, show_fmt, ", ".join(reads)))

        # The lambdas, made before the await.
        lams = []  # (name, call suffix)
        iifes = []
        for _ in range(r.randint(1, 3)):
            text, call, iife = self.bc_lambda(names, kinds, writable, "&" in decl)
            f = "bf%d" % self.uid()
            if iife:
                lines.append("int %s = %s();" % (f, text[0] if len(text) == 1 else ""))
                iifes.append(f)
                continue
            if len(text) == 1:
                lines.append("auto %s = %s;" % (f, text[0]))
            else:
                lines.append("auto %s = %s" % (f, text[0]))
                lines += text[1:-1]
                lines.append(text[-1] + ";")
            self.declare(f, "closure", False)
            lams.append((f, call))
        lines += self.bc_await(reads[-1])
        if self.chance(0.4):
            lines += self.stmt_list(self.r.randint(1, 2))
        if writable:
            for nm, kd in zip(names, kinds):
                if self.chance(0.6):
                    lines.append(self.bc_write(nm, kd))
        if not lams and not iifes:
            lams = []
        for f, call in lams:
            for _ in range(r.randint(1, 2)):
                res = "br%d" % self.uid()
                lines.append("int %s = %s%s;" % (res, f, call))
                lines.append('std::printf("%s=%%d\\n", %s);' % (res, res))
                self.declare(res, "int", True)
        for f in iifes:
            lines.append('std::printf("%s=%%d\\n", %s);' % (f, f))
        of, oa = show_obj()
        lines.append('std::printf("bc%d %s%s\\n", %s%s);' % (k, show_fmt, of, ", ".join(reads),
                                                             oa))
        return lines

    def bc_lambda(self, names, kinds, writable, refbind):
        """A lambda capturing some of the names: (text lines, call suffix,
        immediately invoked).  refbind: the names are a reference binding
        (`auto&`, `const auto&`, `auto&&`)."""
        r = self.r
        tmpl_default_ok = not (self.f.tmpl and "template-default-capture" in self.avoid)
        # (In a template, a lambda kept across co_await that copied a name of
        # a reference binding through [=] did not compile transpiled, fixed
        # since: test/run/template-lambda-copy-default.cpp.)
        copy_default_ok = tmpl_default_ok
        idx = list(range(len(names)))
        pick = r.sample(idx, r.randint(1, len(idx)))
        rd = lambda i: self.bc_read(names[i], kinds[i])
        ints = [i for i in pick if kinds[i] in ("int", "tbi")]
        forms = ["list", "list", "nested", "iife"]
        if tmpl_default_ok:
            forms += ["ref_all", "factory"]
        if copy_default_ok:
            forms += ["copy_all", "nested_default"]
        if writable:
            forms += ["mutable", "mutable"]
        form = r.choice(forms)
        if form == "list":
            byref = [self.chance(0.5) for _ in pick]
            items = [("&" if b else "") + names[i] for i, b in zip(pick, byref)]
            body = []
            for i, b in zip(pick, byref):
                if b and writable and kinds[i] in ("int", "tbi") and self.chance(0.5):
                    body.append("%s = Mix(%s, %d);" % (names[i], names[i], r.randint(0, 9)))
            ret = self.mix_all([rd(i) for i in pick] + [str(r.randint(0, 9))])
            return (["[%s] { %sreturn %s; }" % (", ".join(items), " ".join(body) + (" " if body else ""), ret)],
                    "()", False)
        if form == "iife":
            items = [names[i] for i in pick]
            ret = self.mix_all([rd(i) for i in pick] + [str(r.randint(0, 9))])
            return (["[%s] { return %s; }" % (", ".join(items), ret)], "", True)
        if form == "copy_all":
            ret = self.mix_all([rd(i) for i in pick] + [str(r.randint(0, 9))])
            return (["[=] { return %s; }" % ret], "()", False)
        if form == "ref_all":
            body = ""
            if writable and ints and self.chance(0.6):
                i = r.choice(ints)
                body = "%s = Mix(%s, %d); " % (names[i], names[i], r.randint(0, 9))
            ret = self.mix_all([rd(i) for i in pick] + [str(r.randint(0, 9))])
            return (["[&] { %sreturn %s; }" % (body, ret)], "()", False)
        if form == "nested":
            items = ", ".join(names[i] for i in pick)
            ret = self.mix_all([rd(i) for i in pick] + [str(r.randint(1, 9))])
            return (["[%s] { return [%s] { return %s; }(); }" % (items, items, ret)], "()", False)
        if form == "nested_default":
            ret = self.mix_all([rd(i) for i in pick] + [str(r.randint(1, 9))])
            outer, inner = r.choice([("=", "&"), ("=", "="), ("&", "=")])
            return (["[%s] { return [%s] { return %s; }(); }" % (outer, inner, ret)], "()",
                    False)
        if form == "factory":
            items = ", ".join(names[i] for i in pick)
            ret = self.mix_all([rd(i) for i in pick] + [str(r.randint(1, 9))])
            return (["[&] { return [%s] { return %s; }; }" % (items, ret)], "()()", False)
        # mutable: copies of non-const bindings, changed by the lambda.
        items = [names[i] for i in pick]
        body = []
        for i in pick:
            if kinds[i] in ("int", "tbi"):
                body.append("%s = Mix(%s, %d);" % (names[i], names[i], r.randint(1, 9)))
            else:
                body.append("%s = %s + %s;" % (names[i], names[i], names[i]))
        ret = self.mix_all([rd(i) for i in pick])
        return (["[%s]() mutable { %s return %s; }" % (", ".join(items), " ".join(body), ret)],
                "()", False)

    # --- range-for with a structured-binding loop variable ----------------------

    def s_bc_range(self):
        r = self.r
        k = self.uid()
        vec = "bv%d" % k
        tmpl = self.f.tmpl
        n = r.randint(0, 3)
        if tmpl:
            elems = ["{%s, %s}" % (self.tvar() if self.chance(0.5) else "T(%d)" % r.randint(0, 9),
                                   self.int_expr()) for _ in range(n)]
            lines = ["std::vector<std::pair<T, int>> %s{%s};" % (vec, ", ".join(elems))]
            kinds = ["tb", "tbi"]
        else:
            elems = ["{%s, %s}" % (self.int_expr(), self.int_expr()) for _ in range(n)]
            lines = ["std::vector<std::pair<int, int>> %s{%s};" % (vec, ", ".join(elems))]
            kinds = ["int", "int"]
        self.declare(vec, "bcobj", False)
        acc = "bacc%d" % k
        lines.append("int %s = 0;" % acc)
        self.declare(acc, "int", True)
        decl = r.choice(["const auto&", "const auto&", "auto&", "auto"])
        writable = not decl.startswith("const")
        a, b = "bk%d" % k, "bw%d" % k
        header = "for (%s [%s, %s] : %s)" % (decl, a, b, vec)

        def make():
            def body():
                self.scopes.append([])
                for nm, kd in ((a, kinds[0]), (b, kinds[1])):
                    self.declare(nm, kd, writable)
                    self.scopes[-1][-1].binding = True
                try:
                    pre = []
                    text, call, iife = self.bc_lambda([a, b], kinds, writable, "&" in decl)
                    g = "bg%d" % self.uid()
                    if iife:
                        pre.append("int %s = %s();" % (g, text[0]))
                    else:
                        pre.append("auto %s = %s;" % (g, text[0]))
                    self.awaits += 1
                    ra = self.bc_read(a, kinds[0])
                    c = r.random()
                    if c < 0.4:
                        pre.append("%s += co_await Echo(%s, %s);" % (acc, self.tag("br"), ra))
                    elif c < 0.7:
                        pre.append("co_await Note(%s, %s);" % (self.tag("br"), ra))
                    else:
                        pre.append("%s = co_await Leaf(Mix(%s, %s));" % (acc, acc, ra))
                    if writable:
                        pre.append(self.bc_write(b, kinds[1]))
                        if self.chance(0.5):
                            pre.append(self.bc_write(a, kinds[0]))
                    res = g if iife else "%s%s" % (g, call)
                    pre.append("%s = Mix(%s, %s);" % (acc, acc, res))
                    pre.append('std::printf("%s %%d %%d %%d\\n", %s, %s, %s);' % (
                        a, ra, self.bc_read(b, kinds[1]), acc))
                    return self.block(self.r.randint(0, 2), header, pre=pre)
                finally:
                    self.scopes.pop()
            return self.loop("loop", body)
        lines += self.with_label(make)
        lines.append('std::printf("%s=%%d\\n", %s);' % (acc, acc))
        lines.append('for (const auto& e : %s) std::printf("%s e %%d %%d\\n", '
                     'static_cast<int>(e.first), e.second);' % (vec, vec))
        return lines

    # --- [=] lambdas that are not kept across co_await (templates) -------------

    def s_bc_nonhoisted(self):
        r = self.r
        k = self.uid()
        inner = self.chance(0.6)
        cands = [v for v in self.vars("t", assignable=True) if v.name != "base_"]
        cands += [v for v in self.vars("tb", assignable=True)]
        cands += [v for v in self.vars("tbi", assignable=True)]
        cands += [v for v in self.vars("int", assignable=True)
                  if v.name != "total_" and not v.volatile]
        cands += [v for v in self.vars("str", assignable=True)]
        lines = []
        if not cands:
            name = "bh%d" % self.uid()
            lines.append("T %s = T(%s);" % (name, self.int_expr()))
            self.declare(name, "t", True)
            cands = [self.scopes[-1][-1]]
        pick = r.sample(cands, min(len(cands), r.randint(1, 3)))
        if not inner:
            # After this statement's own await, in the current block.
            lines += self.bc_await(self.int_expr())
        h = "bh%d" % k

        def rd(v):
            if v.kind == "str":
                return "static_cast<int>(%s.size())" % v.name
            return self.bc_read(v.name, v.kind)
        ret = self.mix_all([rd(v) for v in pick] + [str(r.randint(0, 9))])
        body = ["auto %s = [=] { return %s; };" % (h, ret)]
        for v in pick:
            body.append(self.bc_write(v.name, v.kind))
        res = "bhr%d" % k
        body.append("int %s = %s();" % (res, h))
        fmt = "".join(" %s=%%d" % v.name for v in pick)
        body.append('std::printf("%s=%%d%s\\n", %s, %s);' % (res, fmt, res,
                                                           ", ".join(rd(v) for v in pick)))
        if inner:
            return lines + ["{"] + ["  " + l for l in body] + ["}"]
        self.declare(h, "closure", False)
        self.declare(res, "int", True)
        return lines + body
