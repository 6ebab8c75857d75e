// Helpers for the name tables (datasets, activations, losses, optimizers): each table
// is a vector of rows with a `name` member, in display order. A name that is not in
// its table is an error wherever it is met; nothing falls back to a default.
#pragma once
#include <string>
#include <vector>

namespace dp {

// The row called `name`, or nullptr.
template <class Row>
const Row* find_by_name(const std::vector<Row>& table, const std::string& name) {
  for (const Row& r : table)
    if (name == r.name) return &r;
  return nullptr;
}

// The rows' names, in table order.
template <class Row>
std::vector<std::string> names_of(const std::vector<Row>& table) {
  std::vector<std::string> v;
  for (const Row& r : table) v.push_back(r.name);
  return v;
}

// "relu, tanh, sigmoid"
inline std::string join_names(const std::vector<std::string>& names, const char* sep = ", ") {
  std::string s;
  for (const std::string& n : names) s += (s.empty() ? "" : sep) + n;
  return s;
}

}  // namespace dp
