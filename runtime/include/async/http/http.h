// async/http/http.h: everything in async::http (library asyncc::http).
#pragma once

#include <async/http/http_client.h>
#include <async/http/http_content.h>
#include <async/http/http_headers.h>
#include <async/http/http_request_exception.h>
#include <async/http/http_request_message.h>
#include <async/http/http_response_message.h>
#include <async/http/http_status_code.h>
