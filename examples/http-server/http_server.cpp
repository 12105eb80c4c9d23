// http_server.cpp: the HttpTestServer's accept loop and connection loop
// (ASYNC functions; see http_server.h for the routes).
#include "http_server.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <utility>

namespace example {

struct HttpTestServer::State {
  async::net::TcpListener listener{async::net::IPEndPoint::Loopback(0)};
  std::uint16_t port = 0;
  std::atomic<int> accepted{0};
  std::atomic<int> served{0};
  async::CancellationTokenSource stop;  // canceled by StopAsync: ends slow responses
  std::mutex mutex;
  bool stopping = false;
  int next_id = 0;
  std::map<int, async::net::Socket> open;       // open connections by id
  std::vector<async::Task<>> connections;       // every connection loop
  std::map<std::string, int> flaky_counts;      // /flaky: failures served per client
  async::Task<> accept_loop;
};

namespace {

struct Request {
  std::string method;
  std::string path;    // without the query
  std::string query;
  bool close = false;  // "Connection: close" or HTTP/1.0
  std::size_t body_length = 0;
  std::string content_type;  // of the request body
  std::string echo;          // the X-Echo request header
  std::string body;
};

struct Response {
  int status = 200;
  std::string reason = "OK";
  std::string body;
  bool chunked = false;
  std::vector<std::string> chunks;
  bool until_close = false;
  bool close = false;
  int delay_ms = 0;
  std::string content_type = "text/plain";
  std::string extra_headers;  // "Name: value\r\n" lines
  bool head = false;          // a HEAD request: headers only
};

bool StartsWith(const std::string& s, const char* prefix) { return s.rfind(prefix, 0) == 0; }

std::string Lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// The request head (up to, not including, the blank line).
bool ParseRequest(const std::string& head, Request& req) {
  std::size_t eol = head.find("\r\n");
  std::string line = head.substr(0, eol);
  std::size_t sp1 = line.find(' ');
  std::size_t sp2 = line.rfind(' ');
  if (sp1 == std::string::npos || sp2 == sp1) return false;
  req.method = line.substr(0, sp1);
  std::string target = line.substr(sp1 + 1, sp2 - sp1 - 1);
  std::string version = line.substr(sp2 + 1);
  std::size_t q = target.find('?');
  req.path = target.substr(0, q);
  req.query = q == std::string::npos ? "" : target.substr(q + 1);
  req.close = version == "HTTP/1.0";
  std::size_t pos = eol == std::string::npos ? head.size() : eol + 2;
  while (pos < head.size()) {
    std::size_t end = head.find("\r\n", pos);
    if (end == std::string::npos) end = head.size();
    std::string field = head.substr(pos, end - pos);
    std::size_t colon = field.find(':');
    if (colon != std::string::npos) {
      std::string name = Lower(field.substr(0, colon));
      std::string value = field.substr(colon + 1);
      while (!value.empty() && value.front() == ' ') value.erase(0, 1);
      if (name == "connection") req.close = Lower(value) == "close";
      if (name == "content-length") req.body_length = std::strtoul(value.c_str(), nullptr, 10);
      if (name == "content-type") req.content_type = value;
      if (name == "x-echo") req.echo = value;
    }
    pos = end + 2;
  }
  return true;
}

std::string QueryValue(const std::string& query, const std::string& key) {
  std::size_t pos = 0;
  while (pos <= query.size()) {
    std::size_t amp = query.find('&', pos);
    if (amp == std::string::npos) amp = query.size();
    std::string pair = query.substr(pos, amp - pos);
    std::size_t eq = pair.find('=');
    if (pair.substr(0, eq) == key) return eq == std::string::npos ? "" : pair.substr(eq + 1);
    pos = amp + 1;
  }
  return "";
}

const char* Reason(int code) {
  switch (code) {
    case 200: return "OK";
    case 201: return "Created";
    case 204: return "No Content";
    case 400: return "Bad Request";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 418: return "I'm a teapot";
    case 500: return "Internal Server Error";
    case 503: return "Service Unavailable";
    default: return "Status";
  }
}

Response Route(HttpTestServer::State& st, const Request& req) {
  Response r;
  if (req.path == "/echo") {
    // Any method: the request body back, with its Content-Type, the method
    // in X-Method and the X-Echo request header in X-Echo.
    r.body = req.body;
    if (!req.content_type.empty()) r.content_type = req.content_type;
    r.extra_headers = "X-Method: " + req.method + "\r\n";
    if (!req.echo.empty()) r.extra_headers += "X-Echo: " + req.echo + "\r\n";
  } else if (req.path == "/json" && req.method == "GET") {
    r.content_type = "application/json; charset=utf-8";
    r.body = R"({"id":7,"name":"widget","tags":["a","b"],"price":9.5})";
  } else if (req.path == "/hello" && req.method == "HEAD") {
    r.body = "Hello, World!";
    r.head = true;
  } else if (req.method != "GET") {
    r.status = 405;
    r.body = "method not allowed";
  } else if (req.path == "/hello") {
    r.body = "Hello, World!";
  } else if (req.path == "/chunked") {
    r.chunked = true;
    r.chunks = {"chunk 1\n", "chunk 2\n", "chunk 3\n"};
  } else if (StartsWith(req.path, "/status/")) {
    r.status = std::atoi(req.path.c_str() + 8);
    if (r.status < 100 || r.status > 999) r.status = 400;
    r.body = "status " + std::to_string(r.status);
  } else if (StartsWith(req.path, "/slow/")) {
    r.delay_ms = std::atoi(req.path.c_str() + 6);
    r.body = "slow " + std::to_string(r.delay_ms);
  } else if (StartsWith(req.path, "/flaky/")) {
    int n = std::atoi(req.path.c_str() + 7);
    std::string client = QueryValue(req.query, "client");
    int failures;
    {
      std::lock_guard<std::mutex> lock(st.mutex);
      failures = st.flaky_counts[client]++;
    }
    if (failures < n) {
      r.status = 503;
      r.body = "try again";
    } else {
      r.body = "ok after " + std::to_string(n) + " failures";
    }
  } else if (StartsWith(req.path, "/bytes/")) {
    long n = std::atol(req.path.c_str() + 7);
    for (long i = 0; i < n; ++i) r.body.push_back(static_cast<char>('a' + i % 26));
  } else if (req.path == "/eof") {
    r.until_close = true;
    r.close = true;
    r.body = "until close";
  } else if (req.path == "/close") {
    r.close = true;
    r.body = "closing";
  } else {
    r.status = 404;
    r.body = "not found";
  }
  r.reason = Reason(r.status);
  if (req.close) r.close = true;
  std::string delay = QueryValue(req.query, "delay");
  if (!delay.empty()) r.delay_ms += std::atoi(delay.c_str());
  return r;
}

std::string Head(const Response& r) {
  std::string head = "HTTP/1.1 " + std::to_string(r.status) + " " + r.reason + "\r\n";
  head += "Content-Type: " + r.content_type + "\r\n";
  head += r.extra_headers;
  if (r.chunked) {
    head += "Transfer-Encoding: chunked\r\n";
  } else if (!r.until_close) {
    head += "Content-Length: " + std::to_string(r.body.size()) + "\r\n";
  }
  if (r.close) head += "Connection: close\r\n";
  head += "\r\n";
  return head;
}

std::string Chunk(const std::string& data) {
  char size[32];
  std::snprintf(size, sizeof size, "%zx\r\n", data.size());
  return size + data + "\r\n";
}

void Forget(HttpTestServer::State& st, int id) {
  std::lock_guard<std::mutex> lock(st.mutex);
  st.open.erase(id);
}

// One connection: requests in order, until the client closes, a route
// closes, or the server stops (which closes the socket).
ASYNC async::Task<> ServeConnectionAsync(std::shared_ptr<HttpTestServer::State> st, int id,
                                         async::net::Socket socket) {
  async::net::NetworkStream stream(socket);
  std::string pending;
  std::vector<char> buffer(8192);
  try {
    bool open = true;
    while (open) {
      std::size_t end = pending.find("\r\n\r\n");
      while (end == std::string::npos && open) {
        std::size_t n = co_await stream.ReadAsync(buffer.data(), buffer.size());
        if (n == 0) {
          open = false;
        } else {
          pending.append(buffer.data(), n);
          end = pending.find("\r\n\r\n");
        }
      }
      if (!open) break;
      Request req;
      bool ok = ParseRequest(pending.substr(0, end), req);
      pending.erase(0, end + 4);
      // The request body (Content-Length; /echo sends it back).
      while (pending.size() < req.body_length) {
        std::size_t n = co_await stream.ReadAsync(buffer.data(), buffer.size());
        if (n == 0) break;
        pending.append(buffer.data(), n);
      }
      req.body = pending.substr(0, std::min(pending.size(), req.body_length));
      pending.erase(0, std::min(pending.size(), req.body_length));
      Response r;
      if (ok) {
        r = Route(*st, req);
      } else {
        r.status = 400;
        r.reason = "Bad Request";
        r.body = "bad request";
        r.close = true;
      }
      if (r.delay_ms > 0) {
        co_await async::Delay(std::chrono::milliseconds(r.delay_ms), st->stop.Token());
      }
      // Counted before the response goes out: a client that has read it
      // must see the count.
      st->served.fetch_add(1);
      if (r.chunked) {
        co_await stream.WriteAsync(Head(r));
        for (const std::string& c : r.chunks) {
          co_await stream.WriteAsync(Chunk(c));
        }
        co_await stream.WriteAsync(std::string("0\r\n\r\n"));
      } else {
        std::string message = Head(r);
        if (!r.head) message += r.body;
        co_await stream.WriteAsync(message);
      }
      if (r.close) open = false;
    }
  } catch (const std::exception&) {
    // Reset by the client, or closed by StopAsync: the connection ends.
  }
  socket.Close();
  Forget(*st, id);
}

ASYNC async::Task<> AcceptLoopAsync(std::shared_ptr<HttpTestServer::State> st) {
  for (;;) {
    async::net::Socket socket;
    try {
      socket = co_await st->listener.AcceptAsync();
    } catch (const std::exception&) {
      break;  // the listener was stopped
    }
    st->accepted.fetch_add(1);
    int id = 0;
    bool stopping = false;
    {
      std::lock_guard<std::mutex> lock(st->mutex);
      stopping = st->stopping;
      id = ++st->next_id;
      if (!stopping) st->open.emplace(id, socket);
    }
    if (stopping) {
      socket.Close();
      break;
    }
    async::Task<> connection = ServeConnectionAsync(st, id, socket);
    std::lock_guard<std::mutex> lock(st->mutex);
    st->connections.push_back(connection);
  }
  std::vector<async::Task<>> connections;
  {
    std::lock_guard<std::mutex> lock(st->mutex);
    connections = st->connections;
  }
  co_await async::WhenAll(connections);
}

}  // namespace

HttpTestServer HttpTestServer::Start(const async::net::IPEndPoint& endpoint) {
  HttpTestServer server;
  server.state_ = std::make_shared<State>();
  server.state_->listener = async::net::TcpListener(endpoint);
  server.state_->listener.Start(512);
  server.state_->port = server.state_->listener.LocalEndpoint().Port();
  std::shared_ptr<State> st = server.state_;
  // On the pool: the loops capture no SynchronizationContext of the caller.
  st->accept_loop = async::Run([st] { return AcceptLoopAsync(st); });
  return server;
}

std::uint16_t HttpTestServer::Port() const { return state_->port; }
std::string HttpTestServer::BaseUrl() const { return "http://127.0.0.1:" + std::to_string(state_->port); }
int HttpTestServer::AcceptedConnections() const { return state_->accepted.load(); }
int HttpTestServer::RequestsServed() const { return state_->served.load(); }

async::Task<> HttpTestServer::StopAsync() const {
  std::map<int, async::net::Socket> open;
  {
    std::lock_guard<std::mutex> lock(state_->mutex);
    state_->stopping = true;
    open = state_->open;
  }
  state_->listener.Stop();
  state_->stop.Cancel();
  for (auto& entry : open) entry.second.Close();
  return state_->accept_loop;
}

}  // namespace example
