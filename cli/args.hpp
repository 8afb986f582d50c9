// The command line's shared state and one registration function per group of subcommands.
// A new subcommand goes in its group's args_*.cpp (or a new one), never in main.cpp.
#pragma once

#include <memory>
#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace lkmine::cli {

// What every subcommand shares while the command line is parsed: the index directory, the
// exit code the chosen command returned, and the options objects the parser writes into.
struct CommandLine {
    std::string db;
    int exit_code = 0;

    // An options object that lives as long as the command line (CLI11 binds to references).
    template <class T> T& keep() {
        auto p = std::make_shared<T>();
        kept_.push_back(p);
        return *p;
    }

  private:
    std::vector<std::shared_ptr<void>> kept_;
};

// --db with its documented default.
void add_db(CLI::App* cmd, std::string& db);

void add_mail_commands(CLI::App& app, CommandLine& cl);   // parse, thread, show, series, ...
void add_index_commands(CLI::App& app, CommandLine& cl);  // index, stats, shards, compact
void add_query_commands(CLI::App& app, CommandLine& cl);  // search, commit, patch
void add_syzbot_commands(CLI::App& app, CommandLine& cl); // bisect-log, crash-title, symptom
void add_reply_commands(CLI::App& app, CommandLine& cl);  // reply

} // namespace lkmine::cli
