// The HTTP/1.1 server under WebApplication (Kestrel's role): accepts
// connections, parses requests with http_parser, runs the application's
// request delegate per request and writes its response.
#pragma once

#include <cstddef>
#include <memory>
#include <mutex>
#include <optional>
#include <unordered_map>

#include <async/cancellation.h>
#include <async/hosting.h>
#include <async/net/net.h>
#include <async/task.h>
#include <async/task_completion_source.h>
#include <async/web/web_application.h>

namespace async {
namespace web {
namespace detail {

class Connection;

class KestrelServer : public std::enable_shared_from_this<KestrelServer> {
 public:
  KestrelServer(KestrelServerLimits limits, std::chrono::milliseconds shutdownTimeout, RequestDelegate app,
                std::shared_ptr<ILogger> logger);

  // Binds and starts accepting; SocketException when the bind fails.
  void Start(const net::IPEndPoint& endpoint);
  net::IPEndPoint LocalEndpoint() const;
  Task<> StopAsync(CancellationToken ct);
  std::size_t ConnectionCount() const;

  const KestrelServerLimits& Limits() const noexcept { return limits_; }
  const RequestDelegate& App() const noexcept { return app_; }
  ILogger& Log() const noexcept { return *logger_; }
  bool Stopping() const;
  void Remove(Connection* connection);

 private:
  void AcceptLoop();
  bool OnAccepted(const Task<net::Socket>& t);
  void Heartbeat();
  void AbortAll();

  const KestrelServerLimits limits_;
  const std::chrono::milliseconds shutdown_timeout_;
  const RequestDelegate app_;
  const std::shared_ptr<ILogger> logger_;

  mutable std::mutex mutex_;
  std::optional<net::TcpListener> listener_;
  std::unordered_map<Connection*, std::shared_ptr<Connection>> connections_;
  bool stopping_ = false;
  CancellationTokenSource stop_accepting_;
  TaskCompletionSource<> all_closed_;
  CancellationTokenSource heartbeat_stop_;
};

}  // namespace detail
}  // namespace web
}  // namespace async
