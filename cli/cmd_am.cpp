// `lkmine am`: a revision of a series as a `git am`-ready mbox, reviewers' trailers added.
#include "cli/commands.hpp"
#include "core/index/store.hpp"
#include "core/mail/msgid.hpp"
#include "core/patch/range_diff.hpp"
#include "core/stages/am.hpp"
#include "core/stages/mbox_export.hpp"
#include "core/stages/series.hpp"

#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <iostream>

namespace lkmine::cli {
namespace {

// The range-diff of the revision taken against the one before it, to stderr or a file.
int write_range_diff(StoreReader& store, const std::string& msgid, const SeriesRevision& to,
                     const std::string& path, const char* cmd) {
    auto revs = find_series(store, msgid);
    if (!revs) {
        std::cerr << "lkmine " << cmd << ": --range-diff: " << revs.error() << "\n";
        return 1;
    }
    const SeriesRevision* from = nullptr;
    for (const auto& r : *revs) {
        if (r.head.message_id == to.head.message_id) break;
        from = &r;
    }
    std::string text;
    if (!from) {
        text = "v" + std::to_string(to.revision) +
               " is the first revision found of its series: no range-diff\n";
    } else {
        auto rd = series_range_diff(store, *from, to);
        if (!rd) {
            std::cerr << "lkmine " << cmd << ": --range-diff: " << rd.error() << "\n";
            return 1;
        }
        text = "range-diff v" + std::to_string(from->revision) + " <" + from->head.message_id +
               "> -> v" + std::to_string(to.revision) + " <" + to.head.message_id + ">\n\n" +
               format_range_diff(rd->pairs, rd->a, rd->b);
    }
    if (path == "-") {
        std::cerr << text;
        return 0;
    }
    std::ofstream f(path, std::ios::binary | std::ios::trunc);
    f << text;
    if (!f.flush()) {
        std::cerr << "lkmine " << cmd << ": writing " << path << " failed\n";
        return 1;
    }
    return 0;
}

} // namespace

int write_am(const AmCmdOptions& opt, const std::string& msgid, const char* cmd) {
    auto store = StoreReader::open(opt.db);
    if (!store) {
        std::cerr << "lkmine " << cmd << ": " << store.error() << "\n";
        return 1;
    }
    AmOptions ao;
    ao.revision = opt.revision;
    ao.add_link = opt.link;
    auto series = am_ready(*store, msgid, ao);
    if (!series) {
        std::cerr << "lkmine " << cmd << ": " << series.error() << "\n";
        return 1;
    }
    std::string path = opt.output;
    if (!opt.apply.empty() && path == "-") {
        char tmpl[] = "/tmp/lkmine-am-XXXXXX";
        int fd = mkstemp(tmpl);
        if (fd < 0) {
            std::cerr << "lkmine " << cmd << ": cannot create a temporary file\n";
            return 1;
        }
        close(fd);
        path = tmpl;
    }
    std::ofstream file;
    if (path != "-") file.open(path, std::ios::binary | std::ios::trunc);
    std::ostream& out = path == "-" ? std::cout : file;
    out << am_mbox(*series);
    out.flush();
    if (!out) {
        std::cerr << "lkmine " << cmd << ": writing " << path << " failed\n";
        return 1;
    }
    std::cerr << am_summary(*series);
    if (!opt.range_diff.empty())
        if (int rc = write_range_diff(*store, msgid, series->revision, opt.range_diff, cmd))
            return rc;
    if (opt.apply.empty()) return 0;
    file.close();
    auto am = git_am(opt.apply, path);
    if (opt.output == "-") std::remove(path.c_str());
    if (am) std::cerr << am->output;
    if (!am || am->status != 0) {
        std::cerr << "lkmine " << cmd << ": "
                  << (am ? "git am failed in " + opt.apply + " (see `git -C " + opt.apply +
                               " am --show-current-patch`)"
                         : am.error())
                  << "\n";
        return 1;
    }
    return 0;
}

int run_am(const AmCmdOptions& opt) {
    return write_am(opt, msgid_from_arg(opt.msgid), "am");
}

} // namespace lkmine::cli
