// The dataset generators: torchref.py's make_data transcribed draw for draw (same order
// of random() and gauss() calls, same double formulas, then a float32 rounding of each
// value), so a config's data are bit-identical to the reference program's.
#include "core/data.h"

#include "core/detmath.h"
#include "core/pyrandom.h"

namespace dp {

namespace {

constexpr double kPi = 3.141592653589793;  // math.pi

enum class Kind { kMoons, kCircles, kXor, kSpiral, kSine, kUnknown };

Kind kind_of(const std::string& kind) {
  if (kind == "moons") return Kind::kMoons;
  if (kind == "circles") return Kind::kCircles;
  if (kind == "xor") return Kind::kXor;
  if (kind == "spiral" || kind == "spiral3") return Kind::kSpiral;
  if (kind == "sine") return Kind::kSine;
  return Kind::kUnknown;
}

}  // namespace

bool dataset_known(const std::string& kind) { return kind_of(kind) != Kind::kUnknown; }

std::string dataset_canonical(const std::string& kind) {
  return kind_of(kind) == Kind::kSpiral ? std::string("spiral") : kind;
}

int dataset_dim(const std::string& kind) { return kind_of(kind) == Kind::kSine ? 1 : 2; }

int dataset_classes(const std::string& kind) {
  switch (kind_of(kind)) {
    case Kind::kSpiral:
      return 3;
    case Kind::kSine:
      return 0;
    default:
      return 2;
  }
}

Dataset make_dataset(const std::string& kind, int n_train, int n_val, double noise,
                     uint64_t data_seed) {
  const Kind k = kind_of(kind);
  Dataset d;
  d.dim = dataset_dim(kind);
  d.n_train = n_train;
  d.n_val = n_val;
  d.n_classes = dataset_classes(kind);
  const int n = n_train + n_val;
  d.x.resize(static_cast<size_t>(n) * d.dim);  // x is (n, dim)
  d.y.resize(n);                               // y is (n)
  PyRandom r(data_seed);
  // Each expression below keeps Python's evaluation order: in "a + r.gauss()" the left
  // operand is computed before the draw, and list elements are evaluated left to right.
  for (int i = 0; i < n; ++i) {
    double x0 = 0.0, x1 = 0.0, y = 0.0;
    switch (k) {
      case Kind::kMoons: {
        const int c = i % 2;
        const double t = r.random() * kPi;
        double a, b;
        if (c == 0) {
          a = detmath::cos(t);
          b = detmath::sin(t);
        } else {
          a = 1.0 - detmath::cos(t);
          b = 0.5 - detmath::sin(t);
        }
        x0 = a + r.gauss(0, noise);
        x1 = b + r.gauss(0, noise);
        y = c;
        break;
      }
      case Kind::kCircles: {
        const int c = i % 2;
        const double t = r.random() * 2 * kPi;  // (random() * 2) * pi, left to right
        const double rad = c == 0 ? 1.0 : 0.5;
        x0 = rad * detmath::cos(t) + r.gauss(0, noise);
        x1 = rad * detmath::sin(t) + r.gauss(0, noise);
        y = c;
        break;
      }
      case Kind::kXor: {
        // Not in torchref.py; written in the same style. The label is taken from the
        // clean point, before the noise is added.
        x0 = r.uniform(-1, 1);
        x1 = r.uniform(-1, 1);
        y = x0 * x1 > 0 ? 1.0 : 0.0;
        x0 += r.gauss(0, noise);
        x1 += r.gauss(0, noise);
        break;
      }
      case Kind::kSpiral: {
        const int c = i % 3;
        const double t = r.random();
        const double rad = t;
        // Python: c * 2 * math.pi / 3 + t * 4.0, i.e. ((c * 2) * pi) / 3 + t * 4.
        const double ang = static_cast<double>(c * 2) * kPi / 3 + t * 4.0;
        x0 = rad * detmath::cos(ang) + r.gauss(0, noise);
        x1 = rad * detmath::sin(ang) + r.gauss(0, noise);
        y = c;
        break;
      }
      case Kind::kSine: {
        const double u = r.uniform(-3.0, 3.0);
        x0 = u;
        y = detmath::sin(u) + r.gauss(0, noise);
        break;
      }
      case Kind::kUnknown:
        break;  // precondition violated: leave zeros
    }
    // torchref rounds each input to float32; class labels are small integers (exact).
    d.x[static_cast<size_t>(i) * d.dim] = static_cast<float>(x0);
    if (d.dim == 2) d.x[static_cast<size_t>(i) * d.dim + 1] = static_cast<float>(x1);
    d.y[i] = static_cast<float>(y);
  }
  return d;
}

}  // namespace dp
