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
// Differences: there is no dependency injection: the channel and the
// logger are constructor arguments given to AddHostedService<T>(args...)
// (Channel<T> is a shared handle, like the singleton the guide registers).
// C++ has no `await foreach`: the ReadAllAsync enumerator is driven by
// hand. SendEmailAsync is simulated (a delay; an address without '@'
// fails). The program writes three emails, waits until they were handled,
// and stops the host (StopAsync) instead of waiting for Ctrl+C; the
// reader's OperationCanceledException at the stop is caught to print one
// line (.NET lets it end ExecuteAsync, which the host also accepts).
#include <async/async.h>

#include <chrono>
#include <cstdio>
#include <memory>
#include <stdexcept>
#include <string>

using namespace std::chrono_literals;

struct EmailMessage {
  std::string To;
  std::string Subject;
};

class ConsoleLogger : public async::ILogger {
 public:
  void Log(async::LogLevel level, const std::string& message) override {
    if (level >= async::LogLevel::Error) std::printf("fail: %s\n", message.c_str());
  }
};

class EmailQueueProcessor : public async::BackgroundService {
 public:
  EmailQueueProcessor(async::Channel<EmailMessage> channel, std::shared_ptr<async::ILogger> logger,
                      std::shared_ptr<async::TaskCompletionSource<int>> handled)
      : channel_(std::move(channel)), logger_(std::move(logger)), handled_(std::move(handled)) {}

 protected:
  ASYNC async::Task<> ExecuteAsync(async::CancellationToken stoppingToken) override {
    // await foreach (var email in _channel.Reader.ReadAllAsync(stoppingToken))
    auto e = channel_.Reader().ReadAllAsync(stoppingToken).GetAsyncEnumerator();
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

  async::Channel<EmailMessage> channel_;
  std::shared_ptr<async::ILogger> logger_;
  std::shared_ptr<async::TaskCompletionSource<int>> handled_;
  int count_ = 0;
};

ASYNC async::Task<int> MainAsync() {
  // builder.Services.AddSingleton(Channel.CreateUnbounded<EmailMessage>());
  auto channel = async::Channel<EmailMessage>::CreateUnbounded();
  auto handled = std::make_shared<async::TaskCompletionSource<int>>();
  auto logger = std::make_shared<ConsoleLogger>();
  async::Host host = async::HostBuilder()
                         .AddHostedService<EmailQueueProcessor>(channel, logger, handled)
                         .UseLogger(logger)
                         .Build();
  co_await host.StartAsync();
  async::ChannelWriter<EmailMessage> writer = channel.Writer();
  // Named locals, not temporaries in the co_await expressions: g++ 12's
  // native coroutines destroy an aggregate temporary passed by value there
  // wrongly (ASan: a std::string member freed that was never allocated);
  // clang and the lowered build are fine.
  EmailMessage welcome{"ada@example.com", "Welcome"};
  EmailMessage invoice{"nobody", "Invoice"};
  EmailMessage reminder{"alan@example.com", "Reminder"};
  co_await writer.WriteAsync(welcome);
  co_await writer.WriteAsync(invoice);
  co_await writer.WriteAsync(reminder);
  int n = co_await handled->Task();
  co_await host.StopAsync();
  std::printf("handled %d emails\n", n);
  co_return n == 3 ? 0 : 1;
}

int main() { return async::AsyncContext::Run(MainAsync); }
