// The dataset generators: the reference program's make_data transcribed draw for draw (same order
// of random() and gauss() calls, same double formulas, then a float32 rounding of each
// value), so a config's data are bit-identical to the reference program's.
#include "core/data.h"

#include <stdexcept>

#include "core/detmath.h"
#include "core/digits.h"
#include "core/names.h"
#include "core/pyrandom.h"

namespace dp {

namespace {

constexpr double kPi = 3.141592653589793;  // math.pi

// One point of each dataset: row i's inputs x0, x1 and target y. Each expression keeps
// Python's evaluation order: in "a + r.gauss()" the left operand is computed before the
// draw, and list elements are evaluated left to right.
DataPoint moons(PyRandom& r, int i, double noise) {
  const int c = i % 2;
  const double t = r.random() * kPi;
  const double a = c == 0 ? detmath::cos(t) : 1.0 - detmath::cos(t);
  const double b = c == 0 ? detmath::sin(t) : 0.5 - detmath::sin(t);
  const double x0 = a + r.gauss(0, noise);
  return {x0, b + r.gauss(0, noise), static_cast<double>(c)};
}

DataPoint circles(PyRandom& r, int i, double noise) {
  const int c = i % 2;
  const double t = r.random() * 2 * kPi;  // (random() * 2) * pi, left to right
  const double rad = c == 0 ? 1.0 : 0.5;
  const double x0 = rad * detmath::cos(t) + r.gauss(0, noise);
  return {x0, rad * detmath::sin(t) + r.gauss(0, noise), static_cast<double>(c)};
}

DataPoint xor_quadrants(PyRandom& r, int, double noise) {
  // Written in the reference program's style. The label is taken from the clean point,
  // before the noise is added.
  DataPoint p;
  p.x0 = r.uniform(-1, 1);
  p.x1 = r.uniform(-1, 1);
  p.y = p.x0 * p.x1 > 0 ? 1.0 : 0.0;
  p.x0 += r.gauss(0, noise);
  p.x1 += r.gauss(0, noise);
  return p;
}

DataPoint spiral(PyRandom& r, int i, double noise) {
  const int c = i % 3;
  const double t = r.random();
  const double rad = t;
  // Python: c * 2 * math.pi / 3 + t * 4.0, i.e. ((c * 2) * pi) / 3 + t * 4.
  const double ang = static_cast<double>(c * 2) * kPi / 3 + t * 4.0;
  const double x0 = rad * detmath::cos(ang) + r.gauss(0, noise);
  return {x0, rad * detmath::sin(ang) + r.gauss(0, noise), static_cast<double>(c)};
}

DataPoint sine(PyRandom& r, int, double noise) {
  const double u = r.uniform(-3.0, 3.0);
  return {u, 0.0, detmath::sin(u) + r.gauss(0, noise)};
}

}  // namespace

const std::vector<DatasetInfo>& datasets() {
  static const std::vector<DatasetInfo> table = {
      {"moons", "", 2, 2, moons},       {"circles", "", 2, 2, circles},
      {"xor", "", 2, 2, xor_quadrants}, {"spiral", "spiral3", 2, 3, spiral},
      {"sine", "", 1, 0, sine},
      {"digits", "", kDigitsPixels, 10, nullptr, kDigitsRows, false},
  };
  return table;
}

const DatasetInfo* find_dataset(const std::string& name) {
  for (const DatasetInfo& d : datasets())
    if (name == d.name || (d.alias[0] && name == d.alias)) return &d;
  return nullptr;
}

const std::vector<std::string>& dataset_names() {
  static const std::vector<std::string> names = names_of(datasets());
  return names;
}

static const DatasetInfo& dataset_info(const std::string& kind) {
  const DatasetInfo* d = find_dataset(kind);
  if (!d) throw std::invalid_argument("unknown dataset '" + kind + "'");
  return *d;
}

bool dataset_known(const std::string& kind) { return find_dataset(kind) != nullptr; }
std::string dataset_canonical(const std::string& kind) { return dataset_info(kind).name; }
int dataset_dim(const std::string& kind) { return dataset_info(kind).dim; }
int dataset_classes(const std::string& kind) { return dataset_info(kind).classes; }
bool dataset_is_image(const std::string& kind) { return dataset_info(kind).rows > 0; }

// The table's rows in the order CPython's shuffle gives them: x = pixel / 16, y = label.
static Dataset digits_dataset(int n_train, int n_val, uint64_t data_seed) {
  const DigitsTable* t = digits();
  if (!t) throw std::runtime_error("the digits data is not loaded");
  Dataset d;
  d.dim = kDigitsPixels;
  d.n_train = n_train;
  d.n_val = n_val;
  d.n_classes = 10;
  const int n = n_train + n_val;
  if (n > kDigitsRows) throw std::invalid_argument("digits: n_train + n_val is over 1797");
  const std::vector<int> order = digits_order(data_seed);
  d.x.resize(static_cast<size_t>(n) * kDigitsPixels);
  d.y.resize(n);
  for (int i = 0; i < n; ++i) {
    const size_t r = static_cast<size_t>(order[i]);
    for (int k = 0; k < kDigitsPixels; ++k)
      d.x[static_cast<size_t>(i) * kDigitsPixels + k] =
          static_cast<float>(t->pixels[r * kDigitsPixels + k] / 16.0);
    d.y[i] = static_cast<float>(t->labels[r]);
  }
  return d;
}

Dataset make_dataset(const std::string& kind, int n_train, int n_val, double noise,
                     uint64_t data_seed) {
  const DatasetInfo& info = dataset_info(kind);
  if (info.rows > 0) return digits_dataset(n_train, n_val, data_seed);
  Dataset d;
  d.dim = info.dim;
  d.n_train = n_train;
  d.n_val = n_val;
  d.n_classes = info.classes;
  const int n = n_train + n_val;
  d.x.resize(static_cast<size_t>(n) * d.dim);  // x is (n, dim)
  d.y.resize(n);                               // y is (n)
  PyRandom r(data_seed);
  for (int i = 0; i < n; ++i) {
    const DataPoint p = info.point(r, i, noise);
    // The reference program rounds each input to float32; class labels are small
    // integers (exact).
    d.x[static_cast<size_t>(i) * d.dim] = static_cast<float>(p.x0);
    if (d.dim == 2) d.x[static_cast<size_t>(i) * d.dim + 1] = static_cast<float>(p.x1);
    d.y[i] = static_cast<float>(p.y);
  }
  return d;
}

}  // namespace dp
