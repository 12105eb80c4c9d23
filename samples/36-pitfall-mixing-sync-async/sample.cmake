# RefreshMixedAsync blocks on GetUsersAsync inside an ASYNC function.
set(SAMPLE_TOOL_WARNINGS
  "main.cpp:[0-9]+:[0-9]+: warning: blocking call 'Result\\(\\)' on a task inside an ASYNC function")
