// The hostile-mail corpus, case by case: escape sequences, C1 controls, CR/LF in encoded
// headers, bidi overrides, NULs, huge and deep structures, bad charsets and bad UTF-8.
#include "tests/cli/hostile_mail.hpp"

#include <cstdio>

namespace lkmine::test {
namespace {

const std::string ESC = "\x1b";
const std::string BEL = "\x07";
const std::string RLO = "\xE2\x80\xAE"; // U+202E RIGHT-TO-LEFT OVERRIDE
const std::string LRO = "\xE2\x80\xAD"; // U+202D
const std::string PDF = "\xE2\x80\xAC"; // U+202C
const std::string RLI = "\xE2\x81\xA7"; // U+2067
const std::string FSI = "\xE2\x81\xA8"; // U+2068
const std::string PDI = "\xE2\x81\xA9"; // U+2069
const std::string CSI_C1 = "\xC2\x9B";  // U+009B as UTF-8
const std::string OSC_C1 = "\xC2\x9D";  // U+009D as UTF-8

struct Parts {
    std::string from = "Hostile Sender <hostile@lkmine.test>";
    std::string subject = "a hostile mail";
    std::string extra; // more header lines, each ending in "\n"
    std::string mime;  // MIME-Version and Content-Type lines, or ""
    std::string body = "Nothing to see here.\n";
    bool with_id = true; // the Message-ID line
};

class Builder {
  public:
    // Returns the case's Message-ID.
    std::string add(const std::string& name, const Parts& p) {
        const std::size_t n = cases_.size() + 1;
        char id[64], date[64];
        std::snprintf(id, sizeof id, "hostile-%02zu@lkmine.test", n);
        std::snprintf(date, sizeof date, "Mon, 1 Jan 2024 %02zu:%02zu:00 +0000", n / 60, n % 60);
        std::string m = "From: " + p.from +
                        "\nTo: hostile-list@lkmine.test\nSubject: " + p.subject +
                        "\nDate: " + date + "\n";
        if (p.with_id) m += "Message-ID: <" + std::string(id) + ">\n";
        m += p.extra + p.mime + "\n" + p.body;
        cases_.push_back({name, p.with_id ? id : "", m});
        return id;
    }
    std::vector<HostileMail> take() { return std::move(cases_); }

  private:
    std::vector<HostileMail> cases_;
};

Parts subject(std::string s) {
    Parts p;
    p.subject = std::move(s);
    return p;
}
Parts from(std::string s) {
    Parts p;
    p.from = std::move(s);
    return p;
}
Parts body(std::string s) {
    Parts p;
    p.body = std::move(s);
    return p;
}
Parts typed(std::string content_type, std::string b, std::string extra = "") {
    Parts p;
    p.mime = "MIME-Version: 1.0\nContent-Type: " + content_type + "\n" + extra;
    p.body = std::move(b);
    return p;
}
Parts attachment(const std::string& disposition_params) {
    return typed("multipart/mixed; boundary=\"B\"",
                 "--B\nContent-Type: text/plain\n\nSee the attachment.\n--B\n"
                 "Content-Type: application/octet-stream\nContent-Disposition: attachment; " +
                     disposition_params +
                     "\nContent-Transfer-Encoding: base64\n\nTVqQAAMAAAAEAAAA\n--B--\n");
}

// Terminal escape sequences in raw header and body bytes.
void escapes(Builder& b) {
    const std::string clear = ESC + "[2J" + ESC + "[H", title = ESC + "]0;pwned" + BEL,
                      clip = ESC + "]52;c;cm0gLXJmIH4K" + BEL, ask = ESC + "[6n";
    b.add("ESC[2J clear screen in Subject", subject("hello " + clear + "world"));
    b.add("OSC 0 window title in Subject", subject("title " + title + "set"));
    b.add("OSC 52 clipboard write in Subject", subject("clip " + clip + "board"));
    b.add("ESC[6n cursor report in Subject", subject("answer " + ask + "back"));
    b.add("ESC sequences in the From name", from("Evil " + clear + title + " <evil@lkmine.test>"));
    b.add("clear screen in the body", body("line one\n" + clear + "line two\n"));
    b.add("OSC 52 clipboard in the body", body("copy " + clip + " this\n"));
    b.add("ESC[6n in the body", body("please " + ask + " answer\n"));
    b.add("DCS, APC, PM and RIS in the body",
          body(ESC + "P1$r" + ESC + "\\ " + ESC + "_apc" + ESC + "\\ " + ESC + "^pm" + ESC + "\\ " +
               ESC + "c reset\n"));
    b.add("ESC split by header folding", subject("folded " + ESC + "[\n 2J across lines"));
    b.add("BEL BS VT FF in Subject", subject("ring" + BEL + " back\x08\x08\x0bvt\x0c ff"));
    b.add("DEL in Subject and body", [] {
        Parts p = subject("del \x7f here");
        p.body = "del \x7f body\n";
        return p;
    }());
    b.add("escape sequences in a Date header", [&] {
        Parts p;
        p.extra = "X-Date-Note: " + clear + "\n";
        return p;
    }());
    b.add("escape in List-Id", [&] {
        Parts p;
        p.extra = "List-Id: <evil" + ESC + "[2J.lkmine.test>\n";
        return p;
    }());
}

// C1 controls: raw 8-bit bytes and UTF-8 encoded U+0080..U+009F.
void c1_controls(Builder& b) {
    b.add("raw 0x9B CSI byte in Subject", subject("raw \x9b"
                                                  "2J csi"));
    b.add("raw 0x9D OSC byte in the body", body("raw \x9d"
                                                "0;title\x07 osc\n"));
    b.add("UTF-8 U+009B CSI in Subject", subject("utf8 " + CSI_C1 + "2J csi"));
    b.add("UTF-8 U+009D OSC in the body", body("utf8 " + OSC_C1 + "0;title" + BEL + "\n"));
    b.add("U+0085 NEL in Subject", subject("next\xC2\x85line"));
    b.add("encoded-word U+009B in Subject", subject("=?utf-8?Q?c1_=C2=9B2J_csi?="));
    b.add("latin1 C1 bytes in an encoded word", subject("=?iso-8859-1?Q?c1_=9B2J_here?="));
}

// CR and LF that decoding produces inside a header value.
void header_injection(Builder& b) {
    b.add("Q-encoded CR LF forging headers in Subject",
          subject("=?utf-8?Q?hello=0D=0AX-Injected:_yes=0D=0A=0D=0Afake_body?="));
    b.add("B-encoded CR LF forging headers in Subject",
          subject("=?utf-8?B?aGVsbG8NClgtSW5qZWN0ZWQ6IHllcw0KDQpmYWtlIGJvZHk=?="));
    b.add("encoded LF alone in Subject", subject("=?utf-8?Q?one=0Atwo=0AX-Injected:_lf?="));
    b.add("encoded CR alone in Subject", subject("=?utf-8?Q?over=0Dwrite_the_line?="));
    b.add("encoded CR LF in the From name",
          from("=?utf-8?Q?Nice=0D=0AX-Injected=3A_from?= <nice@lkmine.test>"));
    b.add("RFC 2231 CR LF in an attachment name",
          attachment("filename*=utf-8''evil%0D%0AX-Injected%3A%20name.txt"));
    b.add("encoded ESC in Subject (Q)", subject("=?utf-8?Q?q_=1B[2J=1B]0;pwned=07_done?="));
    b.add("encoded ESC in Subject (B)", subject("=?utf-8?B?YhtbMkpi?="));
    b.add("encoded NUL in Subject", subject("=?utf-8?Q?nul=00byte?="));
    b.add("encoded ESC with a language suffix", subject("=?utf-8*en?Q?lang_=1B[6n?="));
}

// Bidi overrides and isolates: "evil" reading as "live", "exe.txt" as "txt.exe".
void bidi(Builder& b) {
    b.add("RLO in the From name", from(RLO + "live" + PDF + " <evil@lkmine.test>"));
    b.add("RLO in Subject", subject("report " + RLO + "fdp.exe"));
    b.add("RLO in an attachment name", attachment("filename=\"invoice" + RLO + "txt.exe\""));
    b.add("bidi isolates in Subject", subject("a " + RLI + "b" + PDI + " " + FSI + "c" + PDI));
    b.add("encoded RLO in the From name", from("=?utf-8?Q?=E2=80=AEreganaM?= <m@lkmine.test>"));
    b.add("RLO and LRO in the body", body("read " + RLO + "this" + PDF + LRO + " that\n"));
    b.add("U+2028 line separator in Subject", subject("one\xE2\x80\xA8two\xE2\x80\xA9three"));
}

// NULs, bad charsets, invalid UTF-8.
void bytes_and_charsets(Builder& b) {
    b.add("NUL in a header", subject(std::string("nul ") + '\0' + " in subject"));
    b.add("NUL in the body", body(std::string("nul ") + '\0' + " in body\n"));
    b.add("charset name holding ESC",
          typed("text/plain; charset=\"x-" + ESC + "[2J\"", "bad charset\n"));
    b.add("unknown charset with 8-bit bytes", typed("text/plain; charset=foo", "caf\xe9 \x9b\n"));
    b.add("UTF-7 charset smuggling ESC", typed("text/plain; charset=utf-7", "+ABs-[2J utf7\n"));
    b.add("overlong and surrogate UTF-8 in Subject", subject("bad \xC0\xAF \xED\xA0\x80 end"));
    b.add("invalid UTF-8 in a utf-8 body",
          typed("text/plain; charset=utf-8", "bad \xff\xfe \xC3 \xE2\x82 end\n"));
    b.add("UTF-8 cut at the end of Subject", subject("cut \xE2\x80"));
    b.add("base64 body decoding to ESC",
          typed("text/plain; charset=utf-8", "G1sySmNsZWFyChtdMDtwd25lZAcK\n",
                "Content-Transfer-Encoding: base64\n"));
    b.add("quoted-printable body with =1B",
          typed("text/plain; charset=utf-8", "qp =1B[2J=1B]52;c;eA=3D=3D=07 end\n",
                "Content-Transfer-Encoding: quoted-printable\n"));
    b.add("QP soft break inside an escape",
          typed("text/plain; charset=utf-8", "soft =1B=\n[2J end\n",
                "Content-Transfer-Encoding: quoted-printable\n"));
    b.add("HTML-only mail with ESC",
          typed("text/html; charset=utf-8",
                "<html><body>html " + ESC + "[2J<b>x</b></body></html>\n"));
    b.add("unterminated encoded word", subject("=?utf-8?B?G1sySg"));
    b.add("raw latin1 Subject with 0x80-0x9F", subject("win \x80\x85\x93\x9b\x9d end"));
}

// Size and depth: huge lines, many headers, deep MIME, long References chains.
void sizes(Builder& b) {
    b.add("1 MB Subject line", subject(std::string(1 << 20, 'S') + ESC + "[2J"));
    std::string many;
    for (int i = 0; i < 10000; ++i)
        many += "X-Many-" + std::to_string(i) + ": " + ESC + "[2J\n";
    b.add("10,000 header lines", [&] {
        Parts p;
        p.extra = many;
        return p;
    }());
    b.add("4 MB body line without a line end", body(std::string(4 << 20, 'b') + ESC + "[2J"));
    std::string lines;
    for (int i = 0; i < 2000; ++i)
        lines += std::string(1000, 'l') + ESC + "[6n\n";
    b.add("2,000 overlong body lines", body(lines));
    std::string nest, tail;
    for (int i = 0; i < 1000; ++i) {
        nest += "--b" + std::to_string(i) + "\nContent-Type: multipart/mixed; boundary=\"b" +
                std::to_string(i + 1) + "\"\n\n";
        tail = "--b" + std::to_string(i) + "--\n" + tail;
    }
    b.add("MIME nested 1,000 deep", typed("multipart/mixed; boundary=\"b0\"",
                                          nest + "--b1000\nContent-Type: text/plain\n\ndeep " +
                                              ESC + "[2J\n--b1000--\n" + tail));
    b.add("multipart without its closing boundary",
          typed("multipart/mixed; boundary=\"open\"",
                "--open\nContent-Type: text/plain\n\nnever closed " + ESC + "[2J\n"));
    std::string refs;
    for (int i = 0; i < 5000; ++i)
        refs += " <ref-" + std::to_string(i) + "@lkmine.test>";
    b.add("References chain of 5,000 ids", [&] {
        Parts p;
        p.extra = "References:" + refs + "\nIn-Reply-To: <ref-4999@lkmine.test>\n";
        return p;
    }());
}

// Patches, trailers, replies, syzbot: what series, patch, symptom and thread print.
void structured(Builder& b) {
    const std::string diff = "---\n a" + ESC +
                             "[2J.c | 1 +\n 1 file changed, 1 insertion(+)\n\n"
                             "diff --git a/a" +
                             ESC + "[2J.c b/a" + ESC +
                             "[2J.c\n"
                             "index 0000001..0000002 100644\n--- a/a" +
                             ESC + "[2J.c\n+++ b/a" + ESC +
                             "[2J.c\n"
                             "@@ -1 +1,2 @@ " +
                             ESC + "]0;hunk" + BEL + "\n line\n+added " + RLO + "line\n";
    const std::string first = b.add("patch 1/2 with ESC in file names and hunks", [&] {
        Parts p = subject("[PATCH 1/2] fix " + ESC + "]0;pwned" + BEL + " things");
        p.body = "Fix it.\n\nSigned-off-by: Hostile Sender <hostile@lkmine.test>\n" + diff;
        return p;
    }());
    b.add("patch 2/2 with RLO in Subject and a hostile trailer", [&] {
        Parts p = subject("[PATCH 2/2] more " + RLO + "gnihton");
        p.body = "Do it.\n\nReviewed-by: " + ESC + "]52;c;eA==" + BEL +
                 " Evil <evil@lkmine.test>\nSigned-off-by: " + RLO + "live <e@lkmine.test>\n" +
                 diff;
        return p;
    }());
    b.add("reply with a hostile From name", [&] {
        Parts p = from(RLO + "toor" + ESC + "[2J <root@lkmine.test>");
        p.subject = "Re: [PATCH 1/2] fix things";
        p.extra = "In-Reply-To: <" + first + ">\nReferences: <" + first + ">\n";
        return p;
    }());
    b.add("syzbot report with ESC in the crash title", [&] {
        Parts p = from("syzbot <syzbot+0123456789abcdef0123@syzkaller.appspotmail.com>");
        p.subject = "[syzbot] KASAN: use-after-free Read in hostile_" + ESC + "[2J" + "func";
        p.body = "Hello,\n\nsyzbot found the following issue on:\n\n"
                 "IMPORTANT: if you fix the issue, please add the following tag to the commit:\n"
                 "Reported-by: syzbot+0123456789abcdef0123@syzkaller.appspotmail.com\n\n"
                 "==================================================================\n"
                 "BUG: KASAN: use-after-free in hostile_" +
                 ESC +
                 "[2Jfunc+0x1/0x2\n"
                 "Read of size 8 at addr ffff888000000000 by task " +
                 ESC + "]0;t" + BEL + "/1\n";
        return p;
    }());
    b.add("mbox From line with ESC in the body",
          body("text\nFrom evil " + ESC + "[2J Mon Jan 1 00:00:00 2024\nmore\n"));
    b.add("no Message-ID and ESC in Subject", [&] {
        Parts p = subject("anonymous " + ESC + "[2J");
        p.with_id = false;
        return p;
    }());
    b.add("attachment name with ESC", attachment("filename=\"a" + ESC + "]0;x" + BEL + ".bin\""));
    b.add("Content-Type name parameter with OSC 52",
          typed("multipart/mixed; boundary=\"C\"",
                "--C\nContent-Type: text/plain\n\nbody\n--C\nContent-Type: text/x-diff; name=\"p" +
                    ESC + "]52;c;eA==" + BEL + ".patch\"\n\n" + diff + "--C--\n"));
}

} // namespace

std::vector<HostileMail> hostile_mails() {
    Builder b;
    escapes(b);
    c1_controls(b);
    header_injection(b);
    bidi(b);
    bytes_and_charsets(b);
    sizes(b);
    structured(b);
    return b.take();
}

} // namespace lkmine::test
