// The PostgreSQL schema as numbered migrations: the same tables, columns and constraints as the
// SQLite schema (store/sqlite/schema.cc), migration for migration, in PostgreSQL dialect (BYTEA
// for blobs, COLLATE "C" so ids sort byte-wise as in SQLite, append-only triggers in PL/pgSQL).
// A migration is never edited once released: change the schema by appending one, here and in
// SQLite, with the same number. The applied version is kept in table giai_schema.
#pragma once

#include <string_view>
#include <vector>

namespace giai::store::postgres {

const std::vector<std::string_view>& Migrations();

}  // namespace giai::store::postgres
