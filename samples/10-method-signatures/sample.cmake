# CountAsync has no co_await: the lowering step warns as C# does (CS1998).
set(SAMPLE_TOOL_WARNINGS "main.cpp:[0-9]+:[0-9]+: warning: ASYNC function 'CountItemsAsync' has no co_await. it runs synchronously \\(CS1998\\)")
