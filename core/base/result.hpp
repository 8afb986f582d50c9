// Result<T>: a value or an error a user can act on; used across every API instead of exceptions.
// The shape is mu's: what failed (message), what kind of failure (code, which the CLI maps to
// its exit status) and, where one is known, what to do about it (hint).
#pragma once

#include <string>
#include <utility>
#include <variant>

namespace lkmine {

enum class ErrorCode {
    failed,    // anything else (exit 1)
    usage,     // bad arguments or query (exit 2)
    not_found, // no such index, mail, commit (exit 1)
    locked,    // another writer holds the index (exit 1)
    io,        // read or write failure (exit 1)
};

struct Error {
    std::string message;
    ErrorCode code = ErrorCode::failed;
    std::string hint; // e.g. "is another lkmine index running on DIR?"; may be empty
};

template <typename T> class [[nodiscard]] Result {
  public:
    Result(T value) : v_(std::move(value)) {}
    Result(Error err) : v_(std::move(err)) {}

    bool ok() const { return v_.index() == 0; }
    explicit operator bool() const { return ok(); }
    T& value() { return std::get<0>(v_); }
    const T& value() const { return std::get<0>(v_); }
    T& operator*() { return value(); }
    const T& operator*() const { return value(); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }
    // "message: hint", what a user reads.
    std::string error() const {
        const Error& e = std::get<1>(v_);
        return e.hint.empty() ? e.message : e.message + ": " + e.hint;
    }
    const Error& error_info() const { return std::get<1>(v_); }

  private:
    std::variant<T, Error> v_;
};

struct Unit {};
using Status = Result<Unit>;
inline Status ok_status() {
    return Unit{};
}

inline Error make_error(std::string message, ErrorCode code = ErrorCode::failed,
                        std::string hint = {}) {
    return Error{std::move(message), code, std::move(hint)};
}

// Exit status of the CLI for an error (0 ok, 1 error, 2 usage, 3 partial: see lkmine(1)).
inline int exit_code(const Error& e) {
    return e.code == ErrorCode::usage ? 2 : 1;
}

} // namespace lkmine
