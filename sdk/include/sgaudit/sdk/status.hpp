#pragma once
// Errors cross the plugin boundary as values, never as exceptions.
#include <string>
#include <utility>

namespace sgaudit {

class Status {
public:
    static Status ok() { return Status{}; }
    static Status error(std::string message) { return Status{std::move(message)}; }

    bool is_ok() const noexcept { return !failed_; }
    explicit operator bool() const noexcept { return !failed_; }
    const std::string& message() const noexcept { return message_; }

private:
    Status() = default;
    explicit Status(std::string message) : failed_(true), message_(std::move(message)) {}
    bool failed_ = false;
    std::string message_;
};

}  // namespace sgaudit
