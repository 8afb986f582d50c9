// Subcommands about crashes: bisect-log, crash-title, symptom.
#include "cli/args.hpp"
#include "cli/commands.hpp"

#include <CLI/CLI.hpp>

namespace lkmine::cli {

void add_syzbot_commands(CLI::App& app, CommandLine& cl) {
    auto& bisect = cl.keep<BisectLogCmdOptions>();
    CLI::App* bl = app.add_subcommand(
        "bisect-log", "Read a syzbot bisection log: tested commits with their verdicts and crash "
                      "titles, the culprit, and why the result may be unreliable.");
    bl->add_option("FILE", bisect.file, "The log (bisect.txt); - reads standard input")->required();
    bl->add_flag(
        "--json", bisect.json,
        "{kind, start_commit, syzkaller_commit, compiler, tested[{commit, subject, label, "
        "compiler, verdict, runs[{n, result, title}]}], steps[], culprit{sha, author, date, "
        "subject, message}, candidates[], cc[], crash{title, lines[]}, revisions_tested, "
        "time{total, build, test}, warnings[], notes[]}");
    bl->callback([&] { cl.exit_code = run_bisect_log(bisect); });

    auto& crash = cl.keep<CrashTitleCmdOptions>();
    CLI::App* ct = app.add_subcommand(
        "crash-title", "Print the crash title (syzkaller's naming) of a kernel console log or a "
                       "mail, and nothing else; exit 1 when there is no crash.");
    ct->add_option("FILE", crash.file, "Console log or mail; - reads standard input")->required();
    ct->callback([&] { cl.exit_code = run_crash_title(crash); });

    auto& symptom = cl.keep<SymptomCmdOptions>();
    CLI::App* sy = app.add_subcommand(
        "symptom", "From a crash title to everything about it: the syzbot bugs with that symptom "
                   "(first and last seen, reports, fixed or open), their bisections (culprit, "
                   "tested commits, titles, warnings when unreliable), the patch threads of the "
                   "culprit and of the fixes, and the people's discussions.");
    add_db(sy, cl.db);
    sy->add_option("TEXT", symptom.text, "A crash title, a part of one, or some of its words")
        ->required();
    sy->add_flag(
        "--json", symptom.json,
        "{query, normalized, bugs[{extid, title, first_seen, last_seen, reports, mails, "
        "status, fixes[]}], bisections[{kind, extid, culprit, sources, tested[{commit, "
        "label, verdict, runs, crashed, titles}], warnings, notes}], patches[{role, method, "
        "thread_id, subject, date, message_id, message_ids}], discussions[...]}");
    sy->callback([&] {
        symptom.db = cl.db;
        cl.exit_code = run_symptom(symptom);
    });
}

} // namespace lkmine::cli
