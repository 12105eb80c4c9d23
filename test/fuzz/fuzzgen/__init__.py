"""fuzzgen: the random program generator behind test/fuzz/gen_program.py.

Modules:
  model        Var, Param, Func; FEATURES, AVOIDABLE, parse_features
  prelude      the C++ text every program starts with (and the helpers of
               the optional features)
  program      Gen: the plan of the functions, class Acc, main; packing
               several programs into one translation unit
  stmts        the choice of a statement, blocks, simple statements, jumps
  compound     if, for, while, do, range-for, switch, try
  exprs        pure expressions, calls of generated functions, the
               awaitable operands of the classic await statements
  awaits       the classic await statements and stored tasks
  expr_awaits  awaits inside expressions and conditions, and the
               rethrow-await, goto-back and switch-fallthrough statements
  templates    --features templates (function templates, Box<T> members,
               generic lambdas) and iterators (AsyncEnumerable, consumers)
  closures     --features closures (lambda locals across co_await,
               range-for with one awaiting statement as its body, with
               templates over std::vector<T>)
  packs        --features packs (function parameter packs: variadic
               templates and generic lambdas, folds, the pack passed to
               awaited variadic callees, captured by lambdas)
  aggregates   --features aggregates (structured bindings, arrays and
               braced lists across co_await; with templates, operands of
               type T before a co_await in the same expression)
  binding_captures  --features binding-captures (lambdas capturing
               structured bindings across co_await; dependent bindings and
               non-hoisted [=] lambdas in templates)
  template_forms  --features template-forms (conditionals and functional
               casts with awaits, if constexpr, return types naming
               parameters, ASYNC operators and member templates, braced
               awaitables, forwarding references, capture defaults, for-init
               awaits, local types; template-forms-open adds the forms asyncc
               does not lower yet)

Determinism contract: a (seed, features, avoid) triple always gives the same
program; the only randomness is random.Random(seed), drawn in generation
order.  With the default features the programs are byte-for-byte those of
the single-file generator before the split (seeds keep their meaning
across versions); a feature only adds choices, appended after the default
ones, so enabling one changes the programs of most seeds.
"""

from .model import AVOIDABLE, DEFAULT_FEATURES, FEATURES, SUPPORTED_FEATURES, parse_features
from .program import SECTION, Gen, command_line, generate, generate_packed

__all__ = ["AVOIDABLE", "DEFAULT_FEATURES", "FEATURES", "SUPPORTED_FEATURES", "SECTION", "Gen",
           "command_line", "generate", "generate_packed", "parse_features"]
