"""--features template-forms: the forms ordinary template, lambda and
operator code meets (docs/fuzzing.md), each with its relatives.

s_tform picks one form among those enabled (TF_FORMS; the ones asyncc does
not lower yet, and the variants TF_VARIANTS that hit open bugs, need
--features template-forms-open, see TF_OPEN).  In a
template (function template, Box<T> member, generic lambda) the forms use
the template's T and its T variables; elsewhere a concrete type (int, long
or Num) and its values, so each form is also checked outside templates.

- cond: `T x = c ? co_await TEcho(tv) : co_await TEcho<T>(k);`, one
  awaiting arm, nested conditionals, an assignment, `co_return c ? co_await
  Echo(..) : k;` (the condition is quiet: it is sequenced first).
- fcast: functional casts of an await to a (dependent) type: `T(co_await
  Echo(..))`, `T{co_await ...}`, `static_cast<T>(co_await ...)`, `int(co_await
  TEcho(tv))`, `Two<T>(tv, co_await Echo(..))` (two arguments, the first
  kept across the await).
- constexpr-if: `if constexpr (std::is_same_v<T, Num>) {...} else if
  constexpr (sizeof(T) > sizeof(int)) {...} else {...}` with an await in
  each branch that is ill-formed for the other types (`tv.v` only for Num,
  `tv % 7` not for Num, `Echo(tag, tv + 1)` only for int), then ordinary
  generated statements (awaits, locals across awaits, loops, nested forms)
  in the branches; branches that are single statements, not blocks
  (`if constexpr (...) qK = co_await Echo(tag, tv.v); else qK = ...;`);
  aliases declared in a branch that name the types of what it keeps
  (`using VK = decltype(tv.v); VK qK = co_await ...`, `using WWK = WK;`); a
  constant condition outside templates.
- ret-param: a local generic ASYNC lambda whose return type names its
  parameter (`[](auto value) ASYNC -> async::Task<decltype(value)>`,
  `std::decay_t<decltype(value)>` of a `const auto&`, `decltype(value +
  value)`, a second parameter), awaited with a T variable or a value; the
  namespace-scope relatives TRet (a function template with a trailing return
  type naming its parameter) and GRet (a generic lambda at namespace scope);
  a plain ASYNC lambda inside a generic helper lambda (`[](auto seed) {
  auto step = [](int s, int k) ASYNC ...; return step(...); }`).
- ret-tparam: `template <class R> ASYNC R RetOf(int)` called with R =
  async::Task<int>.
- operators: ASYNC overloaded operators of a class Ops (`operator()`,
  `operator+`, `operator[]` that changes the object, unary `operator-`,
  `operator<<`, `operator==` (a Task<bool>), `operator+=`, a member template
  `operator()(U, U)`, a free `operator*`) and
  of a class template TOps<T> (`operator()(T)`, `operator+(T)`, `operator[]`),
  awaited on locals (`co_await o(k)`, `co_await (o + k)`, `co_await o[k]`,
  `co_await o.operator()(k)`), outside templates also on a temporary.
- braced: a dependent awaitable class built with braces, `co_await
  Later<T>{tv}`, `Later<T>{tv, k}`, its parenthesized relative `Later<T>(tv)`,
  a non-dependent `Later<int>{k}` in a template (Later has a GetAwaiter).
- fwd-ref: forwarding-reference parameters, `template <class A> ... FwdGet(tag,
  A&& a)` (assigns `a` after its await, so an lvalue argument changes the
  caller's variable), FwdPass (std::forward to FwdGet after an await) and
  the generic lambda FwdLam (`auto&& a`), called with lvalues (int and T
  variables) and rvalues (int prvalues, std::move of an int, Num(k) outside
  templates).
- capture-default: ASYNC lambda locals with `[=]`, `[&]`, `[=, &x]`, `[&, x]`
  (mutable, generic, immediately awaited), reading ints, T variables and
  strings they capture implicitly; `[&]` ones assign an int after their
  await; the `[=]` ones are called again after the captured variables
  changed (copies keep the old values).
- for-init: `for (int i = (co_await Echo(..)) % 2; ...)`, `for (co_await
  Note(..); j < K; ++j)`, `for (x = (co_await Leaf(..)) % 2; ...)`, `for (T
  t = co_await TEcho<T>(0); ...)`, `for (T t = T(co_await Echo(..)); ...)`.
- member-template: ASYNC member function templates (Tool::Take<U>,
  Tool::Same<U> out of class, TTool<T>::With<U> called as `tt.template
  With<int>(k)`).
- local-type: a struct declared in the function body (with a T member in a
  template) kept across co_await.

The helpers live in TF_PRELUDE pieces, one per form, added only when the
form is enabled, so a form the tool cannot lower leaves the others'
programs compiling.
"""

from .model import Var

# Every form; True: generated only inside templates.
TF_FORMS = ("cond", "fcast", "constexpr-if", "ret-param", "ret-tparam", "operators",
            "braced", "fwd-ref", "capture-default", "for-init", "member-template",
            "local-type")

# Variants of a form, enabled like forms but never drawn on their own:
# capture-default-auto, the capture-default form inside a generic lambda
# (capturing its `auto` parameter); local-type-method, a member function in
# the local struct of local-type; local-type-alias, local-type inside a
# generic lambda (a member of the type `T`, the lambda's local alias);
# async-lambda-temporary, the capture-default lambda awaited at once as a
# temporary (`co_await [&](int kv) ASYNC -> ... {...}(k)`) in a template.
TF_VARIANTS = ("capture-default-auto", "local-type-method", "local-type-alias",
               "async-lambda-temporary")

# Forms asyncc does not lower yet: generated only with template-forms-open
# (docs/fuzzing.md, "Template forms").  None today: constexpr-if with awaits
# in its branches in a template was refused until the branches got dispatch
# switches and type-erased slots (docs/lowering/08-templates.md section 21,
# test/run/template-constexpr-if-awaits.cpp).  The variants that once hit
# bugs (capture-default-auto, local-type-alias, async-lambda-temporary) lower
# now: test/run/template-closure-forms.cpp.
TF_OPEN = frozenset()


def tf_enabled(features):
    """The forms the features enable, in TF_FORMS order."""
    if "template-forms" not in features and "template-forms-open" not in features:
        return ()
    if "template-forms-open" in features:
        return TF_FORMS + TF_VARIANTS
    return tuple(f for f in TF_FORMS + TF_VARIANTS if f not in TF_OPEN)


TF_PRELUDE = {
    "common": r"""
#include <type_traits>

// A class template built from a T and an int (--features template-forms).
template <class T>
struct Two {
  T a;
  int b;
  Two(T x, int y) : a(x), b(y) {}
  int Sum() const { return Mix(static_cast<int>(a), b); }
};
""",
    "ret-param": r"""
// A trailing return type that names a parameter (--features template-forms).
template <class U>
ASYNC auto TRet(const char* tag, U value) -> async::Task<decltype(value)> {
  std::printf("%s tret %d\n", tag, static_cast<int>(value));
  co_await async::Yield();
  co_return decltype(value)(Mix(static_cast<int>(value), 12));
}

[[maybe_unused]] auto GRet = [](const char* tag, auto value) ASYNC -> async::Task<decltype(value)> {
  std::printf("%s gret %d\n", tag, static_cast<int>(value));
  co_await async::Yield();
  co_return decltype(value)(Mix(static_cast<int>(value), 13));
};
""",
    "ret-tparam": r"""
// The return type is the template parameter (called with async::Task<int>).
template <class R>
ASYNC R RetOf(const char* tag, int v) {
  std::printf("%s retof %d\n", tag, v);
  co_await async::Yield();
  co_return Mix(v, 14);
}
""",
    "operators": r"""
// ASYNC overloaded operators (--features template-forms).
class Ops {
 public:
  explicit Ops(int k) : k_(k) {}
  int K() const { return k_; }
  ASYNC async::Task<int> operator()(int v) const {
    std::printf("ops() %d %d\n", k_, v);
    co_await async::Yield();
    co_return Mix(k_, v);
  }
  ASYNC async::Task<int> operator+(int v) const;
  ASYNC async::Task<int> operator[](int i);
  ASYNC async::Task<int> operator-() const;
  ASYNC async::Task<> operator<<(int v);
  ASYNC async::Task<bool> operator==(int v) const;
  ASYNC async::Task<int> operator+=(int v);
  template <class U>
  ASYNC async::Task<U> operator()(U a, U b) const {
    std::printf("ops(U,U) %d %d\n", static_cast<int>(a), static_cast<int>(b));
    co_await async::Yield();
    co_return U(Mix(static_cast<int>(a), static_cast<int>(b)));
  }

 private:
  int k_;
};

ASYNC async::Task<int> Ops::operator+(int v) const {
  std::printf("ops+ %d %d\n", k_, v);
  co_await async::Yield();
  co_return Mix(k_, v + 1);
}

// Changes the object after its await: the machine reaches it through this.
ASYNC async::Task<int> Ops::operator[](int i) {
  std::printf("ops[] %d %d\n", k_, i);
  co_await async::Yield();
  k_ = Mix(k_, i);
  co_return k_;
}

ASYNC async::Task<int> Ops::operator-() const {
  co_await async::Yield();
  co_return Mix(k_, 2);
}

ASYNC async::Task<> Ops::operator<<(int v) {
  std::printf("ops<< %d %d\n", k_, v);
  co_await async::Yield();
  k_ = Mix(k_, v);
}

ASYNC async::Task<bool> Ops::operator==(int v) const {
  co_await async::Yield();
  co_return k_ % 3 == v % 3;
}

ASYNC async::Task<int> Ops::operator+=(int v) {
  co_await async::Yield();
  k_ = Mix(k_, v + 4);
  co_return k_;
}

ASYNC async::Task<int> operator*(const Ops& o, int v) {
  std::printf("ops* %d %d\n", o.K(), v);
  co_await async::Yield();
  co_return Mix(o.K(), v + 2);
}

template <class T>
class TOps {
 public:
  explicit TOps(T base) : base_(base) {}
  ASYNC async::Task<T> operator()(T v) const {
    std::printf("tops() %d %d\n", static_cast<int>(base_), static_cast<int>(v));
    co_await async::Yield();
    co_return T(Mix(static_cast<int>(base_), static_cast<int>(v)));
  }
  ASYNC async::Task<T> operator+(T v) const;
  ASYNC async::Task<int> operator[](int i) const {
    co_await async::Yield();
    co_return Mix(static_cast<int>(base_), i);
  }

 private:
  T base_;
};

template <class T>
ASYNC async::Task<T> TOps<T>::operator+(T v) const {
  std::printf("tops+ %d\n", static_cast<int>(v));
  co_await async::Yield();
  co_return T(Mix(static_cast<int>(base_), static_cast<int>(v) + 3));
}
""",
    "braced": r"""
// An awaitable class template (C#'s GetAwaiter pattern), built with braces.
template <class T>
struct Later {
  T v;
  int k;
  explicit Later(T x, int y = 0) : v(x), k(y) {}
  auto GetAwaiter() const {
    std::printf("later %d %d\n", static_cast<int>(v), k);
    return TEcho(T(Mix(static_cast<int>(v), k))).GetAwaiter();
  }
};
""",
    "fwd-ref": r"""
// Forwarding-reference parameters: an lvalue argument is the caller's
// variable, which the assignment after the await changes.
template <class A>
ASYNC async::Task<int> FwdGet(const char* tag, A&& a) {
  std::printf("%s fwd %d %s\n", tag, static_cast<int>(a),
              std::is_lvalue_reference<A>::value ? "lvalue" : "rvalue");
  co_await async::Yield();
  a = std::decay_t<A>(Mix(static_cast<int>(a), 2));
  co_return static_cast<int>(a);
}

template <class A>
ASYNC async::Task<int> FwdPass(const char* tag, A&& a) {
  co_await async::Yield();
  int r = co_await FwdGet(tag, std::forward<A>(a));
  co_return Mix(r, 1);
}

[[maybe_unused]] auto FwdLam = [](const char* tag, auto&& a) ASYNC -> async::Task<int> {
  std::printf("%s fwdlam %d\n", tag, static_cast<int>(a));
  co_await async::Yield();
  a = std::decay_t<decltype(a)>(Mix(static_cast<int>(a), 3));
  co_return static_cast<int>(a);
};
""",
    "member-template": r"""
// ASYNC member function templates (--features template-forms).
struct Tool {
  int k;
  template <class U>
  ASYNC async::Task<int> Take(U v) const {
    std::printf("take %d %d\n", static_cast<int>(v), k);
    co_await async::Yield();
    co_return Mix(static_cast<int>(v), k);
  }
  template <class U>
  ASYNC async::Task<U> Same(U v) const;
};

template <class U>
ASYNC async::Task<U> Tool::Same(U v) const {
  co_await async::Yield();
  co_return U(Mix(static_cast<int>(v), k + 1));
}

template <class T>
struct TTool {
  T base;
  template <class U>
  ASYNC async::Task<int> With(U u) const {
    std::printf("with %d %d\n", static_cast<int>(base), static_cast<int>(u));
    co_await async::Yield();
    co_return Mix(static_cast<int>(base), static_cast<int>(u));
  }
};
""",
}


def tf_prelude(features):
    forms = tf_enabled(features)
    if not forms:
        return ""
    text = TF_PRELUDE["common"]
    for f in forms:
        text += TF_PRELUDE.get(f, "")
    return text


class TemplateFormMixin:
    # --- helpers ---------------------------------------------------------------

    def tf_forms(self):
        enabled = tf_enabled(self.features)
        forms = [f for f in enabled if f in TF_FORMS]
        if self.f.kind == "lambda" and "capture-default-auto" not in enabled:
            forms = [f for f in forms if f != "capture-default"]
        if self.f.kind == "lambda" and "local-type-alias" not in enabled:
            forms = [f for f in forms if f != "local-type"]
        if self.depth >= 4 or self.loop_depth >= 2:
            forms = [f for f in forms if f not in ("constexpr-if", "for-init")]
        return forms

    def tf_type(self):
        """The type the form works with: T in a template, else a concrete one."""
        if self.f.tmpl:
            return "T"
        return self.r.choice(["int", "long", "Num"])

    def tf_val(self, ty):
        """A quiet value of type ty: a T variable's name in a template (asyncc
        takes only names of a dependent type as awaited arguments there)."""
        if ty == "T":
            return self.tvar()
        return "%s(%s)" % (ty, self.int_expr())

    def tf_assignable_t(self):
        return [v for v in self.vars("t", assignable=True) if v.name != "base_"]

    def tf_show(self, name, ty):
        if ty == "int":
            return 'std::printf("%s=%%d\\n", %s);' % (name, name)
        return 'std::printf("%s=%%d\\n", static_cast<int>(%s));' % (name, name)

    def tf_lvalues(self):
        """Variables that may be passed by (non-const) reference: assignable
        ints that no callee changes, and T variables in a template."""
        out = [v for v in self.vars("int", assignable=True)
               if v.name != "total_" and not v.volatile and not v.binding]
        if self.f.tmpl:
            out += self.tf_assignable_t()
        return out

    def s_tform(self):
        form = self.r.choice(self.tf_forms())
        self.awaits += 1
        return getattr(self, "tf_" + form.replace("-", "_"))()

    # --- conditionals with awaiting arms ---------------------------------------

    def tf_cond(self):
        r = self.r
        ty = self.tf_type()
        k = self.uid()
        x = "tc%d" % k
        c = self.cond()
        aw1 = "co_await TEcho(%s)" % self.tf_val(ty)
        aw2 = "co_await TEcho<%s>(%s)" % (ty, self.int_expr())
        form = r.randint(0, 6)
        if form == 0:
            line = "%s %s = (%s) ? %s : %s;" % (ty, x, c, aw1, aw2)
        elif form == 1:
            line = "%s %s = (%s) ? %s : %s;" % (ty, x, c, aw1, self.tf_val(ty))
        elif form == 2:
            line = "%s %s = (%s) ? %s : %s;" % (ty, x, c, self.tf_val(ty), aw2)
        elif form == 3:
            ty = "int"
            line = "int %s = (%s) ? co_await Echo(%s, %s) : static_cast<int>(%s);" % (
                x, c, self.tag("cq"), self.int_expr(), aw1)
        elif form == 4:
            c2 = self.cond()
            line = "%s %s = (%s) ? ((%s) ? %s : %s) : %s;" % (ty, x, c, c2, aw1,
                                                            self.tf_val(ty), aw2)
        elif form == 5 and self.tf_assignable_t():
            t = r.choice(self.tf_assignable_t()).name
            return ["%s = (%s) ? %s : %s + T(1);" % (t, c, aw1, t), self.tf_show(t, "T")]
        elif form == 6 and self.f.ret == "int" and not self.f.iter:
            return ["if (%s) co_return (%s) ? co_await Echo(%s, %s) : %s;" % (
                self.cond(), c, self.tag("cr"), self.int_expr(), self.int_expr())]
        else:
            line = "const %s %s = (%s) ? %s : %s;" % (ty, x, c, aw2, aw1)
            self.declare(x, "t" if ty == "T" else "tfo", False)
            return [line, self.tf_show(x, ty)]
        self.declare(x, "t" if ty == "T" else ("int" if ty == "int" else "tfo"), True)
        return [line, self.tf_show(x, ty)]

    # --- functional casts --------------------------------------------------------

    def tf_fcast(self):
        r = self.r
        ty = self.tf_type()
        k = self.uid()
        x = "tf%d" % k
        e = "co_await Echo(%s, %s)" % (self.tag("fc"), self.int_expr())
        form = r.randint(0, 7)
        kind = "t" if ty == "T" else ("int" if ty == "int" else "tfo")
        if form == 0:
            line = "%s %s = %s(%s);" % (ty, x, ty, e)
        elif form == 1:
            line = "%s %s = %s{%s};" % (ty, x, ty, e)
        elif form == 2:
            line = "%s %s = static_cast<%s>(co_await Leaf(%s));" % (ty, x, ty, self.int_expr())
        elif form == 3:
            kind, ty = "int", "int"
            line = "int %s = int(co_await TEcho(%s));" % (x, self.tf_val(self.tf_type()))
        elif form == 4:
            line = "%s %s = %s(%s) + %s(%d);" % (ty, x, ty, e, ty, r.randint(1, 9))
        elif form == 5:
            line = "Two<%s> %s = Two<%s>(%s, %s);" % (ty, x, ty, self.tf_val(ty), e)
            return [line, 'std::printf("%s=%%d\\n", %s.Sum());' % (x, x)]
        elif form == 6 and self.tf_assignable_t():
            t = r.choice(self.tf_assignable_t()).name
            return ["%s = T(co_await Echo(%s, static_cast<int>(%s)));" % (t, self.tag("fc"), t),
                    self.tf_show(t, "T")]
        else:
            kind, ty = "int", "int"
            line = "int %s = static_cast<int>(%s(%s)) + %d;" % (x, self.tf_type(), e,
                                                                r.randint(1, 9))
        self.declare(x, kind, True)
        return [line, self.tf_show(x, ty)]

    # --- if constexpr ------------------------------------------------------------

    def tf_constexpr_if(self):
        r = self.r
        k = self.uid()
        tag = self.tag("cx")

        def br(pre_lines):
            return pre_lines + ['std::printf("cx%d %%d\\n", q%d);' % (k, k)]

        def make():
            if not self.f.tmpl:
                c = r.choice(["sizeof(long) > sizeof(int)", "sizeof(int) == 1",
                              "std::is_same_v<int, long>", "true"])
                pre = ["int q%d = co_await Echo(%s, %s);" % (k, tag, self.int_expr())]
                lines = self.block(r.randint(1, 3), "if constexpr (%s)" % c, pre=br(pre))
                if self.chance(0.6):
                    pre = ["int q%d = co_await Leaf(%s);" % (k, self.int_expr())]
                    els = self.block(r.randint(1, 3), "else", pre=br(pre))
                    lines[-1] = "} " + els[0]
                    lines += els[1:]
                return lines
            tv = self.tvar()
            num = ["int q%d = co_await Echo(%s, %s.v);" % (k, tag, tv)]
            lng = ["T w%d = co_await TEcho(%s);" % (k, tv),
                   "int q%d = static_cast<int>(w%d %% 7);" % (k, k)]
            if self.chance(0.5):
                # Aliases declared in the branch, valid only where it is
                # taken, naming the types of what it keeps across co_await.
                num = ["using V%d = decltype(%s.v);" % (k, tv),
                       "V%d q%d = co_await Echo(%s, %s.v);" % (k, k, tag, tv)]
                lng = ["using W%d = T;" % k, "using WW%d = W%d;" % (k, k),
                       "WW%d w%d = co_await TEcho(%s);" % (k, k, tv),
                       "int q%d = static_cast<int>(w%d %% 7);" % (k, k)]
            intb = ["int q%d = co_await Echo(%s, %s + 1);" % (k, tag, tv)]
            gen = ["int q%d = static_cast<int>(co_await TEcho(%s));" % (k, tv)]
            shape = r.randint(0, 4)
            if shape == 4:
                # Single-statement branches, then the value.
                q = "q%d" % k
                return ["int %s = 0;" % q,
                        "if constexpr (std::is_same_v<T, Num>)",
                        "  %s = co_await Echo(%s, %s.v);" % (q, tag, tv),
                        "else if constexpr (sizeof(T) > sizeof(int))",
                        "  %s = static_cast<int>(co_await TEcho(%s)) %% 7;" % (q, tv),
                        "else",
                        "  %s += co_await Echo(%s, %s + 1);" % (q, tag, tv),
                        'std::printf("cx%d %%d\\n", %s);' % (k, q)]
            if shape == 0:
                arms = [("if constexpr (std::is_same_v<T, Num>)", num),
                        ("else if constexpr (sizeof(T) > sizeof(int))", lng),
                        ("else", intb)]
            elif shape == 1:
                arms = [("if constexpr (std::is_same_v<T, int>)", intb),
                        ("else", gen)]
            elif shape == 2:
                arms = [("if constexpr (!std::is_same_v<T, Num>)",
                         ["int q%d = co_await Echo(%s, static_cast<int>(%s %% 5));" % (
                             k, tag, tv)])]
            else:
                arms = [("if constexpr (std::is_same_v<T, long>)", lng),
                        ("else if constexpr (std::is_same_v<T, Num>)",
                         ["std::string s%d = co_await Str(%s.v);" % (k, tv),
                          "int q%d = static_cast<int>(s%d.size());" % (k, k)]),
                        ("else", gen)]
            lines = []
            # No goto to a label outside: in a discarded branch it is not
            # instantiated, and the label would be unused (-Werror).
            saved, self.labels = self.labels, []
            try:
                parts = [self.block(r.randint(0, 3), head, pre=br(pre)) for head, pre in arms]
            finally:
                self.labels = saved
            for part in parts:
                if lines:
                    lines[-1] = "} " + part[0]
                    lines += part[1:]
                else:
                    lines = part
            return lines
        return self.with_label(make)

    # --- return types naming a parameter ---------------------------------------

    def tf_ret_param(self):
        r = self.r
        k = self.uid()
        ty = self.tf_type()
        g = "gq%d" % k
        res = "rq%d" % k
        form = r.randint(0, 6)
        if form == 6:
            # A plain ASYNC lambda inside a generic helper lambda: in a
            # template its machine is a local class in a generic lambda.
            h = "hq%d" % k
            kk = r.randint(1, 9)
            lines = ["auto %s = [](auto seed) {" % h,
                     "  auto step = [](int s, int k) ASYNC -> async::Task<int> {",
                     '    std::printf("%s got %%d\\n", s);' % h,
                     "    co_await async::Yield();",
                     "    co_return Mix(s, k);",
                     "  };",
                     "  return step(static_cast<int>(seed), %d);" % kk,
                     "};",
                     "int %s = co_await %s(%s);" % (res, h, self.tf_val(ty)),
                     self.tf_show(res, "int")]
            self.declare(h, "closure", False)
            self.declare(res, "int", True)
            return lines
        if form >= 4:
            fn = "TRet" if form == 4 else "GRet"
            line = "%s %s = co_await %s(%s, %s);" % (ty, res, fn, self.tag("rp"),
                                                     self.tf_val(ty))
            self.declare(res, "t" if ty == "T" else ("int" if ty == "int" else "tfo"), True)
            return [line, self.tf_show(res, ty)]
        kk = r.randint(1, 9)
        if form == 0:
            head = "[](auto value) ASYNC -> async::Task<decltype(value)>"
            ret = "decltype(value)(Mix(static_cast<int>(value), %d))" % kk
            args = self.tf_val(ty)
        elif form == 1:
            head = "[](const auto& value) ASYNC -> async::Task<std::decay_t<decltype(value)>>"
            ret = "std::decay_t<decltype(value)>(Mix(static_cast<int>(value), %d))" % kk
            args = self.tf_val(ty)
        elif form == 2:
            head = "[](auto value) ASYNC -> async::Task<decltype(value + value)>"
            ret = "decltype(value + value)(Mix(static_cast<int>(value), %d))" % kk
            args = self.tf_val(ty)
        else:
            head = "[](auto value, int k) ASYNC -> async::Task<decltype(value)>"
            ret = "decltype(value)(Mix(static_cast<int>(value), k))"
            args = "%s, %s" % (self.tf_val(ty), self.int_expr())
        lines = ["auto %s = %s {" % (g, head),
                 '  std::printf("%s got %%d\\n", static_cast<int>(value));' % g,
                 "  co_await async::Yield();",
                 "  co_return %s;" % ret,
                 "};"]
        self.declare(g, "closure", False)
        lines.append("%s %s = co_await %s(%s);" % (ty, res, g, args))
        lines.append(self.tf_show(res, ty))
        if self.chance(0.4):
            res2 = "rq%d" % self.uid()
            more = (", %s" % self.int_expr()) if form == 3 else ""
            lines.append("int %s = static_cast<int>(co_await %s(%s%s));" % (
                res2, g, self.int_expr(), more))
            lines.append(self.tf_show(res2, "int"))
            self.declare(res2, "int", True)
        self.declare(res, "t" if ty == "T" else ("int" if ty == "int" else "tfo"), True)
        return lines

    def tf_ret_tparam(self):
        res = "ro%d" % self.uid()
        line = "int %s = co_await RetOf<async::Task<int>>(%s, %s);" % (
            res, self.tag("ro"), self.int_expr())
        self.declare(res, "int", True)
        return [line, self.tf_show(res, "int")]

    # --- overloaded operators ---------------------------------------------------

    def tf_operators(self):
        r = self.r
        k = self.uid()
        res = "ro%d" % k
        if self.f.tmpl and self.chance(0.5):
            o = "to%d" % k
            lines = ["TOps<T> %s(%s);" % (o, self.tvar())]
            form = r.randint(0, 3)
            if form == 0:
                lines.append("T %s = co_await %s(%s);" % (res, o, self.tvar()))
                ty = "T"
            elif form == 1:
                lines.append("T %s = co_await (%s + %s);" % (res, o, self.tvar()))
                ty = "T"
            elif form == 2:
                lines.append("int %s = co_await %s[%s];" % (res, o, self.int_expr()))
                ty = "int"
            else:
                lines.append("T %s = co_await %s.operator()(%s);" % (res, o, self.tvar()))
                ty = "T"
            self.declare(o, "tfobj", False)
            self.declare(res, "t" if ty == "T" else "int", True)
            return lines + [self.tf_show(res, ty)]
        o = "op%d" % k
        lines = ["Ops %s(%s);" % (o, self.int_expr())]
        self.declare(o, "tfobj", False)
        forms = ["call", "plus", "index", "neg", "shift", "explicit", "times", "tmpl", "eq",
                 "plus_assign"]
        if not self.f.tmpl:
            forms.append("temp")
        form = r.choice(forms)
        ty = "int"
        if form == "call":
            e = "%s(%s)" % (o, self.int_expr())
        elif form == "plus":
            e = "(%s + (%s))" % (o, self.int_expr())
        elif form == "index":
            e = "%s[%s]" % (o, self.int_expr())
        elif form == "neg":
            e = "-%s" % o
        elif form == "explicit":
            e = "%s.operator()(%s)" % (o, self.int_expr())
        elif form == "times":
            e = "(%s * (%s))" % (o, self.int_expr())
        elif form == "eq":
            e = "(%s == (%s))" % (o, self.int_expr())
            self.declare(res, "int", True)
            return lines + ["int %s = (co_await %s) ? 1 : 0;" % (res, e),
                            self.tf_show(res, "int")]
        elif form == "plus_assign":
            e = "(%s += (%s))" % (o, self.int_expr())
        elif form == "temp":
            e = "Ops(%s)(%s)" % (self.int_expr(), self.int_expr())
        elif form == "tmpl":
            ty = self.tf_type()
            e = "%s(%s, %s)" % (o, self.tf_val(ty), self.tf_val(ty))
        else:
            return lines + ["co_await (%s << (%s));" % (o, self.int_expr()),
                            'std::printf("%s=%%d\\n", %s.K());' % (o, o)]
        self.declare(res, "t" if ty == "T" else ("int" if ty == "int" else "tfo"), True)
        return lines + ["%s %s = co_await %s;" % (ty, res, e), self.tf_show(res, ty),
                        'std::printf("%s=%%d\\n", %s.K());' % (o, o)]

    # --- braced dependent operands ----------------------------------------------

    def tf_braced(self):
        r = self.r
        ty = self.tf_type()
        res = "rb%d" % self.uid()
        form = r.randint(0, 4)
        if form == 0:
            e = "Later<%s>{%s}" % (ty, self.tf_val(ty))
        elif form == 1:
            e = "Later<%s>{%s, %s}" % (ty, self.tf_val(ty), self.int_expr())
        elif form == 2:
            e = "Later<%s>(%s)" % (ty, self.tf_val(ty))
        elif form == 3:
            ty = "int"
            e = "Later<int>{%s}" % self.int_expr()
        else:
            line = "int %s = static_cast<int>(co_await Later<%s>{%s}) + %s;" % (
                res, ty, self.tf_val(ty), self.int_expr())
            self.declare(res, "int", True)
            return [line, self.tf_show(res, "int")]
        self.declare(res, "t" if ty == "T" else ("int" if ty == "int" else "tfo"), True)
        return ["%s %s = co_await %s;" % (ty, res, e), self.tf_show(res, ty)]

    # --- forwarding references ----------------------------------------------------

    def tf_fwd_ref(self):
        r = self.r
        res = "rf%d" % self.uid()
        fn = r.choice(["FwdGet", "FwdGet", "FwdPass", "FwdLam"])
        lv = self.tf_lvalues()
        lines = []
        shown = None
        if lv and self.chance(0.6):
            v = r.choice(lv)
            arg = v.name
            shown = v
        else:
            opts = ["%s + 1" % self.int_expr(), "std::move(%s)"]
            if not self.f.tmpl:
                opts.append("Num(%s)" % self.int_expr())
            arg = r.choice(opts)
            if arg.startswith("std::move"):
                tmp = "mv%d" % self.uid()
                lines.append("int %s = %s;" % (tmp, self.int_expr()))
                self.declare(tmp, "int", False)
                arg = arg % tmp
        lines.append("int %s = co_await %s(%s, %s);" % (res, fn, self.tag("fw"), arg))
        self.declare(res, "int", True)
        lines.append(self.tf_show(res, "int"))
        if shown is not None:
            lines.append(self.tf_show(shown.name, "T" if shown.kind == "t" else "int"))
        return lines

    # --- ASYNC lambdas with capture defaults ---------------------------------------

    def tf_capture_default(self):
        r = self.r
        k = self.uid()
        h = "hd%d" % k
        lines = []
        ints = [v for v in self.vars("int", assignable=True)
                if v.name != "total_" and not v.volatile and not v.binding]
        tvs = self.tf_assignable_t() if self.f.tmpl else []
        strs = [v for v in self.vars("str") if not v.binding]
        if not ints:
            name = "cd%d" % self.uid()
            lines.append("int %s = %s;" % (name, self.int_expr()))
            self.declare(name, "int", True)
            ints = [self.scopes[-1][-1]]
        x = r.choice(ints)
        reads = [x.name]
        if tvs and self.chance(0.7):
            reads.append("static_cast<int>(%s)" % r.choice(tvs).name)
        if strs and self.chance(0.4):
            reads.append("static_cast<int>(%s.size())" % r.choice(strs).name)
        if self.f.kind == "box" and self.chance(0.3):
            box_read = True
        else:
            box_read = False
        cap = r.choice(["=", "=", "&", "&", "=, &x", "&, x"])
        by_ref_x = cap in ("&", "=, &x")
        cap = cap.replace("x", x.name)
        if box_read and cap.startswith("&"):
            reads.append("static_cast<int>(base_)")
        ret = reads[0]
        for e in reads[1:]:
            ret = "Mix(%s, %s)" % (ret, e)
        generic = self.chance(0.3)
        params = "(auto kv)" if generic else "(int kv)"
        mutable = (not by_ref_x) and self.chance(0.3)
        body = ['  std::printf("%s in %%d\\n", %s);' % (h, ret),
                "  co_await async::Yield();"]
        if by_ref_x:
            body.append("  %s = Mix(%s, static_cast<int>(kv));" % (x.name, x.name))
        elif mutable:
            body.append("  %s = Mix(%s, static_cast<int>(kv));" % (x.name, x.name))
        body.append("  co_return Mix(%s, static_cast<int>(kv));" % ret)
        head = "[%s]%s ASYNC%s -> async::Task<int>" % (cap, params, " mutable" if mutable else "")
        res = "rd%d" % k
        arg = self.int_expr() if not generic or self.chance(0.5) else "long(%s)" % self.int_expr()
        if self.chance(0.2) and (not self.f.tmpl or
                                 "async-lambda-temporary" in tf_enabled(self.features)):
            # Awaited at once: the closure is a temporary of the full-expression.
            lines += ["int %s = co_await %s {" % (res, head)] + body + ["}(%s);" % arg]
            lines.append(self.tf_show(res, "int"))
            lines.append(self.tf_show(x.name, "int"))
            self.declare(res, "int", True)
            return lines
        lines += ["auto %s = %s {" % (h, head)] + body + ["};"]
        self.declare(h, "closure", False)
        lines.append("int %s = co_await %s(%s);" % (res, h, arg))
        lines.append(self.tf_show(res, "int"))
        lines.append(self.tf_show(x.name, "int"))
        self.declare(res, "int", True)
        if self.chance(0.5):
            # Change what it captured, then call it again.
            lines.append("%s = Mix(%s, %d);" % (x.name, x.name, r.randint(1, 9)))
            res2 = "rd%d" % self.uid()
            lines.append("int %s = co_await %s(%s);" % (res2, h, self.int_expr()))
            lines.append(self.tf_show(res2, "int"))
            self.declare(res2, "int", True)
        return lines

    # --- for loops whose init-statement awaits ------------------------------------

    def tf_for_init(self):
        r = self.r
        k = self.uid()
        i = "fi%d" % k
        bound = r.randint(1, 3)
        tag = self.tag("fi")
        form = r.randint(0, 4)
        if form == 3 and not self.f.tmpl:
            form = 0
        pre = []
        if form == 0:
            head = "for (int %s = (co_await Echo(%s, %s)) %% 2; %s < %d; ++%s)" % (
                i, tag, self.int_expr(), i, bound, i)
            loopvar = Var(i, "int", False)
        elif form == 1:
            pre = ["int %s = 0;" % i]
            self.declare(i, "int", False)
            head = "for (co_await Note(%s, %s); %s < %d; ++%s)" % (tag, self.int_expr(), i,
                                                                 bound, i)
            loopvar = None
        elif form == 2:
            pre = ["int %s = 0;" % i]
            self.declare(i, "int", False)
            head = "for (%s = (co_await Leaf(%s)) %% 2; %s < %d; ++%s)" % (
                i, self.int_expr(), i, bound, i)
            loopvar = None
        elif form == 3:
            head = ("for (T %s = co_await TEcho<T>(0); static_cast<int>(%s) < %d; "
                    "%s = T(static_cast<int>(%s) + 1))" % (i, i, bound, i, i))
            loopvar = Var(i, "t", False)
        else:
            ty = self.tf_type()
            head = ("for (%s %s = %s((co_await Echo(%s, %s)) %% 2); static_cast<int>(%s) < %d; "
                    "%s = %s(static_cast<int>(%s) + 1))" % (ty, i, ty, tag, self.int_expr(), i,
                                                           bound, i, ty, i))
            loopvar = Var(i, "t" if ty == "T" else "tfo", False)

        def make():
            def body():
                self.scopes.append([loopvar] if loopvar else [])
                try:
                    return self.block(r.randint(1, 3), head)
                finally:
                    self.scopes.pop()
            return pre + self.loop("loop", body)
        return self.with_label(make)

    # --- member function templates ----------------------------------------------

    def tf_member_template(self):
        r = self.r
        k = self.uid()
        res = "rm%d" % k
        ty = self.tf_type()
        if self.f.tmpl and self.chance(0.5):
            o = "tt%d" % k
            lines = ["TTool<T> %s{%s};" % (o, self.tvar())]
            call = r.choice(["%s.template With<int>(%s)" % (o, self.int_expr()),
                             "%s.With(%s)" % (o, self.tvar())])
            self.declare(o, "tfobj", False)
            self.declare(res, "int", True)
            return lines + ["int %s = co_await %s;" % (res, call), self.tf_show(res, "int")]
        o = "tl%d" % k
        lines = ["Tool %s{%s};" % (o, self.int_expr())]
        self.declare(o, "tfobj", False)
        form = r.randint(0, 2)
        if form == 0:
            lines.append("int %s = co_await %s.Take(%s);" % (res, o, self.tf_val(ty)))
            ty = "int"
        elif form == 1:
            lines.append("int %s = co_await %s.Take<long>(%s);" % (res, o, self.int_expr()))
            ty = "int"
        else:
            lines.append("%s %s = co_await %s.Same(%s);" % (ty, res, o, self.tf_val(ty)))
        self.declare(res, "t" if ty == "T" else ("int" if ty == "int" else "tfo"), True)
        return lines + [self.tf_show(res, ty)]

    # --- a type declared in the function ------------------------------------------

    def tf_local_type(self):
        k = self.uid()
        st = "Lt%d" % k
        o = "lt%d" % k
        method = "local-type-method" in tf_enabled(self.features) and self.chance(0.5)
        if self.f.tmpl:
            lines = ["struct %s {" % st, "  T a;", "  int b;"]
            if method:
                lines.append("  int Sum() const { return Mix(static_cast<int>(a), b); }")
            lines += ["};", "%s %s{%s, %s};" % (st, o, self.tvar(), self.int_expr())]
        else:
            lines = ["struct %s {" % st, "  int a;", "  int b;"]
            if method:
                lines.append("  int Sum() const { return Mix(a, b); }")
            lines += ["};", "%s %s{%s, %s};" % (st, o, self.int_expr(), self.int_expr())]
        self.declare(o, "tfobj", False)
        lines.append("%s.b = co_await Echo(%s, %s.b);" % (o, self.tag("lt"), o))
        if method:
            lines.append('std::printf("%s=%%d\\n", %s.Sum());' % (o, o))
        else:
            lines.append('std::printf("%s=%%d\\n", Mix(static_cast<int>(%s.a), %s.b));' % (
                o, o, o))
        return lines
