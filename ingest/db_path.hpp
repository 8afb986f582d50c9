// Where the index lives when --db is not given.
#pragma once

#include <string>

namespace lkmine {

// $LKMINE_DB, else $XDG_DATA_HOME/lkmine, else ~/.local/share/lkmine.
std::string default_db_path();

} // namespace lkmine
