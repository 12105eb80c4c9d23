// async/io/io.h: everything in async::io (files, the reactor).
#pragma once

#include <async/io/file.h>
#include <async/io/io_exception.h>
#include <async/io/reactor.h>
