// The digits asset's checks: a wrong size, a pixel or label out of range and a changed
// byte (the checksum) are errors that leave the table as it was.
#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "core/digits.h"

namespace {

std::vector<uint8_t> zeros() {
  return std::vector<uint8_t>(static_cast<size_t>(dp::kDigitsRows) * dp::kDigitsRowBytes, 0);
}

TEST(Digits, TheAssetIsCheckedBeforeItIsTaken) {
  dp::DigitsTable t;
  t.labels = {7};
  std::vector<uint8_t> b = zeros();
  EXPECT_NE(dp::digits_from_bytes(b.data(), b.size() - 1, &t).find("bytes"), std::string::npos);
  b[5] = 17;
  EXPECT_NE(dp::digits_from_bytes(b.data(), b.size(), &t).find("row 0 has a pixel above 16"),
            std::string::npos);
  b[5] = 0;
  b[dp::kDigitsRowBytes * 3 + dp::kDigitsPixels] = 10;
  EXPECT_NE(dp::digits_from_bytes(b.data(), b.size(), &t).find("row 3 has a label above 9"),
            std::string::npos);
  b[dp::kDigitsRowBytes * 3 + dp::kDigitsPixels] = 9;
  EXPECT_NE(dp::digits_from_bytes(b.data(), b.size(), &t).find("checksum"), std::string::npos);
  ASSERT_EQ(t.labels.size(), 1u);  // untouched
  EXPECT_EQ(t.labels[0], 7);
}

TEST(Digits, Fnv1aOfKnownStrings) {
  // The published FNV-1a 64-bit test vectors.
  EXPECT_EQ(dp::fnv1a64(nullptr, 0), 0xcbf29ce484222325ull);
  const uint8_t a[] = {'a'};
  EXPECT_EQ(dp::fnv1a64(a, 1), 0xaf63dc4c8601ec8cull);
  const uint8_t foobar[] = {'f', 'o', 'o', 'b', 'a', 'r'};
  EXPECT_EQ(dp::fnv1a64(foobar, 6), 0x85944171f73967e8ull);
}

}  // namespace
