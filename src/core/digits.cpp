// The digits table: the asset's parser and checksum, the process's copy, and the split's
// order (CPython's shuffle, core/pyrandom.h).
#include "core/digits.h"

#include <memory>
#include <numeric>
#include <utility>

#include "core/pyrandom.h"

namespace dp {

namespace {
std::unique_ptr<DigitsTable>& table_slot() {
  static std::unique_ptr<DigitsTable> t;
  return t;
}
}  // namespace

uint64_t fnv1a64(const uint8_t* bytes, size_t n) {
  uint64_t h = 0xcbf29ce484222325ull;
  for (size_t i = 0; i < n; ++i) h = (h ^ bytes[i]) * 0x100000001b3ull;
  return h;
}

std::string digits_from_bytes(const uint8_t* bytes, size_t n, DigitsTable* out) {
  const size_t want = static_cast<size_t>(kDigitsRows) * kDigitsRowBytes;
  if (n != want)
    return "the digits data has " + std::to_string(n) + " bytes, expected " + std::to_string(want);
  DigitsTable t;
  t.pixels.resize(static_cast<size_t>(kDigitsRows) * kDigitsPixels);
  t.labels.resize(kDigitsRows);
  for (int r = 0; r < kDigitsRows; ++r) {
    const uint8_t* row = bytes + static_cast<size_t>(r) * kDigitsRowBytes;
    for (int k = 0; k < kDigitsPixels; ++k) {
      if (row[k] > 16)
        return "the digits data's row " + std::to_string(r) + " has a pixel above 16";
      t.pixels[static_cast<size_t>(r) * kDigitsPixels + k] = row[k];
    }
    if (row[kDigitsPixels] > 9)
      return "the digits data's row " + std::to_string(r) + " has a label above 9";
    t.labels[r] = row[kDigitsPixels];
  }
  if (fnv1a64(bytes, n) != kDigitsFnv1a)
    return "the digits data differs from scikit-learn's (checksum)";
  *out = std::move(t);
  return "";
}

void provide_digits(DigitsTable table) {
  table_slot() = std::make_unique<DigitsTable>(std::move(table));
}

const DigitsTable* digits() { return table_slot().get(); }

void forget_digits() { table_slot().reset(); }

std::vector<int> digits_order(uint64_t data_seed) {
  std::vector<int> idx(kDigitsRows);
  std::iota(idx.begin(), idx.end(), 0);
  PyRandom r(data_seed);
  r.shuffle(idx);
  return idx;
}

}  // namespace dp
