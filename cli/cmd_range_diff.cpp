// `lkmine range-diff`: what changed between two revisions of a patch series, patch by patch.
#include "cli/commands.hpp"
#include "cli/json.hpp"
#include "core/index/store.hpp"
#include "core/mail/date.hpp"
#include "core/mail/msgid.hpp"
#include "core/stages/series.hpp"

#include <iostream>

namespace lkmine::cli {
namespace {

struct Picked {
    SeriesRevision rev;
    std::vector<SeriesRevision> all;
    int index = -1;
};

Result<Picked> revision_of(StoreReader& store, const std::string& msgid) {
    auto revs = find_series(store, msgid);
    if (!revs) return make_error(revs.error());
    Picked p;
    p.index = revision_index_of(store, *revs, msgid);
    if (p.index < 0) return make_error("<" + msgid + "> is in no revision of its series");
    p.rev = (*revs)[static_cast<std::size_t>(p.index)];
    p.all = std::move(*revs);
    return p;
}

void print_revision(const char* label, const SeriesRevision& r, bool local) {
    std::cout << label << "v" << r.revision << "  "
              << format_for_display(r.head.date, local).substr(0, 10) << "  " << r.patches.size()
              << (r.patches.size() == 1 ? " patch   <" : " patches <") << r.head.message_id
              << ">\n";
}

} // namespace

int run_range_diff(const RangeDiffCmdOptions& opt) {
    auto store = StoreReader::open(opt.db);
    if (!store) {
        std::cerr << "lkmine range-diff: " << store.error() << "\n";
        return 1;
    }
    const std::string to_id = msgid_from_arg(opt.to.empty() ? opt.from : opt.to);
    auto to = revision_of(*store, to_id);
    if (!to) {
        std::cerr << "lkmine range-diff: " << to.error() << "\n";
        return 1;
    }
    SeriesRevision from;
    if (opt.to.empty()) {
        // One mail: the revision before its own.
        if (to->index == 0) {
            std::cerr << "lkmine range-diff: <" << to_id << "> is in v" << to->rev.revision
                      << ", the first revision found of its series; give two Message-IDs\n";
            return 1;
        }
        from = to->all[static_cast<std::size_t>(to->index - 1)];
    } else {
        auto f = revision_of(*store, msgid_from_arg(opt.from));
        if (!f) {
            std::cerr << "lkmine range-diff: " << f.error() << "\n";
            return 1;
        }
        from = f->rev;
    }
    auto rd = series_range_diff(*store, from, to->rev);
    if (!rd) {
        std::cerr << "lkmine range-diff: " << rd.error() << "\n";
        return 1;
    }
    if (opt.json) {
        std::cout << range_diff_to_json(rd->from, rd->to, rd->pairs) << "\n";
        return 0;
    }
    print_revision("from ", rd->from, opt.local);
    print_revision("to   ", rd->to, opt.local);
    std::cout << "\n" << format_range_diff(rd->pairs, rd->a, rd->b);
    return 0;
}

} // namespace lkmine::cli
