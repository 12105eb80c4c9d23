// greeting_server.h: a one-request HTTP/1.1 server on the runtime's sockets.
#pragma once

#include <async/async.h>
#include <async/net/net.h>

namespace consumer {

// Accepts one connection on `listener`, reads one request head and answers
// 200 with kGreeting, then closes the connection.
async::Task<> ServeOneGreetingAsync(async::net::TcpListener& listener);

}  // namespace consumer
