/* The C entry point every sgaudit plugin exports.
 *
 * The host reads this struct before it touches anything C++ in the library, so a plugin built
 * against another SDK is refused with a message instead of crashing. Only plain C types appear
 * here; the abi_version field is first and never moves, so any future layout can still be read
 * far enough to say "wrong version". */
#ifndef SGAUDIT_SDK_ABI_H
#define SGAUDIT_SDK_ABI_H

#include <stddef.h>
#include <stdint.h>

#define SGAUDIT_ABI_VERSION 1u
#define SGAUDIT_ENTRY_SYMBOL "sgaudit_plugin_entry"

/* Identifies the C++ runtime a plugin was compiled with; the C++ interface behind `create`
 * is only safe between identical runtimes. */
#if defined(__GNUC__) && defined(_GLIBCXX_USE_CXX11_ABI)
#define SGAUDIT_CXX_RUNTIME_STR2(x) #x
#define SGAUDIT_CXX_RUNTIME_STR(x) SGAUDIT_CXX_RUNTIME_STR2(x)
#define SGAUDIT_CXX_RUNTIME "libstdc++ cxx11-abi=" SGAUDIT_CXX_RUNTIME_STR(_GLIBCXX_USE_CXX11_ABI)
#else
#define SGAUDIT_CXX_RUNTIME "unknown"
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* One fact a plugin computes for a subject kind; rules refer to facts by name. */
typedef struct sgaudit_fact_decl {
    const char* subject_kind; /* e.g. "cp_plan" */
    const char* name;         /* e.g. "plan_start" */
    const char* type;         /* "date", "text", "number", "flag", "dates" */
    const char* description;
    int sensitive;            /* non-zero: never shown in evidence, messages or errors (e.g. a date of birth) */
} sgaudit_fact_decl;

/* A check kind a plugin adds to the built-in ones. */
typedef struct sgaudit_check_decl {
    const char* name;            /* e.g. "gap_sequence" */
    const char* const* required; /* parameter names, NULL-terminated */
    const char* const* optional; /* NULL-terminated, may be NULL */
    const char* const* evidence; /* evidence keys it produces (usable in messages), NULL-terminated */
} sgaudit_check_decl;

typedef struct sgaudit_plugin_info {
    uint32_t abi_version; /* SGAUDIT_ABI_VERSION the plugin was built with; always first */
    uint32_t struct_size; /* sizeof(sgaudit_plugin_info) in the plugin's SDK */
    const char* cxx_runtime;  /* C++ runtime and SDK type layout; must match the host's exactly */
    const char* name;
    const char* version;
    const char* description;
    const char* min_host_version;
    const char* const* rulesets;         /* rule-set ids it accepts, NULL-terminated */
    const char* const* required_columns; /* "table.column", NULL-terminated */
    const sgaudit_fact_decl* facts;
    size_t fact_count;
    const sgaudit_check_decl* check_kinds;
    size_t check_kind_count;
    /* Returns a new sgaudit::Plugin* or NULL; never throws. */
    void* (*create)(void);
    void (*destroy)(void*);
} sgaudit_plugin_info;

typedef const sgaudit_plugin_info* (*sgaudit_plugin_entry_fn)(void);

#ifdef __cplusplus
}
#endif

#endif
