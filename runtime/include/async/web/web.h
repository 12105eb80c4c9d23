// async/web/web.h: async::web, ASP.NET Core's minimal APIs (JSON helpers:
// <async/web/json.h>).
#pragma once

#include <async/web/http_context.h>
#include <async/web/results.h>
#include <async/web/web_application.h>
