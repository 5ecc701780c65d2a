#pragma once
// Everything a plugin needs, and nothing from toml++, SOCI or spdlog.
#include "sgaudit/sdk/abi.h"
#include "sgaudit/sdk/calendar.hpp"
#include "sgaudit/sdk/context.hpp"
#include "sgaudit/sdk/date.hpp"
#include "sgaudit/sdk/facts.hpp"
#include "sgaudit/sdk/plugin.hpp"
#include "sgaudit/sdk/read.hpp"
#include "sgaudit/sdk/result.hpp"
#include "sgaudit/sdk/sampler.hpp"
#include "sgaudit/sdk/status.hpp"
#include "sgaudit/sdk/value.hpp"
#include "sgaudit/sdk/version.hpp"
