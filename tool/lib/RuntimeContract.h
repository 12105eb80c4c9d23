// The spellings of RuntimeContract.def, for the passes that write lowered
// code: `runtime::Storage` is "async::detail::Storage", `runtime::member::
// SetResult` is "SetResult", `runtime::generated::State` is "sm_state".
// A pass that needs a runtime name it does not find here adds it to the
// .def, where the runtime's test checks it.
#pragma once

#include <string>

namespace asyncc::runtime {

#define ASYNCC_NAME(Id, Name) inline const std::string Id = #Name;
#define ASYNCC_CLASS ASYNCC_NAME
#define ASYNCC_TYPE_TEMPLATE ASYNCC_NAME
#define ASYNCC_FUNCTION ASYNCC_NAME
#define ASYNCC_FUNCTION_OF_TYPE ASYNCC_NAME
#define ASYNCC_FUNCTION_OF_INDEX ASYNCC_NAME
#define ASYNCC_TEMPLATE_OF_TYPE_AND_INDEX ASYNCC_NAME
#include "RuntimeContract.def"

namespace member {
#define ASYNCC_BUILDER_MEMBER ASYNCC_NAME
#define ASYNCC_RESULT_BUILDER_MEMBER ASYNCC_NAME
#define ASYNCC_ITERATOR_BUILDER_MEMBER ASYNCC_NAME
#include "RuntimeContract.def"
} // namespace member

namespace generated {
#define ASYNCC_GENERATED_MEMBER ASYNCC_NAME
#include "RuntimeContract.def"
} // namespace generated

#undef ASYNCC_NAME

} // namespace asyncc::runtime
