// A throw-away git repository for diff and patch-id tests: build a change, let git write it.
#pragma once

#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

namespace lkmine::test {

class DiffRepo {
  public:
    DiffRepo() {
        std::string tmpl = (std::filesystem::temp_directory_path() / "lkmine-diff-XXXXXX").string();
        if (mkdtemp(tmpl.data())) dir_ = tmpl;
        run("git init -q . && git config core.quotepath true");
    }
    ~DiffRepo() {
        std::error_code ec;
        if (!dir_.empty()) std::filesystem::remove_all(dir_, ec);
    }
    DiffRepo(const DiffRepo&) = delete;
    DiffRepo& operator=(const DiffRepo&) = delete;

    // Runs a shell command in the repository and returns its standard output.
    std::string run(const std::string& cmd) const {
        std::string full = "cd '" + dir_.string() + "' && " + cmd + " 2>/dev/null";
        std::string out;
        if (FILE* f = popen(full.c_str(), "r")) {
            char buf[4096];
            for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, f)) > 0;)
                out.append(buf, n);
            pclose(f);
        }
        return out;
    }

    void write(const std::string& path, const std::string& content) const {
        auto p = dir_ / path;
        std::filesystem::create_directories(p.parent_path());
        std::ofstream(p, std::ios::binary) << content;
    }

    void commit(const std::string& msg) const {
        run("git add -A && git -c user.name=t -c user.email=t@t commit -q -m '" + msg + "'");
    }

    // The last commit as git format-patch writes it (a whole mail).
    std::string format_patch(const std::string& opts = "") const {
        return run("git format-patch -1 --stdout " + opts);
    }

    // What `git patch-id --stable` prints first for `text`: the id, or "" when nothing.
    std::string git_patch_id(const std::string& text) const {
        write(".lkmine-input", text);
        std::string out = run("git patch-id --stable < .lkmine-input");
        std::filesystem::remove(dir_ / ".lkmine-input");
        return out.size() >= 40 ? out.substr(0, 40) : "";
    }

  private:
    std::filesystem::path dir_;
};

// Ten numbered lines, so hunks have context.
inline std::string lines(int from, int to, const std::string& tag = "line") {
    std::string s;
    for (int i = from; i <= to; ++i)
        s += tag + " " + std::to_string(i) + "\n";
    return s;
}

// The diff options a shape is written with (renames and copies detected, binary as data).
inline std::string shape_opts(const std::string& shape) {
    if (shape == "rename") return "-M";
    if (shape == "copy") return "-C -C";
    if (shape == "binary_literal") return "--binary";
    if (shape == "binary") return "--no-binary";
    return "";
}

// Builds one change of the given shape in a fresh repo and returns `git format-patch` of it.
// Shapes: modify, new, delete, rename, copy, mode, binary, binary_literal, quoted, spaces.
inline std::string make_shape(DiffRepo& r, const std::string& shape) {
    std::string base = "int f(void)\n{\n" + lines(1, 20) + "}\n";
    r.write("src/a.c", base);
    r.write("src/keep.c", lines(1, 30, "keep"));
    r.write("bin/blob.bin", std::string("\0\1\2binary\0", 10) + lines(1, 3));
    r.commit("base");
    if (shape == "modify") {
        std::string b = base;
        b.replace(b.find("line 3\n"), 7, "line three\n");
        b.replace(b.find("line 17\n"), 8, "");
        r.write("src/a.c", b);
    } else if (shape == "new") {
        r.write("src/new.c", lines(1, 4, "fresh"));
    } else if (shape == "delete") {
        r.run("git rm -q src/keep.c");
    } else if (shape == "rename") {
        r.run("git mv src/keep.c src/moved.c");
        std::string b = lines(1, 30, "keep");
        b.replace(b.find("keep 15\n"), 8, "kept 15\n");
        r.write("src/moved.c", b);
    } else if (shape == "copy") {
        r.write("src/copy.c", lines(1, 30, "keep"));
    } else if (shape == "mode") {
        r.run("chmod +x src/a.c");
    } else if (shape == "binary" || shape == "binary_literal") {
        r.write("bin/blob.bin", std::string("\0\3\4binary\0", 10) + lines(1, 4));
    } else if (shape == "quoted") {
        r.write("src/tab\there.c", lines(1, 3));
    } else if (shape == "spaces") {
        r.write("src/with space.c", lines(1, 3));
    }
    r.commit("change " + shape);
    return r.format_patch(shape_opts(shape));
}

} // namespace lkmine::test
