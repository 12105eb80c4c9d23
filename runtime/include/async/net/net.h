// async/net/net.h: everything in async::net.
#pragma once

#include <async/net/ip_endpoint.h>
#include <async/net/network_stream.h>
#include <async/net/socket.h>
#include <async/net/socket_exception.h>
#include <async/net/tcp_client.h>
#include <async/net/tcp_listener.h>
