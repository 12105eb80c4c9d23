// async/exceptions.h: the .NET exception hierarchy used by the runtime.
#pragma once

#include <exception>
#include <memory>
#include <string>
#include <vector>

#include <async/cancellation.h>

namespace async {
namespace detail {

// Common base holding the message; what() returns it. Copying never throws.
class ExceptionWithMessage : public std::exception {
 public:
  explicit ExceptionWithMessage(std::string message)
      : message_(std::make_shared<const std::string>(std::move(message))) {}
  const char* what() const noexcept override { return message_->c_str(); }

 private:
  std::shared_ptr<const std::string> message_;
};

}  // namespace detail

// System.InvalidOperationException
class InvalidOperationException : public detail::ExceptionWithMessage {
 public:
  InvalidOperationException()
      : ExceptionWithMessage("Operation is not valid due to the current state of the object.") {}
  explicit InvalidOperationException(std::string message)
      : ExceptionWithMessage(std::move(message)) {}
};

// System.ObjectDisposedException (derives from InvalidOperationException)
class ObjectDisposedException : public InvalidOperationException {
 public:
  ObjectDisposedException() : InvalidOperationException("Cannot access a disposed object.") {}
  explicit ObjectDisposedException(std::string message)
      : InvalidOperationException(std::move(message)) {}
};

// System.Threading.Channels.ChannelClosedException (an InvalidOperationException):
// a write to a completed channel, or a read from a completed, empty one.
// InnerException() is the error the channel was completed with (or null).
class ChannelClosedException : public InvalidOperationException {
 public:
  ChannelClosedException() : InvalidOperationException("The channel has been closed.") {}
  explicit ChannelClosedException(std::string message)
      : InvalidOperationException(std::move(message)) {}
  explicit ChannelClosedException(std::exception_ptr inner)
      : InvalidOperationException("The channel has been closed."), inner_(std::move(inner)) {}
  ChannelClosedException(std::string message, std::exception_ptr inner)
      : InvalidOperationException(std::move(message)), inner_(std::move(inner)) {}
  std::exception_ptr InnerException() const noexcept { return inner_; }

 private:
  std::exception_ptr inner_;
};

// System.Threading.SemaphoreFullException (a SystemException in .NET; here a
// direct std::exception subclass, as SystemException has no counterpart):
// Release past the semaphore's maximum count.
class SemaphoreFullException : public detail::ExceptionWithMessage {
 public:
  SemaphoreFullException()
      : ExceptionWithMessage("Adding the specified count to the semaphore would cause it to exceed its maximum count.") {}
  explicit SemaphoreFullException(std::string message) : ExceptionWithMessage(std::move(message)) {}
};

// System.ArgumentException
class ArgumentException : public detail::ExceptionWithMessage {
 public:
  ArgumentException() : ExceptionWithMessage("Value does not fall within the expected range.") {}
  explicit ArgumentException(std::string message) : ExceptionWithMessage(std::move(message)) {}
};

// System.ArgumentOutOfRangeException (derives from ArgumentException)
class ArgumentOutOfRangeException : public ArgumentException {
 public:
  ArgumentOutOfRangeException()
      : ArgumentException("Specified argument was out of the range of valid values.") {}
  explicit ArgumentOutOfRangeException(std::string message) : ArgumentException(std::move(message)) {}
};

// System.OperationCanceledException: carries the token that was canceled.
class OperationCanceledException : public detail::ExceptionWithMessage {
 public:
  OperationCanceledException() : ExceptionWithMessage("The operation was canceled.") {}
  explicit OperationCanceledException(std::string message)
      : ExceptionWithMessage(std::move(message)) {}
  explicit OperationCanceledException(async::CancellationToken token)
      : ExceptionWithMessage("The operation was canceled."), token_(std::move(token)) {}
  OperationCanceledException(std::string message, async::CancellationToken token)
      : ExceptionWithMessage(std::move(message)), token_(std::move(token)) {}
  async::CancellationToken CancellationToken() const { return token_; }

 private:
  async::CancellationToken token_;
};

// System.Threading.Tasks.TaskCanceledException
class TaskCanceledException : public OperationCanceledException {
 public:
  TaskCanceledException() : OperationCanceledException("A task was canceled.") {}
  explicit TaskCanceledException(std::string message)
      : OperationCanceledException(std::move(message)) {}
  explicit TaskCanceledException(async::CancellationToken token)
      : OperationCanceledException("A task was canceled.", std::move(token)) {}
  TaskCanceledException(std::string message, async::CancellationToken token)
      : OperationCanceledException(std::move(message), std::move(token)) {}
};

// System.TimeoutException
class TimeoutException : public detail::ExceptionWithMessage {
 public:
  TimeoutException() : ExceptionWithMessage("The operation has timed out.") {}
  explicit TimeoutException(std::string message) : ExceptionWithMessage(std::move(message)) {}
};

// System.AggregateException: what() is "One or more errors occurred. (inner) ..."
class AggregateException : public detail::ExceptionWithMessage {
 public:
  AggregateException() : AggregateException(std::vector<std::exception_ptr>{}) {}
  explicit AggregateException(std::vector<std::exception_ptr> inner)
      : ExceptionWithMessage(MakeMessage("One or more errors occurred.", inner)),
        inner_(std::make_shared<const std::vector<std::exception_ptr>>(std::move(inner))) {}
  explicit AggregateException(std::string message)
      : ExceptionWithMessage(std::move(message)),
        inner_(std::make_shared<const std::vector<std::exception_ptr>>()) {}
  AggregateException(std::string message, std::vector<std::exception_ptr> inner)
      : ExceptionWithMessage(MakeMessage(message, inner)),
        inner_(std::make_shared<const std::vector<std::exception_ptr>>(std::move(inner))) {}

  const std::vector<std::exception_ptr>& InnerExceptions() const noexcept { return *inner_; }

 private:
  static std::string MakeMessage(const std::string& head,
                                 const std::vector<std::exception_ptr>& inner);
  std::shared_ptr<const std::vector<std::exception_ptr>> inner_;
};

namespace detail {
// True when `e` holds an OperationCanceledException (or a derived class).
bool IsOperationCanceled(const std::exception_ptr& e) noexcept;
}  // namespace detail

}  // namespace async
