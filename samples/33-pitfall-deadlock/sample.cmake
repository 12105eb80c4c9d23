# The Wait() inside UiThreadAsync (ConfigureAwait(false) all the way down):
# the tool warns at it all the same.
set(SAMPLE_TOOL_WARNINGS
  "main.cpp:[0-9]+:[0-9]+: warning: blocking call 'Wait\\(\\)' on a task inside an ASYNC function")
