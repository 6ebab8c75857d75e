// Shared helpers of the unit tests: the reference traces recorded with real PyTorch.
#pragma once
#include <cstdint>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "core/config.h"

namespace dp::testing {

// A JSON file of tests/reference/, parsed.
inline nlohmann::json reference_json(const std::string& name) {
  std::ifstream f(std::string(DP_REFERENCE_DIR) + "/" + name);
  std::stringstream s;
  s << f.rdbuf();
  return nlohmann::json::parse(s.str());
}

// The torch 2.11 reference file (tests/reference/torch-2.11-public.json), parsed once.
inline const nlohmann::json& torch_reference() {
  static const nlohmann::json j = reference_json("torch-2.11-public.json");
  return j;
}

inline uint32_t float_bits(float f) {
  uint32_t u;
  std::memcpy(&u, &f, 4);
  return u;
}

inline uint64_t double_bits(double d) {
  uint64_t u;
  std::memcpy(&u, &d, 8);
  return u;
}

inline std::vector<float> as_floats(const nlohmann::json& a) {
  std::vector<float> v;
  for (const auto& x : a) v.push_back(static_cast<float>(x.get<double>()));
  return v;
}

// torch.manual_seed(s) accepts negative seeds and seeds >= 2^32; the engine takes the low bits.
inline uint64_t seed_of(const nlohmann::json& s) {
  return s.is_number_unsigned() ? s.get<uint64_t>() : static_cast<uint64_t>(s.get<int64_t>());
}

}  // namespace dp::testing
