// A small backtracking regex engine with std::regex's ECMAScript semantics, for the crash rules.
#include "core/syzbot/crash_title_regex.hpp"

#include <algorithm>
#include <stdexcept>

namespace lkmine::crash {
namespace {

using Class = Regex::Class;
using Inst = Regex::Inst;
using Op = Regex::Op;

unsigned char lower(unsigned char c) {
    return (c >= 'A' && c <= 'Z') ? static_cast<unsigned char>(c - 'A' + 'a') : c;
}

bool is_word(unsigned char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

// The C locale's ctype classes, as std::regex_traits<char> sees them.
bool in_named(std::string_view name, unsigned char c) {
    const bool digit = c >= '0' && c <= '9';
    const bool upper = c >= 'A' && c <= 'Z', low = c >= 'a' && c <= 'z';
    if (name == "space" || name == "s")
        return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
    if (name == "digit" || name == "d") return digit;
    if (name == "alpha") return upper || low;
    if (name == "alnum") return upper || low || digit;
    if (name == "upper") return upper;
    if (name == "lower") return low;
    if (name == "xdigit") return digit || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    if (name == "punct") return c > 32 && c < 127 && !upper && !low && !digit;
    if (name == "w") return is_word(c);
    if (name == "blank") return c == ' ' || c == '\t';
    throw std::invalid_argument("unknown character class");
}

void add_named(Class& cls, std::string_view name, bool negate) {
    for (int c = 0; c < 256; ++c)
        if (in_named(name, static_cast<unsigned char>(c)) != negate)
            cls.add(static_cast<unsigned char>(c));
}

void close_case(Class& cls) {
    for (int c = 'a'; c <= 'z'; ++c) {
        const auto u = static_cast<unsigned char>(c - 'a' + 'A');
        if (cls.has(static_cast<unsigned char>(c)) || cls.has(u)) {
            cls.add(static_cast<unsigned char>(c));
            cls.add(u);
        }
    }
}

struct Node {
    enum Kind { empty, chr, any, cls, group, concat, alt, repeat, bol, eol, wordb, nwordb };
    Kind kind = empty;
    unsigned char c = 0;
    int class_index = -1;
    int capture = -1; // group: its number, or -1 for (?:...)
    int min = 0, max = 0;
    bool greedy = true;
    std::vector<Node> kids;
};

class Parser {
  public:
    Parser(std::string_view p, bool icase, std::vector<Class>& classes)
        : p_(p), icase_(icase), classes_(classes) {}

    Node parse() {
        Node n = alternation();
        if (i_ != p_.size()) throw std::invalid_argument("unbalanced ')'");
        return n;
    }
    int groups() const { return groups_; }

  private:
    Node alternation() {
        Node first = sequence();
        if (i_ >= p_.size() || p_[i_] != '|') return first;
        Node alt;
        alt.kind = Node::alt;
        alt.kids.push_back(std::move(first));
        while (i_ < p_.size() && p_[i_] == '|') {
            ++i_;
            alt.kids.push_back(sequence());
        }
        return alt;
    }

    Node sequence() {
        Node seq;
        seq.kind = Node::concat;
        while (i_ < p_.size() && p_[i_] != '|' && p_[i_] != ')')
            seq.kids.push_back(quantified());
        return seq;
    }

    bool read_int(int& v) {
        const std::size_t start = i_;
        v = 0;
        while (i_ < p_.size() && p_[i_] >= '0' && p_[i_] <= '9')
            v = v * 10 + (p_[i_++] - '0');
        return i_ > start;
    }

    Node quantified() {
        Node atom_node = atom();
        while (i_ < p_.size()) {
            int lo = 0, hi = -1;
            const char q = p_[i_];
            if (q == '*') {
                ++i_;
            } else if (q == '+') {
                lo = 1;
                ++i_;
            } else if (q == '?') {
                hi = 1;
                ++i_;
            } else if (q == '{') {
                ++i_;
                if (!read_int(lo)) throw std::invalid_argument("bad {}");
                hi = lo;
                if (i_ < p_.size() && p_[i_] == ',') {
                    ++i_;
                    if (!read_int(hi)) hi = -1;
                }
                if (i_ >= p_.size() || p_[i_] != '}') throw std::invalid_argument("bad {}");
                ++i_;
            } else {
                break;
            }
            Node rep;
            rep.kind = Node::repeat;
            rep.min = lo;
            rep.max = hi;
            if (i_ < p_.size() && p_[i_] == '?') {
                rep.greedy = false;
                ++i_;
            }
            rep.kids.push_back(std::move(atom_node));
            atom_node = std::move(rep);
        }
        return atom_node;
    }

    Node class_node(Class cls) {
        if (icase_) close_case(cls);
        classes_.push_back(cls);
        Node n;
        n.kind = Node::cls;
        n.class_index = static_cast<int>(classes_.size()) - 1;
        return n;
    }

    Node atom() {
        const char c = p_[i_++];
        Node n;
        switch (c) {
        case '.':
            n.kind = Node::any;
            return n;
        case '^':
            n.kind = Node::bol;
            return n;
        case '$':
            n.kind = Node::eol;
            return n;
        case '[':
            return bracket();
        case '(': {
            n.kind = Node::group;
            if (p_.substr(i_, 2) == "?:") {
                i_ += 2;
            } else if (i_ < p_.size() && p_[i_] == '?') {
                throw std::invalid_argument("unsupported group");
            } else {
                n.capture = groups_++;
            }
            n.kids.push_back(alternation());
            if (i_ >= p_.size() || p_[i_] != ')') throw std::invalid_argument("missing ')'");
            ++i_;
            return n;
        }
        case '*':
        case '+':
        case '?':
        case '{':
            throw std::invalid_argument("nothing to repeat");
        case '\\':
            return escape();
        default:
            n.kind = Node::chr;
            n.c = static_cast<unsigned char>(c);
            return n;
        }
    }

    // An escape outside brackets; `i_` is past the backslash.
    Node escape() {
        if (i_ >= p_.size()) throw std::invalid_argument("trailing backslash");
        const char e = p_[i_++];
        Node n;
        switch (e) {
        case 'b':
            n.kind = Node::wordb;
            return n;
        case 'B':
            n.kind = Node::nwordb;
            return n;
        case 'd':
        case 'w':
        case 's':
        case 'D':
        case 'W':
        case 'S': {
            Class cls;
            const char name[2] = {static_cast<char>(e | 0x20), 0};
            add_named(cls, name, e < 'a');
            return class_node(cls);
        }
        default:
            if (e >= '1' && e <= '9') throw std::invalid_argument("back-references unsupported");
            n.kind = Node::chr;
            n.c = control_escape(e);
            return n;
        }
    }

    static unsigned char control_escape(char e) {
        switch (e) {
        case 'n':
            return '\n';
        case 't':
            return '\t';
        case 'r':
            return '\r';
        case 'f':
            return '\f';
        case 'v':
            return '\v';
        case '0':
            return '\0';
        default:
            return static_cast<unsigned char>(e);
        }
    }

    // One class member at i_: a character (returned, for ranges) or a class escape (added to
    // `cls`, -1 returned).
    int class_atom(Class& cls) {
        const char c = p_[i_++];
        if (c == '[' && i_ < p_.size() && p_[i_] == ':') {
            const std::size_t end = p_.find(":]", i_ + 1);
            if (end == std::string_view::npos) throw std::invalid_argument("bad [:class:]");
            add_named(cls, p_.substr(i_ + 1, end - i_ - 1), false);
            i_ = end + 2;
            return -1;
        }
        if (c != '\\') return static_cast<unsigned char>(c);
        if (i_ >= p_.size()) throw std::invalid_argument("trailing backslash");
        const char e = p_[i_++];
        if (e == 'd' || e == 'w' || e == 's' || e == 'D' || e == 'W' || e == 'S') {
            const char name[2] = {static_cast<char>(e | 0x20), 0};
            add_named(cls, name, e < 'a');
            return -1;
        }
        if (e == 'b') return '\b';
        return control_escape(e);
    }

    Node bracket() {
        Class cls;
        bool negate = false;
        if (i_ < p_.size() && p_[i_] == '^') {
            negate = true;
            ++i_;
        }
        while (true) {
            if (i_ >= p_.size()) throw std::invalid_argument("missing ']'");
            if (p_[i_] == ']') {
                ++i_;
                break;
            }
            const int lo = class_atom(cls);
            if (lo >= 0 && i_ + 1 < p_.size() && p_[i_] == '-' && p_[i_ + 1] != ']') {
                ++i_;
                const int hi = class_atom(cls);
                if (hi < 0 || hi < lo) throw std::invalid_argument("bad range");
                for (int c = lo; c <= hi; ++c)
                    cls.add(static_cast<unsigned char>(c));
            } else if (lo >= 0) {
                cls.add(static_cast<unsigned char>(lo));
            }
        }
        if (icase_) close_case(cls);
        if (negate)
            for (auto& b : cls.bits)
                b = ~b;
        classes_.push_back(cls);
        Node n;
        n.kind = Node::cls;
        n.class_index = static_cast<int>(classes_.size()) - 1;
        return n;
    }

    std::string_view p_;
    std::size_t i_ = 0;
    bool icase_;
    std::vector<Class>& classes_;
    int groups_ = 1;
};

bool nullable(const Node& n) {
    switch (n.kind) {
    case Node::chr:
    case Node::any:
    case Node::cls:
        return false;
    case Node::group:
        return nullable(n.kids[0]);
    case Node::concat:
        for (const Node& k : n.kids)
            if (!nullable(k)) return false;
        return true;
    case Node::alt:
        for (const Node& k : n.kids)
            if (nullable(k)) return true;
        return false;
    case Node::repeat:
        return n.min == 0 || nullable(n.kids[0]);
    default:
        return true;
    }
}

// The bytes a match of n can begin with; false when n can match the empty string.
bool leading_bytes(const Node& n, const std::vector<Class>& classes, bool icase, Class& out) {
    switch (n.kind) {
    case Node::chr:
        out.add(n.c);
        if (icase) close_case(out);
        return true;
    case Node::any:
        for (int c = 0; c < 256; ++c)
            if (c != '\n' && c != '\r') out.add(static_cast<unsigned char>(c));
        return true;
    case Node::cls:
        for (int w = 0; w < 4; ++w)
            out.bits[w] |= classes[static_cast<std::size_t>(n.class_index)].bits[w];
        return true;
    case Node::group:
        return leading_bytes(n.kids[0], classes, icase, out);
    case Node::concat:
        for (const Node& k : n.kids)
            if (leading_bytes(k, classes, icase, out)) return true;
        return false;
    case Node::alt: {
        bool all = true;
        for (const Node& k : n.kids)
            all = leading_bytes(k, classes, icase, out) && all;
        return all;
    }
    case Node::repeat:
        return leading_bytes(n.kids[0], classes, icase, out) && n.min > 0;
    default:
        return false; // zero-width: what follows decides
    }
}

class Emitter {
  public:
    explicit Emitter(std::vector<Inst>& prog, bool icase) : prog_(prog), icase_(icase) {}

    void emit(const Node& n) {
        switch (n.kind) {
        case Node::empty:
            return;
        case Node::chr:
            prog_.push_back({Op::chr, icase_ ? lower(n.c) : n.c, 0, 0});
            return;
        case Node::any:
            prog_.push_back({Op::any});
            return;
        case Node::cls:
            prog_.push_back({Op::cls, 0, n.class_index, 0});
            return;
        case Node::bol:
            prog_.push_back({Op::bol});
            return;
        case Node::eol:
            prog_.push_back({Op::eol});
            return;
        case Node::wordb:
            prog_.push_back({Op::wordb});
            return;
        case Node::nwordb:
            prog_.push_back({Op::nwordb});
            return;
        case Node::group:
            if (n.capture >= 0) prog_.push_back({Op::save, 0, 2 * n.capture, 0});
            emit(n.kids[0]);
            if (n.capture >= 0) prog_.push_back({Op::save, 0, 2 * n.capture + 1, 0});
            return;
        case Node::concat:
            for (const Node& k : n.kids)
                emit(k);
            return;
        case Node::alt:
            alternation(n);
            return;
        case Node::repeat:
            repeat(n);
            return;
        }
    }

  private:
    int here() const { return static_cast<int>(prog_.size()); }

    void alternation(const Node& n) {
        std::vector<int> exits;
        for (std::size_t k = 0; k + 1 < n.kids.size(); ++k) {
            const int split = here();
            prog_.push_back({Op::split, 0, split + 1, 0});
            emit(n.kids[k]);
            exits.push_back(here());
            prog_.push_back({Op::jmp});
            prog_[static_cast<std::size_t>(split)].y = here();
        }
        emit(n.kids.back());
        for (int e : exits)
            prog_[static_cast<std::size_t>(e)].x = here();
    }

    // A split whose two ways are set by patch(): the body first (greedy) or the exit first (lazy).
    int split() {
        const int at = here();
        prog_.push_back({Op::split, 0, 0, 0});
        return at;
    }
    void patch(int at, bool greedy, int body, int exit) {
        prog_[static_cast<std::size_t>(at)].x = greedy ? body : exit;
        prog_[static_cast<std::size_t>(at)].y = greedy ? exit : body;
    }

    void repeat(const Node& n) {
        const Node& body = n.kids[0];
        if (n.max != 0 && nullable(body) && (n.max < 0 || n.max > 1))
            throw std::invalid_argument("repeat of a pattern that can match empty");
        for (int k = 0; k < n.min; ++k)
            emit(body);
        if (n.max < 0) {
            const int loop = split();
            emit(body);
            prog_.push_back({Op::jmp, 0, loop, 0});
            patch(loop, n.greedy, loop + 1, here());
            return;
        }
        std::vector<int> splits;
        for (int k = n.min; k < n.max; ++k) {
            splits.push_back(split());
            emit(body);
        }
        for (int s : splits)
            patch(s, n.greedy, s + 1, here());
    }

    std::vector<Inst>& prog_;
    bool icase_;
};

} // namespace

Regex::Regex(std::string_view pattern, bool icase) : icase_(icase) {
    Parser parser(pattern, icase, classes_);
    const Node root = parser.parse();
    groups_ = static_cast<std::size_t>(parser.groups());
    prog_.push_back({Op::save, 0, 0, 0});
    Emitter(prog_, icase).emit(root);
    prog_.push_back({Op::save, 0, 1, 0});
    prog_.push_back({Op::match});

    const Node* lead = &root;
    if (lead->kind == Node::concat && !lead->kids.empty()) lead = &lead->kids.front();
    anchored_ = lead->kind == Node::bol;
    if (!icase && root.kind == Node::concat)
        for (const Node& k : root.kids) {
            if (k.kind != Node::chr) break;
            prefix_ += static_cast<char>(k.c);
        }
    first_known_ = leading_bytes(root, classes_, icase, first_);
    compute_lookahead();
}

void Regex::compute_lookahead() {
    const std::size_t size = prog_.size();
    next_bytes_.assign(size, Class{});
    can_skip_.assign(size, false);
    for (bool changed = true; changed;) { // a fixed point: loops jump backwards
        changed = false;
        for (std::size_t pc = size; pc-- > 0;) {
            const Inst& in = prog_[pc];
            Class bytes = next_bytes_[pc];
            bool skip = can_skip_[pc];
            const auto take = [&](int from) {
                const auto f = static_cast<std::size_t>(from);
                for (int w = 0; w < 4; ++w)
                    bytes.bits[w] |= next_bytes_[f].bits[w];
                skip = skip || can_skip_[f];
            };
            switch (in.op) {
            case Op::chr:
                bytes.add(in.c);
                if (icase_) close_case(bytes);
                break;
            case Op::any:
                for (int c = 0; c < 256; ++c)
                    if (c != '\n' && c != '\r') bytes.add(static_cast<unsigned char>(c));
                break;
            case Op::cls:
                bytes = classes_[static_cast<std::size_t>(in.x)];
                break;
            case Op::split:
                take(in.x);
                take(in.y);
                break;
            case Op::jmp:
                take(in.x);
                break;
            case Op::match:
                skip = true;
                break;
            default: // save and the zero-width assertions consume nothing
                take(static_cast<int>(pc) + 1);
                break;
            }
            for (int w = 0; w < 4; ++w)
                if (bytes.bits[w] != next_bytes_[pc].bits[w]) changed = true;
            if (skip != can_skip_[pc]) changed = true;
            next_bytes_[pc] = bytes;
            can_skip_[pc] = skip;
        }
    }
}

bool Regex::try_at(std::string_view text, std::size_t start, std::vector<int>& caps,
                   std::vector<std::uint64_t>* visited, std::size_t& budget) const {
    struct Job {
        int pc; // >= 0: resume here; < 0: restore capture slot -pc-1 to `pos`
        int pos;
    };
    thread_local std::vector<Job> stack;
    stack.clear();
    stack.push_back({0, static_cast<int>(start)});
    const int n = static_cast<int>(text.size());
    const auto* s = reinterpret_cast<const unsigned char*>(text.data());
    while (!stack.empty()) {
        const Job job = stack.back();
        stack.pop_back();
        if (job.pc < 0) {
            caps[static_cast<std::size_t>(-job.pc - 1)] = job.pos;
            continue;
        }
        int pc = job.pc, pos = job.pos;
        while (true) {
            if (visited) {
                const std::size_t bit =
                    static_cast<std::size_t>(pc) * static_cast<std::size_t>(n + 1) +
                    static_cast<std::size_t>(pos);
                std::uint64_t& word = (*visited)[bit >> 6];
                const std::uint64_t mask = std::uint64_t{1} << (bit & 63);
                if (word & mask) break;
                word |= mask;
            } else if (budget-- == 0) {
                return false; // the caller starts over with `visited`
            }
            const Inst& in = prog_[static_cast<std::size_t>(pc)];
            bool ok = true;
            switch (in.op) {
            case Op::chr:
                ok = pos < n && (icase_ ? lower(s[pos]) : s[pos]) == in.c;
                ++pos, ++pc;
                break;
            case Op::any:
                ok = pos < n && s[pos] != '\n' && s[pos] != '\r';
                ++pos, ++pc;
                break;
            case Op::cls:
                ok = pos < n && classes_[static_cast<std::size_t>(in.x)].has(s[pos]);
                ++pos, ++pc;
                break;
            case Op::split: {
                if (pos < n) {
                    const unsigned char c = s[pos];
                    const auto viable = [&](int to) {
                        const auto t = static_cast<std::size_t>(to);
                        return can_skip_[t] || next_bytes_[t].has(c);
                    };
                    const bool x_ok = viable(in.x), y_ok = viable(in.y);
                    if (!x_ok) {
                        ok = y_ok;
                        pc = in.y;
                        break;
                    }
                    if (y_ok) stack.push_back({in.y, pos});
                } else {
                    stack.push_back({in.y, pos});
                }
                pc = in.x;
                break;
            }
            case Op::jmp:
                pc = in.x;
                break;
            case Op::save:
                stack.push_back({-in.x - 1, caps[static_cast<std::size_t>(in.x)]});
                caps[static_cast<std::size_t>(in.x)] = pos;
                ++pc;
                break;
            case Op::bol:
                ok = pos == 0;
                ++pc;
                break;
            case Op::eol:
                ok = pos == n;
                ++pc;
                break;
            case Op::wordb:
            case Op::nwordb: {
                const bool left = pos > 0 && is_word(s[pos - 1]);
                const bool right = pos < n && is_word(s[pos]);
                ok = (left != right) == (in.op == Op::wordb);
                ++pc;
                break;
            }
            case Op::match:
                return true;
            }
            if (!ok) break;
        }
    }
    return false;
}

bool Regex::run(std::string_view text, std::size_t from, std::vector<int>* spans,
                bool only_from) const {
    if (from > text.size() || (anchored_ && from > 0)) return false;
    const std::size_t n = text.size();
    thread_local std::vector<int> caps; // run() never nests, and this is called per line
    caps.assign(2 * groups_, -1);
    // Plain backtracking first, within a budget linear in the text; past it, the search is
    // redone remembering (instruction, position) pairs already explored, which bounds the work
    // by program size times text length and cannot change the result.
    std::size_t budget = 2000 + 32 * (n + 1);
    std::vector<std::uint64_t> visited;
    std::vector<std::uint64_t>* memo = nullptr;
    for (int attempt = 0; attempt < 2; ++attempt) {
        if (attempt == 1) {
            visited.assign((prog_.size() * (n + 1) + 63) / 64, 0);
            memo = &visited;
        }
        bool exhausted = false;
        for (std::size_t start = from; start <= n; ++start) {
            if (only_from) {
                if (start > from) break;
            } else if (!prefix_.empty()) {
                start = text.find(prefix_, start);
                if (start == std::string_view::npos) break;
            } else if (first_known_) {
                while (start < n && !first_.has(static_cast<unsigned char>(text[start])))
                    ++start;
                if (start == n) break;
            }
            std::fill(caps.begin(), caps.end(), -1);
            if (try_at(text, start, caps, memo, budget)) {
                if (spans) *spans = caps;
                return true;
            }
            if (!memo && budget == static_cast<std::size_t>(-1)) {
                exhausted = true;
                break;
            }
            if (anchored_) break;
        }
        if (!exhausted) return false;
    }
    return false;
}

bool Regex::match_at(std::string_view text, std::size_t start) const {
    return run(text, start, nullptr, true);
}

RegexSet::RegexSet(const std::vector<std::string>& patterns) {
    for (const std::string& p : patterns) {
        const auto index = static_cast<std::uint16_t>(res_.size());
        res_.emplace_back(p);
        if (const Class* first = res_.back().first_bytes()) {
            for (int c = 0; c < 256; ++c)
                if (first->has(static_cast<unsigned char>(c))) by_byte_[c].push_back(index);
        } else {
            anywhere_.push_back(index);
        }
    }
}

bool RegexSet::search(std::string_view text) const {
    for (std::size_t start = 0; start <= text.size(); ++start) {
        if (start < text.size())
            for (std::uint16_t i : by_byte_[static_cast<unsigned char>(text[start])])
                if (res_[i].match_at(text, start)) return true;
        for (std::uint16_t i : anywhere_)
            if (res_[i].match_at(text, start)) return true;
    }
    return false;
}

bool Regex::search(std::string_view text, std::size_t from) const {
    return run(text, from, nullptr);
}

bool Regex::search(std::string_view text, Match& m, std::size_t from) const {
    return run(text, from, &m.spans);
}

std::string Regex::replace(std::string_view text, std::string_view fmt) const {
    std::string out;
    std::size_t pos = 0;
    Match m;
    while (pos <= text.size() && search(text, m, pos)) {
        const std::size_t begin = m.position(0), end = begin + m.str(text, 0).size();
        out.append(text.substr(pos, begin - pos));
        for (std::size_t i = 0; i < fmt.size(); ++i) {
            const char c = fmt[i];
            if (c != '$' || i + 1 == fmt.size()) {
                out += c;
                continue;
            }
            const char d = fmt[i + 1];
            if (d == '$') {
                out += '$';
                ++i;
            } else if (d == '&') {
                out.append(m.str(text, 0));
                ++i;
            } else if (d >= '0' && d <= '9') {
                std::size_t g = static_cast<std::size_t>(d - '0');
                ++i;
                if (i + 1 < fmt.size() && fmt[i + 1] >= '0' && fmt[i + 1] <= '9')
                    g = g * 10 + static_cast<std::size_t>(fmt[++i] - '0');
                if (g < m.size()) out.append(m.str(text, g));
            } else {
                out += c;
            }
        }
        if (end == begin) { // an empty match: step over one character
            if (end < text.size()) out += text[end];
            pos = end + 1;
        } else {
            pos = end;
        }
    }
    if (pos < text.size()) out.append(text.substr(pos));
    return out;
}

} // namespace lkmine::crash
