#include "core/plan.h"

#include <algorithm>
#include <cmath>

namespace dp {

void Plan::add(long units, double unit_cost, Range fn) {
  tasks_.push_back({units, unit_cost, std::move(fn)});
}

void Plan::add_once(double cost, std::function<void()> fn) {
  tasks_.push_back({1, cost, [f = std::move(fn)](long, long) { f(); }});
}

bool Plan::run(double& budget) {
  while (next_ < tasks_.size() && budget > 0) {
    Task& t = tasks_[next_];
    const long left = t.units - done_;
    long n = left;
    if (t.unit_cost > 0 && budget < left * t.unit_cost)
      n = std::max(1L, static_cast<long>(budget / t.unit_cost));
    if (n > 0) t.fn(done_, done_ + n);
    budget -= n * t.unit_cost;
    done_ += n;
    if (done_ >= t.units) {
      ++next_;
      done_ = 0;
    }
  }
  return finished();
}

double Plan::remaining_cost() const {
  double c = 0;
  for (size_t i = next_; i < tasks_.size(); ++i)
    c += static_cast<double>(tasks_[i].units - (i == next_ ? done_ : 0)) * tasks_[i].unit_cost;
  return c;
}

void Plan::run_all() {
  double unlimited = INFINITY;
  run(unlimited);
}

void Plan::clear() {
  tasks_.clear();
  next_ = 0;
  done_ = 0;
}

}  // namespace dp
