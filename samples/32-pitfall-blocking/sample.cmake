# GetDataInsideAsync blocks inside an ASYNC function: the lowering step warns
# at both calls.
set(SAMPLE_TOOL_WARNINGS
  "main.cpp:[0-9]+:[0-9]+: warning: blocking call 'Result\\(\\)' on a task inside an ASYNC function"
  "main.cpp:[0-9]+:[0-9]+: warning: blocking call 'GetResult\\(\\)' on a task inside an ASYNC function")
