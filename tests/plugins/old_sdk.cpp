// A plugin as the SDK built it before rule-set lists (SDK interface 1): the same C struct and ABI
// version, but a runtime signature without "sdk-interface=2" and no C++ description entry point.
// Its Context has no list(): the host must refuse it with a message, never call into it.
#include <string>

#include "sgaudit/sdk.hpp"

namespace {

std::string old_signature() {
    using namespace sgaudit;
    std::string s = SGAUDIT_CXX_RUNTIME;
    for (std::size_t n : {sizeof(Value), sizeof(Facts), sizeof(Subject), sizeof(Result), sizeof(ReportSection),
                          sizeof(CheckInput), sizeof(CheckOutcome), sizeof(Status), sizeof(RowCallback), sizeof(Date)})
        s += " " + std::to_string(n);
    return s;
}

}  // namespace

extern "C" __attribute__((visibility("default"))) const sgaudit_plugin_info* sgaudit_plugin_entry(void) {
    static const std::string runtime = old_signature();
    static const char* const none[] = {nullptr};
    static sgaudit_plugin_info info{};
    info.abi_version = SGAUDIT_ABI_VERSION;
    info.struct_size = sizeof(sgaudit_plugin_info);
    info.cxx_runtime = runtime.c_str();
    info.name = "test-old-sdk";
    info.version = "0.9.0";
    info.description = "built against the SDK before lists";
    info.min_host_version = "0.1.0";
    info.rulesets = none;
    info.required_columns = none;
    info.create = []() -> void* { return nullptr; };
    info.destroy = [](void*) {};
    return &info;
}
