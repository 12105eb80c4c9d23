// async/async.h: the umbrella header of the asyncc runtime.
#pragma once

// ASYNC marks a function for lowering by asyncc.
#ifndef ASYNC
#if defined(__clang__)
#define ASYNC __attribute__((annotate("async")))
#else
#define ASYNC
#endif
#endif

#include <async/async_context.h>
#include <async/async_enumerable.h>
#include <async/async_void.h>
#include <async/awaiters.h>
#include <async/builder.h>
#include <async/cancellation.h>
#include <async/channel.h>
#include <async/continuation.h>
#include <async/continue_with.h>
#include <async/delay.h>
#include <async/diagnostics.h>
#include <async/enumerator_cancellation.h>
#include <async/exceptions.h>
#include <async/execution_context.h>
#include <async/from_async.h>
#include <async/hosting.h>
#include <async/native_coroutine.h>
#include <async/parallel.h>
#include <async/periodic_timer.h>
#include <async/retry_policy.h>
#include <async/run.h>
#include <async/semaphore_slim.h>
#include <async/synchronization_context.h>
#include <async/task.h>
#include <async/task_completion_source.h>
#include <async/task_scheduler.h>
#include <async/task_status.h>
#include <async/using.h>
#include <async/value_task.h>
#include <async/when.h>
#include <async/yield.h>
