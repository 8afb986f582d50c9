// Where the index lives when --db is not given.
#include "ingest/db_path.hpp"

#include <cstdlib>

namespace lkmine {

std::string default_db_path() {
    if (const char* db = std::getenv("LKMINE_DB"); db && *db) return db;
    if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg && *xdg)
        return std::string(xdg) + "/lkmine";
    if (const char* home = std::getenv("HOME"); home && *home)
        return std::string(home) + "/.local/share/lkmine";
    return ".lkmine";
}

} // namespace lkmine
