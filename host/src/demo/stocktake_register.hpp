#pragma once
// The demo council's stocktake register (sga_stocktake_entries) against Laming 2009, the Victoria
// Climbié Inquiry (2003) and the fictional serious case review 'Child Z': a register a council
// could have kept on 31 March 2009, the demo's audit date, clean but for a few lapses of each kind
// the stocktake audit checks, each listed in the manifest. docs/demo.md describes them.
#include "demo_tables.hpp"
#include "sgaudit/demo/council_generator.hpp"

namespace sgaudit::demo {

// Writes the register's rows into `tables` and the subjects of every planted kind (laming_*,
// climbie_*: entry ids, or recommendation numbers for a missing entry) into `manifest`. The
// register is written out in full (stocktake_register.cpp), the same for every seed and scale:
// it draws nothing, so the rest of the council does not depend on it.
void stocktake_register(Tables& tables, Manifest& manifest);

}  // namespace sgaudit::demo
