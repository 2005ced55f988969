// Numbered schema migrations, applied in order on start inside one transaction each.
#pragma once

#include "core/result.h"
#include "store/sqlite/db.h"

namespace dateline::store::sqlite {

// Applies every migration newer than the database's version. Returns kInternal naming the
// migration that failed (the database then stays at the previous version).
core::Status apply_migrations(Db& db);
int current_version(Db& db);
int latest_version();

}  // namespace dateline::store::sqlite
