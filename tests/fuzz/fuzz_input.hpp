#pragma once
// What the fuzz targets share: the bytes libFuzzer gives, as text or as a file some loaders
// need (a path: rule sets, waivers and profiles are read from files, with file:line:column).
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

namespace fuzz {

inline std::string_view text(const std::uint8_t* data, std::size_t size) { return {reinterpret_cast<const char*>(data), size}; }

// The bytes written to one file per process (overwritten each time), in the temp folder.
inline std::filesystem::path as_file(const std::uint8_t* data, std::size_t size, const char* name) {
    static const std::filesystem::path dir = [] {
        auto d = std::filesystem::temp_directory_path() / ("sgaudit-fuzz-" + std::to_string(::getpid()));
        std::filesystem::create_directories(d);
        return d;
    }();
    const auto file = dir / name;
    std::ofstream(file, std::ios::binary | std::ios::trunc).write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
    return file;
}

}  // namespace fuzz
