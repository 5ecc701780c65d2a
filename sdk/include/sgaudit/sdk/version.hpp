#pragma once
// The sgaudit release this SDK belongs to. A plugin declares the oldest host it needs.
#define SGAUDIT_VERSION "0.1.0"
#define SGAUDIT_VERSION_MAJOR 0
#define SGAUDIT_VERSION_MINOR 1
#define SGAUDIT_VERSION_PATCH 0
