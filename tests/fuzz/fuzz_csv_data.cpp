// Fuzz target: the CSV reader of a user's own data (dp::parse_csv_data and
// dp::config_with_csv, src/core/csv_data.cpp). Properties, whatever the bytes: a refused
// file's message is one readable line, naming the line when it is about one ("line N:
// ..."), and the output is untouched; an accepted file has as many x rows and y values as
// its split says, within the limits, with standardized features (the training rows'
// means about 0) and class targets when it classifies; its config (the defaults' network
// on the file's data) validates and survives its JSON round trip (fuzz_check.h).
#include <cmath>

#include "core/csv_data.h"
#include "fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text = fuzz::text_of(data, size);
  dp::CsvData d;
  d.target = "untouched";
  const std::string err = dp::parse_csv_data(text, &d);
  if (!err.empty()) {
    FUZZ_CHECK(fuzz::readable_line(err), "message: " + err);
    FUZZ_CHECK(d.target == "untouched" && d.x.empty(), "a refused file changed the output");
    return 0;
  }
  const int dim = static_cast<int>(d.features.size()), n = d.n_train + d.n_val;
  FUZZ_CHECK(dim >= 1 && dim <= dp::kMaxCsvFeatures, "features: " + std::to_string(dim));
  FUZZ_CHECK(d.n_train >= 1 && d.n_train <= dp::kMaxTrain && d.n_val >= 1 && d.n_val <= dp::kMaxVal,
             "rows: " + std::to_string(d.n_train) + " + " + std::to_string(d.n_val));
  FUZZ_CHECK(d.x.size() == static_cast<size_t>(n) * dim && d.y.size() == static_cast<size_t>(n), "shapes");
  for (int k = 0; k < dim; ++k) {
    double m = 0;
    for (int r = 0; r < d.n_train; ++r) m += d.x[static_cast<size_t>(r) * dim + k];
    m /= d.n_train;
    FUZZ_CHECK(std::fabs(m) < 1e-3 * (1 + std::fabs(d.mean[k]) / d.sd[k]), "feature mean " + std::to_string(m));
  }
  if (d.classes > 0)
    for (float t : d.y) FUZZ_CHECK(t >= 0 && t < d.classes && t == std::floor(t), "class " + std::to_string(t));
  dp::Config c;
  const std::string cerr = dp::config_with_csv(dp::Config{}, d, &c);
  if (cerr.empty())
    fuzz::check_accepted(c);
  else
    FUZZ_CHECK(fuzz::readable_line(cerr), "config: " + cerr);
  return 0;
}
