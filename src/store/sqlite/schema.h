// SQLite schema migrations, embedded in the binary (see schema.cc).
#pragma once

#include <string_view>
#include <vector>

namespace giai::store::sqlite {

const std::vector<std::string_view>& Migrations();

}  // namespace giai::store::sqlite
