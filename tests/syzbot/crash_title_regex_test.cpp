// crash::Regex must answer what std::regex (ECMAScript) answers: the crash titles depend on it.
#include "core/syzbot/crash_title_regex.hpp"
#include "core/syzbot/crash_title_table.hpp"
#include "tests/test_support.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <regex>
#include <string>
#include <vector>

namespace {

using lkmine::crash::Match;
using lkmine::crash::Regex;

// Same match, same groups, same offsets as std::regex_search, or a message saying how not.
std::string compare(const std::string& pattern, const std::string& text, bool icase = false) {
    const std::regex ref(pattern, icase ? std::regex::ECMAScript | std::regex::icase
                                        : std::regex::ECMAScript);
    const Regex mine(pattern, icase);
    std::smatch want;
    Match got;
    const bool a = std::regex_search(text, want, ref), b = mine.search(text, got);
    if (a != b) return pattern + " on '" + text + "': std " + std::to_string(a);
    if (!a) return "";
    for (std::size_t g = 0; g < want.size(); ++g) {
        if (want[g].matched != got.matched(g) ||
            (want[g].matched && (static_cast<std::size_t>(want.position(g)) != got.position(g) ||
                                 want[g].str() != got.str(text, g))))
            return pattern + " on '" + text + "': group " + std::to_string(g) + " std '" +
                   want[g].str() + "' mine '" + std::string(got.str(text, g)) + "'";
    }
    return "";
}

TEST(CrashRegex, EcmaScriptSemantics) {
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"a(b|bc)(c?)", "xabcd"},      // alternatives in order, not longest
        {"(a+?)(a*)", "aaa"},          // lazy then greedy
        {"x(.*)y(.*?)z", "x1y2y3z4z"}, // backtracking greedy, lazy
        {R"((?:.*\n)+?.*(Read|Write) of)", "l1\nl2 Write of\nl3 Read of\n"},
        {".*", "ab\rcd"},                  // '.' stops at CR
        {R"(\bpid\b)", "rapid pid"},       // word boundaries
        {"^abc", "xabc"},                  // ^ only at the start
        {"c$", "abc\nc"},                  // $ only at the end
        {"[[:space:]]*$", "BUG:  \t"},     // POSIX class in brackets
        {R"([^\]]+\])", "[abc]def]"},      // escaped ] in a negated class
        {"[a-z\\-]+", "use-after-free!"},  // escaped - in a class
        {"(a|b)?c", "c"},                  // unmatched group
        {R"((\W)(\d+)(\W|$))", "x 12"},    // $ inside an alternative
        {R"([0-9a-f]{6,})", "0x1234abcd"}, // counted repetition
        {R"((?:\[<?(?:0x)?[0-9a-f]+>?\] +){0,2}([a-z_]+)\+)", "[<ffff>] [<0x12>] foo+0x1"},
    };
    for (const auto& [pattern, text] : cases)
        EXPECT_EQ(compare(pattern, text), "") << pattern;
    EXPECT_EQ(compare(R"(^(?:(?:re|fwd?|aw)\s*:\s*|\[[^\]]*\]\s*)+)", "RE: [syzbot] Fwd: x", true),
              "");
    EXPECT_THROW(Regex("(a*)*"), std::invalid_argument); // would loop on empty iterations
    EXPECT_THROW(Regex("a{2"), std::invalid_argument);
}

TEST(CrashRegex, ReplaceLikeRegexReplace) {
    const std::string text = "kmalloc+0x12/0x40 at 10.0.0.1 cpu 123 x";
    for (const auto& [pattern, fmt] : std::vector<std::pair<std::string, std::string>>{
             {R"(([a-zA-Z][a-zA-Z0-9_.]+)\+0x[0-9a-z]+/0x[0-9a-z]+)", "$1"},
             {R"(([0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}))", "IP"},
             {R"((\W)(\d+)(\W|$))", "$1NUM$3"},
             {"x", "$$&$&"}}) {
        EXPECT_EQ(Regex(pattern).replace(text, fmt),
                  std::regex_replace(text, std::regex(pattern), fmt))
            << pattern;
    }
}

// Every rule of the crash table on the lines of real console logs that carry a crash
// header: a sample small enough for std::regex to check in seconds.
TEST(CrashRegex, TableAgreesWithStdRegexOnSyzkallerLogs) {
    LKMINE_REQUIRE_CORPUS("syzkaller-report-testdata/linux-report");
    const auto dir = lkmine::test::shared_corpora() / "syzkaller-report-testdata/linux-report";
    std::vector<std::string> lines;
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
        const std::string log = lkmine::test::read_file(entry.path());
        std::size_t pos = 0;
        while (pos < log.size() && lines.size() < 250) {
            std::size_t nl = log.find('\n', pos);
            if (nl == std::string::npos) nl = log.size();
            std::string line = log.substr(pos, std::min<std::size_t>(nl - pos, 300));
            pos = nl + 1;
            if (line.find("BUG") != std::string::npos ||
                line.find("WARNING") != std::string::npos || line.find("+0x") != std::string::npos)
                lines.push_back(std::move(line));
        }
    }
    ASSERT_GT(lines.size(), 200u);
    auto expand = [](std::string re) {
        const std::pair<const char*, const char*> macros[] = {
            {"{{ADDR}}", "0x[0-9a-f]+"},
            {"{{PC}}", R"(\[<?(?:0x)?[0-9a-f]+>?\])"},
            {"{{FUNC}}", R"(([a-zA-Z0-9_]+)(?:\.|\+))"},
            {"{{SRC}}", R"(([a-zA-Z0-9_/.-]+\.[a-z]+:[0-9]+))"}};
        for (const auto& [from, to] : macros)
            for (std::size_t p = 0; (p = re.find(from, p)) != std::string::npos;)
                re.replace(p, std::string(from).size(), to), p += std::string(to).size();
        return re;
    };
    std::vector<std::string> patterns;
    for (const auto& kind : lkmine::crash::linux_oopses())
        for (const auto& f : kind.formats) {
            patterns.push_back(expand(f.title));
            for (const auto& p : f.stack.parts)
                if (p != lkmine::crash::parse_stack_trace) patterns.push_back(expand(p));
        }
    for (const auto& p : lkmine::crash::linux_stack_params().frame_res)
        patterns.push_back(expand(p));
    int mismatches = 0, matches = 0;
    for (const auto& pattern : patterns) {
        const std::regex ref(pattern);
        for (const auto& line : lines) {
            const std::string diff = compare(pattern, line);
            matches += std::regex_search(line, ref);
            if (!diff.empty() && ++mismatches <= 5) ADD_FAILURE() << diff;
        }
    }
    EXPECT_EQ(mismatches, 0);
    EXPECT_GT(matches, 100); // the sample exercises the rules, not just their misses
}

} // namespace
