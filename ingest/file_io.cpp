// Whole-file reading for the CLI.
#include "ingest/file_io.hpp"

#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>

namespace lkmine {

Result<std::string> read_whole_file(const std::string& path) {
    if (path == "-") {
        std::ostringstream ss;
        ss << std::cin.rdbuf();
        return ss.str();
    }
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) return make_error(path + ": " + std::strerror(errno));
    if (S_ISDIR(st.st_mode)) return make_error(path + ": is a directory");
    std::ifstream in(path, std::ios::binary);
    if (!in) return make_error(path + ": " + std::strerror(errno));
    std::string data;
    data.resize(static_cast<std::size_t>(st.st_size));
    in.read(data.data(), static_cast<std::streamsize>(data.size()));
    data.resize(static_cast<std::size_t>(in.gcount()));
    // Files that grow while read (or /proc-like files) still read completely.
    data.append(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    return data;
}

} // namespace lkmine
