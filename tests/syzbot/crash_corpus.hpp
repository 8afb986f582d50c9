// Labelled crash reports (syzbot's own subjects) and non-crash mails from the shared corpora,
// read once per test process: the ground truth of the crash-title evaluation.
#pragma once

#include "core/git/epoch_reader.hpp"
#include "core/mail/mbox.hpp"
#include "core/mail/parse.hpp"
#include "core/mail/syzbot_facts.hpp"
#include "core/syzbot/crash_title.hpp"
#include "core/syzbot/syzbot_mail.hpp"
#include "tests/test_support.hpp"

#include <map>
#include <set>
#include <string>
#include <vector>

namespace lkmine::test {

// One syzbot report starter: the label is the subject without Re:/[syzbot]/[subsystem?] tags
// and without the " (N)" suffix of a recurring bug.
struct LabelledReport {
    std::string source; // "syzbot-mails", "io-uring", "linux-fscrypt"
    std::string message_id, subject, label;
    bool tagged = false;  // the subject carries "[syzbot]" (every report since 2022)
    std::string got;      // parse_syzbot_mail().crash_title: what the index stores
    std::string got_body; // crash_title() of the whole body: what `lkmine crash-title` prints
    std::vector<std::string> symptoms; // parse_message().syzbot.symptoms
    std::string text;                  // the report text, kept only when the title differs
};

// A mail nobody would call a crash: not from syzbot, no call trace anywhere in its body.
struct FalsePositive {
    std::string source, message_id, subject, title;
};

struct OrdinaryStats {
    std::size_t mails = 0;          // non-syzbot mails without a call trace
    std::size_t quoted_reports = 0; // titled with the bug their syzbot thread is about
    std::vector<FalsePositive> titled;
};

struct CrashCorpus {
    std::vector<LabelledReport> reports;
    std::map<std::string, OrdinaryStats> ordinary; // per source
    std::vector<std::string> digest_symptoms;      // symptoms of "[syzbot] Monthly" mails
    std::size_t digests = 0;
};

inline bool has_call_trace(std::string_view body) {
    for (std::string_view m : {"Call Trace", "Call trace", "call trace", "Backtrace", "backtrace:"})
        if (body.find(m) != std::string_view::npos) return true;
    return false;
}

inline std::string syzbot_label(std::string_view subject, bool* tagged) {
    std::string t = std::string(subject);
    *tagged = t.find("[syzbot]") != std::string::npos;
    // parse_syzbot_mail's title cleaning, then the recurrence suffix.
    SyzbotInfo info = parse_syzbot_mail("", t, "", {});
    std::string label = info.title;
    // "<tree> test error: T" / "<tree> boot error: T": the dashboard names a crash met while
    // testing or booting a tree; T is pkg/report's title.
    for (std::string_view kind : {" test error: ", " boot error: "}) {
        std::size_t p = label.find(kind);
        if (p != std::string::npos && label.find(' ') == p) label.erase(0, p + kind.size());
    }
    if (label.size() > 4 && label.back() == ')') {
        std::size_t p = label.rfind(" (");
        if (p != std::string::npos &&
            label.find_first_not_of("0123456789", p + 2) == label.size() - 1)
            label.resize(p);
    }
    return label;
}

inline bool is_from_syzbot(const Message& m) {
    return m.from.email.find("syzkaller.appspotmail.com") != std::string::npos &&
           m.from.email.find("syzbot") != std::string::npos;
}

inline void add_mail(CrashCorpus& c, const std::string& source, const Message& m,
                     std::set<std::string>& seen) {
    const bool reply = m.subject_info.is_reply || m.subject.rfind("Re:", 0) == 0;
    if (is_from_syzbot(m) && !reply) {
        if (m.subject.find("Monthly") != std::string::npos &&
            m.subject.find("report") != std::string::npos) {
            ++c.digests;
            for (const auto& s : m.syzbot.symptoms)
                c.digest_symptoms.push_back(m.subject + " -> " + s);
            if (std::string t = crash_title(m.body_text, CrashText::mail); !t.empty())
                c.digest_symptoms.push_back(m.subject + " -> crash_title: " + t);
            return;
        }
        std::vector<std::string> addrs;
        for (const auto* l : {&m.to, &m.cc})
            for (const auto& a : *l)
                addrs.push_back(a.email);
        const std::string text = console_text(m);
        SyzbotInfo info = parse_syzbot_mail(m.from.email, m.subject, text, addrs);
        if (info.kind != SyzbotKind::report || info.report_text.empty()) return;
        if (!seen.insert(source + "\n" + m.message_id).second) return;
        LabelledReport r;
        r.source = source;
        r.message_id = m.message_id;
        r.subject = m.subject;
        r.label = syzbot_label(m.subject, &r.tagged);
        r.got = info.crash_title;
        r.got_body = crash_title(text, CrashText::mail);
        r.symptoms = m.syzbot.symptoms;
        if (r.got != r.label) r.text = info.report_text;
        c.reports.push_back(std::move(r));
        return;
    }
    if (m.from.email.find("syzkaller") != std::string::npos) return;
    if (has_call_trace(m.body_text)) return;
    OrdinaryStats& st = c.ordinary[source];
    ++st.mails;
    // A reply in a syzbot thread that quotes the report names the thread's bug: its subject is
    // syzbot's title for the quoted crash, so the title is right, not a false positive.
    bool tagged = false;
    const std::string thread_bug = syzbot_label(m.subject, &tagged);
    for (const auto& s : m.syzbot.symptoms) {
        if (s == thread_bug)
            ++st.quoted_reports;
        else
            st.titled.push_back({source, m.message_id, m.subject, s});
    }
}

inline const CrashCorpus& crash_corpus() {
    static const CrashCorpus corpus = [] {
        CrashCorpus c;
        std::set<std::string> seen;
        auto root = shared_corpora();
        for (const char* mbox : {"syzbot-sent-mails.mbox", "syzbot-thread-replies.mbox",
                                 "reported-by-syzbot-patches.mbox"}) {
            std::string data = read_file(root / "syzbot-mails" / mbox);
            for (const auto& raw : split_mbox(data))
                add_mail(c, "syzbot-mails", parse_message(raw), seen);
        }
        for (const char* inbox : {"io-uring", "linux-fscrypt"}) {
            auto git = root / "public-inbox" / inbox / "git/0.git";
            auto reader = EpochReader::open(git.string(), "");
            if (!reader) continue;
            EpochEntry e;
            for (;;) {
                auto more = reader->next(e);
                if (!more || !*more) break;
                if (e.kind != EpochEntry::Kind::mail) continue;
                RawMessage raw{e.bytes, {git.string(), e.blob_id}};
                add_mail(c, inbox, parse_message(raw), seen);
            }
        }
        return c;
    }();
    return corpus;
}

} // namespace lkmine::test
