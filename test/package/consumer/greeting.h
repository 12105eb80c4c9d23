// greeting.h: what the server answers and the client expects (included by
// both lowered sources, so editing it re-lowers and rebuilds them).
#pragma once

namespace consumer {

constexpr const char* kGreeting = "hello from an installed asyncc";

}  // namespace consumer
