// WebApplication: the middleware pipeline, routing and endpoint filters
// over the KestrelServer, and its lifetime (start, run, graceful stop).
#include <async/web/web_application.h>

#include <http_parser.h>

#include <algorithm>
#include <mutex>

#include <async/exceptions.h>
#include <async/task_completion_source.h>

#include "kestrel_server.h"
#include "routing.h"
#include "server_access.h"
#include "then.h"

namespace async {
namespace web {
namespace detail {

class WebApplicationState {
 public:
  explicit WebApplicationState(WebApplicationOptions options)
      : options_(std::move(options)), stop_requested_(TaskCreationOptions::RunContinuationsAsynchronously) {
    if (!options_.Logger) options_.Logger = std::make_shared<StderrLogger>();
  }
  ~WebApplicationState() {
    if (server_) server_->StopAsync({});  // an application dropped while running still lets go of its sockets
  }

  WebApplicationOptions options_;
  std::mutex mutex_;
  std::vector<Middleware> middleware_;
  std::vector<std::shared_ptr<Endpoint>> endpoints_;
  std::shared_ptr<KestrelServer> server_;
  TaskCompletionSource<> stop_requested_;

  void RequestStop() { stop_requested_.TrySetResult(); }

  // The endpoint's handler behind its filters, the first filter outermost.
  static EndpointFilterDelegate Compose(const Endpoint& e) {
    EndpointFilterDelegate inner = e.handler;
    for (auto it = e.filters.rbegin(); it != e.filters.rend(); ++it) {
      EndpointFilter filter = *it;
      inner = [filter, inner](HttpContext& context) -> Task<IResult> {
        try {
          return filter(context, inner);
        } catch (...) {
          return FromException<IResult>(std::current_exception());
        }
      };
    }
    return inner;
  }

  // The pipeline: the middleware in order, routing at the end.
  RequestDelegate BuildPipeline() {
    struct Route {
      std::shared_ptr<Endpoint> endpoint;
      EndpointFilterDelegate invoke;
    };
    auto routes = std::make_shared<std::vector<Route>>();
    for (const auto& e : endpoints_) routes->push_back(Route{e, Compose(*e)});
    RequestDelegate app = [routes](HttpContext& context) -> Task<> {
      HttpRequest& request = context.Request();
      std::vector<std::string> path = SplitPath(request.Path());
      const Route* best = nullptr;
      std::vector<int> best_precedence;
      std::map<std::string, std::string> best_values;
      std::vector<std::string> allowed;
      const std::string& method = request.Method();
      for (const Route& r : *routes) {
        std::map<std::string, std::string> values;
        if (!r.endpoint->pattern.Match(path, values)) continue;
        bool method_ok = r.endpoint->method == method || (method == "HEAD" && r.endpoint->method == "GET");
        if (!method_ok) {
          if (std::find(allowed.begin(), allowed.end(), r.endpoint->method) == allowed.end())
            allowed.push_back(r.endpoint->method);
          continue;
        }
        std::vector<int> precedence = r.endpoint->pattern.Precedence();
        if (best == nullptr || precedence > best_precedence) {
          best = &r;
          best_precedence = std::move(precedence);
          best_values = std::move(values);
        }
      }
      if (best == nullptr) {
        if (!allowed.empty()) {
          std::string allow;
          for (const auto& m : allowed) allow += (allow.empty() ? "" : ", ") + m;
          context.Response().SetStatusCode(405);
          context.Response().Headers().Set("Allow", allow);
        } else {
          context.Response().SetStatusCode(404);
        }
        return CompletedTask();
      }
      ServerAccess::RouteValues(ServerAccess::Request(context)) = std::move(best_values);
      Task<IResult> result;
      try {
        result = best->invoke(context);
      } catch (...) {
        return FromException<void>(std::current_exception());
      }
      TaskCompletionSource<> done;
      HttpContext* c = &context;
      Then(result, [done, c](const Task<IResult>& t) mutable {
        if (!t.IsCompletedSuccessfully()) {
          done.TrySetException(ErrorOf(t));
          return;
        }
        Task<> executed = t.Result().ExecuteAsync(*c);
        Then(executed, [done](const Task<>& e) mutable {
          if (e.IsCompletedSuccessfully()) {
            done.TrySetResult();
          } else {
            done.TrySetException(ErrorOf(e));
          }
        });
      });
      return done.Task();
    };
    for (auto it = middleware_.rbegin(); it != middleware_.rend(); ++it) {
      Middleware m = *it;
      RequestDelegate next = app;
      app = [m, next](HttpContext& context) -> Task<> {
        try {
          return m(context, next);
        } catch (...) {
          return FromException<void>(std::current_exception());
        }
      };
    }
    return app;
  }
};

namespace {

// "http://host:port[/]" -> an endpoint; host: an IP literal, localhost,
// or * / + / 0.0.0.0 for every address.
net::IPEndPoint ParseUrl(const std::string& url) {
  http_parser_url u;
  http_parser_url_init(&u);
  std::string text = url;
  // http_parser does not take '*' or '+' for a host.
  std::size_t star = text.find("://*");
  if (star == std::string::npos) star = text.find("://+");
  if (star != std::string::npos) text.replace(star + 3, 1, "0.0.0.0");
  if (http_parser_parse_url(text.data(), text.size(), 0, &u) != 0 || !(u.field_set & (1 << UF_SCHEMA)) ||
      !(u.field_set & (1 << UF_HOST))) {
    throw ArgumentException("Invalid url: '" + url + "' (expected http://host:port).");
  }
  std::string scheme = text.substr(u.field_data[UF_SCHEMA].off, u.field_data[UF_SCHEMA].len);
  if (scheme != "http") throw ArgumentException("Only http is supported: '" + url + "'.");
  std::string host = text.substr(u.field_data[UF_HOST].off, u.field_data[UF_HOST].len);
  std::uint16_t port = (u.field_set & (1 << UF_PORT)) ? u.port : 80;
  if (host == "localhost") return net::IPEndPoint(net::IPAddress::Loopback(), port);
  net::IPAddress address;
  if (!net::IPAddress::TryParse(host, address)) {
    throw ArgumentException("The host must be an IP address or localhost: '" + url + "'.");
  }
  return net::IPEndPoint(address, port);
}

class WebHostService final : public IHostedService {
 public:
  WebHostService(WebApplication app, std::string url) : app_(std::move(app)), url_(std::move(url)) {}
  Task<> StartAsync(CancellationToken ct) override { return app_.StartAsync(url_, std::move(ct)); }
  Task<> StopAsync(CancellationToken ct) override { return app_.StopAsync(std::move(ct)); }

 private:
  WebApplication app_;
  std::string url_;
};

}  // namespace
}  // namespace detail

RouteHandlerBuilder& RouteHandlerBuilder::AddEndpointFilter(EndpointFilter filter) {
  endpoint_->filters.push_back(std::move(filter));
  return *this;
}

WebApplication WebApplication::Create(WebApplicationOptions options) {
  return WebApplication(std::make_shared<detail::WebApplicationState>(std::move(options)));
}

WebApplication& WebApplication::Use(Middleware middleware) {
  std::lock_guard<std::mutex> lock(state_->mutex_);
  if (state_->server_) throw InvalidOperationException("The application has started: Use before StartAsync.");
  state_->middleware_.push_back(std::move(middleware));
  return *this;
}

RouteHandlerBuilder WebApplication::Map(std::string method, std::string pattern, EndpointHandler handler) {
  auto endpoint = std::make_shared<detail::Endpoint>();
  endpoint->method = std::move(method);
  endpoint->pattern = detail::RoutePattern::Parse(pattern);
  endpoint->pattern_text = std::move(pattern);
  endpoint->handler = std::move(handler);
  std::lock_guard<std::mutex> lock(state_->mutex_);
  if (state_->server_) throw InvalidOperationException("The application has started: Map before StartAsync.");
  state_->endpoints_.push_back(endpoint);
  return RouteHandlerBuilder(endpoint);
}

EndpointHandler WebApplication::FromVoidHandler(std::function<Task<>(HttpContext&)> handler) {
  return [handler = std::move(handler)](HttpContext& context) -> Task<IResult> {
    Task<> t = handler(context);
    TaskCompletionSource<IResult> done;
    detail::Then(t, [done](const Task<>& r) mutable {
      if (r.IsCompletedSuccessfully()) {
        done.TrySetResult(Results::Empty());
      } else {
        done.TrySetException(detail::ErrorOf(r));
      }
    });
    return done.Task();
  };
}

Task<> WebApplication::StartAsync(const std::string& url, CancellationToken cancellationToken) {
  try {
    if (cancellationToken.IsCancellationRequested()) return FromCanceled<void>(cancellationToken);
    net::IPEndPoint endpoint = detail::ParseUrl(url);
    std::shared_ptr<detail::KestrelServer> server;
    {
      std::lock_guard<std::mutex> lock(state_->mutex_);
      if (state_->server_) throw InvalidOperationException("The application has already started.");
      server = std::make_shared<detail::KestrelServer>(state_->options_.Limits, state_->options_.ShutdownTimeout,
                                                       state_->BuildPipeline(), state_->options_.Logger);
      server->Start(endpoint);
      state_->server_ = server;
    }
    state_->options_.Logger->Log(LogLevel::Information, "Now listening on: " + Urls().front());
    return CompletedTask();
  } catch (...) {
    return FromException<void>(std::current_exception());
  }
}

Task<> WebApplication::StopAsync(CancellationToken cancellationToken) {
  std::shared_ptr<detail::KestrelServer> server;
  {
    std::lock_guard<std::mutex> lock(state_->mutex_);
    server = state_->server_;
  }
  state_->RequestStop();
  if (!server) return CompletedTask();
  return server->StopAsync(std::move(cancellationToken));
}

Task<> WebApplication::RunAsync(const std::string& url, CancellationToken cancellationToken) {
  Task<> started = StartAsync(url, cancellationToken);
  if (!started.IsCompletedSuccessfully()) return started;
  std::weak_ptr<detail::WebApplicationState> weak = state_;
  std::uint64_t signal_id = async::detail::RegisterShutdownSignalCallback([weak] {
    if (auto s = weak.lock()) s->RequestStop();
  });
  auto registration = std::make_shared<CancellationTokenRegistration>(cancellationToken.Register([weak] {
    if (auto s = weak.lock()) s->RequestStop();
  }));
  TaskCompletionSource<> run(TaskCreationOptions::RunContinuationsAsynchronously);
  WebApplication self = *this;
  detail::Then(state_->stop_requested_.Task(), [self, signal_id, registration, run](const Task<>&) {
    async::detail::UnregisterShutdownSignalCallback(signal_id);
    registration->Dispose();
    self.Logger().Log(LogLevel::Information, "Application is shutting down...");
    detail::Then(WebApplication(self).StopAsync(), [run](const Task<>& stopped) mutable {
      if (stopped.IsCompletedSuccessfully()) {
        run.TrySetResult();
      } else {
        run.TrySetException(detail::ErrorOf(stopped));
      }
    });
  });
  return run.Task();
}

std::vector<std::string> WebApplication::Urls() const {
  std::shared_ptr<detail::KestrelServer> server;
  {
    std::lock_guard<std::mutex> lock(state_->mutex_);
    server = state_->server_;
  }
  if (!server) return {};
  net::IPEndPoint ep = server->LocalEndpoint();
  return {"http://" + ep.ToString()};
}

std::uint16_t WebApplication::Port() const {
  std::lock_guard<std::mutex> lock(state_->mutex_);
  return state_->server_ ? state_->server_->LocalEndpoint().Port() : 0;
}

std::size_t WebApplication::ConnectionCount() const {
  std::lock_guard<std::mutex> lock(state_->mutex_);
  return state_->server_ ? state_->server_->ConnectionCount() : 0;
}

ILogger& WebApplication::Logger() const { return *state_->options_.Logger; }

std::shared_ptr<IHostedService> WebApplication::AsHostedService(std::string url) const {
  return std::make_shared<detail::WebHostService>(*this, std::move(url));
}

}  // namespace web
}  // namespace async
