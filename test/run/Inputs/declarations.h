// Declarations for declarations.cpp: an ASYNC function and members declared
// here and defined in the .cpp (ASYNC on the declaration changes nothing).
#pragma once

#include <async/async.h>

#include <string>

namespace shop {

ASYNC async::Task<int> PriceOf(const std::string &item, int quantity = 1);

class Cart {
 public:
  ASYNC async::Task<int> Add(const std::string &item) noexcept;
  ASYNC async::Task<int> Total() const;
  static ASYNC async::Task<Cart> Open(int budget);
  int budget = 0;

 private:
  int total_ = 0;
  int count_ = 0;
};

} // namespace shop
