// The `lkmine` command line: builds the CLI11 app from the args_*.cpp groups and runs it.
#include "cli/args.hpp"
#include "cli/safe_output.hpp"
#include "ingest/db_path.hpp"

#include <CLI/CLI.hpp>

#include <iostream>

namespace lkmine::cli {

void add_db(CLI::App* cmd, std::string& db) {
    cmd->add_option("--db", db, "Index directory (default: $LKMINE_DB, else $XDG_DATA_HOME/lkmine)")
        ->default_str(lkmine::default_db_path());
}

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
    // The order here is the order of `lkmine --help`.
    add_index_commands(app, cl);
    add_query_commands(app, cl);
    add_mail_commands(app, cl);
    add_syzbot_commands(app, cl);
    add_reply_commands(app, cl);

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
    return cl.exit_code;
}
