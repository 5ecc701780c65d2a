// Claims an ABI version from the future: the host must refuse it having read only the first
// field, and say what it expected and what it found.
#include "sgaudit/sdk/abi.h"

extern "C" __attribute__((visibility("default"))) const sgaudit_plugin_info* sgaudit_plugin_entry(void) {
    static sgaudit_plugin_info info{};
    info.abi_version = 99;
    return &info;
}
