// The consumer: a client and a server in one process, both ASYNC code
// lowered by the installed tool, on the installed runtime and HTTP library.
// Prints the body it fetched; exits 1 when it is not kGreeting.
#include "greeting.h"
#include "greeting_server.h"

#include <async/async.h>
#include <async/http/http.h>
#include <async/net/net.h>

#include <cstdio>
#include <string>

ASYNC async::Task<int> MainAsync() {
  async::net::TcpListener listener(async::net::IPEndPoint::Loopback(0));
  listener.Start(1);
  const std::string url = "http://127.0.0.1:" + std::to_string(listener.LocalEndpoint().Port()) + "/";
  async::Task<> server = consumer::ServeOneGreetingAsync(listener);

  async::http::HttpClient client;
  auto response = co_await client.GetAsync(url);
  response.EnsureSuccessStatusCode();
  std::string body = co_await response.Content().ReadAsStringAsync();
  co_await server;
  listener.Stop();

  std::printf("GET %d: %s\n", static_cast<int>(response.StatusCode()), body.c_str());
  co_return body == consumer::kGreeting ? 0 : 1;
}

int main() { return async::AsyncContext::Run(MainAsync); }
