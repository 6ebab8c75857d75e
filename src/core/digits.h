// The UCI optical digits as scikit-learn ships them (sklearn.datasets.load_digits): 1797
// images of 8x8 pixels from 0 to 16, each with its label 0..9, in the file's order. The
// platform hands the table in (the desktop and the CLI carry it, the page fetches it);
// make_dataset("digits", ...) then splits it as Python does:
//   idx = list(range(1797)); random.Random(data_seed).shuffle(idx)
// the first n_train indices train, the next n_val validate, x = pixel / 16 (float32).
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace dp {

constexpr int kDigitsRows = 1797;
constexpr int kDigitsSide = 8;  // an image is kDigitsSide x kDigitsSide pixels, row-major
constexpr int kDigitsPixels = kDigitsSide * kDigitsSide;
constexpr int kDigitsRowBytes = kDigitsPixels + 1;  // the asset's row: 64 pixels, the label
// FNV-1a (64 bits) of the asset's bytes, rows in the file's order: what load_digits()
// gives must hash to this (the exported script checks it; so does digits_from_bytes).
constexpr uint64_t kDigitsFnv1a = 0x776869cce3795967ull;
uint64_t fnv1a64(const uint8_t* bytes, size_t n);

struct DigitsTable {
  std::vector<uint8_t> pixels;  // kDigitsRows x kDigitsPixels, 0..16
  std::vector<uint8_t> labels;  // kDigitsRows, 0..9
};

// Parses the compact asset (kDigitsRows rows of kDigitsRowBytes bytes): "" or what is wrong
// (its size, a value out of range, the checksum). On error *out is unchanged.
std::string digits_from_bytes(const uint8_t* bytes, size_t n, DigitsTable* out);

// The process's table: provide_digits sets it once (later calls replace it); digits() is
// nullptr until then.
void provide_digits(DigitsTable table);
const DigitsTable* digits();
void forget_digits();  // digits() is nullptr again (the tests of a page still fetching them)

// CPython's shuffle of range(kDigitsRows) by random.Random(data_seed): the split's order.
std::vector<int> digits_order(uint64_t data_seed);

}  // namespace dp
