// Work cut into pieces of bounded cost: an optimizer step and its epoch-end evaluation,
// run to the end at once (CLI, tests) or a slice per frame (the UI, so that no frame
// waits for a whole step of a large network). A task covers `units` units of equal cost
// (rows, output units, elements) and runs as ranges [begin, end) in order; every task
// computes each unit the same way whatever the range, so a plan gives the same bits
// however it is sliced.
#pragma once
#include <functional>
#include <vector>

namespace dp {

class Plan {
 public:
  using Range = std::function<void(long begin, long end)>;
  // units may be 0 (nothing to do); unit_cost is in multiply-adds (or their equivalent).
  void add(long units, double unit_cost, Range fn);
  void add_once(double cost, std::function<void()> fn);  // one indivisible piece

  // Runs pieces in order while budget > 0, taking from it the cost of what ran (at
  // least one piece runs). True when the plan has finished.
  bool run(double& budget);
  void run_all();
  bool finished() const { return next_ >= tasks_.size(); }
  double remaining_cost() const;  // of the pieces not run yet
  void clear();

 private:
  struct Task {
    long units;
    double unit_cost;
    Range fn;
  };
  std::vector<Task> tasks_;
  size_t next_ = 0;
  long done_ = 0;  // units of tasks_[next_] already run
};

}  // namespace dp
