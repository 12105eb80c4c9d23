"""--features aggregates: structured bindings, arrays and braced lists whose
scope holds co_await (docs/lowering/04-locals-and-loops.md sections 15, 13, 14), and, with
templates, operands of a dependent type evaluated before a co_await in the
same expression (docs/lowering/08-templates.md section 21).

Each statement declares its objects, awaits (a suspending Echo / Leaf /
ViaTcs / a generated call, or a completed async::FromResult) while they are
in scope, sometimes runs a few random statements in between (which may use
the bindings: they are int and std::string variables of the scope), then
reads and writes them and prints what they hold, so the trace shows that
the object, its copy and the names bound to it are the right ones.

- Structured bindings: of a struct Pt (a braced local, MakePt(x), `co_await
  PtOf(tag, x)`), of an int array, of std::pair<int, std::string> and
  std::tuple (a local, std::make_pair, `co_await PairOf(tag, x)`, `co_await
  TupOf(tag, x)`), declared `auto`, `auto&`, `const auto&`, `auto&&`; a
  write through a reference binding after the await shows in the object.
- Range-for with a structured-binding loop variable over a
  std::vector<std::pair<int, std::string>> or a std::vector<Pt> (`const
  auto&`, `auto&` writing the element, `auto` a copy), an await in the body.
- Array locals: int arrays (indexing, `arr[i] = co_await ...`, range-for
  over the array with an await in the body, by reference writing it,
  BumpArr / SumArr / `co_await SumLater(arr, n)` taking a pointer, sizeof),
  char arrays from a string literal, std::string arrays (not in templates:
  g++ 12 crashes on the lowered code, test/fuzz/repro/
  gcc12-ice-template-class-array.cpp), and arrays of Cell
  (prints its value when destroyed) and Log, whose elements die in reverse
  order at the end of their scope, also when a jump or an exception leaves
  it.
- Range-for over a braced list of ints, std::strings or (in templates) T
  values, with an await in the body.
- With templates, in function templates, Box<T> members and generic
  lambdas: arrays of T, braced lists of T, and expression awaits whose
  earlier operand has type T: `T x = (tv + T(3)) + co_await TEcho(tv);`,
  `TAdd<T>(T(k), co_await TEcho<T>(k))`, `(TLoud(tag, tv), co_await
  TEcho(tv))` (the comma operator sequences the loud operand first),
  `TLoud(tag, tv) + co_await async::FromResult(tv)` (a loud operand next to
  one that completes without suspending), `static_cast<int>(tv + T(1)) +
  co_await Echo(tag, k)`.

What asyncc refuses is never generated: a structured binding of a
dependent type in a template (every co_await result is dependent there, so
no binding is initialized from one; the objects are of non-dependent
types), a lambda capturing a binding or copying an array (bindings are
marked, and closures.py never captures them; arrays are no int variables),
a tuple-like type whose get returns a value.  Also left out, for tool bugs
(test/fuzz/repro/): a std::tuple with a std::string element as the result
of a co_await (fixed since, test/run/variadic-class-template-types.cpp;
TupOf still returns ints only), and,
in a template, an unqualified call of a function with co_await in an
argument (fixed since, test/run/template-unqualified-call-await.cpp; TAdd<T>
still names its template argument, so that the programs stay as they were).
"""

from .model import Var


class AggregateMixin:
    def agg_tag(self, prefix):
        return self.tag(prefix)

    def agg_declare(self, name, kind, assignable, binding=False):
        self.declare(name, kind, assignable)
        self.scopes[-1][-1].binding = binding

    def agg_await(self, target, read):
        """An await statement that reads `read` (an int name) and, when
        target is not None, writes the int `target`."""
        self.awaits += 1
        r = self.r
        forms = ["echo", "note", "from", "leaf", "any"]
        if not self.f.tmpl:
            forms.append("tcs")
        form = r.choice(forms)
        if target is None and form in ("echo", "from", "leaf", "tcs"):
            form = "note"
        if form == "echo":
            return ["%s += co_await Echo(%s, %s);" % (target, self.agg_tag("b"), read)]
        if form == "note":
            return ["co_await Note(%s, %s);" % (self.agg_tag("b"), read)]
        if form == "from":
            return ["%s = co_await async::FromResult(Mix(%s, %d));" % (target, read,
                                                                       r.randint(0, 9))]
        if form == "leaf":
            return ["%s = co_await Leaf(%s);" % (target, read)]
        if form == "tcs":
            return ["%s += co_await ViaTcs(%s, %s);" % (target, read, self.cond())]
        self.awaits -= 1
        return self.s_await()

    def agg_between(self):
        """A few random statements in the scope of the new objects."""
        if self.chance(0.5):
            return []
        return self.stmt_list(self.r.randint(1, 2))

    # --- the statement ---------------------------------------------------------

    def s_aggregate(self):
        forms = [(3, self.s_agg_bind_struct), (2, self.s_agg_bind_array),
                 (3, self.s_agg_bind_pair), (3, self.s_agg_range_bind),
                 (3, self.s_agg_array), (2, self.s_agg_cells), (3, self.s_agg_braced)]
        if self.f.tmpl:
            forms += [(4, self.s_agg_t_array)]
        total = sum(w for w, _ in forms)
        x = self.r.random() * total
        for w, fn in forms:
            x -= w
            if x < 0:
                return fn()
        return forms[-1][1]()

    # --- structured bindings ---------------------------------------------------

    def s_agg_bind_struct(self):
        r = self.r
        k = self.uid()
        lines = []
        src = r.choice(["local", "local", "make", "await"])
        if src == "await" and self.f.tmpl:
            src = "local"  # a co_await's type is dependent in a template
        obj = None
        if src == "local":
            obj = "pt%d" % k
            lines.append("Pt %s{%s, %s};" % (obj, self.int_expr(), self.int_expr()))
            self.agg_declare(obj, "pt", False)
            init = obj
            decl = r.choice(["auto", "auto&", "auto&", "const auto&", "auto&&"])
        elif src == "make":
            init = "MakePt(%s)" % self.int_expr()
            decl = r.choice(["auto", "const auto&", "auto&&"])
        else:
            self.awaits += 1
            init = "co_await PtOf(%s, %s)" % (self.agg_tag("q"), self.int_expr())
            decl = r.choice(["auto", "auto", "const auto&", "auto&&"])
        x, y = "bx%d" % k, "by%d" % k
        lines.append("%s [%s, %s] = %s;" % (decl, x, y, init))
        writable = not decl.startswith("const")
        self.agg_declare(x, "int", writable, True)
        self.agg_declare(y, "int", writable, True)
        lines.append('std::printf("b%d %%d %%d\\n", %s, %s);' % (k, x, y))
        lines += self.agg_between()
        lines += self.agg_await(x if writable else None, y)
        if writable:
            lines.append("%s = Mix(%s, %d);" % (y, y, r.randint(0, 9)))
        lines += self.agg_between()
        if obj:
            lines.append('std::printf("b%d %%d %%d %s=%%d,%%d\\n", %s, %s, %s.x, %s.y);' % (
                k, obj, x, y, obj, obj))
        else:
            lines.append('std::printf("b%d %%d %%d\\n", %s, %s);' % (k, x, y))
        return lines

    def s_agg_bind_array(self):
        r = self.r
        k = self.uid()
        arr = "ba%d" % k
        n = r.randint(2, 3)
        names = ["b%d_%d" % (k, i) for i in range(n)]
        lines = ["int %s[%d] = {%s};" % (arr, n, ", ".join(self.int_expr() for _ in range(n)))]
        self.agg_declare(arr, "arr", False)
        decl = r.choice(["auto", "auto&", "const auto&"])
        lines.append("%s [%s] = %s;" % (decl, ", ".join(names), arr))
        writable = decl != "const auto&"
        for nm in names:
            self.agg_declare(nm, "int", writable, True)
        lines += self.agg_between()
        lines += self.agg_await(names[0] if writable else None, names[-1])
        if writable:
            lines.append("%s += %d;" % (names[-1], r.randint(1, 9)))
        i = r.randint(0, n - 1)
        lines.append("%s[%d] = Mix(%s[%d], %d);" % (arr, i, arr, i, r.randint(0, 9)))
        lines += self.agg_between()
        lines.append('std::printf("%s %s %s\\n", %s, %s);' % (
            arr, " ".join("%d" for _ in names), " ".join("%d" for _ in range(n)),
            ", ".join(names), ", ".join("%s[%d]" % (arr, j) for j in range(n))))
        return lines

    def s_agg_bind_pair(self):
        r = self.r
        k = self.uid()
        lines = []
        obj = None
        c = r.choice(["pair", "pair", "tuple", "make", "await_pair", "await_tuple"])
        if c.startswith("await") and self.f.tmpl:
            c = "pair"
        if c == "pair":
            obj = "bp%d" % k
            lines.append("std::pair<int, std::string> %s{%s, %s};" % (
                obj, self.int_expr(), self.str_expr()))
            kinds = ["int", "str"]
        elif c == "tuple":
            obj = "bt%d" % k
            lines.append("std::tuple<int, std::string, int> %s{%s, %s, %s};" % (
                obj, self.int_expr(), self.str_expr(), self.int_expr()))
            kinds = ["int", "str", "int"]
        elif c == "make":
            init = "std::make_pair(%s, %s)" % (self.int_expr(), self.str_expr())
            kinds = ["int", "str"]
        elif c == "await_pair":
            self.awaits += 1
            init = "co_await PairOf(%s, %s)" % (self.agg_tag("q"), self.int_expr())
            kinds = ["int", "str"]
        else:
            self.awaits += 1
            init = "co_await TupOf(%s, %s)" % (self.agg_tag("q"), self.int_expr())
            kinds = ["int", "int", "int"]
        if obj:
            self.agg_declare(obj, "pair", False)
            init = obj
            decl = r.choice(["auto", "auto&", "auto&", "const auto&", "auto&&"])
        else:
            decl = r.choice(["auto", "const auto&", "auto&&"])
        names = ["%s%d_%d" % ("bi" if kd == "int" else "bs", k, i) for i, kd in enumerate(kinds)]
        lines.append("%s [%s] = %s;" % (decl, ", ".join(names), init))
        writable = not decl.startswith("const")
        for nm, kd in zip(names, kinds):
            self.agg_declare(nm, kd, writable, True)
        ints = [nm for nm, kd in zip(names, kinds) if kd == "int"]
        strs = [nm for nm, kd in zip(names, kinds) if kd == "str"]
        lines += self.agg_between()
        lines += self.agg_await(ints[0] if writable else None, ints[-1])
        if writable and strs:
            lines.append('%s += "%s";' % (strs[0], r.choice(["x", "yz"])))
        lines += self.agg_between()

        def show(nm, kd):
            return ("%s.c_str()" % nm) if kd == "str" else nm
        fmt = " ".join("%s" if kd == "str" else "%d" for kd in kinds)
        args = [show(nm, kd) for nm, kd in zip(names, kinds)]
        if obj and c == "pair":
            fmt += " obj=%d,%s"
            args += ["%s.first" % obj, "%s.second.c_str()" % obj]
        elif obj:
            fmt += " obj=%d,%s,%d"
            args += ["std::get<0>(%s)" % obj, "std::get<1>(%s).c_str()" % obj,
                     "std::get<2>(%s)" % obj]
        lines.append('std::printf("bp%d %s\\n", %s);' % (k, fmt, ", ".join(args)))
        return lines

    def s_agg_range_bind(self):
        """for (D [a, b] : vec) { await; ... } over pairs or Pts."""
        r = self.r
        k = self.uid()
        vec = "rv%d" % k
        n = r.randint(0, 3)
        lines = []
        if self.chance(0.5):
            elems = ["{%s, %s}" % (self.int_expr(), '"e%d"' % i) for i in range(n)]
            lines.append("std::vector<std::pair<int, std::string>> %s = {%s};" % (
                vec, ", ".join(elems)))
            kinds = ["int", "str"]
        else:
            elems = ["{%s, %s}" % (self.int_expr(), self.int_expr()) for _ in range(n)]
            lines.append("std::vector<Pt> %s = {%s};" % (vec, ", ".join(elems)))
            kinds = ["int", "int"]
        self.agg_declare(vec, "aggvec", False)
        decl = r.choice(["const auto&", "auto&", "auto"])
        a, b = "ra%d" % k, ("rs%d" if kinds[1] == "str" else "rb%d") % k
        acc = "racc%d" % k
        lines.append("int %s = 0;" % acc)
        self.agg_declare(acc, "int", True)
        writable = decl != "const auto&"
        header = "for (%s [%s, %s] : %s)" % (decl, a, b, vec)

        def make():
            def body():
                self.scopes.append([])
                self.declare(a, "int", writable)
                self.scopes[-1][-1].binding = True
                self.declare(b, kinds[1], writable)
                self.scopes[-1][-1].binding = True
                try:
                    pre = []
                    self.awaits += 1
                    c = r.random()
                    if c < 0.4:
                        pre.append("%s += co_await Echo(%s, %s);" % (acc, self.agg_tag("r"), a))
                    elif c < 0.6:
                        pre.append("%s = co_await async::FromResult(Mix(%s, %s));" % (
                            acc, acc, a))
                    elif c < 0.8:
                        pre.append("%s += co_await Leaf(%s);" % (acc, a))
                    else:
                        pre.append("co_await Note(%s, %s);" % (self.agg_tag("r"), a))
                    if writable:
                        if kinds[1] == "str":
                            pre.append('%s += "w";' % b)
                        else:
                            pre.append("%s = Mix(%s, %s);" % (b, b, a))
                    if kinds[1] == "str":
                        pre.append('std::printf("%s %%d %%s\\n", %s, %s.c_str());' % (a, a, b))
                    else:
                        pre.append('std::printf("%s %%d %%d\\n", %s, %s);' % (a, a, b))
                    return self.block(self.r.randint(0, 2), header, pre=pre)
                finally:
                    self.scopes.pop()
            return self.loop("loop", body)
        lines += self.with_label(make)
        if kinds[1] == "str":
            show = 'for (const auto& e : %s) std::printf("%s e %%d %%s\\n", e.first, e.second.c_str());' % (vec, vec)
        else:
            show = 'for (const Pt& e : %s) std::printf("%s e %%d %%d\\n", e.x, e.y);' % (vec, vec)
        lines += ['std::printf("%s=%%d\\n", %s);' % (acc, acc), show]
        return lines

    # --- arrays ---------------------------------------------------------------

    def s_agg_array(self):
        r = self.r
        k = self.uid()
        n = r.randint(1, 4)
        arr = "ar%d" % k
        lines = []
        c = r.random()
        if c < 0.15:
            word = r.choice(["abc", "xy", "fuzz"])
            nm = "cs%d" % k
            lines.append('char %s[] = "%s";' % (nm, word))
            self.agg_declare(nm, "chars", False)
            lines += self.agg_between()
            self.awaits += 1
            lines += self.s_await() if self.chance(0.5) else ["co_await async::Yield();"]
            lines.append("%s[%d] = 'Z';" % (nm, r.randint(0, len(word) - 1)))
            lines.append('std::printf("%s=%%s %%d\\n", %s, static_cast<int>(sizeof(%s)));' % (
                nm, nm, nm))
            return lines
        if c < 0.3 and not self.f.tmpl:
            # Not in templates: g++ 12 crashes on asyncc's output for a
            # std::string array there (test/fuzz/repro/gcc12-ice-template-class-array.cpp).
            nm = "ss%d" % k
            lines.append("std::string %s[%d] = {%s};" % (
                nm, n, ", ".join(self.str_expr() for _ in range(r.randint(0, n)))))
            self.agg_declare(nm, "strarr", False)
            lines += self.agg_between()
            self.awaits += 1
            i = r.randint(0, n - 1)
            if self.f.tmpl or self.chance(0.5):
                lines.append("co_await Note(%s, static_cast<int>(%s[%d].size()));" % (
                    self.agg_tag("s"), nm, i))
            else:
                lines.append("%s[%d] += co_await Str(%s);" % (nm, i, self.int_expr()))
            lines.append('%s[%d] += "%s";' % (nm, r.randint(0, n - 1), r.choice(["p", "q"])))
            lines.append('std::printf("%s%s\\n", %s);' % (
                nm, " %s" * n, ", ".join("%s[%d].c_str()" % (nm, j) for j in range(n))))
            return lines
        init = ", ".join(self.int_expr() for _ in range(r.randint(0, n)))
        lines.append("int %s[%d] = {%s};" % (arr, n, init))
        self.agg_declare(arr, "arr", False)
        acc = "aa%d" % k
        lines.append("int %s = 0;" % acc)
        self.agg_declare(acc, "int", True)
        lines += self.agg_between()
        for _ in range(r.randint(1, 3)):
            op = r.choice(["index", "index", "range", "rangeref", "ptr", "sumlater", "bump"])
            i = r.randint(0, n - 1)
            if op == "index":
                self.awaits += 1
                j = r.randint(0, n - 1)
                w = r.choice(["echo", "leaf", "from", "any"])
                if w == "echo":
                    e = "co_await Echo(%s, %s[%d])" % (self.agg_tag("x"), arr, j)
                elif w == "leaf":
                    e = "co_await Leaf(%s[%d])" % (arr, j)
                elif w == "from":
                    e = "co_await async::FromResult(%s)" % self.int_expr()
                else:
                    e = "co_await %s" % self.int_awaitable()
                lines.append("%s[%d] %s %s;" % (arr, i, r.choice(["=", "+="]), e))
            elif op in ("range", "rangeref"):
                v = "av%d" % self.uid()
                self.awaits += 1
                if op == "range":
                    head = "for (%s %s : %s) {" % (r.choice(["int", "auto", "const int&"]),
                                                   v, arr)
                    body = ["%s += co_await Echo(%s, %s);" % (acc, self.agg_tag("x"), v)
                            if self.chance(0.6) else
                            "co_await Note(%s, %s);" % (self.agg_tag("x"), v),
                            "%s = Mix(%s, %s);" % (acc, acc, v)]
                else:
                    head = "for (%s %s : %s) {" % (r.choice(["int&", "auto&"]), v, arr)
                    body = [r.choice(["%s += co_await Echo(%s, %s);" % (v, self.agg_tag("x"), v),
                                      "%s = co_await Leaf(%s);" % (v, v),
                                      "%s = co_await async::FromResult(Mix(%s, %s));" % (
                                          v, v, acc)])]
                lines += [head] + ["  " + b for b in body] + ["}"]
            elif op == "ptr":
                lines.append("%s = Mix(%s, SumArr(%s, %d));" % (acc, acc, arr, n))
            elif op == "sumlater":
                self.awaits += 1
                lines.append("%s = co_await SumLater(%s, %d);" % (acc, arr, n))
            else:
                lines.append("BumpArr(%s, %d, %s);" % (arr, n, self.atom()))
        lines += self.agg_between()
        lines.append('std::printf("%s%s n=%%d %s=%%d\\n", %s, static_cast<int>(sizeof(%s) / sizeof(%s[0])), %s);' % (
            arr, " %d" * n, acc, ", ".join("%s[%d]" % (arr, j) for j in range(n)), arr, arr, acc))
        return lines

    def s_agg_cells(self):
        """Arrays of printing objects; their elements die in reverse order."""
        r = self.r
        k = self.uid()
        n = r.randint(1, 3)
        cells = "cl%d" % k
        braced = self.chance(0.6)
        if braced:
            self.scopes.append([])
            self.depth += 1
        lines = ["Cell %s[%d] = {%s};" % (cells, n, ", ".join(
            'Cell("%s_%d", %s)' % (cells, i, self.int_expr()) for i in range(n)))]
        self.agg_declare(cells, "cells", False)
        if self.chance(0.4):
            logs = "lg%d" % k
            m = r.randint(1, 2)
            lines.append("Log %s[%d] = {%s};" % (logs, m, ", ".join(
                'Log("%s_%d")' % (logs, i) for i in range(m))))
            self.agg_declare(logs, "logs", False)
        lines += self.agg_between()
        i = r.randint(0, n - 1)
        self.awaits += 1
        lines.append(r.choice([
            "%s[%d].v = co_await Echo(%s, %s[%d].v);" % (cells, i, self.agg_tag("c"), cells,
                                                        r.randint(0, n - 1)),
            "%s[%d].v += co_await Leaf(%s);" % (cells, i, self.int_expr()),
            "%s[%d].v = co_await async::FromResult(Mix(%s[%d].v, %d));" % (
                cells, i, cells, i, r.randint(0, 9))]))
        if self.chance(0.5):
            c = "ce%d" % self.uid()
            self.awaits += 1
            lines += ["for (Cell& %s : %s) {" % (c, cells),
                      "  %s.v += co_await Echo(%s, %s.v);" % (c, self.agg_tag("c"), c),
                      "}"]
        lines += self.agg_between()
        lines.append('std::printf("%s%s\\n", %s);' % (
            cells, " %s=%d" * n,
            ", ".join("%s[%d].n, %s[%d].v" % (cells, j, cells, j) for j in range(n))))
        if braced:
            self.depth -= 1
            self.scopes.pop()
            return ["{"] + ["  " + l for l in lines] + ["}"]
        return lines

    # --- range-for over a braced list -------------------------------------------

    def s_agg_braced(self):
        r = self.r
        k = self.uid()
        acc, v = "bl%d" % k, "bv%d" % k
        lines = ["int %s = 0;" % acc]
        self.agg_declare(acc, "int", True)
        strs = self.vars("str")
        c = r.random()
        if self.f.tmpl and c < 0.4:
            elems = [self.tvar() if self.chance(0.6) else "T(%s)" % self.int_expr()
                     for _ in range(r.randint(1, 3))]
            decl = r.choice(["T", "const T&", "auto", "const auto&"])
            vk = "t"
            stmt = r.choice(["co_await TEcho(%s);" % v,
                             "%s += co_await Echo(%s, static_cast<int>(%s));" % (
                                 acc, self.agg_tag("l"), v),
                             "co_await Note(%s, static_cast<int>(%s));" % (self.agg_tag("l"), v)])
            show = "static_cast<int>(%s)" % v
        elif strs and c < 0.6:
            s = r.choice(strs).name
            elems = [s, '%s + "%s"' % (s, r.choice(["a", "b"])), 'std::string("w%d")' % k]
            elems = elems[:r.randint(1, 3)]
            decl = r.choice(["const std::string&", "const auto&", "std::string", "auto"])
            vk = "str"
            stmt = "%s += co_await Echo(%s, static_cast<int>(%s.size()));" % (
                acc, self.agg_tag("l"), v)
            show = "%s.size()" % v
            show = "static_cast<int>(%s)" % show
        else:
            elems = [self.int_expr() for _ in range(r.randint(1, 4))]
            decl = r.choice(["int", "auto", "const int&", "const auto&"])
            vk = "int"
            stmt = r.choice(["%s += co_await Echo(%s, %s);" % (acc, self.agg_tag("l"), v),
                             "co_await Note(%s, %s);" % (self.agg_tag("l"), v),
                             "%s = co_await Leaf(Mix(%s, %s));" % (acc, acc, v),
                             "%s += co_await async::FromResult(%s);" % (acc, v)])
            show = v
        self.awaits += 1
        header = "for (%s %s : {%s})" % (decl, v, ", ".join(elems))

        def make():
            def body():
                self.scopes.append([Var(v, vk, False)])
                try:
                    return self.block(self.r.randint(0, 2), header,
                                      pre=[stmt, "%s = Mix(%s, %s);" % (acc, acc, show)])
                finally:
                    self.scopes.pop()
            return self.loop("loop", body)
        lines += self.with_label(make)
        lines.append('std::printf("%s=%%d\\n", %s);' % (acc, acc))
        return lines

    # --- templates --------------------------------------------------------------

    def s_agg_t_array(self):
        """An array of T across co_await."""
        r = self.r
        k = self.uid()
        n = r.randint(1, 3)
        arr = "ta%d" % k
        elems = [self.tvar() if self.chance(0.5) else "T(%s)" % self.int_expr()
                 for _ in range(n)]
        lines = ["T %s[%d] = {%s};" % (arr, n, ", ".join(elems))]
        self.agg_declare(arr, "tarr", False)
        lines += self.agg_between()
        self.awaits += 1
        i = r.randint(0, n - 1)
        lines.append("%s[%d] = co_await TEcho<T>(Mix(static_cast<int>(%s[%d]), %d));" % (
            arr, i, arr, r.randint(0, n - 1), r.randint(0, 9)))
        if self.chance(0.6):
            v = "tav%d" % self.uid()
            self.awaits += 1
            if self.chance(0.5):
                lines += ["for (T& %s : %s) %s = co_await TEcho(%s);" % (v, arr, v, v)]
            else:
                lines += ["for (const T& %s : %s) {" % (v, arr),
                          "  co_await Note(%s, static_cast<int>(%s));" % (self.agg_tag("t"), v),
                          "}"]
        lines += self.agg_between()
        lines.append('std::printf("%s%s\\n", %s);' % (
            arr, " %d" * n, ", ".join("static_cast<int>(%s[%d])" % (arr, j) for j in range(n))))
        return lines

    def s_agg_t_operand(self):
        """An expression await whose earlier operand has type T.  At most one
        loud operand among unsequenced ones: the quiet ones are T values
        made from locals; a loud TLoud stands before a co_await that
        completes at once (FromResult) or before the comma operator."""
        r = self.r
        k = self.uid()
        name = "to%d" % k
        tv = self.tvar()
        tv2 = self.tvar()
        c = r.randint(0, 5)
        self.awaits += 1
        quiet = r.choice(["(%s + T(%d))" % (tv, r.randint(1, 9)),
                          "T(Mix(static_cast<int>(%s), %d))" % (tv, r.randint(0, 9))])
        if c == 0:
            e = "%s + co_await TEcho(%s)" % (quiet, tv2)
        elif c == 1:
            e = "TAdd<T>(%s, co_await TEcho<T>(%s))" % (quiet, self.int_expr())
        elif c == 2:
            e = "(TLoud(%s, %s), co_await TEcho(%s))" % (self.agg_tag("o"), tv, tv2)
        elif c == 3:
            e = "TLoud(%s, %s) + co_await async::FromResult(%s)" % (self.agg_tag("o"), tv, tv2)
        elif c == 4:
            e = "TAdd<T>(TLoud(%s, %s), co_await async::FromResult(%s))" % (
                self.agg_tag("o"), tv, tv2)
        else:
            # (The operand first: declared before, the name could be in it.)
            line = "int %s = static_cast<int>(%s) + co_await Echo(%s, %s);" % (
                name, quiet, self.agg_tag("o"), self.int_expr())
            self.declare(name, "int", True)
            return [line, 'std::printf("%s=%%d\\n", %s);' % (name, name)]
        self.declare(name, "t", True)
        return ["T %s = %s;" % (name, e),
                'std::printf("%s=%%d\\n", static_cast<int>(%s));' % (name, name)]
