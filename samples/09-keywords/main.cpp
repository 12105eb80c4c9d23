// Guide sections "Task and Task<T>" and "Async/Await Keywords".
//
//   // Task — no return value (like void)
//   public async Task DoWorkAsync()
//   {
//       await Task.Delay(1000); // simulate async work
//       Console.WriteLine("Done");
//   }
//
//   // Task<T> — returns a value
//   public async Task<string> GetNameAsync()
//   {
//       await Task.Delay(500);
//       return "Alice";
//   }
//
//   // Creating completed tasks
//   Task.CompletedTask // completed Task with no result
//   Task.FromResult(42) // completed Task<int> with value 42
//   Task.FromException(ex) // faulted task
//
//   public async Task<int> CalculateAsync()
//   {
//       // 'await' suspends the method and returns to the caller
//       int a = await FetchValueAsync(); // async I/O
//       int b = await ComputeAsync(a); // async computation
//       return a + b; // result is wrapped in Task<int>
//   }
//
//   // Multiple awaits execute sequentially
//   public async Task ChainAsync()
//   {
//       await Step1Async(); // wait for step 1
//       await Step2Async(); // then step 2
//       await Step3Async(); // then step 3
//   }
//
// C#'s `async Task` is `ASYNC async::Task<>`, `async Task<T>` is
// `ASYNC async::Task<T>`, `await` is `co_await`, and `return` in an async
// method is `co_return`. The delays are shorter than the guide's.
#include <async/async.h>

#include <chrono>
#include <cstdio>
#include <stdexcept>
#include <string>

using namespace std::chrono_literals;

// Task: no return value (like void).
ASYNC async::Task<> DoWorkAsync() {
  co_await async::Delay(20ms);  // simulate async work
  std::printf("Done\n");
}

// Task<T>: returns a value.
ASYNC async::Task<std::string> GetNameAsync() {
  co_await async::Delay(10ms);
  co_return "Alice";
}

ASYNC async::Task<int> FetchValueAsync() {
  co_await async::Delay(5ms);  // stands for async I/O
  co_return 20;
}

ASYNC async::Task<int> ComputeAsync(int a) {
  auto work = [a] { return a * 2; };
  int doubled = co_await async::Run(work);  // async computation
  co_return doubled + 2;
}

ASYNC async::Task<int> CalculateAsync() {
  // co_await suspends the method and returns to the caller.
  int a = co_await FetchValueAsync();  // async I/O
  int b = co_await ComputeAsync(a);    // async computation
  co_return a + b;                     // the result is wrapped in Task<int>
}

std::string g_trace;

ASYNC async::Task<> StepAsync(int n) {
  g_trace += "start " + std::to_string(n) + ", ";
  co_await async::Delay(std::chrono::milliseconds(30 - 10 * n));  // step 1 is the slowest
  g_trace += "end " + std::to_string(n) + "; ";
}
ASYNC async::Task<> Step1Async() { co_await StepAsync(1); }
ASYNC async::Task<> Step2Async() { co_await StepAsync(2); }
ASYNC async::Task<> Step3Async() { co_await StepAsync(3); }

// Multiple awaits execute sequentially.
ASYNC async::Task<> ChainAsync() {
  co_await Step1Async();  // wait for step 1
  co_await Step2Async();  // then step 2
  co_await Step3Async();  // then step 3
}

int Check(bool ok, const char* what) {
  std::printf("  %s: %s\n", what, ok ? "yes" : "NO");
  return ok ? 0 : 1;
}

ASYNC async::Task<int> MainAsync() {
  int failures = 0;

  std::printf("DoWorkAsync (Task):\n");
  async::Task<> work = DoWorkAsync();
  failures += Check(!work.IsCompleted(), "the call returned at the first await, before \"Done\"");
  co_await work;

  std::printf("GetNameAsync (Task<string>):\n");
  std::string name = co_await GetNameAsync();
  std::printf("  name = %s\n", name.c_str());
  failures += Check(name == "Alice", "the awaited result is the string itself");

  std::printf("Completed tasks:\n");
  async::Task<> done = async::CompletedTask();  // Task.CompletedTask
  async::Task<int> answer = async::FromResult(42);  // Task.FromResult(42)
  async::Task<int> faulted =  // Task.FromException(ex)
      async::FromException<int>(std::make_exception_ptr(std::runtime_error("boom")));
  failures += Check(done.IsCompletedSuccessfully(), "CompletedTask() has run to completion");
  failures += Check(answer.IsCompletedSuccessfully(), "FromResult(42) has run to completion");
  failures += Check(faulted.IsFaulted(), "FromException gives a faulted task");
  co_await done;  // completes at once: no suspension
  int value = co_await answer;  // no suspension either
  std::printf("  co_await FromResult(42) = %d\n", value);
  failures += Check(value == 42, "its value is 42");
  try {
    co_await faulted;
    std::printf("  no exception: WRONG\n");
    ++failures;
  } catch (const std::runtime_error& e) {
    std::printf("  co_await of the faulted task throws: %s\n", e.what());
  }

  std::printf("CalculateAsync:\n");
  int sum = co_await CalculateAsync();
  std::printf("  a + b = %d\n", sum);
  failures += Check(sum == 62, "a = 20, b = 20 * 2 + 2, a + b = 62");

  std::printf("ChainAsync:\n");
  co_await ChainAsync();
  std::printf("  %s\n", g_trace.c_str());
  failures += Check(g_trace == "start 1, end 1; start 2, end 2; start 3, end 3; ",
                    "each step starts after the previous one ended");

  std::printf("%s\n", failures == 0 ? "PASS" : "FAIL");
  co_return failures == 0 ? 0 : 1;
}

int main() { return async::AsyncContext::Run(MainAsync); }
