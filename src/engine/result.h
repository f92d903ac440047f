#pragma once

#include <QString>
#include <optional>
#include <utility>
#include <variant>

namespace balcao {

// An expected failure: `code` is a stable machine string listed in errors.h, `message` is for a human.
struct Error {
    QString code;
    QString message;

    bool operator==(const Error &) const = default;
};

// A value or an Error, shaped like C++23 std::expected so it can be swapped for it later.
template<typename T> class [[nodiscard]] Result {
public:
    Result(const T &value)
        : m_data(std::in_place_index<0>, value) { }
    Result(T &&value)
        : m_data(std::in_place_index<0>, std::move(value)) { }
    Result(Error error)
        : m_data(std::in_place_index<1>, std::move(error)) { }

    bool has_value() const { return m_data.index() == 0; }
    explicit operator bool() const { return has_value(); }

    T &value() & { return std::get<0>(m_data); }
    const T &value() const & { return std::get<0>(m_data); }
    T &&value() && { return std::get<0>(std::move(m_data)); }
    T &operator*() & { return value(); }
    const T &operator*() const & { return value(); }
    T *operator->() { return &value(); }
    const T *operator->() const { return &value(); }

    const Error &error() const { return std::get<1>(m_data); }

    template<typename U> T value_or(U &&fallback) const & {
        return has_value() ? value() : static_cast<T>(std::forward<U>(fallback));
    }

private:
    std::variant<T, Error> m_data;
};

// Success or an Error. Default-constructed means success, as std::expected<void, E>.
template<> class [[nodiscard]] Result<void> {
public:
    Result() = default;
    Result(Error error)
        : m_error(std::move(error)) { }

    bool has_value() const { return !m_error.has_value(); }
    explicit operator bool() const { return has_value(); }
    const Error &error() const { return *m_error; }

private:
    std::optional<Error> m_error;
};

} // namespace balcao
