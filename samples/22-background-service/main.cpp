// Guide section "Background Tasks" / "BackgroundService".
//
//   public class EmailQueueProcessor : BackgroundService
//   {
//       private readonly Channel<EmailMessage> _channel;
//       private readonly ILogger<EmailQueueProcessor> _logger;
//
//       public EmailQueueProcessor(Channel<EmailMessage> channel, ILogger<EmailQueueProcessor> logger)
//       { _channel = channel; _logger = logger; }
//
//       protected override async Task ExecuteAsync(CancellationToken stoppingToken)
//       {
//           await foreach (var email in _channel.Reader.ReadAllAsync(stoppingToken))
//           {
//               try { await SendEmailAsync(email, stoppingToken); }
//               catch (Exception ex)
//               { _logger.LogError(ex, "Failed to send email to {Recipient}", email.To); }
//           }
//       }
//   }
//
//   // Registration in Program.cs
//   builder.Services.AddSingleton(Channel.CreateUnbounded<EmailMessage>());
//   builder.Services.AddHostedService<EmailQueueProcessor>();
//
// Differences: there is no dependency injection: the queue and the logger
// are constructor arguments given to AddHostedService<T>(args...). The
// queue is a small unbounded queue written here (EmailQueue, with the
// ReadAllAsync of a ChannelReader, as an async iterator) so that the sample
// only needs the host; section 18's sample shows Channel<T> itself.
// SendEmailAsync is simulated (a delay; an address without '@' fails). The
// program enqueues three emails, waits until they were handled, and stops
// the host (StopAsync) instead of waiting for Ctrl+C.
#include <async/async.h>

#include <chrono>
#include <cstdio>
#include <deque>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>

using namespace std::chrono_literals;

struct EmailMessage {
  std::string To;
  std::string Subject;
};

// An unbounded FIFO with an asynchronous reader (one reader).
class EmailQueue {
 public:
  void Write(EmailMessage m) {
    async::TaskCompletionSource<> wake;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      items_.push_back(std::move(m));
      wake = waiting_;
      waiting_ = async::TaskCompletionSource<>();
    }
    wake.TrySetResult();
  }
  ASYNC async::AsyncEnumerable<EmailMessage> ReadAllAsync(async::CancellationToken ct) {
    for (;;) {
      async::Task<> signal;
      bool have = false;
      EmailMessage next;
      {
        std::lock_guard<std::mutex> lock(mutex_);
        if (!items_.empty()) {
          next = std::move(items_.front());
          items_.pop_front();
          have = true;
        } else {
          signal = waiting_.Task();
        }
      }
      if (have) {
        co_yield next;
      } else {
        // Wait for a write or the token.
        co_await async::WhenAny(signal, async::Delay(std::chrono::hours(24), ct));
        ct.ThrowIfCancellationRequested();
      }
    }
  }

 private:
  std::mutex mutex_;
  std::deque<EmailMessage> items_;
  async::TaskCompletionSource<> waiting_;
};

class ConsoleLogger : public async::ILogger {
 public:
  void Log(async::LogLevel level, const std::string& message) override {
    if (level >= async::LogLevel::Error) std::printf("fail: %s\n", message.c_str());
  }
};

class EmailQueueProcessor : public async::BackgroundService {
 public:
  EmailQueueProcessor(std::shared_ptr<EmailQueue> queue, std::shared_ptr<async::ILogger> logger,
                      std::shared_ptr<async::TaskCompletionSource<int>> handled)
      : queue_(std::move(queue)), logger_(std::move(logger)), handled_(std::move(handled)) {}

 protected:
  ASYNC async::Task<> ExecuteAsync(async::CancellationToken stoppingToken) override {
    auto e = queue_->ReadAllAsync(stoppingToken).GetAsyncEnumerator();
    try {
      while (co_await e.MoveNextAsync()) {
        EmailMessage email = e.Current();
        bool failed = false;
        std::string why;
        try {
          co_await SendEmailAsync(email, stoppingToken);
        } catch (const std::exception& ex) {
          failed = true;
          why = ex.what();
        }
        if (failed) logger_->Log(async::LogLevel::Error, "Failed to send email to " + email.To + ": " + why);
        if (++count_ == 3) handled_->TrySetResult(count_);
      }
    } catch (const async::OperationCanceledException&) {
      std::printf("processor stopping\n");
    }
    co_await e.DisposeAsync();
  }

 private:
  ASYNC async::Task<> SendEmailAsync(EmailMessage email, async::CancellationToken ct) {
    co_await async::Delay(1ms, ct);
    if (email.To.find('@') == std::string::npos) throw std::invalid_argument("bad address");
    std::printf("sent \"%s\" to %s\n", email.Subject.c_str(), email.To.c_str());
  }

  std::shared_ptr<EmailQueue> queue_;
  std::shared_ptr<async::ILogger> logger_;
  std::shared_ptr<async::TaskCompletionSource<int>> handled_;
  int count_ = 0;
};

ASYNC async::Task<int> MainAsync() {
  auto queue = std::make_shared<EmailQueue>();
  auto handled = std::make_shared<async::TaskCompletionSource<int>>();
  auto logger = std::make_shared<ConsoleLogger>();
  async::Host host = async::HostBuilder()
                         .AddHostedService<EmailQueueProcessor>(queue, logger, handled)
                         .UseLogger(logger)
                         .Build();
  co_await host.StartAsync();
  queue->Write({"ada@example.com", "Welcome"});
  queue->Write({"nobody", "Invoice"});
  queue->Write({"alan@example.com", "Reminder"});
  int n = co_await handled->Task();
  co_await host.StopAsync();
  std::printf("handled %d emails\n", n);
  co_return n == 3 ? 0 : 1;
}

int main() { return async::AsyncContext::Run(MainAsync); }
