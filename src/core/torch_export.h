// The take-home script: a standalone PyTorch program that runs the canonical
// program for a config (its data embedded as literal tensors) and prints the
// trace JSON. What the playground shows, real PyTorch reproduces.
#pragma once
#include <string>

#include "core/config.h"

namespace dp {

// precondition: validate(cfg) == ""
std::string export_torch_script(const Config& cfg);

}  // namespace dp
