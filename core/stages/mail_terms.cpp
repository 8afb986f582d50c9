// What the index already knows of a mail besides its summary: its terms under a few prefixes.
#include "core/stages/mail_terms.hpp"

#include "core/index/detail/xapian.hpp"

#include <algorithm>
#include <numeric>

namespace lkmine {
namespace {

// The values of `prefix` in the document's term list, from `t` on (terms come sorted).
std::vector<std::string> values_of(Xapian::TermIterator& t, const Xapian::TermIterator& end,
                                   const std::string& prefix) {
    std::vector<std::string> out;
    t.skip_to(prefix);
    for (; t != end; ++t) {
        const std::string term = *t;
        if (term.compare(0, prefix.size(), prefix) != 0) break;
        out.push_back(term.substr(prefix.size()));
    }
    return out;
}

} // namespace

Result<MailTerms> mail_terms(StoreReader& store, const std::string& msgid,
                             const std::vector<std::string>& prefixes) {
    using namespace store_detail;
    Xapian::Database& db = reader_database(reader_impl(store));
    const std::string mail_type = std::string(term::type) + "mail";
    // A term list is walked forwards only: the prefixes, and the type term, in term order.
    std::vector<std::size_t> order(prefixes.size() + 1);
    std::iota(order.begin(), order.end(), std::size_t{0});
    auto key = [&](std::size_t i) -> const std::string& {
        return i < prefixes.size() ? prefixes[i] : mail_type;
    };
    std::sort(order.begin(), order.end(),
              [&](std::size_t a, std::size_t b) { return key(a) < key(b); });
    return xapian_read("cannot read the terms of <" + msgid + ">", "", db,
                       [&]() -> Result<MailTerms> {
                           MailTerms out;
                           const std::string id = id_term(msgid);
                           for (auto p = db.postlist_begin(id); p != db.postlist_end(id); ++p) {
                               out.values.assign(prefixes.size(), {});
                               Xapian::TermIterator t = db.termlist_begin(*p);
                               const Xapian::TermIterator end = db.termlist_end(*p);
                               for (std::size_t i : order) {
                                   if (i < prefixes.size()) {
                                       out.values[i] = values_of(t, end, prefixes[i]);
                                       continue;
                                   }
                                   t.skip_to(mail_type);
                                   out.found = t != end && *t == mail_type;
                               }
                               if (out.found)
                                   return out; // else a ghost of the id: a mail may follow
                           }
                           out.values.assign(prefixes.size(), {});
                           return out;
                       });
}

} // namespace lkmine
