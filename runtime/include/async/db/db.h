// async/db/db.h: the PostgreSQL client (async::db, docs/runtime.md).
// Library asyncc_db (linked to libpq), built on Linux when libpq is found.
#pragma once

#include <async/db/db_value.h>
#include <async/db/npgsql_command.h>
#include <async/db/npgsql_connection.h>
#include <async/db/npgsql_data_reader.h>
#include <async/db/npgsql_data_source.h>
#include <async/db/npgsql_exception.h>
#include <async/db/npgsql_parameter.h>
#include <async/db/npgsql_transaction.h>
