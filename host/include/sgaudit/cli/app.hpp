#pragma once

namespace sgaudit::cli {

// Runs the `sgaudit` command line; returns the process exit code.
int main(int argc, char** argv);

}  // namespace sgaudit::cli
