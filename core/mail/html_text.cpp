// HTML to text with libxml2's forgiving HTML parser; the tree is walked without recursion, so
// a mail of 100,000 nested <div>s costs no stack.
#include "core/mail/html_text.hpp"

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <memory>
#include <mutex>

namespace lkmine {
namespace {

bool named(const xmlNode* n, const char* name) {
    return n->name && std::strcmp(reinterpret_cast<const char*>(n->name), name) == 0;
}

// Elements whose content is never text a reader sees.
bool dropped(const xmlNode* n) {
    for (const char* name : {"script", "style", "head", "template", "noembed", "object"})
        if (named(n, name)) return true;
    return false;
}

// Elements that start and end a line of text.
bool block(const xmlNode* n) {
    for (const char* name :
         {"p",  "div", "br", "li",      "tr",         "h1",     "h2",     "h3",
          "h4", "h5",  "h6", "pre",     "blockquote", "table",  "ul",     "ol",
          "hr", "dd",  "dt", "section", "article",    "header", "footer", "title"})
        if (named(n, name)) return true;
    return false;
}

class TextWriter {
  public:
    void newline() {
        trim_space();
        if (!out_.empty() && out_.back() != '\n') out_ += '\n';
        space_ = false;
    }
    void text(const char* s, bool pre) {
        for (; *s; ++s) {
            char c = *s;
            if (pre) {
                out_ += c;
                continue;
            }
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') {
                space_ = true;
                continue;
            }
            if (space_ && !out_.empty() && out_.back() != '\n') out_ += ' ';
            space_ = false;
            out_ += c;
        }
    }
    std::string finish() {
        newline();
        return std::move(out_);
    }

  private:
    void trim_space() {
        while (!out_.empty() && out_.back() == ' ')
            out_.pop_back();
    }
    std::string out_;
    bool space_ = false;
};

// Depth-first over the tree by node links (children, next, parent), not by recursion.
std::string walk(xmlNode* root) {
    TextWriter w;
    int pre = 0;
    xmlNode* n = root;
    while (n) {
        bool enter = false;
        if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
            if (n->content) w.text(reinterpret_cast<const char*>(n->content), pre > 0);
        } else if (n->type == XML_ELEMENT_NODE && !dropped(n)) {
            if (block(n)) w.newline();
            enter = n->children != nullptr;
            if (enter && named(n, "pre")) ++pre; // undone when the walk leaves it
        }
        if (enter) {
            n = n->children;
            continue;
        }
        // Leave finished elements upwards until one has a next sibling.
        while (n && n != root && !n->next) {
            n = n->parent;
            if (n && n->type == XML_ELEMENT_NODE) {
                if (named(n, "pre")) --pre;
                if (block(n)) w.newline();
            }
        }
        n = n && n != root ? n->next : nullptr;
    }
    return w.finish();
}

} // namespace

std::string html_to_text(std::string_view html) {
    if (html.empty()) return "";
    // libxml2 is thread-safe once initialised, and parse workers call this in parallel.
    static std::once_flag init;
    std::call_once(init, [] { xmlInitParser(); });
    const int options = HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                        HTML_PARSE_NONET | HTML_PARSE_NOIMPLIED | HTML_PARSE_COMPACT;
    std::unique_ptr<xmlDoc, decltype(&xmlFreeDoc)> doc(
        htmlReadMemory(html.data(), static_cast<int>(std::min<std::size_t>(html.size(), INT32_MAX)),
                       nullptr, "UTF-8", options),
        &xmlFreeDoc);
    if (!doc) return "";
    std::string text;
    for (xmlNode* top = doc->children; top; top = top->next) {
        if (top->type != XML_ELEMENT_NODE && top->type != XML_TEXT_NODE) continue;
        // Each top-level node walked alone: walk() stops at its root.
        text += walk(top);
    }
    return text;
}

} // namespace lkmine
