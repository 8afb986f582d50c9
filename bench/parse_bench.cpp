// Parse throughput on a real epoch (linux-fscrypt, 7,548 mails): parse_message() against a plain
// header scan.
#include "core/mail/header.hpp"
#include "core/mail/mime.hpp"
#include "core/mail/parse.hpp"

#include <benchmark/benchmark.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace {

std::string epoch_dir() {
    const char* env = std::getenv("LKMINE_BENCH_EPOCH");
    return env ? env : "/work/shared/corpora/public-inbox/linux-fscrypt/git/0.git";
}

// Every commit's 'm' blob, oldest first, through one `git cat-file --batch` pipeline: the
// loading cost stays out of the measurement and no libgit2 is needed.
std::vector<lkmine::RawMessage> load_epoch(const std::string& dir) {
    std::string cmd = "git --git-dir='" + dir +
                      "' log --reverse --format='%H:m' HEAD | git --git-dir='" + dir +
                      "' cat-file --batch";
    std::vector<lkmine::RawMessage> mails;
    FILE* pipe = popen(cmd.c_str(), "r");
    if (!pipe) return mails;
    char line[512];
    while (std::fgets(line, sizeof line, pipe)) {
        // "<sha> blob <size>\n" then the bytes and a newline; "<name> missing" for 'd' commits.
        std::string head(line);
        std::size_t sp2 = head.rfind(' ');
        if (head.find(" blob ") == std::string::npos || sp2 == std::string::npos) continue;
        std::size_t size = std::stoull(head.substr(sp2 + 1));
        lkmine::RawMessage m;
        m.bytes.resize(size);
        if (std::fread(m.bytes.data(), 1, size, pipe) != size) break;
        std::fgetc(pipe);
        m.origin = {dir, head.substr(0, head.find(' '))};
        mails.push_back(std::move(m));
    }
    pclose(pipe);
    return mails;
}

const std::vector<lkmine::RawMessage>& mails() {
    static const std::vector<lkmine::RawMessage> all = [] {
        auto v = load_epoch(epoch_dir());
        if (v.empty()) std::fprintf(stderr, "no mails read from %s\n", epoch_dir().c_str());
        return v;
    }();
    return all;
}

std::size_t total_bytes() {
    static const std::size_t n = [] {
        std::size_t s = 0;
        for (const auto& m : mails())
            s += m.bytes.size();
        return s;
    }();
    return n;
}

bool iequals(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) ==
                      std::tolower(static_cast<unsigned char>(y));
           });
}

// The floor: what any indexer must do at least. Walk the header lines to the blank line,
// count the fields, and cut the Message-ID out of its <>.
struct ScanResult {
    std::size_t fields = 0;
    std::string_view message_id;
};

ScanResult scan_headers(std::string_view mail) {
    ScanResult r;
    std::size_t pos = 0;
    while (pos < mail.size()) {
        std::size_t eol = mail.find('\n', pos);
        if (eol == std::string_view::npos) eol = mail.size();
        std::string_view line = mail.substr(pos, eol - pos);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (line.empty()) break;
        if (line[0] != ' ' && line[0] != '\t') {
            ++r.fields;
            std::size_t colon = line.find(':');
            if (colon != std::string_view::npos && iequals(line.substr(0, colon), "message-id")) {
                std::size_t lt = line.find('<', colon), gt = line.find('>', colon);
                if (lt != std::string_view::npos && gt != std::string_view::npos && gt > lt)
                    r.message_id = line.substr(lt + 1, gt - lt - 1);
            }
        }
        pos = eol + 1;
    }
    return r;
}

void set_counters(benchmark::State& state, std::size_t bytes, std::size_t items) {
    state.SetBytesProcessed(static_cast<std::int64_t>(bytes) * state.iterations());
    state.SetItemsProcessed(static_cast<std::int64_t>(items) * state.iterations());
}

// (a) the whole epoch through the header scan, per iteration.
void BM_HeaderScan(benchmark::State& state) {
    const auto& all = mails();
    for (auto _ : state) {
        std::size_t ids = 0;
        for (const auto& m : all)
            ids += !scan_headers(m.bytes).message_id.empty();
        benchmark::DoNotOptimize(ids);
    }
    set_counters(state, total_bytes(), all.size());
}

// (b) the whole epoch through parse_message(), split between the benchmark's threads.
void BM_ParseEpoch(benchmark::State& state) {
    const auto& all = mails();
    const std::size_t n = all.size(), threads = static_cast<std::size_t>(state.threads());
    const std::size_t me = static_cast<std::size_t>(state.thread_index());
    std::size_t bytes = 0, items = 0;
    for (std::size_t i = me; i < n; i += threads)
        bytes += all[i].bytes.size(), ++items;
    for (auto _ : state) {
        for (std::size_t i = me; i < n; i += threads) {
            lkmine::Message msg = lkmine::parse_message(all[i]);
            benchmark::DoNotOptimize(msg.message_id.data());
        }
    }
    set_counters(state, bytes, items);
}

// (d) the MIME layer alone (header split + walk_mime, i.e. mimetic and transfer decoding): what
// the parse costs before any of lkmine's own analysis.
void BM_MimeOnly(benchmark::State& state) {
    const auto& all = mails();
    for (auto _ : state) {
        std::size_t parts = 0;
        for (const auto& m : all) {
            lkmine::HeaderBlock block = lkmine::split_headers(m.bytes);
            std::vector<lkmine::Header> headers;
            headers.reserve(block.fields.size());
            for (auto& f : block.fields)
                headers.push_back({std::move(f.name), std::move(f.value)});
            std::string_view body(m.bytes);
            parts +=
                lkmine::walk_mime(headers, body.substr(std::min(block.body_offset, body.size())))
                    .parts.size();
        }
        benchmark::DoNotOptimize(parts);
    }
    set_counters(state, total_bytes(), all.size());
}

// (c) one mail per iteration, cycling through the epoch: the per-mail latency a single
// pipeline worker sees.
void BM_ParseOneMail(benchmark::State& state) {
    const auto& all = mails();
    std::size_t i = 0, bytes = 0, items = 0;
    for (auto _ : state) {
        lkmine::Message msg = lkmine::parse_message(all[i]);
        benchmark::DoNotOptimize(msg.message_id.data());
        bytes += all[i].bytes.size();
        ++items;
        if (++i == all.size()) i = 0;
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(bytes));
    state.SetItemsProcessed(static_cast<std::int64_t>(items));
}

BENCHMARK(BM_HeaderScan)->Unit(benchmark::kMillisecond)->MinTime(2.0);
BENCHMARK(BM_MimeOnly)->Unit(benchmark::kMillisecond)->MinTime(2.0);
// CPU time for one thread (the machine may be shared); wall time when both cores work.
BENCHMARK(BM_ParseEpoch)->Unit(benchmark::kMillisecond)->MinTime(3.0);
BENCHMARK(BM_ParseEpoch)->Unit(benchmark::kMillisecond)->MinTime(3.0)->Threads(2)->UseRealTime();
BENCHMARK(BM_ParseOneMail)->Unit(benchmark::kMicrosecond)->MinTime(3.0);

// Prints MB/s and mails/s side by side and the parse/scan ratio the target is stated in.
class RatioReporter : public benchmark::ConsoleReporter {
  public:
    void ReportRuns(const std::vector<Run>& runs) override {
        ConsoleReporter::ReportRuns(runs);
        for (const Run& r : runs) {
            if (r.run_type != Run::RT_Iteration) continue;
            auto bytes = r.counters.find("bytes_per_second");
            auto items = r.counters.find("items_per_second");
            if (bytes != r.counters.end() && items != r.counters.end())
                rates_[r.benchmark_name()] = {bytes->second.value, items->second.value};
        }
    }
    void Finalize() override {
        ConsoleReporter::Finalize();
        std::printf("\n%zu mails, %.1f MB (avg %.1f KB)\n", mails().size(), total_bytes() / 1e6,
                    mails().empty() ? 0.0 : total_bytes() / 1e3 / mails().size());
        std::printf("%-34s %10s %12s %8s\n", "benchmark", "MB/s", "mails/s", "x scan");
        double scan = 0;
        for (const auto& [name, rate] : rates_)
            if (name.rfind("BM_HeaderScan", 0) == 0) scan = rate.second;
        for (const auto& [name, rate] : rates_)
            std::printf("%-34s %10.1f %12.0f %8.2f\n", name.c_str(), rate.first / 1e6, rate.second,
                        rate.second > 0 ? scan / rate.second : 0.0);
        std::printf(
            "target: single-threaded parse (BM_ParseEpoch, one thread) within 3x of the scan\n");
    }

  private:
    std::map<std::string, std::pair<double, double>> rates_;
};

} // namespace

int main(int argc, char** argv) {
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
    if (mails().empty()) return 1;
    RatioReporter reporter;
    benchmark::RunSpecifiedBenchmarks(&reporter);
    benchmark::Shutdown();
    return 0;
}
