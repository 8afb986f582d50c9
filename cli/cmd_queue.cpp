// `lkmine queue`: what needs my review, oldest first.
#include "cli/commands_review.hpp"
#include "cli/json_review.hpp"
#include "core/base/safe_text.hpp"
#include "core/mail/date.hpp"
#include "core/review/maintainers.hpp"
#include "core/review/queue.hpp"

#include <cctype>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

namespace lkmine::cli {

std::vector<std::string> my_addresses(const std::vector<std::string>& given) {
    std::vector<std::string> out = given;
    if (out.empty())
        if (const char* env = std::getenv("LKMINE_ME")) {
            std::stringstream ss(env);
            for (std::string a; std::getline(ss, a, ',');)
                if (!a.empty()) out.push_back(a);
        }
    for (auto& a : out)
        for (char& c : a)
            c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

namespace {

// YYYYMMDD or YYYYMMDDHHMMSS (UTC) as epoch seconds; -1 when malformed.
std::int64_t parse_stamp(const std::string& s) {
    if ((s.size() != 8 && s.size() != 14) || s.find_first_not_of("0123456789") != s.npos) return -1;
    std::tm tm{};
    tm.tm_year = std::stoi(s.substr(0, 4)) - 1900;
    tm.tm_mon = std::stoi(s.substr(4, 2)) - 1;
    tm.tm_mday = std::stoi(s.substr(6, 2));
    if (s.size() == 14) {
        tm.tm_hour = std::stoi(s.substr(8, 2));
        tm.tm_min = std::stoi(s.substr(10, 2));
        tm.tm_sec = std::stoi(s.substr(12, 2));
    } else {
        tm.tm_hour = 23, tm.tm_min = 59, tm.tm_sec = 59; // the whole day
    }
    return static_cast<std::int64_t>(timegm(&tm));
}

int fail(const std::string& msg, int code = 1) {
    std::cerr << "lkmine queue: " << msg << "\n";
    return code;
}

std::string day(std::int64_t epoch, bool local) {
    Date d;
    d.epoch = epoch;
    d.valid = epoch != 0;
    return format_for_display(d, local).substr(0, 10);
}

void print_row(const QueueRow& r, std::int64_t now, bool local) {
    std::cout << day(r.posted, local) << "  " << (now - r.posted) / 86400 << "d  v" << r.revision
              << "  " << r.patches << (r.patches == 1 ? " patch   " : " patches ")
              << safe_line(r.title) << "\n"
              << "    from " << safe_line(r.author.name.empty() ? r.author.email : r.author.name)
              << " <" << safe_line(r.author.email) << ">  last activity "
              << day(r.last_activity, local) << "  <" << safe_line(r.head) << ">\n";
    if (r.new_since_my_review)
        std::cout << "    new revision since my review of v" << r.my_last_reviewed << "\n";
    if (r.reviewed_by_me) std::cout << "    reviewed by me\n";
    std::string others;
    for (const auto& v : r.reviews)
        others += " " + std::string(v.patch == 0 ? "all" : std::to_string(v.patch)) + ":" + v.kind +
                  " " + safe_line(v.by);
    std::cout << "    reviews:" << (others.empty() ? " none" : others) << "\n";
}

} // namespace

int run_queue(const QueueCmdOptions& opt) {
    QueueOptions q;
    q.me = my_addresses(opt.me);
    q.areas = opt.areas;
    q.excluded = opt.excluded;
    q.addressed = !opt.no_addressed;
    q.days = opt.days;
    q.include_reviewed = opt.all;
    if (!opt.as_of.empty() && (q.as_of = parse_stamp(opt.as_of)) < 0)
        return fail("--as-of " + opt.as_of + ": give YYYYMMDD or YYYYMMDDHHMMSS", 2);
    if (!opt.maintainers.empty()) {
        std::ifstream in(opt.maintainers, std::ios::binary);
        if (!in) return fail("cannot read " + opt.maintainers);
        std::stringstream ss;
        ss << in.rdbuf();
        if (q.me.empty()) return fail("--maintainers needs --me (or $LKMINE_ME)", 2);
        auto mine = sections_of(parse_maintainers(ss.str()), q.me);
        if (mine.empty())
            return fail("no section of " + opt.maintainers + " names " + q.me.front() +
                        " in M: or R:");
        q.sections = std::move(mine); // X: lines leave paths out of their own section only
    }
    auto store = StoreReader::open(opt.db);
    if (!store) return fail(store.error());
    std::optional<ReviewStateDb> state;
    if (!q.me.empty()) {
        const std::string path = opt.state.empty() ? default_state_path(opt.db) : opt.state;
        const bool existed = std::filesystem::exists(path);
        auto s = ReviewStateDb::open(path);
        if (s)
            state.emplace(std::move(*s));
        else if (existed) // damaged: never read past it
            return fail(s.error());
        else // e.g. a read-only index: the queue without my marks
            std::cerr << "lkmine queue: warning: " << s.error() << "; marks not read\n";
    }
    auto r = build_queue(*store, state ? &*state : nullptr, q);
    if (!r) return fail(r.error(), exit_code(r.error_info()));
    if (opt.json) {
        std::cout << queue_to_json(*r) << "\n";
        return 0;
    }
    std::int64_t now = q.as_of ? q.as_of : static_cast<std::int64_t>(std::time(nullptr));
    for (const auto& row : r->rows)
        print_row(row, now, opt.local);
    std::cout << r->rows.size() << (r->rows.size() == 1 ? " series" : " series")
              << " waiting for review (" << r->revisions << " revisions looked at"
              << (r->merged_checked ? ", merged ones left out" : ", no git tree indexed") << ")\n";
    return 0;
}

} // namespace lkmine::cli
