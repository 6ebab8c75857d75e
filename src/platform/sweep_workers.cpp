// The Host's sweep workers (Host::start_sweep / poll_sweep / cancel_sweep).
//  - Desktop: std::thread workers (hardware_concurrency - 1 of them, at least 1 and at
//    most 8: one core stays the UI's), each
//    taking the next point and running it with the core's dp::run_sweep_point.
//  - Browser: Web Workers (web/sweep.js starts them; each loads sweep_worker.js, a
//    core-only WebAssembly module, see sweep_worker_main.cpp). No SharedArrayBuffer: the
//    points go out as messages, the runs' JSON text comes back (dp_js_sweep_answer). A
//    page that cannot start workers (the offline single file) reports false, and the app
//    runs the points in its frames.
#include <string>
#include <vector>

#include "app/app.h"
#include "platform/runner.h"

#ifdef __EMSCRIPTEN__
#include <emscripten.h>

#include <nlohmann/json.hpp>
#else
#include <algorithm>
#include <atomic>
#include <mutex>
#include <thread>

#include "core/config.h"
#include "core/sweep.h"
#endif

namespace platform {
namespace {

#ifdef __EMSCRIPTEN__

std::vector<app::SweepAnswer> g_answers;
long g_generation = 0;

bool start(const std::string& config_json, const std::vector<app::SweepJob>& jobs) {
  g_answers.clear();
  ++g_generation;
  nlohmann::json a = nlohmann::json::array();
  for (const app::SweepJob& j : jobs) a.push_back({j.index, j.dropout, j.seed});
  return EM_ASM_INT(
             {
               return window.playgroundSweep.start($0, UTF8ToString($1), UTF8ToString($2)) ? 1 : 0;
             },
             static_cast<double>(g_generation), config_json.c_str(), a.dump().c_str()) != 0;
}

std::vector<app::SweepAnswer> poll() {
  std::vector<app::SweepAnswer> out;
  out.swap(g_answers);
  return out;
}

void cancel() {
  ++g_generation;
  g_answers.clear();
  EM_ASM({ window.playgroundSweep.cancel(); });
}

#else

class Pool {
 public:
  ~Pool() { cancel(); }

  bool start(const std::string& config_json, const std::vector<app::SweepJob>& jobs) {
    cancel();
    dp::Config base;
    const std::string err = dp::config_from_json(config_json, &base);
    std::lock_guard<std::mutex> lock(mu_);
    answers_.clear();
    if (!err.empty()) {  // every point would fail alike: one answer says why
      for (const app::SweepJob& j : jobs) answers_.push_back({j.index, "", err});
      return true;
    }
    base_ = base;
    jobs_ = jobs;
    next_ = 0;
    stop_ = false;
    const unsigned hc = std::thread::hardware_concurrency();
    const int n = std::clamp(static_cast<int>(hc) - 1, 1, 8);
    for (int i = 0; i < std::min<int>(n, static_cast<int>(jobs.size())); ++i)
      threads_.emplace_back([this] { work(); });
    return true;
  }

  std::vector<app::SweepAnswer> poll() {
    std::lock_guard<std::mutex> lock(mu_);
    std::vector<app::SweepAnswer> out;
    out.swap(answers_);
    return out;
  }

  void cancel() {
    stop_ = true;
    for (std::thread& t : threads_) t.join();
    threads_.clear();
    std::lock_guard<std::mutex> lock(mu_);
    answers_.clear();
  }

 private:
  void work() {
    for (;;) {
      const size_t i = next_.fetch_add(1);
      if (stop_ || i >= jobs_.size()) return;
      const app::SweepJob& j = jobs_[i];
      dp::SweepRun run;
      if (!dp::run_sweep_point(base_, {j.dropout, j.seed}, &run, [this] { return stop_.load(); }))
        return;
      std::string text = dp::sweep_run_json(base_, run).dump();
      std::lock_guard<std::mutex> lock(mu_);
      if (!stop_) answers_.push_back({j.index, std::move(text), ""});
    }
  }

  dp::Config base_;
  std::vector<app::SweepJob> jobs_;  // read-only while the threads run
  std::atomic<size_t> next_{0};
  std::atomic<bool> stop_{false};
  std::vector<std::thread> threads_;
  std::mutex mu_;
  std::vector<app::SweepAnswer> answers_;
};

Pool& pool() {
  static Pool p;
  return p;
}

bool start(const std::string& config_json, const std::vector<app::SweepJob>& jobs) {
  return pool().start(config_json, jobs);
}
std::vector<app::SweepAnswer> poll() { return pool().poll(); }
void cancel() { pool().cancel(); }

#endif

}  // namespace

void fill_sweep_host(app::Host* h) {
  h->start_sweep = start;
  h->poll_sweep = poll;
  h->cancel_sweep = cancel;
}

}  // namespace platform

#ifdef __EMSCRIPTEN__
extern "C" {
// A worker's answer (web/sweep.js): stale generations (a cancelled sweep's) are dropped.
EMSCRIPTEN_KEEPALIVE void dp_js_sweep_answer(double generation, int index, const char* json,
                                             const char* error) {
  if (static_cast<long>(generation) != platform::g_generation) return;
  platform::g_answers.push_back({index, json ? json : "", error ? error : ""});
  platform::wake();
}
}
#endif
