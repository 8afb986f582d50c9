// Shared by the GUI tests: the real maple-tree thread indexed into a temporary directory.
#pragma once

#include <QString>

namespace lkmine::gui::test {

// ../shared/corpora/maple-tree-thread (or $LKMINE_SHARED_CORPORA/maple-tree-thread).
QString mapleCorpus();
bool haveMapleCorpus();
// Under CI a missing corpus is a failure, elsewhere a skip.
bool inCi();

// Indexes every .eml of the maple-tree thread with core's StoreWriter (no CLI needed), once
// per run; returns the index directory, or "" with `error` set.
QString mapleIndex(QString* error);
// The number of .eml files indexed.
int mapleMailCount();

// The project's own sample (corpora/build-lore-sample.sh, build-kernel-sample.sh and the
// syzbot-sample bisection log) indexed by the lkmine CLI with commits and links, once per run;
// "" with `error` set when a step failed.
QString sampleIndex(QString* error);
// corpora/build-lore-sample.sh's output, built once per run: linux-demo/ (a public-inbox v2
// inbox of the 32 sample mails) and linux-demo.mbox; "" with `error` set when it failed.
QString sampleLore(QString* error);
// corpora/build-kernel-sample.sh's kernel git tree, built once per run.
QString sampleKernel(QString* error);

// Runs the event loop until the window's queued work is done (a QTest check: fails the test
// after 15 s, or after `ms`). Callers include <QTest>.
#define WAIT_SETTLED_FOR(w, ms) QTRY_VERIFY_WITH_TIMEOUT((w).isSettled(), ms)
#define WAIT_SETTLED(w) WAIT_SETTLED_FOR(w, 15000)

inline const char* kSeedId = "7db5a8c5-9084-a7fe-6e83-713e52ed8539@google.com";

} // namespace lkmine::gui::test

// First line of a test that needs the indexed thread: gives `dir`.
// First line of a test that needs the project sample index: gives `dir`.
#define LKMINE_GUI_REQUIRE_SAMPLE(dir)                                                             \
    QString dir;                                                                                   \
    do {                                                                                           \
        QString err_;                                                                              \
        dir = ::lkmine::gui::test::sampleIndex(&err_);                                             \
        QVERIFY2(!dir.isEmpty(), qPrintable(err_));                                                \
    } while (0)

#define LKMINE_GUI_REQUIRE_INDEX(dir)                                                              \
    QString dir;                                                                                   \
    do {                                                                                           \
        if (!::lkmine::gui::test::haveMapleCorpus()) {                                             \
            if (::lkmine::gui::test::inCi()) QFAIL("shared corpus maple-tree-thread missing");     \
            QSKIP("shared corpus maple-tree-thread not found");                                    \
        }                                                                                          \
        QString err_;                                                                              \
        dir = ::lkmine::gui::test::mapleIndex(&err_);                                              \
        QVERIFY2(!dir.isEmpty(), qPrintable(err_));                                                \
    } while (0)
