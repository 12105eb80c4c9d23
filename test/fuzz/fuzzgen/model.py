"""Variables, parameters and functions of a generated program."""

class Var:
    def __init__(self, name, kind, assignable=False):
        self.name = name
        self.kind = kind  # int, str, log, vec, acc
        self.assignable = assignable
        # A reference to a data member: callees can change it (expression
        # awaits never read it next to a call).
        self.volatile = False
        # --features aggregates: a name a structured binding introduces
        # (asyncc refuses a lambda capturing it).
        self.binding = False


class Param:
    def __init__(self, name, kind):
        self.name = name
        # int, cint_ref, str, cstr_ref, log_ref, vec_ref; with --features
        # templates also t (`T x`, `auto x` in a generic lambda) and tref
        # (`const T& x`)
        self.kind = kind

    def decl(self, lam=False):
        if lam and self.kind == "t":
            return "auto %s" % self.name
        return {
            "t": "T %s",
            "tref": "const T& %s",
            "int": "int %s",
            "cint_ref": "const int& %s",
            "str": "std::string %s",
            "cstr_ref": "const std::string& %s",
            "log_ref": "const Log& %s",
            "vec_ref": "const std::vector<int>& %s",
        }[self.kind] % self.name

    def by_value(self):
        return self.kind in ("int", "str", "t")


class Func:
    def __init__(self, index, name, kind, ret, params, inline):
        self.index = index
        self.name = name      # F3, M4, S5
        self.kind = kind      # free, member, const_member, static_member
        self.ret = ret        # int, void
        self.params = params
        self.inline = inline  # member defined in the class body
        # --features templates: a function template (kind free), a member of
        # the class template Box (kind box) or a generic lambda (kind lambda),
        # with a parameter `T pt` (`auto pt`).
        self.tmpl = False
        # --features iterators: async::AsyncEnumerable<int> (<T> in a
        # template) with co_yield; ret is "void" (co_return; ends it).
        self.iter = False
        # --features packs: a trailing function parameter pack, "val"
        # (`Ts... xs`, `auto... xs` in a generic lambda) or "cref"
        # (`const Ts&... xs`, `const auto&... xs`); only on templates.
        self.pack = None

    def pack_decl(self, lam=False):
        if lam:
            return {"val": "auto... xs", "cref": "const auto&... xs"}[self.pack]
        return {"val": "Ts... xs", "cref": "const Ts&... xs"}[self.pack]

    def tmpl_head(self):
        return "template <class T, class... Ts>" if self.pack else "template <class T>"

    def ret_type(self):
        if self.iter:
            return "async::AsyncEnumerable<%s>" % ("T" if self.tmpl else "int")
        return "async::Task<int>" if self.ret == "int" else "async::Task<>"

    def sig(self, qualified):
        name = ("Acc::" + self.name) if (qualified and self.kind != "free") else self.name
        if self.kind == "box":
            name = ("Box<T>::" + self.name) if qualified else self.name
        decls = [p.decl() for p in self.params]
        if self.pack:
            decls.append(self.pack_decl())
        s = "%s %s(%s)" % (self.ret_type(), name, ", ".join(decls))
        if self.kind == "const_member":
            s += " const"
        return s


AVOIDABLE = {
    "member-lhs": "never assign the result of an await to a data member "
                  "(`total_ = co_await e;`, `total_ += co_await e;`) (works around a tool bug: "
                  "the member was not rewritten to go through sm_this)",
    "member-operand": "never name a data member or call a member function in the operand "
                      "of an await (works around a tool bug: `co_await "
                      "async::FromResult(total_ - 3)` lowered to `sm_this->static_cast<int&&>(...)`)",
    "blockend": "end every block that awaits with `co_await async::Yield();`, so that no "
                "plain local is declared after the last await of a block that has hoisted "
                "locals (works around a tool bug: such a block unwound its hoisted locals "
                "before destroying the plain ones)",
    "local-alias": "with templates: a generic lambda spells decltype(pt) instead of starting "
                   "with `using T = decltype(pt);` (works around a tool bug: an alias used only "
                   "in the declaration of a local hoisted into the frame is left unused in "
                   "MoveNext, -Werror=unused-local-typedefs; "
                   "test/fuzz/repro/hoisted-local-alias-unused.cpp)",
    "template-default-capture": "with closures and templates: no capture default ([&], [=]) "
                                "on a lambda local in a template (worked around a tool bug, "
                                "now fixed: a local the default captures implicitly was reported "
                                "as named, not captured; "
                                "test/run/template-lambda-default-capture.cpp)",
    "short-circuit-await": "with expr-awaits / cond-awaits: no co_await in the right operand "
                           "of && and || or in a branch of ?: (works around a g++ 12 bug: it "
                           "evaluates such an await even when the operand is not taken; "
                           "without this, programs that have one skip the g++ native build)",
}



# Optional constructs, off by default.  The default set is what asyncc lowers
# today, so that the fixed batch (test/run/fuzz-batch.test) passes; a feature
# that the tool does not support yet makes it reject most programs (useful
# with fuzz.py --native-only to validate the generator, or once the tool
# supports it).
FEATURES = {
    "expr-awaits": "awaits inside larger expressions: function arguments, operands of "
                   "arithmetic and comparisons, &&, ||, ?:, the comma operator, << chains "
                   "into a std::ostringstream, assignments and compound assignments (also "
                   "chained), member calls on an awaited result, several awaits in one "
                   "expression, an await in another await's operand, co_return operands",
    "cond-awaits": "awaits in the conditions of if, switch, while and do-while, in the "
                   "init-statement, condition and increment of for, init-statements of "
                   "if/switch declaring a variable, declarations in if/while conditions",
    "temporaries": "temporaries with logged destructors (Log(\"t9\")) inside those "
                   "expressions, alive across the suspensions of their full-expression "
                   "(needs expr-awaits or cond-awaits to appear)",
    "rethrow-await": "`throw;` in a handler of an exception thrown after an await in the "
                     "try block, caught by an outer handler, and an await after it",
    "goto-back": "backward goto out of a block (and over a declaration in the same "
                 "block) with RAII locals and awaits between the label and the goto",
    "switch-fallthrough": "switch statements whose cases all fall through, default in "
                          "the middle, an await in every case, RAII locals in braced cases",
    "templates": "ASYNC function templates (template <class T>, a parameter T pt and maybe "
                 "const T& pr, T locals), members of a class template Box<T>, generic "
                 "lambdas at namespace scope, called with T = int, long, a class Num or "
                 "the caller's T; inside them only constructs asyncc lowers in templates",
    "iterators": "async iterators (ASYNC async::AsyncEnumerable<int> / <T> with co_yield in "
                 "loops, branches, switch and try blocks next to awaits and Log locals), "
                 "consumed with GetAsyncEnumerator / MoveNextAsync / DisposeAsync, fully "
                 "or with an early break",
    "packs": "function parameter packs (implies templates): some function templates and "
             "generic lambdas get a trailing Ts... xs / const Ts&... xs (auto... xs), called "
             "with 0-3 extra int/long/Num arguments or the caller's own pack; folds, "
             "sizeof..., modifying the elements, xs... / std::forward / std::move passed to "
             "awaited variadic callees (PSum, PShow, PFwd), range-for over {x, xs...} with "
             "an await in the body, lambdas capturing the pack across co_await",
    "closures": "locals of lambda type across co_await (by-copy and by-reference captures, "
                "[=] and [&], init-captures in mutable lambdas, generic lambdas, [this] in "
                "members), called after the await; range-for whose body is one statement "
                "holding co_await; with templates, range-for over a std::vector<T>",
    "aggregates": "structured bindings (of a struct, an array, std::pair / std::tuple, from "
                  "locals, calls and co_await; auto, auto&, const auto&, auto&&) whose scope "
                  "holds co_await, range-for with a structured-binding loop variable over "
                  "vectors of pairs and structs, array locals across co_await (ints, chars, "
                  "strings, RAII Cell and Log objects; indexing, range-for, passed as a "
                  "pointer), range-for over a braced list with an await in the body; with "
                  "templates also arrays and braced lists of T and expression awaits whose "
                  "earlier operand has type T",
    "binding-captures": "lambdas capturing structured bindings across co_await ([k], [&k], "
                        "[=], [&], nested, immediately invoked, kept across a later await, "
                        "mutable copies of non-const bindings), range-for with a binding loop "
                        "variable captured in the body; with templates, bindings of a "
                        "dependent type (co_await results, pair/tuple locals of T, "
                        "vectors of pairs of T) and non-hoisted [=] lambdas made before the "
                        "captured variables change",
    "template-forms": "the forms ordinary template, lambda and operator code meets (implies "
                      "templates): conditionals with awaiting arms, functional casts of awaits, "
                      "if constexpr with awaits in the branches, generic ASYNC lambdas whose "
                      "return type names a parameter, ASYNC overloaded operators and member "
                      "templates, braced dependent awaitables, forwarding-reference parameters, "
                      "ASYNC lambdas with capture defaults, for-init statements that await, "
                      "types declared in the function (the forms asyncc lowers; see "
                      "template-forms-open)",
    "template-forms-open": "template-forms plus its forms that asyncc does not lower yet "
                           "(fuzzgen/template_forms.py, TF_OPEN)",
}
DEFAULT_FEATURES = ()
# What asyncc supports today besides the default set (checked three-way; see
# docs/fuzzing.md).  Update this when the tool learns more.
SUPPORTED_FEATURES = ("rethrow-await", "goto-back", "switch-fallthrough", "templates",
                      "iterators", "closures", "packs", "aggregates", "binding-captures")


def parse_features(text):
    """'a,b' -> a tuple of feature names; 'all' (every feature but
    template-forms-open), 'default' and 'supported' name sets.  Raises ValueError on an unknown name."""
    out = set()
    for name in (text or "").split(","):
        name = name.strip()
        if not name or name == "default":
            continue
        if name == "all":
            # Not the forms known to be refused or broken (template-forms-open).
            out |= set(FEATURES) - {"template-forms-open"}
        elif name == "supported":
            out |= set(SUPPORTED_FEATURES)
        elif name in FEATURES:
            out.add(name)
        else:
            raise ValueError("unknown feature %r (known: %s, or all, default, supported)" %
                             (name, ", ".join(sorted(FEATURES))))
    return tuple(sorted(with_implied(out)))


def with_implied(features):
    """The features plus those they need: packs implies templates (a pack
    is only generated on a template); template-forms implies templates and
    template-forms-open implies template-forms."""
    out = set(features)
    if "packs" in out:
        out.add("templates")
    if "template-forms-open" in out:
        out.add("template-forms")
    if "template-forms" in out:
        out.add("templates")
    return out
