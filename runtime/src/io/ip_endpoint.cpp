// IPAddress and IPEndPoint (portable: POSIX or Winsock headers).
#include <async/net/ip_endpoint.h>

#if defined(_WIN32)
#include <winsock2.h>
#include <ws2tcpip.h>
#else
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#endif

#include <cstdlib>
#include <cstring>
#include <string>

#include <async/exceptions.h>

namespace async {
namespace net {

IPAddress::IPAddress(const std::uint8_t* bytes, std::size_t length, std::uint32_t scopeId) {
  if (length != 4 && length != 16) throw ArgumentException("An IP address has 4 or 16 bytes.");
  family_ = length == 16 ? net::AddressFamily::InterNetworkV6 : net::AddressFamily::InterNetwork;
  std::memcpy(bytes_.data(), bytes, length);
  scope_id_ = length == 16 ? scopeId : 0;
}

IPAddress IPAddress::Any() noexcept { return IPAddress(); }
IPAddress IPAddress::Loopback() noexcept {
  const std::uint8_t b[4] = {127, 0, 0, 1};
  return IPAddress(b, 4);
}
IPAddress IPAddress::IPv6Any() noexcept {
  const std::uint8_t b[16] = {};
  return IPAddress(b, 16);
}
IPAddress IPAddress::IPv6Loopback() noexcept {
  std::uint8_t b[16] = {};
  b[15] = 1;
  return IPAddress(b, 16);
}

bool IPAddress::TryParse(std::string_view text, IPAddress& address) noexcept {
  std::string s(text);
  std::uint32_t scope = 0;
  const auto pct = s.find('%');
  if (pct != std::string::npos) {
    char* end = nullptr;
    unsigned long v = std::strtoul(s.c_str() + pct + 1, &end, 10);
    if (end == s.c_str() + pct + 1 || *end != '\0') return false;
    scope = static_cast<std::uint32_t>(v);
    s.resize(pct);
  }
  std::uint8_t b[16];
  if (s.find(':') != std::string::npos) {
    if (inet_pton(AF_INET6, s.c_str(), b) != 1) return false;
    address = IPAddress(b, 16, scope);
    return true;
  }
  if (pct != std::string::npos) return false;
  if (inet_pton(AF_INET, s.c_str(), b) != 1) return false;
  address = IPAddress(b, 4);
  return true;
}

IPAddress IPAddress::Parse(std::string_view text) {
  IPAddress a;
  if (!TryParse(text, a)) throw ArgumentException("An invalid IP address was specified: " + std::string(text));
  return a;
}

bool IPAddress::IsLoopback(const IPAddress& a) noexcept {
  if (a.family_ == net::AddressFamily::InterNetwork) return a.bytes_[0] == 127;
  return a == IPv6Loopback();
}

std::string IPAddress::ToString() const {
  char buf[64] = {};
  if (family_ == net::AddressFamily::InterNetworkV6) {
    inet_ntop(AF_INET6, bytes_.data(), buf, sizeof buf);
    std::string s(buf);
    if (scope_id_ != 0) s += "%" + std::to_string(scope_id_);
    return s;
  }
  inet_ntop(AF_INET, bytes_.data(), buf, sizeof buf);
  return buf;
}

IPEndPoint IPEndPoint::Parse(std::string_view text) {
  std::string s(text);
  std::string host;
  std::string port;
  if (!s.empty() && s[0] == '[') {
    const auto close = s.find(']');
    if (close == std::string::npos || close + 1 >= s.size() || s[close + 1] != ':')
      throw ArgumentException("An invalid IP endpoint was specified: " + s);
    host = s.substr(1, close - 1);
    port = s.substr(close + 2);
  } else {
    const auto colon = s.rfind(':');
    if (colon == std::string::npos || s.find(':') != colon)
      throw ArgumentException("An invalid IP endpoint was specified: " + s);
    host = s.substr(0, colon);
    port = s.substr(colon + 1);
  }
  char* end = nullptr;
  const unsigned long p = std::strtoul(port.c_str(), &end, 10);
  if (port.empty() || *end != '\0' || p > 65535) throw ArgumentException("An invalid port was specified: " + s);
  return IPEndPoint(IPAddress::Parse(host), static_cast<std::uint16_t>(p));
}

std::string IPEndPoint::ToString() const {
  if (AddressFamily() == net::AddressFamily::InterNetworkV6)
    return "[" + address_.ToString() + "]:" + std::to_string(port_);
  return address_.ToString() + ":" + std::to_string(port_);
}

std::size_t IPEndPoint::ToNative(void* out, std::size_t capacity) const noexcept {
  if (AddressFamily() == net::AddressFamily::InterNetworkV6) {
    if (capacity < sizeof(sockaddr_in6)) return 0;
    sockaddr_in6 a{};
    a.sin6_family = AF_INET6;
    a.sin6_port = htons(port_);
    std::memcpy(&a.sin6_addr, address_.Bytes(), 16);
    a.sin6_scope_id = address_.ScopeId();
    std::memcpy(out, &a, sizeof a);
    return sizeof a;
  }
  if (capacity < sizeof(sockaddr_in)) return 0;
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(port_);
  std::memcpy(&a.sin_addr, address_.Bytes(), 4);
  std::memcpy(out, &a, sizeof a);
  return sizeof a;
}

IPEndPoint IPEndPoint::FromNative(const void* addr, std::size_t length) {
  sockaddr_storage ss{};
  if (length > sizeof ss) length = sizeof ss;
  std::memcpy(&ss, addr, length);
  if (ss.ss_family == AF_INET6 && length >= sizeof(sockaddr_in6)) {
    const auto* a = reinterpret_cast<const sockaddr_in6*>(&ss);
    return IPEndPoint(IPAddress(reinterpret_cast<const std::uint8_t*>(&a->sin6_addr), 16, a->sin6_scope_id),
                      ntohs(a->sin6_port));
  }
  if (ss.ss_family == AF_INET && length >= sizeof(sockaddr_in)) {
    const auto* a = reinterpret_cast<const sockaddr_in*>(&ss);
    return IPEndPoint(IPAddress(reinterpret_cast<const std::uint8_t*>(&a->sin_addr), 4), ntohs(a->sin_port));
  }
  throw ArgumentException("Unsupported socket address family.");
}

}  // namespace net
}  // namespace async
