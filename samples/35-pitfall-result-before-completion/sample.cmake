# BadGetValueAsync: Result() inside an ASYNC function, and no co_await at all.
set(SAMPLE_TOOL_WARNINGS
  "main.cpp:[0-9]+:[0-9]+: warning: ASYNC function 'BadGetValueAsync' has no co_await. it runs synchronously \\(CS1998\\)"
  "main.cpp:[0-9]+:[0-9]+: warning: blocking call 'Result\\(\\)' on a task inside an ASYNC function")
