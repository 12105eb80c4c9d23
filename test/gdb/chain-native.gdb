# gdb commands for test/gdb/chain.cpp built natively (C++20 coroutines, no
# asyncc): the boxes are CoroutineBox<T>, whose await sites are
# std::source_locations. CHECK lines as in chain.gdb.
set pagination off
set confirm off
break AsyncGdbCheckpoint if step == 1
run
up
# CHECK-LABEL: AsyncGdbCheckpoint (step=1)
async tasks
# CHECK:      async task 0x{{[0-9a-f]+}}:
# CHECK-NEXT:   at Leaf ({{.*}}chain.cpp:[[#LEAF_AWAIT]])
# CHECK-NEXT:   at Inner ({{.*}}chain.cpp:[[#INNER_AWAIT]])
# CHECK-NEXT:   at Middle ({{.*}}chain.cpp:[[#MIDDLE_AWAIT]])
# CHECK-NEXT:   at Outer ({{.*}}chain.cpp:[[#OUTER_AWAIT]])
# CHECK-EMPTY:
async bt outer
# CHECK-NEXT: #0  0x{{[0-9a-f]+}} in Leaf (suspended) at {{.*}}chain.cpp:[[#LEAF_AWAIT]]
# CHECK-NEXT: #1  0x{{[0-9a-f]+}} in Inner (suspended) at {{.*}}chain.cpp:[[#INNER_AWAIT]]
# CHECK-NEXT: #2  0x{{[0-9a-f]+}} in Middle (suspended) at {{.*}}chain.cpp:[[#MIDDLE_AWAIT]]
# CHECK-NEXT: #3  0x{{[0-9a-f]+}} in Outer (suspended) at {{.*}}chain.cpp:[[#OUTER_AWAIT]]  <- this task
print outer
# CHECK-NEXT: = async::Task<int> (WaitingForActivation, Outer awaiting at {{.*}}chain.cpp:[[#OUTER_AWAIT]])
kill
