// The Linux oops table: which console lines start a crash and how each kind is titled (after
// syzkaller's pkg/report/linux.go).
//
// Pinned: google/syzkaller commit 1e72964b0111319984575e60f266d1fa0a98abb5 (2026-08-17), the
// commit of ../shared/corpora/syzkaller-report-testdata that checks this table. The rules were
// read from a public copy of pkg/report (linux.go, report.go) of that period (it has the 2025
// "WARNING: file.c:N at 0x0, CPU#N" format): report-start headers and suppressions, skip list
// ("__alloc_frozen_pages_noprof", "__fortify_report", "dput" ...), strip prefixes ("__se_sys_"),
// stack starts (kmemleak "backtrace (crc ...):"), title templates. Read to learn the rules;
// the code is ours. Deviations, and why, are in docs/CRASH-TITLES.md: frames are not demangled
// (Rust titles keep mangled names), symbolized "[inline]" lines are dropped before titling
// (crash_title.cpp), a mail needs console evidence, and mail titles never keep a placeholder.
#include "core/syzbot/crash_title_table.hpp"

namespace lkmine::crash {
namespace {

const std::string rip_frame =
    R"((?:IP|NIP|pc |PC is at):? (?:(?:[0-9]+:)?(?:{{PC}} +){0,2}{{FUNC}}|(?:[0-9]+:)?0x[0-9a-f]+|(?:[0-9]+:)?{{PC}} +\[< *\(null\)>\] +\(null\)|[0-9]+: +\(null\)))";
const std::string call_trace = R"((?:Call (?:T|t)race:)|(?:Backtrace:))";
const std::string ps = parse_stack_trace;

TitleFormat fmt_only(std::string title, std::string fmt, bool no_stack = false,
                     bool corrupted = false) {
    TitleFormat f;
    f.title = std::move(title);
    f.fmt = std::move(fmt);
    f.no_stack_trace = no_stack;
    f.corrupted = corrupted;
    return f;
}

TitleFormat with_report(std::string title, std::string report, std::string fmt,
                        bool no_stack = false) {
    TitleFormat f = fmt_only(std::move(title), std::move(fmt), no_stack);
    f.report = std::move(report);
    return f;
}

TitleFormat with_stack(std::string title, std::string fmt, std::vector<std::string> parts,
                       std::vector<std::string> skip = {}, Extractor ex = Extractor::first) {
    TitleFormat f = fmt_only(std::move(title), std::move(fmt));
    f.has_stack = true;
    f.stack.parts = std::move(parts);
    f.stack.skip = std::move(skip);
    f.stack.extractor = ex;
    return f;
}

TitleFormat warning(std::string title, std::string fmt, std::vector<std::string> skip = {}) {
    TitleFormat f = with_stack(std::move(title), std::move(fmt),
                               {"(?:" + rip_frame + "|--- interrupt: [0-9]+ at {{FUNC}})", ps},
                               std::move(skip));
    f.stack.parts2 = {call_trace, ps};
    return f;
}

std::vector<std::string> rip_call() {
    return {rip_frame, call_trace, ps};
}
std::vector<std::string> call() {
    return {call_trace, ps};
}

std::vector<TitleFormat> bug_formats() {
    std::vector<TitleFormat> v;
    auto kasan = with_stack("BUG: KASAN:", "KASAN: %[1]v %[3]v in %[4]v",
                            {"BUG: KASAN: (?:[a-z\\-]+) in {{FUNC}}", call_trace, ps},
                            {"kernel_fault", "tag_check", "mem_abort", "^el1_", "^el1h_"});
    kasan.report =
        R"(BUG: KASAN: ([a-z\-]+) in {{FUNC}}(?:.*\n)+?.*(Read|Write) (?:of size|at addr) (?:[0-9a-f]+))";
    v.push_back(kasan);
    const std::string inv =
        "BUG: KASAN: (?:double-free or invalid-free|double-free|invalid-free) in {{FUNC}}";
    auto kfree = with_stack("BUG: KASAN:", "KASAN: invalid-free in %[2]v", {inv, call_trace, ps},
                            {"slab_", "kfree", "vunmap", "vfree"});
    kfree.report = inv;
    v.push_back(kfree);
    v.push_back(
        with_report(R"(BUG: KASAN: ([a-z\-]+) on address)",
                    R"(BUG: KASAN: ([a-z\-]+) on address(?:.*\n)+?.*(Read|Write) of size ([0-9]+))",
                    "KASAN: %[1]v %[2]v"));
    v.push_back(fmt_only("BUG: KASAN: (.*)", "KASAN: %[1]v", false, true));
    auto usb = with_stack("BUG: KMSAN: kernel-usb-infoleak", "KMSAN: kernel-usb-infoleak in %[2]v",
                          {ps, "(Local variable .* created at:|Uninit was created at:)", ps},
                          {"alloc_skb", "usb_submit_urb", "usb_start_wait_urb", "usb_bulk_msg",
                           "usb_interrupt_msg", "usb_control_msg"});
    usb.report = "BUG: KMSAN: kernel-usb-infoleak in {{FUNC}}";
    usb.no_stack_trace = true;
    v.push_back(usb);
    auto kmsan = with_stack("BUG: KMSAN:", "KMSAN: %[1]v in %[3]v",
                            {ps, "(Local variable .* created at:|Uninit was created at:)", ps},
                            {"alloc_skb", "netlink_ack", "netlink_rcv_skb", "_encrypt$",
                             "^(?:crypto|cipher|drbg|rng)_"});
    kmsan.report = R"(BUG: KMSAN: ([a-z\-]+) in {{FUNC}})";
    kmsan.no_stack_trace = true;
    v.push_back(kmsan);
    v.push_back(with_report("BUG: KCSAN: data-race", "BUG: KCSAN: (.*)", "KCSAN: %[1]v", true));
    v.push_back(with_report("BUG: KCSAN:", "BUG: KCSAN: (.*)", "KCSAN: %[1]v", true));
    const std::string kf = R"(BUG: KFENCE: (?:[a-z\- ]+) in {{FUNC}})";
    v.push_back(with_stack(R"(BUG: KFENCE: (use-after-free|out-of-bounds) ([a-z\-]+) in {{FUNC}})",
                           "KFENCE: %[1]v %[2]v in %[4]v", {kf, ps}));
    auto kff = with_stack("BUG: KFENCE: invalid free in {{FUNC}}", "KFENCE: invalid free in %[2]v",
                          {kf, ps});
    kff.no_stack_trace = true;
    v.push_back(kff);
    v.push_back(with_stack("BUG: KFENCE: invalid (read|write) in {{FUNC}}",
                           "KFENCE: invalid %[1]v in %[3]v", {kf, ps}));
    auto kfc = with_stack("BUG: KFENCE: memory corruption in {{FUNC}}",
                          "KFENCE: memory corruption in %[2]v", {kf, ps});
    kfc.no_stack_trace = true;
    v.push_back(kfc);
    v.push_back(with_stack("BUG: (?:unable to handle kernel paging request|unable to handle page "
                           "fault for address|Unable to handle kernel data access)",
                           "BUG: unable to handle kernel paging request in %[1]v", rip_call()));
    v.push_back(with_stack("BUG: (?:unable to handle kernel NULL pointer dereference|kernel NULL "
                           "pointer dereference|Kernel NULL pointer dereference)",
                           "BUG: unable to handle kernel NULL pointer dereference in %[1]v",
                           rip_call()));
    v.push_back(fmt_only("BUG: (?:unable to handle kernel|Unable to handle kernel)",
                         "BUG: unable to handle kernel", false, true));
    v.push_back(with_stack("BUG: (spinlock|rwlock) (lockup suspected|already unlocked|recursion"
                           "|cpu recursion|bad magic|wrong owner|wrong CPU|trylock failure on UP)",
                           "BUG: %[1]v %[2]v in %[3]v", call(), {"spin_", "_lock", "_unlock"}));
    v.push_back(with_stack("BUG: soft lockup", "BUG: soft lockup in %[1]v", rip_call(), {},
                           Extractor::stall));
    v.push_back(with_report("BUG: .*still has locks held!",
                            R"(BUG: .*still has locks held!(?:.*\n)+?.*{{PC}} +{{FUNC}})",
                            "BUG: still has locks held in %[1]v"));
    v.push_back(with_stack("BUG: scheduling while atomic", "BUG: scheduling while atomic in %[1]v",
                           call(), {"schedule"}));
    v.push_back(with_report(
        "BUG: lock held when returning to user space",
        R"(BUG: lock held when returning to user space(?:.*\n)+?.*leaving the kernel with locks still held(?:.*\n)+?.*at: (?:{{PC}} +)?{{FUNC}})",
        "BUG: lock held when returning to user space in %[1]v", true));
    v.push_back(with_stack("BUG: bad unlock balance detected!", "BUG: bad unlock balance in %[1]v",
                           {"{{PC}} +{{FUNC}}", call_trace, ps}));
    v.push_back(with_report("BUG: held lock freed!",
                            R"(BUG: held lock freed!(?:.*\n)+?.*{{PC}} +{{FUNC}})",
                            "BUG: held lock freed in %[1]v"));
    v.push_back(fmt_only("BUG: Bad rss-counter state", "BUG: Bad rss-counter state", true));
    v.push_back(fmt_only("BUG: non-zero nr_ptes on freeing mm",
                         "BUG: non-zero nr_ptes on freeing mm", true));
    v.push_back(fmt_only("BUG: non-zero nr_pmds on freeing mm",
                         "BUG: non-zero nr_pmds on freeing mm", true));
    v.push_back(with_report("BUG: Dentry .* still in use",
                            R"(BUG: Dentry .* still in use \([0-9]+\) \[(unmount) of ([^\]]+)\])",
                            "BUG: Dentry still in use in %[1]v"));
    v.push_back(with_stack(
        "BUG: Bad page (state|cache)", "BUG: Bad page %[1]v in %[2]v", {"page last allocated", ps},
        {"(free|put|get|update|release)_page", "free_unref", "^_*folio", "truncate_inode_pages",
         "page_frag_free", "alloc", "vmap", "page_owner"}));
    v.push_back(fmt_only("BUG: Bad page map", "BUG: Bad page map"));
    v.push_back(fmt_only("BUG: workqueue lockup", "BUG: workqueue lockup", true));
    v.push_back(with_stack("BUG: sleeping function called from invalid context at (.*)",
                           "BUG: sleeping function called from invalid context in %[2]v", call()));
    v.push_back(
        with_stack(R"(BUG: using ([a-z_]+)\(\) in preemptible)",
                   "BUG: using %[1]v() in preemptible code in %[2]v", call(),
                   {"dump_stack", "preemption", "preempt", "debug_", "processor_id", "this_cpu"}));
    v.push_back(with_report(
        "BUG: workqueue leaked lock or atomic",
        R"(BUG: workqueue leaked lock or atomic(?:.*\n)+?.*last function: ([a-zA-Z0-9_]+)\n)",
        "BUG: workqueue leaked lock or atomic in %[1]v", true));
    v.push_back(with_stack("BUG: memory leak", "memory leak in %[1]v",
                           {R"(backtrace(?: \(crc [[:xdigit:]]*\))?:)", ps},
                           {"kmemleak", "mmap", "kmem", "slab", "alloc", "create_object", "idr_get",
                            "list_lru_init", "kasprintf", "kvasprintf", "pcpu_create", "strdup",
                            "strndup", "memdup"}));
    v.push_back(with_stack("BUG: .*stack guard page was hit at",
                           "BUG: stack guard page was hit in %[1]v", rip_call(), {},
                           Extractor::stall));
    v.push_back(with_stack("BUG: Invalid wait context", "WARNING: locking bug in %[1]v", call(),
                           {"lock_sock", "release_sock"}));
    v.push_back(fmt_only("BUG:[[:space:]]*$", "BUG: corrupted", false, true));
    return v;
}

std::vector<TitleFormat> warning_formats() {
    std::vector<TitleFormat> v;
    v.push_back(warning(R"(WARNING: .*lib/debugobjects\.c.* (?:debug_print|debug_check|at))",
                        "WARNING: ODEBUG bug in %[1]v",
                        {"debug_", "rcu", "hrtimer_", "timer_", "work_", "percpu_", "vunmap",
                         "vfree", "__free_", "debug_check", "kobject_"}));
    v.push_back(warning(R"(WARNING: .*mm/usercopy\.c.* (?:usercopy_warn|at))",
                        "WARNING: bad usercopy in %[1]v", {"usercopy", "__check"}));
    v.push_back(warning(R"(WARNING: .*lib/kobject\.c.* (?:kobject_|at))",
                        "WARNING: kobject bug in %[1]v", {"kobject_"}));
    v.push_back(warning(R"(WARNING: .*fs/proc/generic\.c.* (?:proc_register|at))",
                        "WARNING: proc registration bug in %[1]v", {"proc_"}));
    v.push_back(warning(R"(WARNING: .*lib/refcount\.c.* (?:refcount_|at))",
                        "WARNING: refcount bug in %[1]v", {"refcount", "kobject_"}));
    v.push_back(warning(R"(WARNING: .*kernel/locking/lockdep\.c.*lock_)",
                        "WARNING: locking bug in %[1]v", {"lock_sock", "release_sock"}));
    v.push_back(with_report("WARNING: .*still has locks held!",
                            R"(WARNING: .*still has locks held!(?:.*\n)+?.*at: {{FUNC}})",
                            "WARNING: still has locks held in %[1]v"));
    v.push_back(warning("WARNING: Nested lock was not taken",
                        "WARNING: nested lock was not taken in %[1]v"));
    v.push_back(with_report(
        "WARNING: lock held when returning to user space",
        R"(WARNING: lock held when returning to user space(?:.*\n)+?.*leaving the kernel with locks still held(?:.*\n)+?.*at: (?:{{PC}} +)?{{FUNC}})",
        "WARNING: lock held when returning to user space in %[1]v", true));
    v.push_back(warning(R"(WARNING: .*mm/.*\.c.* k?.?malloc)", "WARNING: kmalloc bug in %[1]v",
                        {"kmalloc", "krealloc", "slab", "kmem"}));
    v.push_back(
        warning("WARNING: .*mm/vmalloc.c.*__vmalloc_node", "WARNING: zero-size vmalloc in %[1]v"));
    v.push_back(warning("WARNING: .* usb_submit_urb", "WARNING in %[1]v/usb_submit_urb",
                        {"usb_submit_urb", "usb_start_wait_urb", "usb_bulk_msg",
                         "usb_interrupt_msg", "usb_control_msg"}));
    // Format introduced in 2025: "WARNING: file.c:123 at 0x0, CPU#1: comm/pid".
    v.push_back(warning(R"(WARNING: {{SRC}} at 0x\d+, CPU#\d+)", "WARNING in %[2]v"));
    v.push_back(warning("WARNING: .* at {{SRC}} {{FUNC}}", "WARNING in %[3]v"));
    v.push_back(warning("WARNING: {{SRC}} at {{FUNC}}", "WARNING in %[3]v"));
    v.push_back(warning(R"(WARNING: \[.*\] {{SRC}} at {{FUNC}}.*)", "WARNING in %[3]v"));
    auto circ = with_stack(
        "WARNING: possible circular locking dependency detected", "possible deadlock in %[1]v",
        {"at: (?:{{PC}} +)?{{FUNC}}", "at: (?:{{PC}} +)?{{FUNC}}", ps},
        {"process_one_work", "flush_workqueue", "drain_workqueue", "destroy_workqueue"});
    circ.report =
        R"(WARNING: possible circular locking dependency detected(?:.*\n)+?.*is trying to acquire lock)";
    v.push_back(circ);
    v.push_back(with_report(
        "WARNING: possible irq lock inversion dependency detected",
        R"(WARNING: possible irq lock inversion dependency detected(?:.*\n)+?.*just changed the state of lock(?:.*\n)+?.*at: (?:{{PC}} +)?{{FUNC}})",
        "possible deadlock in %[1]v"));
    v.push_back(with_stack("WARNING: .*-safe -> .*-unsafe lock order detected",
                           "possible deadlock in %[1]v", {"which became (?:.*) at:", ps}));
    v.push_back(with_report(
        "WARNING: possible recursive locking detected",
        R"(WARNING: possible recursive locking detected(?:.*\n)+?.*is trying to acquire lock(?:.*\n)+?.*at: (?:{{PC}} +)?{{FUNC}})",
        "possible deadlock in %[1]v"));
    auto incons =
        with_stack("WARNING: inconsistent lock state", "inconsistent lock state in %[2]v", call());
    incons.report =
        R"(WARNING: inconsistent lock state(?:.*\n)+?.*takes(?:.*\n)+?.*at: (?:{{PC}} +)?{{FUNC}})";
    v.push_back(incons);
    auto rcu = with_stack("WARNING: suspicious RCU usage", "WARNING: suspicious RCU usage in %[2]v",
                          call(), {"rcu", "kmem", "slab"});
    rcu.report = R"(WARNING: suspicious RCU usage(?:.*\n)+?.*?{{SRC}})";
    v.push_back(rcu);
    v.push_back(fmt_only("WARNING: kernel stack regs at [0-9a-f]+ in [^ ]* has bad '([^']+)' value",
                         "WARNING: kernel stack regs has bad '%[1]v' value", true));
    v.push_back(fmt_only("WARNING: kernel stack frame pointer at [0-9a-f]+ in [^ ]* has bad value",
                         "WARNING: kernel stack frame pointer has bad value", true));
    v.push_back(with_stack("WARNING: bad unlock balance detected!",
                           "WARNING: bad unlock balance in %[1]v",
                           {"{{PC}} +{{FUNC}}", call_trace, ps}));
    v.push_back(with_report("WARNING: held lock freed!",
                            R"(WARNING: held lock freed!(?:.*\n)+?.*at:(?: {{PC}})? +{{FUNC}})",
                            "WARNING: held lock freed in %[1]v"));
    v.push_back(fmt_only("WARNING: kernel stack regs .* has bad 'bp' value",
                         "WARNING: kernel stack regs has bad value", true));
    v.push_back(fmt_only("WARNING: kernel stack frame pointer .* has bad value",
                         "WARNING: kernel stack regs has bad value", true));
    v.push_back(fmt_only("WARNING:[[:space:]]*$", "WARNING: corrupted", false, true));
    return v;
}

std::vector<TitleFormat> info_formats() {
    std::vector<TitleFormat> v;
    const char* lockdep[][3] = {
        {"INFO: possible circular locking dependency detected",
         R"(INFO: possible circular locking dependency detected \](?:.*\n)+?.*is trying to acquire lock(?:.*\n)+?.*at: {{PC}} +{{FUNC}})",
         "possible deadlock in %[1]v"},
        {"INFO: possible irq lock inversion dependency detected",
         R"(INFO: possible irq lock inversion dependency detected \](?:.*\n)+?.*just changed the state of lock(?:.*\n)+?.*at: {{PC}} +{{FUNC}})",
         "possible deadlock in %[1]v"},
        {"INFO: SOFTIRQ-safe -> SOFTIRQ-unsafe lock order detected",
         R"(INFO: SOFTIRQ-safe -> SOFTIRQ-unsafe lock order detected \](?:.*\n)+?.*is trying to acquire(?:.*\n)+?.*at: {{PC}} +{{FUNC}})",
         "possible deadlock in %[1]v"},
        {"INFO: possible recursive locking detected",
         R"(INFO: possible recursive locking detected \](?:.*\n)+?.*is trying to acquire lock(?:.*\n)+?.*at: {{PC}} +{{FUNC}})",
         "possible deadlock in %[1]v"},
        {"INFO: inconsistent lock state",
         R"(INFO: inconsistent lock state \](?:.*\n)+?.*takes(?:.*\n)+?.*at: {{PC}} +{{FUNC}})",
         "inconsistent lock state in %[1]v"},
    };
    for (auto& l : lockdep)
        v.push_back(with_report(l[0], l[1], l[2]));
    auto stall =
        with_stack("INFO: rcu_(?:preempt|sched|bh) (?:self-)?detected(?: expedited)? stall",
                   "INFO: rcu detected stall in %[1]v", {"apic_timer_interrupt", rip_frame, ps},
                   {"apic_timer_interrupt", "rcu"}, Extractor::stall);
    stall.stack.parts2 = {"(?:apic_timer_interrupt|Exception stack|el1h_64_irq)", ps};
    v.push_back(stall);
    v.push_back(with_stack("INFO: trying to register non-static key",
                           "INFO: trying to register non-static key in %[1]v", call(),
                           {"stack", "lock", "IRQ"}));
    auto rcu = with_stack("INFO: suspicious RCU usage", "INFO: suspicious RCU usage in %[2]v",
                          call(), {"rcu", "kmem", "slab"});
    rcu.report = R"(INFO: suspicious RCU usage(?:.*\n)+?.*?{{SRC}})";
    v.push_back(rcu);
    v.push_back(with_stack("INFO: task .* blocked for more than [0-9]+ seconds",
                           "INFO: task hung in %[1]v", call(), {}, Extractor::hang_task));
    v.push_back(with_stack("INFO: task .* can't die for more than .* seconds",
                           "INFO: task can't die in %[1]v", call(), {"schedule"}));
    v.push_back(fmt_only("INFO: (Freed|Allocated) in (.*)", "INFO: %[1]v in %[2]v", false, true));
    v.push_back(fmt_only("INFO:[[:space:]]*$", "INFO: corrupted", false, true));
    return v;
}

std::vector<TitleFormat> panic_formats() {
    std::vector<TitleFormat> v;
    v.push_back(with_report(
        "Kernel panic - not syncing: stack-protector:",
        "Kernel panic - not syncing: stack-protector: Kernel stack is corrupted in: {{FUNC}}",
        "kernel panic: stack is corrupted in %[1]v", true));
    auto sp = with_stack("Kernel panic - not syncing: stack-protector:",
                         "kernel panic: stack is corrupted in %[1]v", call(), {"stack_chk"});
    sp.report =
        "Kernel panic - not syncing: stack-protector: Kernel stack is corrupted in: [a-f0-9]+";
    v.push_back(sp);
    auto cse = with_stack("Kernel panic - not syncing: corrupted stack end",
                          "kernel panic: corrupted stack end in %[1]v", call(),
                          {"schedule", "retint_kernel"}, Extractor::stall);
    cse.report = "Kernel panic - not syncing: corrupted stack end detected inside scheduler";
    v.push_back(cse);
    v.push_back(with_stack("Kernel panic - not syncing: kernel stack overflow",
                           "kernel stack overflow in %[1]v", call(), {"bad_stack"},
                           Extractor::stall));
    v.push_back(fmt_only("Kernel panic - not syncing: Attempted to kill init!",
                         "kernel panic: Attempted to kill init!"));
    v.push_back(fmt_only(
        "Kernel panic - not syncing: Couldn't open N_TTY ldisc for [^ ]+ --- error -[0-9]+",
        "kernel panic: Couldn't open N_TTY ldisc"));
    v.push_back(fmt_only("Kernel panic - not syncing: Fatal exception",
                         "kernel panic: Fatal exception", false, true));
    v.push_back(fmt_only("Kernel panic - not syncing: panic_on_warn set",
                         "kernel panic: panic_on_warn set", false, true));
    v.push_back(fmt_only("Kernel panic - not syncing: hung_task: blocked tasks",
                         "kernel panic: hung_task: blocked tasks", false, true));
    v.push_back(fmt_only("Kernel panic - not syncing: (.*)", "kernel panic: %[1]v"));
    return v;
}

std::vector<TitleFormat> ubsan_formats() {
    std::vector<TitleFormat> v;
    auto a =
        with_stack("UBSAN:", "UBSAN: undefined-behaviour in %[1]v", call(), {"ubsan", "overflow"});
    a.report = "UBSAN: Undefined behaviour in";
    v.push_back(a);
    v.push_back(with_stack("UBSAN: array-index-out-of-bounds in",
                           "UBSAN: array-index-out-of-bounds in %[1]v", call(),
                           {"ubsan", "overflow"}));
    auto c = with_stack("UBSAN:", "UBSAN: %[1]v in %[2]v", call(), {"ubsan", "overflow"});
    c.report = "UBSAN: (.*?) in";
    v.push_back(c);
    return v;
}

OopsKind simple(std::string header, std::vector<TitleFormat> f,
                std::vector<std::string> supp = {}) {
    return OopsKind{std::move(header), std::move(f), std::move(supp)};
}

std::vector<OopsKind> build() {
    std::vector<OopsKind> v;
    v.push_back(simple("BUG:", bug_formats(),
                       {"ODEBUG:", "Boot_DEBUG:", "xlog_status:", "DEBUG:",
                        "BUG: no syscalls can create resource"}));
    v.push_back(simple(
        "WARNING:", warning_formats(),
        {"WARNING: /etc/ssh/moduli does not exist, using fixed modulus",
         "WARNING: workqueue cpumask: online intersect > possible intersect",
         "WARNING: [Tt]he mand mount option",
         R"(WARNING: Unsupported flag value\(s\) of 0x%x in DT_FLAGS_1)",
         "WARNING: Unprivileged eBPF is enabled with eIBRS",
         "WARNING: fbcon: Driver '(.*)' missed to adjust virtual screen size",
         "WARNING: See https.* for mitigation options.",
         "WARNING: kernel not compiled with CPU_SRSO", R"(EXT4-[Ff][Ss](?: \(.*\))?:)",
         R"([Ww][Aa][Rr][Nn][Ii][Nn][Gg]: .* (?:uses|USES) (?:deprecated v2 capabilities|wireless extensions|DEPRECATED V2 CAPABILITIES|WIRELESS EXTENSIONS))",
         R"(XFS \(\w+\): WARNING)"}));
    v.push_back(
        simple("INFO:", info_formats(),
               {"INFO: lockdep is turned off", "INFO: Stall ended before state dump start",
                "INFO: NMI handler", "INFO: recovery required on readonly filesystem",
                "(handler|interrupt).*took too long",
                "_INFO:", "INFO: sys_.* is not present in /proc/kallsyms",
                "INFO: no syscalls can create resource", "CAM_INFO:", "rmt_storage:INFO:"}));
    v.push_back(simple("Unable to handle kernel",
                       {with_stack("Unable to handle kernel (paging request|NULL pointer "
                                   "dereference|access to user memory)",
                                   "BUG: unable to handle kernel %[1]v in %[2]v", rip_call())}));
    v.push_back(simple("general protection fault",
                       {with_stack("general protection fault.*:",
                                   "general protection fault in %[1]v", rip_call())},
                       {R"(general protection fault .* error:\d+ in )"}));
    v.push_back(
        simple("stack segment: ",
               {with_stack("stack segment: ", "stack segment fault in %[1]v", rip_call())}));
    v.push_back(simple("Kernel panic", panic_formats()));
    v.push_back(
        simple("PANIC: double fault",
               {with_stack("PANIC: double fault", "PANIC: double fault in %[1]v", {rip_frame})}));
    auto rust = with_stack("rust_kernel: panicked", "%[1]v in %[2]v", call(),
                           {R"(__rustc::rust_begin_unwind)"});
    rust.report = R"(rust_kernel: panicked at [^\n]*?\n(.+?)\n)";
    v.push_back(simple("rust_kernel: panicked", {rust}));
    v.push_back(simple(
        "kernel BUG",
        {with_stack("kernel BUG at mm/usercopy.c", "BUG: bad usercopy in %[1]v", call(),
                    {"usercopy", "__check"}),
         with_stack("kernel BUG at lib/list_debug.c", "BUG: corrupted list in %[1]v", call()),
         with_stack("kernel BUG at (.*)", "kernel BUG in %[2]v", rip_call(), {"^skb_"})}));
    v.push_back(simple("Kernel BUG", {fmt_only("Kernel BUG (.*)", "kernel BUG %[1]v")}));
    v.push_back(simple("BUG kmalloc-", {fmt_only("BUG kmalloc-.*: Object already free",
                                                 "BUG: Object already free")}));
    v.push_back(simple("divide error:",
                       {with_stack("divide error: ", "divide error in %[1]v", {rip_frame})}));
    v.push_back(simple("divide_error:",
                       {with_stack("divide_error: ", "divide error in %[1]v", {rip_frame})}));
    v.push_back(simple("invalid opcode:",
                       {with_stack("invalid opcode: ", "invalid opcode in %[1]v", {rip_frame})}));
    v.push_back(simple("UBSAN:", ubsan_formats()));
    v.push_back(simple("Booting the kernel.",
                       {fmt_only("^Booting the kernel", "unexpected kernel reboot", true)},
                       {"Parsing ELF|Decompressing Linux|Unknown parameter '"}));
    v.push_back(simple("unregister_netdevice: waiting for",
                       {fmt_only("unregister_netdevice: waiting for (?:.*) to become free",
                                 "unregister_netdevice: waiting for DEV to become free", true)}));
    v.push_back(simple("VFS: Close: file count is 0",
                       {fmt_only("VFS: Close: file count is 0",
                                 "VFS: Close: file count is zero (use-after-free)", true)}));
    v.push_back(simple("VFS: Busy inodes after unmount",
                       {fmt_only("VFS: Busy inodes after unmount",
                                 "VFS: Busy inodes after unmount (use-after-free)", true)}));
    v.push_back(simple("Internal error:",
                       {with_stack("Internal error:", "Internal error in %[1]v", rip_call())}));
    v.push_back(simple("Unhandled fault:",
                       {with_stack("Unhandled fault:", "Unhandled fault in %[1]v", rip_call())}));
    v.push_back(simple("Alignment trap:",
                       {with_stack("Alignment trap:", "Alignment trap in %[1]v", rip_call())}));
    v.push_back(
        simple("trusty: panic",
               {with_report("trusty: panic.* ASSERT FAILED",
                            R"(trusty: panic \(.*?\):(?: DEBUG)? ASSERT FAILED at \(.*?\): (.+))",
                            "trusty: ASSERT FAILED: %[1]v", true),
                fmt_only("trusty: panic.* ASSERT FAILED.*: *(.*)", "trusty: ASSERT FAILED: %[1]v",
                         false, true),
                with_report("trusty: panic", R"(trusty: panic \(.*?\): (.+))",
                            "trusty: panic: %[1]v", true)}));
    v.push_back(simple("fatal error:", {fmt_only("fatal error:", "go runtime error", true)},
                       {"ALSA", "fatal error: cannot create timer"}));
    v.push_back(simple("SYZFAIL:", {fmt_only("SYZFAIL:(.*)", "SYZFAIL:%[1]v", true)}));
    v.push_back(simple("SYZFATAL:", {fmt_only("SYZFATAL:(.*)()", "SYZFATAL:%[1]v", true)}));
    v.push_back(simple("panic:",
                       {fmt_only("panic: Sentry detected .* stuck task",
                                 "panic: Sentry detected stuck tasks", true),
                        fmt_only("panic:(.*)", "panic:%[1]v", true)},
                       {"_panic:", "xlog_status:", R"(ddb\.onpanic:)", "evtlog_status:"}));
    return v;
}

} // namespace

const std::vector<OopsKind>& linux_oopses() {
    static const std::vector<OopsKind> table = build();
    return table;
}

const StackParams& linux_stack_params() {
    static const StackParams params{
        {"Call (?:T|t)race", "Allocated:", "Allocated by task [0-9]+:", "Freed:",
         "Freed by task [0-9]+:", R"([^k] backtrace(?: \(crc [[:xdigit:]]*\))?:)",
         "Backtrace:", "Uninit was stored to memory at",
         "status: [0-9a-f]{16} badaddr: [0-9a-f]{16} cause: [0-9a-f]{16}"},
        {"^ *(?:{{PC}} ){0,2}{{FUNC}}", R"(^ *{{PC}} \(([a-zA-Z0-9_.]+)\) from {{PC}} \({{FUNC}})"},
        {"__sanitizer",
         "__asan",
         "kasan",
         "hwasan",
         "__msan",
         "kmsan",
         "kcsan_setup_watchpoint",
         "check_memory_region",
         "check_heap_object",
         "check_object",
         "read_word_at_a_time",
         "(read|write)_once_.*nocheck",
         "print_address_description",
         "panic",
         "invalid_op",
         "report_bug",
         "fixup_bug",
         "print_report",
         "print_usage_bug",
         "do_error",
         "_trap$|do_trap",
         "show_stack",
         "dump_stack",
         "walk_stack",
         "dump_backtrace",
         "warn_slowpath",
         "warn_alloc",
         "warn_bogus",
         "__warn",
         "alloc_page",
         "k?v?(?:m|z|c)alloc",
         "krealloc",
         "kmem_cache",
         "allocate_slab",
         "__alloc_frozen_pages_noprof",
         "folio_(?:alloc|unlock)",
         "filemap_alloc_folio",
         "__filemap_get_folio",
         "find_or_create_page",
         "do_read_cache_folio",
         "read_cache_page",
         "pagecache_get_page",
         "grab_cache_page_write_begin",
         "slab_",
         "debug_object",
         "timer_is_static_object",
         "work_is_static_object",
         "__might_fault",
         "print_unlock",
         "imbalance_bug",
         "lockdep",
         "bh_enable",
         "bh_disable",
         "perf_trace",
         "lock_acquire",
         "lock_release",
         "lock_class",
         "mark_lock",
         "(reacquire|mark)_held_locks",
         "raw_spin_rq",
         "spin_lock",
         "spin_trylock",
         "spin_unlock",
         "read_lock",
         "read_trylock",
         "write_lock",
         "write_trylock",
         "read_unlock",
         "write_unlock",
         "^down$",
         "down_read",
         "down_write",
         "down_read_trylock",
         "down_write_trylock",
         "down_trylock",
         "up_read",
         "up_write",
         "^mutex_",
         "^__mutex_",
         "^rt_mutex_",
         "owner_on_cpu",
         "osq_lock",
         "osq_unlock",
         "atomic(64)?_(dec|inc|read|set|or|xor|and|add|sub|fetch|xchg|cmpxchg|try)",
         "(set|clear|change|test)_bit",
         "__wake_up",
         "^refcount_",
         "^kref_",
         "ref_tracker",
         "seqprop_assert",
         "memcpy",
         "memcmp",
         "memset",
         "memchr",
         "memmove",
         "memdup",
         "strcmp",
         "strncmp",
         "strcpy",
         "strlcpy",
         "strncpy",
         "strscpy",
         "strlen",
         "strstr",
         "strnstr",
         "strnlen",
         "strchr",
         "strdup",
         "strndup",
         "copy_to_user",
         "copy_from_user",
         "copy_to_iter",
         "copy_from_iter",
         "copy_page_to_iter",
         "copy_page_from_iter",
         "copy_folio_to_iter",
         "^copyin$",
         "^copyout$",
         "put_user",
         "get_user",
         "might_fault",
         "might_sleep",
         "list_add",
         "list_del",
         "list_replace",
         "list_move",
         "list_splice",
         "^rb_",
         "^__rb_",
         "_indirect_thunk_",
         "string",
         "pointer",
         "snprintf",
         "scnprintf",
         "kasprintf",
         "kvasprintf",
         "printk",
         "va_format",
         "dev_info",
         "dev_notice",
         "dev_warn",
         "dev_err",
         "dev_alert",
         "dev_crit",
         "dev_emerg",
         "program_check_exception",
         "program_check_common",
         "del_timer",
         "flush_work",
         "__cancel_work_timer",
         "cancel_work_sync",
         "try_to_grab_pending",
         "flush_workqueue",
         "drain_workqueue",
         "destroy_workqueue",
         "queue_work",
         "finish_wait",
         "kthread_stop",
         "kobject_",
         "add_uevent_var",
         "get_device_parent",
         "device_add",
         "device_del",
         "device_unregister",
         "device_destroy",
         "device_release",
         "devres_release_all",
         "hwrng_unregister",
         "i2c_del_adapter",
         "__unregister_client",
         "device_for_each_child",
         "rollback_registered",
         "unregister_netdev",
         "sysfs_remove",
         "device_remove_file",
         "tty_unregister_device",
         "dummy_urb_enqueue",
         "usb_kill_urb",
         "usb_kill_anchored_urbs",
         "usb_control_msg",
         "usb_hcd_submit_urb",
         "usb_submit_urb",
         "^complete$",
         "wait_for_completion",
         "^kv?free$",
         "kfree_skb",
         "readb$",
         "readw$",
         "readl$",
         "readq$",
         "writeb$",
         "writew$",
         "writel$",
         "writeq$",
         "logic_in",
         "logic_out",
         "^crc\\d+",
         "crc_itu_t",
         "__might_resched",
         "assertfail",
         "^iput$",
         "^iput_final$",
         "^ihold$",
         "hex_dump_to_buffer",
         "print_hex_dump",
         "^klist_",
         "(trace|lockdep)_(hard|soft)irq",
         "^(un)?lock_page",
         "stack_trace_consume_entry",
         "arch_stack_walk",
         "stack_trace_save",
         "insert_work",
         "__queue_delayed_work",
         "queue_delayed_work_on",
         "ida_free",
         "do_(kernel|translation)_fault",
         "do_mem_abort",
         "el1_abort",
         "el1h_64_sync(?:_handler)?",
         "print_tainted",
         "xas_(?:start|load|find)",
         "find_lock_entries",
         "truncate_inode_pages_range",
         "__phys_addr",
         "__fortify_report",
         "cleanup_srcu_struct",
         "rhashtable_lookup",
         "extract_(user|iter)_to_sg",
         "drop_nlink",
         "^get_taint$",
         "^put_device$",
         "lock_timer_base",
         "__timer_delete_sync",
         "sk_stop_timer_sync",
         "__mod_timer",
         "fast_dput",
         "dput"},
        {R"(^( \[<?(?:0x)?[0-9a-f]+>?\])? should_fail(slab)?(\.[a-z0-9.]+)?\+0x)"},
        {"SYSC_", "SyS_", "sys_", "__x64_", "__ia32_", "__arm64_", "____sys_", "___sys_", "__sys_",
         "__se_", "__se_sys_", "__do_sys_", "compat_SYSC_", "compat_SyS_", "ksys_"},
        {"process_one_work",
         "do_syscall_",
         "do_fast_syscall_",
         "sysenter_dispatch",
         "tracesys_phase2",
         "el0_svc_handler",
         "invoke_syscall",
         "ret_fast_syscall",
         "netif_receive_skb",
         "do_softirq",
         "call_timer_fn",
         "_run_timers",
         "run_timer_softirq",
         "hrtimer_run",
         "run_ksoftirqd",
         "smpboot_thread_fn",
         "^kthread$",
         "start_secondary",
         "cpu_startup_entry",
         "ret_from_fork",
         "vfs_write",
         "vfs_read",
         "vfs_iter_read",
         "vfs_iter_write",
         "do_iter_read",
         "do_iter_write",
         "call_read_iter",
         "call_write_iter",
         "new_sync_read",
         "new_sync_write",
         "vfs_ioctl",
         "ksys_ioctl",
         "compat_ioctl",
         "compat_sys_ioctl",
         "blkdev_driver_ioctl",
         "blkdev_ioctl",
         "^call_read_iter",
         "^call_write_iter",
         "do_iter_readv_writev",
         "^call_mmap",
         "mmap_region",
         "do_mmap",
         "do_dentry_open",
         "vfs_open",
         "^sock_sendmsg",
         "^sock_recvmsg",
         "^sock_release",
         "^__sock_release",
         "^setsockopt$",
         "kernel_setsockopt",
         "sock_common_setsockopt",
         "^listen$",
         "kernel_listen",
         "sk_common_release",
         "^sock_mmap",
         "^accept$",
         "kernel_accept",
         "^sock_do_ioctl",
         "^sock_ioctl",
         "^compat_sock_ioctl",
         "^nfnetlink_rcv_msg",
         "^rtnetlink_rcv_msg",
         "^netlink_dump",
         "^(sys_)?(socketpair|connect|ioctl)",
         "__do_fault",
         "do_page_fault",
         "^page_fault$",
         "__fput",
         "task_work_run",
         "exit_to_usermode",
         "smp_call_function",
         "tasklet_action",
         "tasklet_hi_action"},
    };
    return params;
}

} // namespace lkmine::crash
