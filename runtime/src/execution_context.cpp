// ExecutionContext, AsyncLocal<T>, the builder's Start scope.
#include <async/execution_context.h>

#include <async/synchronization_context.h>

namespace async {
namespace detail {

namespace {

// Releases the thread's context when the thread exits (t_current_ec itself
// is a plain pointer, so the fast paths need no TLS wrapper call).
struct EcThreadCleanup {
  bool armed = false;
  ~EcThreadCleanup() {
    EcData* ec = std::exchange(t_current_ec, nullptr);
    if (ec != nullptr) ec->Release();
  }
};
thread_local EcThreadCleanup t_ec_cleanup;

std::atomic<std::uint64_t> g_next_key{1};

// A copy of `from` (may be null) with its entries and flag.
EcData* CopyOf(const EcData* from) {
  auto* ec = new EcData();
  if (from != nullptr) {
    ec->entries = from->entries;
    ec->flow_suppressed = from->flow_suppressed;
  }
  return ec;
}

}  // namespace

void SetCurrentEcAdopt(EcData* ec) noexcept {
  EcData* old = t_current_ec;
  t_current_ec = ec;
  if (ec != nullptr && !t_ec_cleanup.armed) t_ec_cleanup.armed = true;
  if (old != nullptr) old->Release();
}

StartScope::StartScope() noexcept
    : saved_ec_(t_current_ec), saved_sync_(SynchronizationContext::Current()) {
  if (saved_ec_ != nullptr) saved_ec_->AddRef();
}

StartScope::~StartScope() {
  if (t_current_ec != saved_ec_) {
    SetCurrentEcAdopt(saved_ec_);
  } else if (saved_ec_ != nullptr) {
    saved_ec_->Release();
  }
  if (SynchronizationContext::Current() != saved_sync_)
    SynchronizationContext::SetSynchronizationContext(saved_sync_);
}

std::uint64_t NewAsyncLocalKey() noexcept { return g_next_key.fetch_add(1, std::memory_order_relaxed); }

void SetAsyncLocal(std::uint64_t key, std::shared_ptr<const void> value) {
  EcData* ec = CopyOf(t_current_ec);
  bool found = false;
  for (EcData::Entry& e : ec->entries) {
    if (e.key == key) {
      e.value = std::move(value);
      found = true;
      break;
    }
  }
  if (!found) ec->entries.push_back(EcData::Entry{key, std::move(value)});
  SetCurrentEcAdopt(ec);
}

}  // namespace detail

ExecutionContext ExecutionContext::Capture() {
  detail::EcData* cur = detail::t_current_ec;
  ExecutionContext ec;
  if (cur != nullptr && cur->flow_suppressed) return ec;  // null
  ec.valid_ = true;
  if (cur != nullptr) {
    cur->AddRef();
    ec.data_ = cur;
  }
  return ec;
}

AsyncFlowControl ExecutionContext::SuppressFlow() {
  if (IsFlowSuppressed())
    throw InvalidOperationException("ExecutionContext::SuppressFlow: flow is already suppressed.");
  detail::EcData* ec = detail::CopyOf(detail::t_current_ec);
  ec->flow_suppressed = true;
  detail::SetCurrentEcAdopt(ec);
  return AsyncFlowControl(true);
}

void ExecutionContext::RestoreFlow() {
  if (!IsFlowSuppressed())
    throw InvalidOperationException("ExecutionContext::RestoreFlow: flow is not suppressed.");
  detail::EcData* cur = detail::t_current_ec;
  if (cur->entries.empty()) {
    detail::SetCurrentEcAdopt(nullptr);
    return;
  }
  detail::EcData* ec = detail::CopyOf(cur);
  ec->flow_suppressed = false;
  detail::SetCurrentEcAdopt(ec);
}

}  // namespace async
