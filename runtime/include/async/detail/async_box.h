// async/detail/async_box.h: the single heap block behind an async function:
// its task state, the ContinuationTarget its awaits resume, and the machine
// (a generated state machine, or a native coroutine frame handle).
#pragma once

#include <new>
#include <utility>

#include <async/continuation.h>
#include <async/detail/task_state.h>

namespace async {
namespace detail {

// Memory: one state reference is held by the live machine (released after
// the machine is destroyed and the task completed or abandoned); the others
// by Task handles and Continuations.
template <class T>
class AsyncBox : public TaskState<T>, public ContinuationTarget {
 public:
  AsyncBox() = default;

  void AddRef() noexcept override { this->AddStateRef(); }
  void Release() noexcept override { this->ReleaseStateRef(); }

  // Nothing can resume the machine any more: destroy it (its live locals'
  // destructors run), abandon the task, drop the machine's reference.
  void OnReleasedUninvoked() override {
    DestroyMachine();
    this->Abandon();
    this->ReleaseStateRef();
  }

  // The machine finished: destroy it first (SPEC §4), then complete the task
  // (e null: RanToCompletion with the stored result), then drop the
  // machine's reference. Nothing of the machine may be touched afterwards.
  void FinishMachine(std::exception_ptr e) {
    DestroyMachine();
    this->CompleteFromMachine(std::move(e));
    this->ReleaseStateRef();
  }

  // Destroys the machine object; its memory reference stays held.
  virtual void DestroyMachine() noexcept = 0;
};

// A box holding a generated state machine SM in place (it never moves).
template <class T, class SM>
class StateMachineBox final : public AsyncBox<T> {
 public:
  void* Storage() noexcept { return storage_; }
  SM* Machine() noexcept { return std::launder(reinterpret_cast<SM*>(storage_)); }
  void Resume() override { Machine()->MoveNext(); }
  void DestroyMachine() noexcept override { Machine()->~SM(); }

 private:
  alignas(SM) unsigned char storage_[sizeof(SM)];
};

}  // namespace detail
}  // namespace async
