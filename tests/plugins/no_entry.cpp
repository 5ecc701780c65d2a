// A shared library that is not an sgaudit plugin: no entry point.
extern "C" __attribute__((visibility("default"))) int some_other_function(void) { return 42; }
