// The digits table compiled into a program (the CLI, the desktop app, the tests): the asset
// made at build time from Debian's python3-sklearn (scripts/fetch_digits.sh). The page does
// not carry it: it fetches digits.bin when the dataset is chosen.
#pragma once
#include <string>

namespace dp {

// Parses the built-in bytes and provides them (core/digits.h): "" or what is wrong.
std::string load_builtin_digits();

}  // namespace dp
