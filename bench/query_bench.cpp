// In-process query latency (p50/p95) of StoreReader::search on an existing index, one benchmark per
// query.
//
// LKMINE_BENCH_DB      the index directory (made by `lkmine index`)
// LKMINE_BENCH_QUERIES queries separated by '|' (default: five kinds that match the lore sample)
// LKMINE_BENCH_REPS    timed runs per query (default 50)
// LKMINE_BENCH_DB2     optional second index (bench/remote-shards.sh: the same shards served
//                      remotely): each query is timed on both, its label prefixed "1 " and
//                      "2 "; with --benchmark_enable_random_interleaving=true their runs
//                      alternate, so both see the same load on a shared machine
// Each repetition runs the query once (50 results, newest first, summaries loaded), so the
// p50/p95 aggregates are the latency a CLI or GUI user sees without the process start.
#include "core/index/store.hpp"

#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace {

std::vector<std::string> split_queries(const std::string& text) {
    std::vector<std::string> out;
    std::size_t start = 0;
    for (;;) {
        std::size_t bar = text.find('|', start);
        out.push_back(text.substr(start, bar - start));
        if (bar == std::string::npos) break;
        start = bar + 1;
    }
    return out;
}

double percentile(const std::vector<double>& v, double p) {
    if (v.empty()) return 0;
    std::vector<double> s(v);
    std::sort(s.begin(), s.end());
    std::size_t i =
        std::min(s.size() - 1, static_cast<std::size_t>(p * static_cast<double>(s.size())));
    return s[i];
}
double p50(const std::vector<double>& v) {
    return percentile(v, 0.50);
}
double p95(const std::vector<double>& v) {
    return percentile(v, 0.95);
}

} // namespace

int main(int argc, char** argv) {
    const char* db = std::getenv("LKMINE_BENCH_DB");
    if (!db) {
        std::fprintf(stderr, "query_bench: set LKMINE_BENCH_DB to an index directory\n");
        return 2;
    }
    std::vector<std::pair<std::string, std::shared_ptr<lkmine::StoreReader>>> readers;
    const char* db2 = std::getenv("LKMINE_BENCH_DB2");
    for (const char* dir : {db, db2}) {
        if (!dir) continue;
        auto opened = lkmine::StoreReader::open(dir);
        if (!opened) {
            std::fprintf(stderr, "query_bench: %s\n", opened.error().c_str());
            return 2;
        }
        std::string tag = db2 ? std::to_string(readers.size() + 1) + " " : "";
        readers.emplace_back(tag, std::make_shared<lkmine::StoreReader>(std::move(*opened)));
    }
    const char* qenv = std::getenv("LKMINE_BENCH_QUERIES");
    std::vector<std::string> queries = split_queries(
        qenv ? qenv : "s:ringbuf|f:example.org|b:\"ring buffer\"|d:2024-01-01..2025-12-31|m:x");
    const char* renv = std::getenv("LKMINE_BENCH_REPS");
    int reps = renv ? std::max(1, std::atoi(renv)) : 50;

    for (std::size_t i = 0; i < queries.size(); ++i)
        for (const auto& [tag, reader] : readers) {
            std::string q = queries[i], label = tag + queries[i];
            std::string name = "query/" + tag + std::to_string(i);
            benchmark::RegisterBenchmark(name.c_str(),
                                         [reader, q, label](benchmark::State& state) {
                                             lkmine::SearchOptions opt;
                                             std::size_t hits = 0;
                                             for (auto _ : state) {
                                                 auto page = reader->search(q, opt);
                                                 if (!page) {
                                                     state.SkipWithError(page.error().c_str());
                                                     break;
                                                 }
                                                 hits = page->results.size();
                                                 benchmark::DoNotOptimize(hits);
                                             }
                                             state.counters["hits"] = static_cast<double>(hits);
                                             state.SetLabel(label);
                                         })
                ->Iterations(1)
                ->Repetitions(reps)
                ->ComputeStatistics("p50", p50)
                ->ComputeStatistics("p95", p95)
                ->ReportAggregatesOnly(true)
                ->Unit(benchmark::kMillisecond);
        }
    benchmark::Initialize(&argc, argv);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
