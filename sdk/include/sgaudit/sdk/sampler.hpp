#pragma once
// Deterministic seeded sampling. The generator and the selection algorithm are written out
// here (not std:: distributions, whose output differs between standard libraries), so the
// same seed picks the same cases on every machine and the sample can be re-drawn from the
// seed recorded with a run.
#include <cstdint>
#include <numeric>
#include <string_view>
#include <vector>

namespace sgaudit {

class Sampler {
public:
    // `stream` separates independent draws under one run seed (e.g. one per area team).
    Sampler(std::uint64_t seed, std::string_view stream) : state_(seed ^ fnv1a(stream)) {}

    std::uint64_t next() {  // splitmix64
        std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        return z ^ (z >> 31);
    }

    // Uniform in [0, n) without modulo bias.
    std::uint64_t below(std::uint64_t n) {
        if (n == 0) return 0;
        std::uint64_t limit = ~0ull - (~0ull % n);
        std::uint64_t x;
        do x = next(); while (x >= limit);
        return x % n;
    }

    // k distinct indices of [0, n) in draw order (all of them, shuffled, when k >= n).
    std::vector<std::size_t> choose(std::size_t n, std::size_t k) {
        std::vector<std::size_t> idx(n);
        std::iota(idx.begin(), idx.end(), std::size_t{0});
        if (k > n) k = n;
        for (std::size_t i = 0; i < k; ++i) std::swap(idx[i], idx[i + below(n - i)]);
        idx.resize(k);
        return idx;
    }

private:
    static std::uint64_t fnv1a(std::string_view s) {
        std::uint64_t h = 0xcbf29ce484222325ull;
        for (unsigned char c : s) h = (h ^ c) * 0x100000001b3ull;
        return h;
    }
    std::uint64_t state_;
};

}  // namespace sgaudit
