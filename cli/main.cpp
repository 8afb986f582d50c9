// The `lkmine` command line: builds the CLI11 app from the args_*.cpp groups and runs it.
#include "cli/args.hpp"
#include "cli/json.hpp"
#include "cli/safe_output.hpp"
#include "ingest/db_path.hpp"

#include <CLI/CLI.hpp>

#include <iostream>
#include <string_view>

namespace lkmine::cli {

void add_db(CLI::App* cmd, std::string& db) {
    cmd->add_option("--db", db, "Index directory (default: $LKMINE_DB, else $XDG_DATA_HOME/lkmine)")
        ->default_str(lkmine::default_db_path());
}

namespace {

// A command answered from some shards only: say which did not (a JSON line with --json) and
// exit 3, partial, unless it failed anyway.
int partial_exit(int code, int argc, char** argv) {
    auto health = lkmine::shard_failures_seen();
    // With --require-all-shards the command failed and said why.
    if (!health.partial() || lkmine::default_reader_options().require_all) return code;
    bool json = false;
    for (int i = 1; i < argc; ++i)
        json = json || std::string_view(argv[i]) == "--json";
    std::cerr << (json ? shard_health_to_json(health) : "lkmine: " + health.summary()) << "\n";
    return code == 0 ? 3 : code;
}

} // namespace
} // namespace lkmine::cli

int main(int argc, char** argv) {
    using namespace lkmine::cli;
    CLI::App app{
        "lkmine: mine Linux kernel mailing lists. Index lore archives (public-inbox), mbox "
        "files and Maildirs, search them with lore's query language, follow threads and "
        "patch series."};
    app.require_subcommand(1);
    app.set_version_flag("--version", "lkmine 0.1.0");
    app.footer("Run 'lkmine COMMAND --help' for the options of a command.");
    CommandLine cl;
    cl.db = lkmine::default_db_path();
    // Given before or after the command (fallthrough): every reader of the run uses them.
    lkmine::ReaderOptions shard_options;
    app.add_flag("--require-all-shards", shard_options.require_all,
                 "Fail (exit 1) when a shard of the index does not answer, instead of answering "
                 "from the others (exit 3, partial)");
    app.add_option("--shard-timeout", shard_options.timeout_ms,
                   "Milliseconds to wait for a remote shard to connect or answer")
        ->default_val(shard_options.timeout_ms)
        ->check(CLI::Range(1u, 3600000u));
    app.fallthrough();
    app.parse_complete_callback([&] { lkmine::set_default_reader_options(shard_options); });
    // The order here is the order of `lkmine --help`.
    add_index_commands(app, cl);
    add_query_commands(app, cl);
    add_mail_commands(app, cl);
    add_syzbot_commands(app, cl);
    add_reply_commands(app, cl);
    add_review_commands(app, cl);

    SafeOutput safe_output;
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& err) {
        // --help and --version are 0; every usage error is 2, as documented.
        return app.exit(err) == 0 ? 0 : 2;
    } catch (const std::exception& err) {
        // A bug or an exhausted resource, not the user's doing: a message, never an abort.
        std::cerr << "lkmine: internal error: " << err.what()
                  << "\n(what was committed to the index is kept; please report this)\n";
        return 1;
    }
    return partial_exit(cl.exit_code, argc, argv);
}
