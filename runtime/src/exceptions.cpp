#include <async/exceptions.h>

namespace async {

std::string AggregateException::MakeMessage(const std::string& head,
                                            const std::vector<std::exception_ptr>& inner) {
  std::string message = head;
  for (const std::exception_ptr& e : inner) {
    if (e == nullptr) continue;
    try {
      std::rethrow_exception(e);
    } catch (const std::exception& ex) {
      message += " (";
      message += ex.what();
      message += ")";
    } catch (...) {
      message += " (Unknown exception.)";
    }
  }
  return message;
}

namespace detail {

bool IsOperationCanceled(const std::exception_ptr& e) noexcept {
  if (e == nullptr) return false;
  try {
    std::rethrow_exception(e);
  } catch (const OperationCanceledException&) {
    return true;
  } catch (...) {
    return false;
  }
}

}  // namespace detail
}  // namespace async
