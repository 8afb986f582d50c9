// The lkmine subcommands as plain functions; main.cpp maps the command line onto them.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace lkmine::cli {

// Every command returns the process exit code: 0 ok, 1 failure (a message on stderr).

struct ParseOptions {
    std::vector<std::string> files;
    bool json = false;
    bool body = false; // print the decoded body text too
};
int run_parse(const ParseOptions& opt);

struct IndexCmdOptions {
    std::string db;
    std::vector<std::string> sources;
    unsigned jobs = 0;
    bool quiet = false;
};
int run_index(const IndexCmdOptions& opt);

struct SearchCmdOptions {
    std::string db, query;
    bool json = false, threads = false;
    std::size_t limit = 50;
    std::string sort = "date";
};
int run_search(const SearchCmdOptions& opt);

struct MailCmdOptions {
    std::string db, msgid;
    bool json = false, raw = false;
};
int run_thread(const MailCmdOptions& opt);
int run_show(const MailCmdOptions& opt);
int run_series(const MailCmdOptions& opt);

struct ExportCmdOptions {
    std::string db, query, mbox;
};
int run_export(const ExportCmdOptions& opt);

struct StatsCmdOptions {
    std::string db;
    bool json = false;
};
int run_stats(const StatsCmdOptions& opt);

} // namespace lkmine::cli
