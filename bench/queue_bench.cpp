// `lkmine queue` latency on an existing index, by phase: the window searches (index terms
// only), reading the hits into revisions, finding each candidate's series, and the rows.
//
// usage: queue_bench DB AS_OF_EPOCH DAYS ME AREA... [--reps N]
// Prints one line per repetition (wall and process CPU time) and the medians; the first
// repetition is the cold one. On a shared machine read the CPU figure.
#include "core/review/queue.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <string>
#include <vector>

namespace {
double cpu_ms() {
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) / 1e6;
}
} // namespace

int main(int argc, char** argv) {
    if (argc < 6) {
        std::fprintf(stderr, "usage: queue_bench DB AS_OF_EPOCH DAYS ME AREA... [--reps N]\n");
        return 2;
    }
    lkmine::QueueOptions o;
    o.as_of = std::atoll(argv[2]);
    o.days = std::atoi(argv[3]);
    o.me = {argv[4]};
    int reps = 5;
    for (int i = 5; i < argc; ++i) {
        if (std::string(argv[i]) == "--reps" && i + 1 < argc)
            reps = std::atoi(argv[++i]);
        else
            o.areas.push_back(argv[i]);
    }
    auto store = lkmine::StoreReader::open(argv[1]);
    if (!store) {
        std::fprintf(stderr, "queue_bench: %s\n", store.error().c_str());
        return 1;
    }
    std::vector<double> totals, cpus;
    for (int r = 0; r < reps; ++r) {
        auto t0 = std::chrono::steady_clock::now();
        const double c0 = cpu_ms();
        auto q = lkmine::build_queue(*store, nullptr, o);
        double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0)
                        .count();
        if (!q) {
            std::fprintf(stderr, "queue_bench: %s\n", q.error().c_str());
            return 1;
        }
        const double cpu = cpu_ms() - c0;
        totals.push_back(ms);
        cpus.push_back(cpu);
        std::printf("rep %d: %.1f ms total, %.1f ms CPU (search %.1f, hits->revisions %.1f, series "
                    "%.1f, rows "
                    "%.1f); %zu hits, %zu revisions, %zu rows, %zu mails read\n",
                    r + 1, ms, cpu, q->search_ms, q->group_ms, q->series_ms, q->rows_ms,
                    q->candidates, q->revisions, q->rows.size(), q->mails_read);
    }
    std::sort(totals.begin(), totals.end());
    std::sort(cpus.begin(), cpus.end());
    std::printf("median %.1f ms wall, %.1f ms CPU over %d runs\n", totals[totals.size() / 2],
                cpus[cpus.size() / 2], reps);
    return 0;
}
