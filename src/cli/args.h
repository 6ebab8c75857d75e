// The CLI's command-line parsing: options, numbers as Python reads them, torch's seeds and
// the dropout command's --values list. Separate from main.cpp so the fuzz target
// (tests/fuzz/fuzz_cli_args.cpp) runs exactly the code the CLI runs.
#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace cli {

// Bad input: one line for stderr, exit code 2.
struct UsageError {
  std::string msg;
  bool raw = false;  // print exactly msg (PyTorch's own words), without "error: "
};

// --key value / --key=value / --flag, checked against the command's known options.
std::map<std::string, std::string> parse_options(int argc, char** argv, int first,
                                                 const std::vector<std::string>& with_value,
                                                 const std::vector<std::string>& flags);

// The option's value, or a UsageError naming it.
std::string require(const std::map<std::string, std::string>& o, const std::string& key);

// A float as Python's float() reads it; hex and trailing garbage are rejected. what names
// the option in the message ("--p").
double parse_python_float(const std::string& s, const std::string& what);

// torch.manual_seed accepts [-2^63, 2^64 - 1]; the generator uses the low 32 bits.
uint64_t parse_seed(const std::string& s);

// The --values list "1,2,3": float32 values, at most kMaxValues; "" is the empty tensor.
constexpr size_t kMaxValues = 1000;
std::vector<float> parse_values(const std::string& s);

// A comma-separated list of p values "0,0.1,0.5" (Python floats; range checked by the
// sweep's own validation). what names the option ("--p").
std::vector<double> parse_p_list(const std::string& s, const std::string& what);

// A whole number in [lo, hi] for option what ("--seeds"), or a UsageError naming it.
int parse_int_in(const std::string& s, const std::string& what, int lo, int hi);

// The arguments of `dropout --p P --seed S --values 1,2,3 [--eval]` (argv[first...]).
struct DropoutArgs {
  double p = 0;
  uint64_t seed = 0;
  std::vector<float> values;
  bool train = true;  // false with --eval
};
DropoutArgs parse_dropout_args(int argc, char** argv, int first);

}  // namespace cli
