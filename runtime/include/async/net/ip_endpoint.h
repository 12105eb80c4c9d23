// async/net/ip_endpoint.h: System.Net.IPAddress and IPEndPoint.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace async {
namespace net {

// System.Net.Sockets.AddressFamily (the two families used here; .NET's values).
enum class AddressFamily { Unspecified = 0, InterNetwork = 2, InterNetworkV6 = 23 };

// System.Net.IPAddress: an IPv4 or IPv6 address (value type).
class IPAddress {
 public:
  // 0.0.0.0
  IPAddress() noexcept = default;
  // From network-order bytes: 4 (IPv4) or 16 (IPv6); ArgumentException otherwise.
  IPAddress(const std::uint8_t* bytes, std::size_t length, std::uint32_t scopeId = 0);

  static IPAddress Any() noexcept;           // 0.0.0.0
  static IPAddress Loopback() noexcept;      // 127.0.0.1
  static IPAddress IPv6Any() noexcept;       // ::
  static IPAddress IPv6Loopback() noexcept;  // ::1
  // "127.0.0.1", "::1", "fe80::1%2"; throws FormatException as ArgumentException.
  static IPAddress Parse(std::string_view text);
  static bool TryParse(std::string_view text, IPAddress& address) noexcept;
  static bool IsLoopback(const IPAddress& address) noexcept;

  net::AddressFamily AddressFamily() const noexcept { return family_; }
  // The address bytes in network order (4 or 16 of them).
  const std::uint8_t* Bytes() const noexcept { return bytes_.data(); }
  std::size_t ByteCount() const noexcept { return family_ == net::AddressFamily::InterNetworkV6 ? 16 : 4; }
  std::uint32_t ScopeId() const noexcept { return scope_id_; }
  std::string ToString() const;

  friend bool operator==(const IPAddress& a, const IPAddress& b) noexcept {
    return a.family_ == b.family_ && a.bytes_ == b.bytes_ && a.scope_id_ == b.scope_id_;
  }
  friend bool operator!=(const IPAddress& a, const IPAddress& b) noexcept { return !(a == b); }

 private:
  net::AddressFamily family_ = net::AddressFamily::InterNetwork;
  std::array<std::uint8_t, 16> bytes_{};
  std::uint32_t scope_id_ = 0;
};

// System.Net.IPEndPoint: an address and a port (value type).
class IPEndPoint {
 public:
  IPEndPoint() noexcept = default;
  IPEndPoint(IPAddress address, std::uint16_t port) noexcept : address_(address), port_(port) {}

  // Loopback helpers: 127.0.0.1:port and [::1]:port (port 0: any free port).
  static IPEndPoint Loopback(std::uint16_t port = 0) noexcept { return {IPAddress::Loopback(), port}; }
  static IPEndPoint IPv6Loopback(std::uint16_t port = 0) noexcept {
    return {IPAddress::IPv6Loopback(), port};
  }
  // "127.0.0.1:80", "[::1]:80"; ArgumentException on bad input.
  static IPEndPoint Parse(std::string_view text);

  const IPAddress& Address() const noexcept { return address_; }
  std::uint16_t Port() const noexcept { return port_; }
  net::AddressFamily AddressFamily() const noexcept { return address_.AddressFamily(); }
  // "127.0.0.1:80" or "[::1]:80".
  std::string ToString() const;

  // To and from a native sockaddr (sockaddr_in / sockaddr_in6). ToNative
  // returns the length written (0 if `capacity` is too small).
  std::size_t ToNative(void* sockaddr_out, std::size_t capacity) const noexcept;
  static IPEndPoint FromNative(const void* sockaddr_in, std::size_t length);

  friend bool operator==(const IPEndPoint& a, const IPEndPoint& b) noexcept {
    return a.address_ == b.address_ && a.port_ == b.port_;
  }
  friend bool operator!=(const IPEndPoint& a, const IPEndPoint& b) noexcept { return !(a == b); }

 private:
  IPAddress address_;
  std::uint16_t port_ = 0;
};

}  // namespace net
}  // namespace async
