#include "sgaudit/cli/app.hpp"

int main(int argc, char** argv) { return sgaudit::cli::main(argc, argv); }
