# asyncc_gdb.py: gdb commands and pretty-printers for asyncc's runtime.
#
#   async bt [-full] [TASK]
#                     the chain of awaiting async functions, innermost first:
#                     from the innermost generated MoveNext on the stack, or
#                     through the given Task / ValueTask / machine
#   async tasks       every pending async task, as async::DumpPendingTasks
#                     prints them (read from the registry, so it works on a
#                     core file too)
#   pretty-printers   async::Task<T>, async::ValueTask<T> and generated
#                     state machines (state, await site, live fields)
#
# Load it with `source <prefix>/share/asyncc/gdb/asyncc_gdb.py`, or let gdb
# auto-load it (docs/debugging.md). Everything is read from the inferior's
# memory through its debug info: nothing is called in the inferior.
#
# The runtime structures it reads (runtime/include/async/detail/):
#   machine.sm_builder.box_  -> AsyncBox<T> (a StateMachineBox<T, SM> whose
#                               storage_ holds the machine)
#   box as AsyncBoxTarget    -> site_ (the AwaitSite of the current await),
#                               awaited_ (the TaskStateBase it waits for),
#                               reg_next_ (the pending registry's list)
#   TaskStateBase            -> first_ / rest_: continuations; a continuation
#                               whose target is a box is its awaiting function
import re

import gdb

_NS = "async::detail::"


# --- Reading runtime values -------------------------------------------------------

def _atomic(v):
    """The value inside a std::atomic (libstdc++ or libc++ layout)."""
    t = v.type.strip_typedefs()
    names = [f.name for f in t.fields()]
    if "_M_i" in names:
        return v["_M_i"]
    if "_M_b" in names:
        return v["_M_b"]["_M_p"]
    if "__a_" in names:
        return _atomic(v["__a_"])
    if "__a_value" in names:
        return v["__a_value"]
    if names and names[0] is not None and names[0].startswith("std::__atomic_base"):
        return _atomic(v.cast(t.fields()[0].type))
    return v


def _lookup_type(name):
    try:
        return gdb.lookup_type(name)
    except gdb.error:
        return None


def _addr(v):
    return int(v.cast(gdb.lookup_type("unsigned long")))


# A template argument that is a local class: the vtable's symbol names it with
# its function (`Box<int, F(int)::F_StateMachine>`), as g++'s debug info does;
# clang's debug info names it without (`Box<int, F_StateMachine>`).
_LOCAL_CLASS_SCOPE = re.compile(r"[\w:~<>]*\((?:[^()]|\([^()]*\))*\)(?: const)?::")
_dynamic_type_cache = {}


def _base_offset(derived, base_name):
    """The byte offset of the (non-virtual) base class named base_name inside
    the class derived, or None."""
    for f in derived.strip_typedefs().fields():
        if not f.is_base_class:
            continue
        t = f.type.strip_typedefs()
        if t.name == base_name:
            return f.bitpos // 8
        inner = _base_offset(t, base_name)
        if inner is not None:
            return f.bitpos // 8 + inner
    return None


def _downcast(ptr, derived_ptr):
    """ptr (to a base) as derived_ptr, adjusted by the base's offset, without
    gdb's RTTI check (which warns and fails for clang-built local classes)."""
    base = ptr.type.strip_typedefs().target().strip_typedefs()
    derived = derived_ptr.target()
    if base.name == derived.strip_typedefs().name:
        return ptr
    offset = _base_offset(derived, base.name)
    if offset is None:
        return ptr.cast(derived_ptr)
    return gdb.Value(_addr(ptr) - offset).cast(derived_ptr)


def _dynamic_pointer_type(ptr):
    """The dynamic type of a pointer to a polymorphic object, found through its
    vtable's symbol (gdb's own RTTI lookup fails for clang-built programs when
    a template argument is a local class, as every generated machine is)."""
    try:
        vptr = _read_word(_addr(ptr))
    except gdb.error:
        return ptr.dynamic_type
    if vptr not in _dynamic_type_cache:
        found = None
        try:
            info = gdb.execute("info symbol 0x%x" % vptr, to_string=True)
            m = re.match(r"vtable for (.+?) \+ \d+ in ", info) or \
                re.match(r"vtable for (.+?) in ", info)
            if m:
                for name in (m.group(1), _LOCAL_CLASS_SCOPE.sub("", m.group(1))):
                    t = _lookup_type(name)
                    if t is not None:
                        found = t.pointer()
                        break
        except gdb.error:
            pass
        _dynamic_type_cache[vptr] = found
    found = _dynamic_type_cache[vptr]
    return found if found is not None else ptr.dynamic_type


def _status(state_ptr):
    """The TaskStatus of a TaskStateBase*, by name ('RanToCompletion', ...)."""
    return str(_atomic(state_ptr.dereference()["status_"])).split("::")[-1]


_FINAL = ("RanToCompletion", "Faulted", "Canceled")


def _trim_function_name(name):
    """'R ns::F(params) [with ...]' -> 'ns::F' (DumpPendingTasks' rule)."""
    depth = 0
    open_at = -1
    i = 0
    while i < len(name):
        c = name[i]
        if c == "<":
            depth += 1
        elif c == ">" and depth > 0:
            depth -= 1
        elif c == "(" and depth == 0:
            if name[:i].endswith("operator") and name[i + 1:i + 2] == ")":
                i += 2
                continue
            # clang's "(anonymous namespace)::F" (g++ writes "{anonymous}::F").
            if name.startswith("(anonymous namespace)", i):
                i += len("(anonymous namespace)")
                continue
            open_at = i
            break
        i += 1
    if open_at < 0:
        return name
    depth = 0
    start = 0
    for j in range(open_at - 1, -1, -1):
        c = name[j]
        if c in ">)":
            depth += 1
        elif c in "<(" and depth > 0:
            depth -= 1
        elif c == " " and depth == 0:
            start = j + 1
            break
    return name[start:open_at]


def _split_template_args(text):
    """'int, F(a<b, c>)::X' -> ['int', 'F(a<b, c>)::X'] (top-level commas only)."""
    args, depth, cur = [], 0, ""
    for c in text:
        if c in "<([":
            depth += 1
        elif c in ">)]":
            depth -= 1
        if c == "," and depth == 0:
            args.append(cur.strip())
            cur = ""
        else:
            cur += c
    args.append(cur.strip())
    return args


def _is_machine_type(t):
    t = t.strip_typedefs()
    if t.code != gdb.TYPE_CODE_STRUCT:
        return False
    try:
        names = {f.name for f in t.fields()}
    except TypeError:
        return False
    return "sm_state" in names and "sm_builder" in names


def _read_site(site_ptr):
    """(function, file, line) of an AwaitSite pointer, or None."""
    if _addr(site_ptr) == 0:
        return None
    s = site_ptr.dereference()
    fn = s["function"].string() if _addr(s["function"]) else None
    file = s["file"].string() if _addr(s["file"]) else None
    return (fn, file, int(s["line"]))


# Per box class (keyed by the vtable pointer of its AsyncBoxTarget part): the
# box's full type, the offset of the full object from that part, and the
# machine type. gdb's RTTI lookup is the slow part of reading a box.
_box_class_cache = {}


def _types():
    return (gdb.lookup_type(_NS + "AsyncBoxTarget").pointer(),
            gdb.lookup_type("unsigned long").pointer())


def _read_word(addr):
    """One pointer-sized word of the inferior's memory (cheaper than a Value)."""
    return int.from_bytes(gdb.selected_inferior().read_memory(addr, 8).tobytes(), "little")


def _builder_box(builder, depth=0):
    """The box_ pointer of a builder: AsyncTaskMethodBuilder has it, the
    ValueTask and other builders wrap one (inner_)."""
    t = builder.type.strip_typedefs()
    names = [f.name for f in t.fields()]
    if "box_" in names:
        return builder["box_"]
    if depth < 3:
        for f in t.fields():
            if f.name and f.type.strip_typedefs().code == gdb.TYPE_CODE_STRUCT:
                try:
                    return _builder_box(builder[f.name], depth + 1)
                except gdb.error:
                    continue
    raise gdb.error("no box_ in the builder %s" % t)


def _read_source_location(loc):
    """(function, file, line) of a std::source_location (libstdc++), or None."""
    try:
        impl = loc["_M_impl"]
        if _addr(impl) == 0:
            return None
        impl = impl.dereference()
        return (impl["_M_function_name"].string(), impl["_M_file_name"].string(),
                int(impl["_M_line"]))
    except gdb.error:
        return None


class Frame(object):
    """One async function: its box, and its machine when it is a generated one."""

    def __init__(self, box):
        # box: a pointer to the box, or to its AsyncBoxTarget part.
        abt_ptr, word_ptr = _types()
        self.target = box.cast(abt_ptr)
        target_addr = _addr(self.target)
        vptr = _read_word(target_addr)
        cached = _box_class_cache.get(vptr)
        if cached is None:
            dyn_type = _dynamic_pointer_type(self.target)
            box_type = dyn_type.target().strip_typedefs()
            sm_ptr, storage_offset, where_type, where_offset = None, None, None, None
            name = box_type.name or ""
            if name.startswith(_NS + "StateMachineBox<"):
                sm_ptr = box_type.template_argument(1).pointer()
                storage = _downcast(self.target, dyn_type).dereference()["storage_"].address
                storage_offset = _addr(storage) - target_addr
            elif name.startswith(_NS + "CoroutineBox<"):
                # A native C++20 coroutine: its await site is a
                # std::source_location of its own.
                where = _downcast(self.target, dyn_type).dereference()["where_"]
                where_type = where.type.pointer()
                where_offset = _addr(where.address) - target_addr
            cached = (box_type, sm_ptr, storage_offset, where_type, where_offset)
            _box_class_cache[vptr] = cached
        self.box_type, sm_ptr, storage_offset, where_type, where_offset = cached
        self.machine = None
        self._where = None
        if sm_ptr is not None:
            self.machine = gdb.Value(target_addr + storage_offset).cast(sm_ptr).dereference()
        elif where_type is not None:
            self._where = gdb.Value(target_addr + where_offset).cast(where_type).dereference()
        # One read of the AsyncBoxTarget part; its fields come from the copy.
        self._abt = self.target.dereference()
        self._abt.fetch_lazy()
        self.task_state = self._abt["task_"]

    @staticmethod
    def of_machine(machine):
        return Frame(_builder_box(machine["sm_builder"]).cast(
            gdb.lookup_type(_NS + "AsyncBoxTarget").pointer()))

    def address(self):
        if self.machine is not None:
            return _addr(self.machine.address)
        return _addr(self.target)

    def state(self):
        return int(self.machine["sm_state"]) if self.machine is not None else None

    def is_awaiting(self):
        """The awaiting bit of the box's continuation word (continuation.h)."""
        return (int(_atomic(self._abt["await_word_"])) & 1) != 0

    def site(self):
        if self._where is not None:
            return _read_source_location(_atomic(self._where))
        return _read_site(_atomic(self._abt["site_"]))

    def awaited_state(self):
        p = _atomic(self._abt["awaited_"])
        return p if _addr(p) else None

    def function_name(self):
        site = self.site()
        if site and site[0]:
            return _trim_function_name(site[0])
        if self.machine is not None:
            # 'StateMachineBox<T, F(int)::F_StateMachine>': the machine is a
            # local class of the kickoff function F.
            name = self.box_type.name or ""
            m = re.match(r"^" + re.escape(_NS) + r"StateMachineBox<(.*)>$", name)
            if m:
                args = _split_template_args(m.group(1))
                if len(args) == 2:
                    fn = re.sub(r"::[A-Za-z0-9_]*_StateMachine$", "", args[1])
                    if fn != args[1]:
                        return _trim_function_name(fn)
            return re.sub(r"_StateMachine$", "", str(self.machine.type.strip_typedefs()))
        return str(self.box_type)


def _task_state_ptr(value):
    """A TaskStateBase* from a Task, ValueTask, TaskState pointer, or None."""
    v = value
    if v.type.strip_typedefs().code == gdb.TYPE_CODE_REF:
        v = v.referenced_value()
    if v.type.strip_typedefs().code == gdb.TYPE_CODE_PTR:
        target = v.type.strip_typedefs().target().strip_typedefs()
        if _is_machine_type(target):
            return None
        if target.name and target.name.startswith(_NS):
            return v.cast(gdb.lookup_type(_NS + "TaskStateBase").pointer())
        v = v.dereference()
    t = v.type.strip_typedefs()
    names = [f.name for f in t.fields()] if t.code == gdb.TYPE_CODE_STRUCT else []
    if any(n and n.startswith(_NS + "TaskBase<") for n in names):
        ref = v["ref_"]["s_"]
        return ref.cast(gdb.lookup_type(_NS + "TaskStateBase").pointer()) if _addr(ref) else None
    if "task_" in names and "source_" in names:  # ValueTask
        return _task_state_ptr(v["task_"])
    if t.name and t.name.startswith(_NS + "TaskState"):
        return v.address.cast(gdb.lookup_type(_NS + "TaskStateBase").pointer())
    return None


_state_class_cache = {}


def _box_of_state(state_ptr):
    """The AsyncBoxTarget* of a task state that is an async function's box, or None."""
    abt_ptr, word_ptr = _types()
    addr = _addr(state_ptr)
    vptr = _read_word(addr)
    if vptr not in _state_class_cache:
        delta = None
        dyn = _dynamic_pointer_type(state_ptr)
        name = dyn.target().strip_typedefs().name or ""
        if name.startswith(_NS) and "Box<" in name:
            try:
                delta = _addr(_downcast(state_ptr, dyn).cast(abt_ptr)) - addr
            except gdb.error:
                delta = None
        _state_class_cache[vptr] = delta
    delta = _state_class_cache[vptr]
    return None if delta is None else gdb.Value(addr + delta).cast(abt_ptr)


def _vector_elements(vec):
    impl = vec["_M_impl"]
    start, finish = impl["_M_start"], impl["_M_finish"]
    n = int(finish - start)
    return [(start + i).dereference() for i in range(n)]


def _continuation_boxes(state_ptr):
    """Boxes whose continuation is registered on this task state (its awaiters)."""
    s = state_ptr.dereference()
    entries = [s["first_"]] + _vector_elements(s["rest_"])
    boxes = []
    for e in entries:
        target = e["k"]["target_"]
        if _addr(target) == 0:
            continue
        dyn = _dynamic_pointer_type(target)
        tname = dyn.target().strip_typedefs().name or ""
        if tname.startswith(_NS + "FunctionTarget<"):
            continue
        try:
            boxes.append(_downcast(target, dyn).cast(gdb.lookup_type(_NS + "AsyncBoxTarget").pointer()))
        except gdb.error:
            continue
    return boxes


# --- The pending registry (runtime/src/pending_tasks.cpp) ----------------------------

def _registry_shards():
    """(pointer to the first Shard, shard count), or None without the registry."""
    fn = gdb.lookup_static_symbol(_NS + "(anonymous namespace)::Shards")
    shards = None
    if fn is not None:
        try:
            block = gdb.block_for_pc(int(fn.value().address))
            for sym in block:
                if sym.name == "shards" and sym.is_variable:
                    shards = sym.value()
        except (gdb.error, RuntimeError):
            shards = None
    if shards is None:
        shard_type = _lookup_type(_NS + "(anonymous namespace)::Shard")
        if shard_type is None:
            return None
        try:
            raw = gdb.parse_and_eval("&'" + _NS + "(anonymous namespace)::Shards()::shards'")
            shards = raw.cast(shard_type.pointer().pointer()).dereference()
        except gdb.error:
            return None
    count = 16
    k = gdb.lookup_static_symbol(_NS + "(anonymous namespace)::kShards")
    if k is not None:
        try:
            count = int(k.value())
        except gdb.error:
            pass
    if _addr(shards) == 0:
        return None
    return shards, count


def pending_boxes():
    """Every registered (pending) box, as AsyncBoxTarget pointers."""
    found = _registry_shards()
    if found is None:
        return []
    shards, count = found
    abt_ptr = _types()[0]
    next_offset = _addr(gdb.Value(0).cast(abt_ptr).dereference()["reg_next_"].address)
    boxes = []
    for i in range(count):
        b = _addr((shards + i).dereference()["head"])
        seen = 0
        while b != 0 and seen < 1000000:
            boxes.append(gdb.Value(b).cast(abt_ptr))
            b = _read_word(b + next_offset)
            seen += 1
    return boxes


def _awaiter_of(frame, registry=None):
    """The Frame awaiting `frame`'s task: its registered continuation, else a
    pending box whose awaited task is this one (a continuation wrapped by a
    combinator or a context)."""
    boxes = _continuation_boxes(frame.task_state)
    if boxes:
        return Frame(boxes[0])
    state = _addr(frame.task_state)
    for b in (registry if registry is not None else pending_boxes()):
        p = _atomic(b.dereference()["awaited_"])
        if _addr(p) == state:
            return Frame(b)
    return None


class _LazyRegistry(object):
    """The pending boxes, read on first use."""

    def __init__(self):
        self._boxes = None

    def __iter__(self):
        if self._boxes is None:
            self._boxes = pending_boxes()
        return iter(self._boxes)


# --- Lowered-source liveness: which fields are alive at sm_live ---------------------

_liveness_cache = {}


def _lowered_source_of(machine):
    """(path, line of MoveNext) of a generated machine: its vtable's first slot
    is MoveNext, whose declaration the tool maps to the lowered file."""
    try:
        vptr = machine.address.cast(gdb.lookup_type("void").pointer().pointer()).dereference()
        move_next = vptr.cast(gdb.lookup_type("void").pointer().pointer()).dereference()
        block = gdb.block_for_pc(_addr(move_next))
        fn = block.function if block is not None else None
        while block is not None and fn is None:
            block = block.superblock
            fn = block.function if block is not None else None
        if fn is None or fn.symtab is None or "MoveNext" not in (fn.name or ""):
            return None
        return fn.symtab.fullname(), fn.line
    except (gdb.error, RuntimeError, gdb.MemoryError):
        return None


def _parse_unwind(path, move_next_line):
    """{slot: (parent, [field] or {temporary index: field})} from the machine's
    sm_unwind_to, the nearest one above its MoveNext in the lowered file."""
    key = (path, move_next_line)
    if key in _liveness_cache:
        return _liveness_cache[key]
    result = None
    try:
        with open(path) as f:
            lines = f.read().split("\n")
    except (IOError, OSError):
        lines = None
    if lines:
        end = min(max(move_next_line, 1), len(lines))
        start = None
        for i in range(end - 1, -1, -1):
            if "void sm_unwind_to(int level)" in lines[i]:
                start = i
                break
            if re.search(r"struct \w+_StateMachine\b", lines[i]):
                break
        if start is not None:
            result = {}
            slot = None
            in_temps = False
            for line in lines[start + 1:end]:
                m = re.match(r"\s*case (\d+): sm_live = (\d+);(.*)$", line)
                if m and not in_temps:
                    slot = int(m.group(1))
                    fields = re.findall(r"Destroy\((\w+)\)", m.group(3))
                    result[slot] = (int(m.group(2)), fields)
                    continue
                if "while (sm_temporary_count)" in line and slot is not None:
                    in_temps = True
                    result[slot] = (result[slot][0], {})
                    continue
                if in_temps:
                    m = re.match(r"\s*case (\d+): .*Destroy\((\w+)\)", line)
                    if m:
                        result[slot][1][int(m.group(1))] = m.group(2)
                    elif re.match(r"\s*break;", line) or re.match(r"\s*case \d+: sm_live", line):
                        in_temps = False
                        m = re.match(r"\s*case (\d+): sm_live = (\d+);(.*)$", line)
                        if m:
                            slot = int(m.group(1))
                            result[slot] = (int(m.group(2)), re.findall(r"Destroy\((\w+)\)", m.group(3)))
                if "MoveNext()" in line or "sm_await_sites()" in line:
                    break
    _liveness_cache[key] = result
    return result


def _all_fields(t):
    """(name, is_slot_storage) of the machine's data members, anonymous unions
    flattened: a union member is frame-slot storage whose liveness sm_live says."""
    out = []
    for f in t.strip_typedefs().fields():
        if f.is_base_class or f.artificial:
            continue
        if f.name is None:
            ut = f.type.strip_typedefs()
            if ut.code in (gdb.TYPE_CODE_UNION, gdb.TYPE_CODE_STRUCT):
                for g in ut.fields():
                    if g.name:
                        out.append((g.name, True))
            continue
        if f.name.startswith("_vptr"):
            continue
        out.append((f.name, False))
    return out


def live_fields(machine):
    """([(name, value)] of the user's fields alive now, liveness_known)."""
    fields = _all_fields(machine.type)
    src = _lowered_source_of(machine)
    table = _parse_unwind(*src) if src else None
    live = None
    if table is not None:
        live = set()
        slot = int(machine["sm_live"])
        hops = 0
        while slot != 0 and slot in table and hops < 10000:
            parent, what = table[slot]
            if isinstance(what, dict):
                count = int(machine["sm_temporary_count"])
                order = machine["sm_temporary_order"]
                for i in range(count):
                    name = what.get(int(order[i]))
                    if name:
                        live.add(name)
            else:
                live.update(what)
            slot = parent
            hops += 1
    out = []
    for name, in_slot in fields:
        if name.startswith("sm_") and name != "sm_this":
            if not in_slot:
                continue
        if in_slot and live is not None and name not in live:
            continue
        out.append((name, machine[name]))
    return out, live is not None


# --- async bt -------------------------------------------------------------------------

def _frame_line(n, frame, where, running_sal=None):
    state = frame.state()
    if running_sal is not None:
        what = "running"
        loc = "%s:%d" % (running_sal.symtab.filename, running_sal.line) if running_sal.symtab else "?"
    else:
        site = frame.site()
        if state is None:
            what = "suspended" if frame.is_awaiting() else "running"
        else:
            what = "state %d" % state
        if state is not None and state < 0:
            what = "running" if state == -1 else "done"
        loc = "%s:%d" % (site[1], site[2]) if site and site[1] else "unknown location"
    return "#%-2d 0x%x in %s (%s) at %s%s" % (n, frame.address(), frame.function_name(), what, loc, where)


def _machine_frames_on_stack():
    """[(gdb frame, machine)] of the generated MoveNext frames, innermost first,
    from the selected frame outward."""
    out = []
    f = gdb.selected_frame()
    while f is not None:
        name = f.name() or ""
        # g++'s debug info names it `...::MoveNext`, clang's `...::MoveNext()`.
        if name.endswith("::MoveNext") or name.endswith("::MoveNext()"):
            try:
                this = f.read_var("this")
                m = this.dereference()
                if _is_machine_type(m.type):
                    out.append((f, m))
            except (ValueError, gdb.error):
                pass
        f = f.older()
    return out


def backtrace_lines(start_value=None, full=False, limit=256):
    lines = []
    registry = _LazyRegistry()
    if start_value is not None:
        # Through a task or machine: first down to the innermost function it
        # (transitively) awaits, then out.
        if _is_machine_type(start_value.type):
            first = Frame.of_machine(start_value)
        else:
            state = _task_state_ptr(start_value)
            if state is None:
                raise gdb.GdbError("async bt: %s is not a task, a task state or a state machine"
                                   % start_value.type)
            status = _status(state)
            if status in _FINAL:
                raise gdb.GdbError("async bt: the task has completed (%s): nothing awaits "
                                   "in it any more" % status)
            box = _box_of_state(state)
            if box is None:
                raise gdb.GdbError("async bt: the task is not an async function's "
                                   "(status %s)" % status)
            first = Frame(box)
        given = first.address()
        inner = first
        for _ in range(limit):
            p = inner.awaited_state()
            box = _box_of_state(p) if p is not None else None
            if box is None or _status(p) in _FINAL:
                break
            inner = Frame(box)
            if inner.address() == given:
                break
        frame = inner
        stack = []
    else:
        stack = _machine_frames_on_stack()
        if not stack:
            raise gdb.GdbError("async bt: no generated MoveNext on the stack from the selected frame; "
                               "use `async bt TASK`")
        frame = Frame.of_machine(stack[0][1])
    seen = set()
    n = 0
    on_stack = {_addr(m.address): f for f, m in stack}
    while frame is not None and n < limit:
        if frame.address() in seen:
            lines.append("    (cycle)")
            break
        seen.add(frame.address())
        sal = None
        gframe = on_stack.get(frame.address())
        if gframe is not None and frame.state() == -1:
            sal = gframe.find_sal()
        mark = ""
        if start_value is not None and frame.address() == given:
            mark = "  <- this task"
        lines.append(_frame_line(n, frame, mark, sal))
        if full and frame.machine is not None:
            fields, known = live_fields(frame.machine)
            if not known:
                lines.append("        (liveness unknown: lowered source not found; all fields)")
            for name, v in fields:
                lines.append("        %s = %s" % (name, v.format_string(max_depth=1)))
        n += 1
        nxt = _awaiter_of(frame, registry)
        if nxt is None and gframe is not None and frame.state() == -1:
            # Started synchronously by the next generated frame on the stack,
            # which has not suspended on it yet.
            idx = [i for i, (f, m) in enumerate(stack) if _addr(m.address) == frame.address()]
            if idx and idx[0] + 1 < len(stack):
                nxt = Frame.of_machine(stack[idx[0] + 1][1])
        frame = nxt
    return lines


class AsyncPrefix(gdb.Command):
    """Commands for asyncc's async functions: async bt, async tasks."""

    def __init__(self):
        super(AsyncPrefix, self).__init__("async", gdb.COMMAND_STACK, gdb.COMPLETE_NONE, True)


class AsyncBacktrace(gdb.Command):
    """Print the chain of awaiting async functions, innermost first.

Usage: async bt [-full] [EXPR]
Without EXPR: from the innermost generated MoveNext at or above the selected
frame, outward through the functions that await it. With EXPR (an
async::Task, async::ValueTask or a state machine): the chain through that
task, from the innermost function it awaits out to the outermost function
awaiting it. One line per function: the machine's address, the function, its
state (the await number it is suspended at, or running) and the await's
source line (for a running function, the line it is at). With -full, also
each function's fields that are alive (parameters, and the hoisted locals and
kept temporaries constructed at its state), as `bt full` shows locals."""

    def __init__(self):
        super(AsyncBacktrace, self).__init__("async bt", gdb.COMMAND_STACK, gdb.COMPLETE_EXPRESSION)

    def invoke(self, arg, from_tty):
        arg = arg.strip()
        full = False
        if arg == "-full" or arg.startswith("-full "):
            full = True
            arg = arg[len("-full"):].strip()
        value = gdb.parse_and_eval(arg) if arg else None
        for line in backtrace_lines(start_value=value, full=full):
            gdb.write(line + "\n")


class AsyncTasks(gdb.Command):
    """List the pending async tasks, as async::DumpPendingTasks prints them.

Usage: async tasks
One block per root (a pending async function no other pending async function
awaits), its chain innermost first, each line with the machine's state and
the await's source line. Read from the runtime's pending-task registry in
memory (no call into the program), so it also works on a core file."""

    def __init__(self):
        super(AsyncTasks, self).__init__("async tasks", gdb.COMMAND_STACK, gdb.COMPLETE_NONE)

    def invoke(self, arg, from_tty):
        if _registry_shards() is None:
            raise gdb.GdbError("async tasks: the asyncc runtime's pending-task registry is not "
                               "in this program (or has not been created yet)")
        boxes = pending_boxes()
        frames = [Frame(b) for b in boxes]
        by_state = {_addr(f.task_state): f for f in frames}
        awaited = set()
        for f in frames:
            p = f.awaited_state()
            if p is not None and _addr(p) in by_state and by_state[_addr(p)] is not f:
                awaited.add(id(by_state[_addr(p)]))
        for root in frames:
            if id(root) in awaited:
                continue
            chain = [root]
            seen = {id(root)}
            while True:
                p = chain[-1].awaited_state()
                nxt = by_state.get(_addr(p)) if p is not None else None
                if nxt is None or id(nxt) in seen:
                    break
                seen.add(id(nxt))
                chain.append(nxt)
            gdb.write("async task 0x%x:\n" % _addr(root.task_state))
            for f in reversed(chain):
                site = f.site()
                state = f.state()
                what = ", state %d" % state if state is not None else ""
                if site and site[0]:
                    gdb.write("  at %s (%s:%d)%s\n" % (_trim_function_name(site[0]), site[1] or "?",
                                                      site[2], what))
                else:
                    gdb.write("  at %s (unknown location)%s\n" % (f.function_name(), what))
            gdb.write("\n")


# --- Pretty-printers ------------------------------------------------------------------

def _optional_value(opt):
    """The value of a std::optional (libstdc++), or None when empty."""
    try:
        payload = opt["_M_payload"]
        if not bool(payload["_M_engaged"]):
            return None
        return payload["_M_payload"]["_M_value"]
    except gdb.error:
        return None


def _exception_value(eptr):
    """The object a std::exception_ptr holds, as its dynamic type when that is
    a polymorphic class (found through its vtable's symbol), else the pointer."""
    try:
        obj = eptr["_M_exception_object"]
    except gdb.error:
        return eptr
    if _addr(obj) == 0:
        return obj
    try:
        vptr = obj.cast(gdb.lookup_type("unsigned long").pointer()).dereference()
        info = gdb.execute("info symbol 0x%x" % int(vptr), to_string=True)
        m = re.match(r"vtable for (.+?) \+ \d+ in ", info)
        if m:
            try:
                t = gdb.lookup_type(m.group(1))
            except gdb.error:
                # No debug info for the type (libstdc++'s): its name.
                return "%s at 0x%x" % (m.group(1), _addr(obj))
            return obj.cast(t.pointer()).dereference()
    except (gdb.error, RuntimeError):
        pass
    return obj


class TaskPrinter(object):
    """async::Task<T>: status, and the result, exception, or where it waits."""

    def __init__(self, val):
        self.val = val

    def _state(self):
        return _task_state_ptr(self.val)

    def to_string(self):
        state = self._state()
        if state is None:
            return "%s (empty)" % self.val.type.strip_typedefs()
        status = _status(state)
        text = "%s (%s" % (self.val.type.strip_typedefs(), status)
        box = _box_of_state(state) if status not in _FINAL else None
        if box is not None:
            f = Frame(box)
            site = f.site()
            if site and site[1]:
                text += ", %s awaiting at %s:%d" % (f.function_name(), site[1], site[2])
        return text + ")"

    def children(self):
        state = self._state()
        if state is None:
            return
        status = _status(state)
        if status == "RanToCompletion":
            dyn = _dynamic_pointer_type(state)
            full = _downcast(state, dyn).dereference()
            try:
                typed = full.cast(gdb.lookup_type(_NS + "TaskState<%s>" % self.val.type.strip_typedefs().template_argument(0)))
                v = _optional_value(typed["value_"])
                if v is not None:
                    yield "result", v
            except (gdb.error, RuntimeError):
                pass
        elif status in ("Faulted", "Canceled"):
            yield "exception", _exception_value(state.dereference()["exception_"])
        elif _box_of_state(state) is not None:
            f = Frame(_box_of_state(state))
            if f.machine is not None:
                yield "machine", f.machine

    def display_hint(self):
        return None


def _state_summary(state):
    """'Inner's task (WaitingForActivation)', or 'task (RanToCompletion)'."""
    status = _status(state)
    box = _box_of_state(state) if status not in _FINAL else None
    if box is not None:
        return "%s's task (%s)" % (Frame(box).function_name(), status)
    return "task (%s)" % status


class TaskAwaiterPrinter(object):
    """TaskAwaiter / ConfiguredTaskAwaitable: the task it waits for."""

    def __init__(self, val):
        self.val = val

    def to_string(self):
        name = self.val.type.strip_typedefs().name
        if name.startswith("async::ValueTaskAwaiter<"):
            if _addr(self.val["task_"]["ref_"]["s_"]) != 0:
                return "%s on %s" % (name, _state_summary(_task_state_ptr(self.val["task_"])))
            if _addr(self.val["source_"]) != 0:
                return "%s on source 0x%x, token %d" % (name, _addr(self.val["source_"]),
                                                         int(self.val["token_"]))
            return "%s (result)" % name
        ref = self.val["state_"]["s_"]
        if _addr(ref) == 0:
            return "%s (empty)" % name
        state = ref.cast(gdb.lookup_type(_NS + "TaskStateBase").pointer())
        return "%s on %s" % (name, _state_summary(state))


class ValueTaskPrinter(object):
    """async::ValueTask<T>: its stored result, the Task it wraps, or its
    IValueTaskSource."""

    def __init__(self, val):
        self.val = val

    def _kind(self):
        if _addr(self.val["task_"]["ref_"]["s_"]) != 0:
            return "task"
        if _addr(self.val["source_"]) != 0:
            return "source"
        try:
            if _optional_value(self.val["result_"]) is not None:
                return "result"
        except gdb.error:
            return "result"  # Task<void>'s: nothing to show
        return "empty"

    def to_string(self):
        return "%s (%s)" % (self.val.type.strip_typedefs(), self._kind())

    def children(self):
        kind = self._kind()
        if kind == "task":
            yield "task", self.val["task_"]
        elif kind == "source":
            yield "source", self.val["source_"]
            yield "token", self.val["token_"]
        else:
            try:
                v = _optional_value(self.val["result_"])
            except gdb.error:
                v = None
            if v is not None:
                yield "result", v


class MachinePrinter(object):
    """A generated state machine: its state and await site, and the fields
    alive now (parameters always; hoisted locals and kept temporaries when
    sm_live says they are constructed)."""

    def __init__(self, val):
        self.val = val

    def to_string(self):
        state = int(self.val["sm_state"])
        if state == -1:
            text = "running"
        elif state == -2:
            text = "done"
        else:
            text = "suspended at await %d" % state
            try:
                f = Frame.of_machine(self.val)
                site = f.site()
                if site and site[1]:
                    text += " (%s:%d)" % (site[1], site[2])
            except (gdb.error, RuntimeError):
                pass
        return "%s {state %d: %s}" % (self.val.type.strip_typedefs().name or "machine", state, text)

    def children(self):
        if int(self.val["sm_state"]) == -2:
            return
        fields, known = live_fields(self.val)
        if not known:
            yield "(liveness unknown: lowered source not found; all fields)", gdb.Value(0)
        for name, v in fields:
            yield name, v


def _lookup_printer(val):
    t = val.type.strip_typedefs()
    if t.code != gdb.TYPE_CODE_STRUCT:
        return None
    name = t.name or ""
    if name.startswith("async::Task<"):
        return TaskPrinter(val)
    if name.startswith("async::ValueTask<"):
        return ValueTaskPrinter(val)
    if (name.startswith("async::TaskAwaiter<") or name.startswith("async::ConfiguredTaskAwaitable<")
            or name.startswith("async::ValueTaskAwaiter<")):
        return TaskAwaiterPrinter(val)
    if name.endswith("_StateMachine") and _is_machine_type(t):
        return MachinePrinter(val)
    return None


def register():
    """Adds the commands and the printers, once per gdb session (the file may
    be both auto-loaded and sourced)."""
    if getattr(gdb, "_asyncc_registered", False):
        return
    AsyncPrefix()
    AsyncBacktrace()
    AsyncTasks()
    gdb.pretty_printers.append(_lookup_printer)
    gdb._asyncc_registered = True


register()
