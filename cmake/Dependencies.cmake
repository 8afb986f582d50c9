# Finds lkmine's third-party libraries (all Debian 12 packages) and gives each an imported target.
find_package(PkgConfig REQUIRED)

# mimetic ships no CMake or pkg-config files.
find_path(MIMETIC_INCLUDE_DIR mimetic/mimetic.h REQUIRED)
find_library(MIMETIC_LIBRARY mimetic REQUIRED)
add_library(Mimetic::mimetic UNKNOWN IMPORTED)
set_target_properties(Mimetic::mimetic PROPERTIES IMPORTED_LOCATION "${MIMETIC_LIBRARY}"
  INTERFACE_INCLUDE_DIRECTORIES "${MIMETIC_INCLUDE_DIR}")

# Xapian's config file sets variables only.
find_package(Xapian CONFIG REQUIRED)
add_library(Xapian::xapian INTERFACE IMPORTED)
set_target_properties(Xapian::xapian PROPERTIES INTERFACE_LINK_LIBRARIES "${XAPIAN_LIBRARIES}"
  INTERFACE_INCLUDE_DIRECTORIES "${XAPIAN_INCLUDE_DIR}")

pkg_check_modules(LIBGIT2 REQUIRED IMPORTED_TARGET libgit2)
find_package(nlohmann_json 3 REQUIRED)
find_package(CLI11 CONFIG REQUIRED)
find_package(Threads REQUIRED)
# libxml2's HTML parser reads HTML-only mails (core/mail/html_text.cpp).
find_package(LibXml2 REQUIRED)

if(LKMINE_BUILD_TESTS)
  find_package(GTest REQUIRED)
endif()
if(LKMINE_BUILD_BENCH)
  find_package(benchmark REQUIRED)
endif()
if(LKMINE_BUILD_GUI)
  find_package(Qt6 REQUIRED COMPONENTS Core Gui Widgets Concurrent Test)
endif()
