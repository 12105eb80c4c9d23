# ForgetfulProcessAsync calls SendEmailAsync without co_await: CS4014.
set(SAMPLE_TOOL_WARNINGS
  "main.cpp:[0-9]+:[0-9]+: warning: the task returned by 'SendEmailAsync' is not awaited. the function goes on before it completes: co_await it, or store it \\(CS4014\\)")
