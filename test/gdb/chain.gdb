# gdb commands for test/gdb/chain.cpp; the CHECK lines are FileCheck's
# (run_gdb_test.py runs gdb -batch -nx -x on this file and FileCheck on its
# output against this file, with -D#NAME=<line> for each line of the program
# marked "gdb-line: NAME").
set pagination off
set confirm off
set print address on
break AsyncGdbCheckpoint
run

# 1. Leaf's first, synchronous run: every machine is running, each one's
#    caller on the stack is the function awaiting it.
# CHECK-LABEL: AsyncGdbCheckpoint (step=13)
async bt
# CHECK:      #0  0x{{[0-9a-f]+}} in Leaf (running) at {{.*}}chain.cpp:[[#LEAF_START]]
# CHECK-NEXT: #1  0x{{[0-9a-f]+}} in Inner (running) at {{.*}}chain.cpp:[[#INNER_AWAIT]]
# CHECK-NEXT: #2  0x{{[0-9a-f]+}} in Middle (running) at {{.*}}chain.cpp:[[#MIDDLE_AWAIT]]
# CHECK-NEXT: #3  0x{{[0-9a-f]+}} in Outer (running) at {{.*}}chain.cpp:[[#OUTER_AWAIT]]
# CHECK-NOT: #4
continue

# 2. Back in main: all four suspended, found through the registry.
# CHECK-LABEL: AsyncGdbCheckpoint (step=1)
up
async tasks
# CHECK:      async task 0x{{[0-9a-f]+}}:
# CHECK-NEXT:   at Leaf ({{.*}}chain.cpp:[[#LEAF_AWAIT]]), state 0
# CHECK-NEXT:   at Inner ({{.*}}chain.cpp:[[#INNER_AWAIT]]), state 0
# CHECK-NEXT:   at Middle ({{.*}}chain.cpp:[[#MIDDLE_AWAIT]]), state 0
# CHECK-NEXT:   at Outer ({{.*}}chain.cpp:[[#OUTER_AWAIT]]), state 0
# CHECK-EMPTY:
# From the outer task: down to Leaf, then out again, with the live fields.
# Middle's `later` is kept across its second await but not constructed yet.
async bt -full outer
# CHECK-NEXT: #0  0x{{[0-9a-f]+}} in Leaf (state 0) at {{.*}}chain.cpp:[[#LEAF_AWAIT]]
# CHECK-NEXT:         depth = 3
# CHECK-NEXT:         sm_awaitable0 = async::Task<int> (empty)
# CHECK-NEXT:         sm_awaiter0 = async::TaskAwaiter<int, true> on task (WaitingForActivation)
# CHECK-NEXT: #1  0x{{[0-9a-f]+}} in Inner (state 0) at {{.*}}chain.cpp:[[#INNER_AWAIT]]
# CHECK-NEXT:         depth = 2
# CHECK-NEXT:         label = "inner"
# CHECK-NEXT:         sm_awaitable0 =
# CHECK-NEXT:         sm_awaiter0 = async::TaskAwaiter<int, true> on Leaf's task (WaitingForActivation)
# CHECK-NEXT: #2  0x{{[0-9a-f]+}} in Middle (state 0) at {{.*}}chain.cpp:[[#MIDDLE_AWAIT]]
# CHECK-NEXT:         depth = 1
# CHECK-NEXT:         before = 10
# CHECK-NEXT:         sm_awaitable0 =
# CHECK-NEXT:         sm_awaiter0 = async::TaskAwaiter<int, true> on Inner's task (WaitingForActivation)
# CHECK-NEXT: #3  0x{{[0-9a-f]+}} in Outer (state 0) at {{.*}}chain.cpp:[[#OUTER_AWAIT]]  <- this task
# CHECK-NEXT:         sum = 0
# CHECK-NEXT:         round = 0
# CHECK-NEXT:         sm_awaitable0 =
# CHECK-NEXT:         sm_awaiter0 = async::TaskAwaiter<int, true> on Middle's task (WaitingForActivation)
print outer
# CHECK: = async::Task<int> (WaitingForActivation, Outer awaiting at {{.*}}chain.cpp:[[#OUTER_AWAIT]]) = {machine = Outer_StateMachine {state 0: suspended at await 0 ({{.*}}chain.cpp:[[#OUTER_AWAIT]])} = {sum = 0, round = 0,
print failed
# CHECK-NEXT: = async::Task<int> (Faulted) = {exception = std::runtime_error at 0x{{[0-9a-f]+}}}
print ready
# CHECK-NEXT: = async::ValueTask<int> (result) = {result = 7}
async bt wrapped
# CHECK-NEXT: #0  0x{{[0-9a-f]+}} in Leaf (state 0) at {{.*}}chain.cpp:[[#LEAF_AWAIT]]
# CHECK-NEXT: #1  0x{{[0-9a-f]+}} in Inner (state 0)
# CHECK-NEXT: #2  0x{{[0-9a-f]+}} in Middle (state 0)
# CHECK-NEXT: #3  0x{{[0-9a-f]+}} in Outer (state 0) at {{.*}}chain.cpp:[[#OUTER_AWAIT]]  <- this task
continue

# 3. Leaf resumed by SetResult, its awaiters still suspended: from the
#    current frame through the continuations on each task.
# CHECK-LABEL: AsyncGdbCheckpoint (step=2)
async bt
# CHECK:      #0  0x{{[0-9a-f]+}} in Leaf (running) at {{.*}}chain.cpp:[[#LEAF_RESUMED]]
# CHECK-NEXT: #1  0x{{[0-9a-f]+}} in Inner (state 0) at {{.*}}chain.cpp:[[#INNER_AWAIT]]
# CHECK-NEXT: #2  0x{{[0-9a-f]+}} in Middle (state 0) at {{.*}}chain.cpp:[[#MIDDLE_AWAIT]]
# CHECK-NEXT: #3  0x{{[0-9a-f]+}} in Outer (state 0) at {{.*}}chain.cpp:[[#OUTER_AWAIT]]
# CHECK-NOT: #4
up
print *this
# CHECK: = Leaf_StateMachine {state -1: running} = {depth = 3}
continue

# 4. Everything finished: nothing pending, the result is in the task.
# CHECK-LABEL: AsyncGdbCheckpoint (step=3)
up
async tasks
print outer
# CHECK:      = async::Task<int> (RanToCompletion) = {result = 64}
# CHECK-NOT: async task
python
try:
    gdb.execute("async bt outer")
except gdb.error as e:
    print("error: %s" % e)
end
# CHECK-NEXT: error: async bt: the task has completed (RanToCompletion): nothing awaits in it any more
kill
