// playground-cli: the headless runner of the Dropout Playground engine.
//   train         run the canonical program for a config, write its trace JSON
//   dropout       print what nn.Dropout(p) prints for a 1-D tensor at a seed
//   sweep         run one config at several p values (and seeds), print a table or JSON
//   export-torch  print the standalone PyTorch script that reproduces a config's run
//                 (--sweep: the script of a sweep)
//   export-notebook  the same as a Jupyter notebook that plots it and checks itself
//   bench         time whole runs (epochs per second), for bench/
//   params        the config's URL parameters as a Markdown table (the README's)
//   mask-stats    what the run's dropout masks add up to (the Masks panel's numbers)
//   mc            MC dropout after training: T passes with dropout on over the val set
// Bad input: one line on stderr, exit code 2, no output file written.
#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <system_error>
#include <thread>
#include <vector>

#include "cli/args.h"
#include "data/builtin_digits.h"
#include "core/config.h"
#include "core/csv_data.h"
#include "core/dropout.h"
#include "core/mask_stats.h"
#include "core/mc.h"
#include "core/notebook.h"
#include "core/sweep.h"
#include "core/tensor_print.h"
#include "core/torch_export.h"
#include "core/trace.h"
#include "core/trainer.h"
#include "core/url_query.h"

namespace {

using cli::parse_options;
using cli::require;
using cli::UsageError;

const char* kUsage =
    "usage: playground-cli <command> [options]\n"
    "  train --config C.json [--trace T.json] [--csv curves.csv] [--baseline] [--quiet]\n"
    "      Runs the config's canonical program; writes the trace JSON (the keys of\n"
    "      the reference program's traces) and prints the per-epoch losses\n"
    "      (--baseline: also those of the p = 0 twin).\n"
    "  train --csv-data FILE.csv [--config C.json] [...]\n"
    "      The same on your own data: a header row, feature columns, the target last,\n"
    "      an optional split column (train/val; else the last 30% validate). Features\n"
    "      are standardized on the training rows; integer targets 0..K-1 classify.\n"
    "      The network and training are the config's (or the defaults). export-torch\n"
    "      and validate take --csv-data too (validate prints the config with x and y).\n"
    "  dropout --p P --seed S --values 1,2,3,4 [--eval]\n"
    "      Prints what torch.manual_seed(S); print(nn.Dropout(P)(torch.tensor([...])))\n"
    "      prints (float32 values; --eval: the module in eval mode).\n"
    "  sweep --config C.json [--p 0,0.1,...,0.9] [--seeds K] [--threads N] [--json]\n"
    "      Runs the config once per p (every hidden layer's dropout) and seed\n"
    "      (seed, seed+1, ..., K of them, 1-5); prints best and final val loss per\n"
    "      run and the best p (--json: {\"runs\": [...]} with every epoch). N threads\n"
    "      (1-16) give the same output as one.\n"
    "  export-torch --config C.json [--sweep 0,0.1,... [--seeds K] | --mc T [--mc-seed S]]\n"
    "               [--out script.py]\n"
    "      Prints the standalone PyTorch script that reproduces the run (--sweep:\n"
    "      the sweep, printing what sweep --json prints; --mc: the run and its MC\n"
    "      dropout, printing what mc --json prints).\n"
    "  export-notebook --config C.json [--sweep 0,0.1,... [--seeds K] | --mc T [--mc-seed S]]\n"
    "                  [--out run.ipynb]\n"
    "      Trains the run (and its p = 0 twin), the sweep or the MC dropout, and writes a\n"
    "      Jupyter notebook that rebuilds it in PyTorch, plots it with matplotlib and ends\n"
    "      with a cell checking its losses against the ones recorded here.\n"
    "  validate --config C.json\n"
    "      Checks a config and prints it with every default filled in.\n"
    "  bench --config C.json [--repeat N] [--baseline | --mc T [--grid G]]\n"
    "      Times whole runs after a warm-up: N samples of >= 50 ms each; prints the\n"
    "      median epochs per second as JSON (--baseline: each run trains its p = 0\n"
    "      twin beside it, as the playground does; --mc: trains once, then times T MC\n"
    "      passes over the validation set and a G x G grid, default 40).\n"
    "  params\n"
    "      Prints every config field that a link can carry, as a Markdown table.\n"
    "  mask-stats --config C.json [--epochs N] [--json]\n"
    "      Trains N epochs (default: the config's) and prints what the masks add up\n"
    "      to: per-unit keep counts and units dropped per batch over the last epoch,\n"
    "      and the distinct thinned networks (row masks) seen in the whole run.\n"
    "  mc --config C.json [--samples T] [--mc-seed S] [--mc-every K] [--trace T.json] [--json]\n"
    "      Trains the config to its end, then runs T passes with dropout on (MC dropout;\n"
    "      default T and S: the config's mc_samples and mc_seed) over the validation set;\n"
    "      prints the eval-mode val loss and accuracy and the MC average's for t = 1..T\n"
    "      (--json: also the mean and the std, or the entropy and mutual information, per\n"
    "      row). --mc-every K: also runs the passes after every K epochs of the training\n"
    "      (they change nothing: --trace writes the same trace as train's).\n"
    "Exit codes: 0 ok, 2 bad input (one line on stderr), 1 internal error.\n";

// A path in a message: one line whatever bytes it holds.
std::string shown_path(const std::string& path) { return dp::message_text(path, 1000); }

std::string read_file(const std::string& path, const char* what) {
  std::ifstream f(path, std::ios::binary);
  if (!f)
    throw UsageError{std::string("cannot read ") + what + " '" + shown_path(path) +
                     "': " + std::strerror(errno)};
  std::ostringstream s;
  s << f.rdbuf();
  std::string text = s.str();
  if (text.size() > (64u << 20))
    throw UsageError{std::string(what) + " '" + shown_path(path) + "' is larger than 64 MiB"};
  return text;
}

// Writes via a temporary file and a rename: a reader never sees half a file, and a
// failure leaves no file behind.
void write_file_atomic(const std::string& path, const std::string& data) {
  const std::string tmp = path + ".tmp";
  {
    std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
    if (!f) throw UsageError{"cannot write '" + shown_path(path) + "': " + std::strerror(errno)};
    f << data;
    f.flush();
    if (!f) {
      std::remove(tmp.c_str());
      throw UsageError{"cannot write '" + shown_path(path) + "'"};
    }
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    std::remove(tmp.c_str());
    throw UsageError{"cannot write '" + shown_path(path) + "': " + std::strerror(errno)};
  }
}

dp::Config load_config(const std::map<std::string, std::string>& o) {
  const bool csv = o.count("csv-data") > 0;
  dp::Config c;
  if (!csv || o.count("config")) {
    const std::string path = require(o, "config");
    const std::string err = dp::config_from_json(read_file(path, "config"), &c);
    if (!err.empty()) throw UsageError{shown_path(path) + ": " + err};
  }
  if (csv) {  // the config's (or the default) network and training on the file's data
    const std::string path = o.at("csv-data");
    dp::CsvData d;
    std::string err = dp::parse_csv_data(read_file(path, "data"), &d);
    if (err.empty()) err = dp::config_with_csv(c, d, &c);
    if (!err.empty()) throw UsageError{shown_path(path) + ": " + err};
  }
  return c;
}

void print_epochs(const dp::Trainer& t, const dp::Trainer* base) {
  const bool cls = dp::is_classification(t.config());
  std::printf("%6s  %10s  %10s  %10s", "epoch", "train", "train_eval", "val");
  if (cls) std::printf("  %9s  %7s", "train_acc", "val_acc");
  if (base) std::printf("  | p=0: %10s  %10s", "train_eval", "val");
  std::printf("\n");
  const auto& E = t.epochs();
  const size_t n = E.size();
  const size_t every = n <= 30 ? 1 : (n + 19) / 20;
  for (size_t i = 0; i < n; ++i) {
    if (i % every != 0 && i + 1 != n) continue;
    const dp::EpochStats& e = E[i];
    std::printf("%6d  %10.6f  %10.6f  %10.6f", e.epoch, e.train_loss, e.train_loss_eval,
                e.val_loss);
    if (cls) std::printf("  %9.4f  %7.4f", e.train_acc, e.val_acc);
    if (base && i < base->epochs().size())
      std::printf("  |      %10.6f  %10.6f", base->epochs()[i].train_loss_eval,
                  base->epochs()[i].val_loss);
    std::printf("\n");
  }
  if (t.diverged())
    std::printf(
        "warning: the run diverged (a loss became NaN or inf); try a smaller learning rate\n");
}

int cmd_train(int argc, char** argv) {
  auto o = parse_options(argc, argv, 2, {"config", "csv-data", "trace", "csv"}, {"baseline", "quiet"});
  const dp::Config cfg = load_config(o);
  dp::TwinTrainer twin(cfg, o.count("baseline") > 0);
  while (!twin.run.done()) twin.step();
  const dp::Trainer* base = twin.has_baseline() ? &twin.baseline() : nullptr;
  if (o.count("trace")) write_file_atomic(o["trace"], dp::trace_json(twin.run) + "\n");
  if (o.count("csv")) write_file_atomic(o["csv"], dp::curves_csv(twin.run, base));
  if (!o.count("quiet")) print_epochs(twin.run, base);
  return 0;
}

int cmd_dropout(int argc, char** argv) {
  const cli::DropoutArgs a = cli::parse_dropout_args(argc, argv, 2);
  const std::vector<float>& x = a.values;
  dp::Generator gen(a.seed);
  std::vector<float> out(x.size());
  std::vector<uint8_t> mask(x.size());
  dp::dropout_forward(x.data(), out.data(), mask.data(), x.size(), a.p, a.train, gen);
  std::printf("%s\n", dp::torch_repr_1d(out).c_str());
  return 0;
}

// The sweep's p list and seed count from --p (or the default list) and --seeds, checked.
const char* kDefaultSweep = "0,0.1,0.2,0.3,0.4,0.5,0.6,0.7,0.8,0.9";

struct SweepArgs {
  std::vector<double> ps;
  int seeds = 1;
};

SweepArgs sweep_args(std::map<std::string, std::string>& o, const char* p_key,
                     const dp::Config& cfg) {
  SweepArgs a;
  const std::string what = std::string("--") + p_key;
  a.ps = cli::parse_p_list(o.count(p_key) ? o[p_key] : kDefaultSweep, what);
  if (o.count("seeds")) a.seeds = cli::parse_int_in(o["seeds"], "--seeds", 1, dp::kMaxSweepSeeds);
  const std::string err = dp::validate_sweep(cfg, a.ps, a.seeds);
  if (!err.empty()) throw UsageError{what + ": " + err};
  return a;
}

// Runs every point, `threads` at a time; runs[i] is point i's, whatever ran it when.
// Where threads cannot be made (WebAssembly without pthreads: std::system_error), the
// calling thread runs the rest in order; the numbers are the same.
std::vector<dp::SweepRun> run_points(const dp::Config& cfg, const std::vector<dp::SweepPoint>& pts,
                                     int threads) {
  std::vector<dp::SweepRun> runs(pts.size());
  std::atomic<size_t> next{0};
  std::vector<std::exception_ptr> failed(pts.size());  // a worker's exception (out of memory)
  auto work = [&] {
    for (size_t i; (i = next.fetch_add(1)) < pts.size();) try {
        dp::run_sweep_point(cfg, pts[i], &runs[i]);
      } catch (...) {
        failed[i] = std::current_exception();
      }
  };
  std::vector<std::thread> pool;
  const size_t extra = std::min(pts.size(), static_cast<size_t>(threads)) - 1;
  try {
    for (size_t k = 0; k < extra; ++k) pool.emplace_back(work);
  } catch (const std::system_error&) {
    // no more threads: those made so far and this one share the points
  }
  work();
  for (std::thread& t : pool) t.join();
  for (const std::exception_ptr& e : failed)
    if (e) std::rethrow_exception(e);
  return runs;
}

// A loss or accuracy in the table: "diverged" where it is not finite (the same text
// everywhere, unlike printf's nan).
std::string cell(double v, int width, int decimals) {
  char buf[64];
  if (std::isfinite(v))
    std::snprintf(buf, sizeof buf, "%*.*f", width, decimals, v);
  else
    std::snprintf(buf, sizeof buf, "%*s", width, "diverged");
  return buf;
}

void print_sweep_table(const dp::Config& cfg, const SweepArgs& a,
                       const std::vector<dp::SweepRun>& runs) {
  const bool cls = dp::is_classification(cfg);
  const size_t k = static_cast<size_t>(a.seeds);
  // Per p: the mean final val loss over its seeds (NaN when a run diverged).
  std::vector<double> mean_final(a.ps.size(), 0);
  for (size_t i = 0; i < a.ps.size(); ++i) {
    for (size_t s = 0; s < k; ++s) mean_final[i] += runs[i * k + s].final_val_loss;
    mean_final[i] /= static_cast<double>(k);
  }
  size_t best = a.ps.size();
  for (size_t i = 0; i < a.ps.size(); ++i)
    if (std::isfinite(mean_final[i]) && (best == a.ps.size() || mean_final[i] < mean_final[best]))
      best = i;
  std::printf("%6s  %6s  %10s  %13s  %14s", "p", "seed", "best epoch", "best val loss",
              "final val loss");
  if (cls) std::printf("  %13s", "final val acc");
  std::printf("  %23s\n", "final train loss (eval)");
  for (size_t i = 0; i < runs.size(); ++i) {
    const dp::SweepRun& r = runs[i];
    const dp::EpochStats& last = r.epochs.back();
    std::printf("%6s  %6lld  %10d  %s  %s", dp::python_float_repr(r.point.dropout).c_str(),
                static_cast<long long>(r.point.seed), r.best_epoch,
                cell(r.best_val_loss, 13, 6).c_str(), cell(r.final_val_loss, 14, 6).c_str());
    if (cls) std::printf("  %s", cell(last.val_acc, 13, 4).c_str());
    std::printf("  %s%s\n", cell(last.train_loss_eval, 23, 6).c_str(),
                k == 1 && i / k == best ? "  <- best p" : "");
  }
  if (k > 1) {
    std::printf("\nover the %zu seeds of each p: mean (min..max)\n", k);
    std::printf("%6s  %28s  %28s", "p", "best val loss", "final val loss");
    if (cls) std::printf("  %26s", "final val acc");
    std::printf("\n");
    for (size_t i = 0; i < a.ps.size(); ++i) {
      auto stat = [&](auto get, int decimals) {
        double sum = 0, lo = INFINITY, hi = -INFINITY;
        for (size_t s = 0; s < k; ++s) {
          const double v = get(runs[i * k + s]);
          sum += v;
          lo = std::min(lo, v);
          hi = std::max(hi, v);
        }
        if (!std::isfinite(sum)) return std::string("diverged");
        char buf[96];
        std::snprintf(buf, sizeof buf, "%.*f (%.*f..%.*f)", decimals, sum / k, decimals, lo,
                      decimals, hi);
        return std::string(buf);
      };
      std::printf("%6s  %28s  %28s", dp::python_float_repr(a.ps[i]).c_str(),
                  stat([](const dp::SweepRun& r) { return double(r.best_val_loss); }, 6).c_str(),
                  stat([](const dp::SweepRun& r) { return double(r.final_val_loss); }, 6).c_str());
      if (cls)
        std::printf(
            "  %26s",
            stat([](const dp::SweepRun& r) { return double(r.epochs.back().val_acc); }, 4).c_str());
      std::printf("%s\n", i == best ? "  <- best p" : "");
    }
  }
  if (best < a.ps.size())
    std::printf("\nbest p: %s (lowest %sfinal val loss, %.6f)\n",
                dp::python_float_repr(a.ps[best]).c_str(), k > 1 ? "mean " : "", mean_final[best]);
  else
    std::printf("\nbest p: none (every p has a diverged run)\n");
  std::printf(
      "Between the p values of a seed: same seed, data, init and batch order; different masks "
      "(p = 0 and p = 1 draw no masks, so their later epochs' batch order differs).\n");
  for (const dp::SweepRun& r : runs)
    if (r.diverged) {
      std::printf(
          "warning: a run diverged (a loss became NaN or inf); try a smaller learning rate\n");
      break;
    }
}

int cmd_sweep(int argc, char** argv) {
  auto o = parse_options(argc, argv, 2, {"config", "p", "seeds", "threads"}, {"json"});
  const dp::Config cfg = load_config(o);
  const SweepArgs a = sweep_args(o, "p", cfg);
  const int threads = o.count("threads") ? cli::parse_int_in(o["threads"], "--threads", 1, 16) : 1;
  const std::vector<dp::SweepRun> runs =
      run_points(cfg, dp::sweep_points(cfg, a.ps, a.seeds), threads);
  if (o.count("json"))
    std::printf("%s\n", dp::sweep_json(cfg, runs).c_str());
  else
    print_sweep_table(cfg, a, runs);
  return 0;
}

// The config's T and MC seed, or the options'.
void mc_args(std::map<std::string, std::string>& o, const char* samples_key, dp::Config* cfg) {
  if (o.count(samples_key))
    cfg->mc_samples = cli::parse_int_in(o[samples_key], std::string("--") + samples_key, 1,
                                        dp::kMaxMcSamples);
  if (o.count("mc-seed")) {
    const dp::Field* f = dp::find_field("mc_seed");
    char* end = nullptr;
    errno = 0;
    const long long v = std::strtoll(o["mc-seed"].c_str(), &end, 10);
    if (o["mc-seed"].empty() || *end || errno || v < f->lo || v > f->hi)
      throw UsageError{"--mc-seed must be an integer between -2^53 and 2^53, got '" +
                       dp::message_text(o["mc-seed"]) + "'"};
    cfg->mc_seed = v;
  }
}

// MC dropout over the trainer's validation rows with its model as it is now.
dp::McReport mc_of(const dp::Trainer& t) {
  return dp::mc_validation_report(t, t.config().mc_samples, t.config().mc_seed);
}

// export-torch (the script) and export-notebook (the notebook, with the numbers this run
// records for its closing check): the same options, the same config.
int cmd_export(int argc, char** argv, bool notebook) {
  auto o = parse_options(argc, argv, 2, {"config", "csv-data", "out", "sweep", "seeds", "mc", "mc-seed"}, {});
  dp::Config cfg = load_config(o);
  if (o.count("seeds") && !o.count("sweep")) throw UsageError{"--seeds needs --sweep"};
  if (o.count("mc-seed") && !o.count("mc")) throw UsageError{"--mc-seed needs --mc"};
  if (o.count("mc") && o.count("sweep"))
    throw UsageError{std::string("--mc and --sweep are two ") + (notebook ? "notebooks" : "scripts") +
                     ": one at a time"};
  const dp::Dataset data = dp::dataset_for(cfg);
  std::string text;
  if (o.count("mc")) {
    mc_args(o, "mc", &cfg);
    if (notebook) {
      dp::Trainer t(cfg, data);
      while (!t.done()) t.step_epoch();
      text = dp::export_mc_notebook(cfg, data, dp::recorded_run(t), t.steps(), true, mc_of(t).loss_by_t, "");
    } else {
      text = dp::export_torch_mc_script(cfg, data);
    }
  } else if (o.count("sweep")) {
    const SweepArgs a = sweep_args(o, "sweep", cfg);
    if (notebook) {
      const int threads = static_cast<int>(std::clamp(std::thread::hardware_concurrency(), 1u, 16u));
      const std::vector<dp::SweepRun> runs = run_points(cfg, dp::sweep_points(cfg, a.ps, a.seeds), threads);
      text = dp::export_sweep_notebook(cfg, data, a.ps, a.seeds, runs, "");
    } else {
      text = dp::export_torch_sweep_script(cfg, a.ps, a.seeds, data);
    }
  } else if (notebook) {
    dp::TwinTrainer twin(cfg, dp::has_dropout(cfg));  // p = 0 all along: the run is its own twin
    while (!twin.run.done()) twin.step();
    const dp::RecordedRun base = twin.has_baseline() ? dp::recorded_run(twin.baseline()) : dp::RecordedRun{};
    text = dp::export_run_notebook(cfg, data, dp::recorded_run(twin.run),
                                   twin.has_baseline() ? &base : nullptr, "");
  } else {
    text = dp::export_torch_script(cfg, {}, data);
  }
  if (o.count("out"))
    write_file_atomic(o["out"], text);
  else
    std::fwrite(text.data(), 1, text.size(), stdout);
  return 0;
}

int cmd_validate(int argc, char** argv) {
  auto o = parse_options(argc, argv, 2, {"config", "csv-data"}, {});
  const dp::Config cfg = load_config(o);
  std::printf("%s\n", dp::config_to_json(cfg, 2).c_str());
  return 0;
}

// The median of samples of `work` (each sample: repeated calls for at least 50 ms, after
// a 0.2 s warm-up that also lets a WASM engine finish compiling), in calls per second.
template <class F>
double median_rate(int repeat, F work) {
  using Clock = std::chrono::steady_clock;
  for (const auto t0 = Clock::now();
       std::chrono::duration<double>(Clock::now() - t0).count() < 0.2;)
    work();
  std::vector<double> rates;
  for (int r = 0; r < repeat; ++r) {
    const auto t0 = Clock::now();
    long calls = 0;
    double secs = 0;
    do {
      work();
      ++calls;
      secs = std::chrono::duration<double>(Clock::now() - t0).count();
    } while (secs < 0.05);
    rates.push_back(static_cast<double>(calls) / secs);
  }
  std::sort(rates.begin(), rates.end());
  return rates.size() % 2 ? rates[rates.size() / 2]
                          : 0.5 * (rates[rates.size() / 2 - 1] + rates[rates.size() / 2]);
}

// bench --mc T: the config trained once (not timed), then T MC passes over the validation
// set and over a grid of N x N points spanning the inputs (the data view's map), with
// their summaries: MC runs per second.
int bench_mc(const dp::Config& cfg, int repeat, int grid) {
  dp::Trainer t(cfg, dp::dataset_for(cfg));
  while (!t.done()) t.step();
  const dp::Dataset& d = t.data();
  std::vector<float> lo(d.dim, INFINITY), hi(d.dim, -INFINITY);
  for (int r = 0; r < d.n_train + d.n_val; ++r)
    for (int k = 0; k < d.dim; ++k) {
      lo[k] = std::min(lo[k], d.x[static_cast<size_t>(r) * d.dim + k]);
      hi[k] = std::max(hi[k], d.x[static_cast<size_t>(r) * d.dim + k]);
    }
  const int gr = d.dim == 1 ? grid : grid * grid;
  std::vector<float> gx(static_cast<size_t>(gr) * d.dim), gy(gr, 0.0f);
  for (int i = 0; i < gr; ++i)
    for (int k = 0; k < d.dim; ++k) {
      const int c = k == 0 ? i % grid : i / grid;
      gx[static_cast<size_t>(i) * d.dim + k] = lo[k] + (hi[k] - lo[k]) * c / (grid - 1);
    }
  dp::LossKind loss;
  dp::loss_from_name(cfg.loss, &loss);
  const size_t off = static_cast<size_t>(d.n_train);
  double sink = 0;
  const double rate = median_rate(repeat, [&] {
    sink += dp::mc_report(t.model(), t.module_ps(), loss, d.x.data() + off * d.dim,
                          d.y.data() + off, d.n_val, cfg.mc_samples, 0)
                .loss_by_t.back();
    sink += dp::mc_report(t.model(), t.module_ps(), loss, gx.data(), gy.data(), gr,
                          cfg.mc_samples, 0, false)
                .summary.mean()[0];
  });
  std::printf(
      "{\"mc_runs_per_sec_median\": %.3f, \"samples\": %d, \"passes\": %d, \"val_rows\": %d, "
      "\"grid_rows\": %d, \"checksum\": %.6f}\n",
      rate, repeat, cfg.mc_samples, d.n_val, gr, sink);
  return 0;
}

int cmd_bench(int argc, char** argv) {
  auto o = parse_options(argc, argv, 2, {"config", "repeat", "mc", "grid"}, {"baseline"});
  dp::Config cfg = load_config(o);
  int repeat = 5;
  if (o.count("repeat")) {
    repeat = std::atoi(o["repeat"].c_str());
    if (repeat < 1 || repeat > 1000) throw UsageError{"--repeat must be between 1 and 1000"};
  }
  if (o.count("grid") && !o.count("mc")) throw UsageError{"--grid needs --mc"};
  if (o.count("mc")) {
    mc_args(o, "mc", &cfg);
    const int grid = o.count("grid") ? cli::parse_int_in(o["grid"], "--grid", 2, 200) : 40;
    return bench_mc(cfg, repeat, grid);
  }
  const bool baseline = o.count("baseline") > 0;
  const dp::Dataset data = dp::dataset_for(cfg);
  float sink = 0;
  auto whole_run = [&] {
    if (baseline) {
      dp::TwinTrainer twin(cfg, true);
      while (!twin.run.done()) twin.step();
      sink += twin.run.epochs().back().val_loss + twin.baseline().epochs().back().val_loss;
      return;
    }
    dp::Trainer t(cfg, data);
    while (!t.done()) t.step();
    sink += t.epochs().back().val_loss;
  };
  using Clock = std::chrono::steady_clock;
  // Warm-up (also lets a WASM engine finish compiling its optimized tier), then each
  // sample runs whole runs for at least 50 ms so short runs are timed well.
  for (const auto t0 = Clock::now();
       std::chrono::duration<double>(Clock::now() - t0).count() < 0.2;)
    whole_run();
  std::vector<double> rates;
  for (int r = 0; r < repeat; ++r) {
    const auto t0 = Clock::now();
    long runs = 0;
    double secs = 0;
    do {
      whole_run();
      ++runs;
      secs = std::chrono::duration<double>(Clock::now() - t0).count();
    } while (secs < 0.05);
    rates.push_back(static_cast<double>(runs) * cfg.epochs / secs);
  }
  std::vector<double> sorted = rates;
  std::sort(sorted.begin(), sorted.end());
  const double median = sorted.size() % 2
                            ? sorted[sorted.size() / 2]
                            : 0.5 * (sorted[sorted.size() / 2 - 1] + sorted[sorted.size() / 2]);
  std::printf(
      "{\"epochs_per_sec_median\": %.3f, \"samples\": %d, \"epochs\": %d, \"baseline\": %s, "
      "\"checksum\": %.6f}\n",
      median, repeat, cfg.epochs, baseline ? "true" : "false", sink);
  return 0;
}

// The README's table of URL parameters, from the field table: one row per parameter,
// in the order links apply them.
int cmd_params(int argc, char** argv) {
  parse_options(argc, argv, 2, {}, {});
  const dp::Config defaults;
  std::printf("| parameter | config field | default | range | on change | meaning |\n");
  std::printf("|---|---|---|---|---|---|\n");
  for (const dp::Field& f : dp::config_fields()) {
    if (!f.url) continue;
    std::string range;
    switch (f.type) {
      case dp::FieldType::Name:
        for (const std::string& n : f.names())
          range += (range.empty() ? "" : ", ") + ("`" + n + "`");
        break;
      case dp::FieldType::Bool:
        range = "`0`, `1`";
        break;
      case dp::FieldType::Sizes:
        range = "1-" + std::to_string(dp::kMaxHiddenLayers) + " widths, each " +
                std::to_string(static_cast<int>(f.lo)) + "-" +
                std::to_string(static_cast<int>(f.hi));
        break;
      default: {
        auto end = [](double v) {
          if (std::fabs(v) == dp::kMaxSeed) return std::string(v < 0 ? "-2^53" : "2^53");
          return v == std::floor(v) && std::fabs(v) < 1e15
                     ? std::to_string(static_cast<long long>(v))
                     : dp::python_float_repr(v);
        };
        range = std::string(f.lo_open ? "(" : "[") + end(f.lo) + ", " + end(f.hi) +
                (f.hi_open ? ")" : "]");
        if (f.type == dp::FieldType::Pair || f.type == dp::FieldType::PerLayer) range += " each";
      }
    }
    std::printf("| `%s` | `%s` | `%s` | %s | %s | %s |\n", f.url, f.key,
                dp::field_to_text(f, defaults).c_str(), range.c_str(),
                f.on_change == dp::OnChange::Live ? "live" : "restart", f.help);
  }
  return 0;
}

int cmd_mask_stats(int argc, char** argv) {
  auto o = parse_options(argc, argv, 2, {"config", "epochs"}, {"json"});
  dp::Config cfg = load_config(o);
  if (o.count("epochs")) {
    char* end = nullptr;
    const long n = std::strtol(o["epochs"].c_str(), &end, 10);
    if (o["epochs"].empty() || *end || n < 1 || n > dp::kMaxEpochs)
      throw UsageError{"--epochs must be an integer between 1 and " +
                       std::to_string(dp::kMaxEpochs)};
    cfg.epochs = static_cast<int>(n);
  }
  dp::Trainer t(cfg, dp::dataset_for(cfg));
  dp::MaskStats ms;
  while (!t.done()) {
    t.step();
    ms.add_step(t);
  }
  const auto& L = ms.layers();
  if (o.count("json")) {
    std::string j = "{\"epochs\": " + std::to_string(cfg.epochs) +
                    ", \"epoch_rows\": " + std::to_string(ms.epoch_rows()) +
                    ", \"rows_seen\": " + std::to_string(ms.rows_seen()) +
                    ", \"distinct\": " + std::to_string(ms.distinct()) +
                    ", \"capped\": " + (ms.capped() ? "true" : "false") +
                    ", \"total_units\": " + std::to_string(ms.total_units()) + ", \"layers\": [";
    for (size_t l = 0; l < L.size(); ++l) {
      j += l ? ", " : "";
      j += "{\"units\": " + std::to_string(L[l].units) + ", \"kept\": [";
      for (size_t u = 0; u < L[l].kept.size(); ++u)
        j += (u ? ", " : "") + std::to_string(L[l].kept[u]);
      j += "], \"dropped_per_batch\": [";
      for (size_t b = 0; b < L[l].drops.size(); ++b)
        j += (b ? ", " : "") + std::to_string(L[l].drops[b].dropped);
      j += "]}";
    }
    j += "]}\n";
    std::fwrite(j.data(), 1, j.size(), stdout);
    return 0;
  }
  std::printf("epoch %d: %ld rows\n", ms.epoch() + 1, ms.epoch_rows());
  for (size_t l = 0; l < L.size(); ++l) {
    long kept = 0;
    for (long k : L[l].kept) kept += k;
    const double denom = static_cast<double>(ms.epoch_rows()) * L[l].units;
    std::printf("  dropout layer %zu: %d units, keep rate %.4f over the epoch (1-p = %.4f)\n",
                l + 1, L[l].units, denom > 0 ? kept / denom : 0.0, 1 - ms.last_p(static_cast<int>(l)));
  }
  std::printf("%ld different thinned networks in %ld rows%s, out of 2^%d\n", ms.distinct(),
              ms.rows_seen(), ms.capped() ? " (count capped)" : "", ms.total_units());
  return 0;
}

int cmd_mc(int argc, char** argv) {
  auto o = parse_options(argc, argv, 2, {"config", "samples", "mc-seed", "mc-every", "trace"},
                         {"json"});
  dp::Config cfg = load_config(o);
  mc_args(o, "samples", &cfg);
  const int every =
      o.count("mc-every") ? cli::parse_int_in(o["mc-every"], "--mc-every", 1, dp::kMaxEpochs) : 0;
  dp::Trainer t(cfg, dp::dataset_for(cfg));
  while (!t.done()) {
    t.step_epoch();
    if (every && t.epoch() % every == 0) mc_of(t);  // looked at, then thrown away
  }
  if (o.count("trace")) write_file_atomic(o["trace"], dp::trace_json(t) + "\n");
  const dp::McReport r = mc_of(t);
  const dp::EpochStats& last = t.epochs().back();
  const bool cls = dp::is_classification(cfg);
  if (o.count("json")) {
    nlohmann::ordered_json e;
    e["val_loss"] = std::isfinite(last.val_loss) ? nlohmann::ordered_json(last.val_loss) : nullptr;
    if (cls) e["val_acc"] = last.val_acc;
    const std::string j = "{\"eval\": " + e.dump() + ", \"mc\": " +
                          dp::mc_json(r, cfg.mc_samples, cfg.mc_seed) + "}\n";
    std::fwrite(j.data(), 1, j.size(), stdout);
    return 0;
  }
  std::printf("eval mode (weight scaling): val loss %.6f", last.val_loss);
  if (cls) std::printf(", val acc %.4f", last.val_acc);
  std::printf("\nMC dropout, the average of the first t passes (mc_seed %lld):\n",
              static_cast<long long>(cfg.mc_seed));
  std::printf("%6s  %10s%s\n", "t", "val loss", cls ? "     val acc" : "");
  const int T = cfg.mc_samples;
  for (int k = 0; k < T; ++k) {
    const int t1 = k + 1;
    if (!(t1 <= 10 || t1 == T || (t1 <= 100 && t1 % 10 == 0) || t1 % 50 == 0)) continue;
    std::printf("%6d  %10.6f", t1, r.loss_by_t[k]);
    if (cls) std::printf("  %10.4f", r.acc_by_t[k]);
    std::printf("\n");
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2 || !std::strcmp(argv[1], "--help") || !std::strcmp(argv[1], "-h") ||
      !std::strcmp(argv[1], "help")) {
    std::fputs(kUsage, argc < 2 ? stderr : stdout);
    return argc < 2 ? 2 : 0;
  }
  const std::string cmd = argv[1];
  const std::string digits_error = dp::load_builtin_digits();
  if (!digits_error.empty()) std::fprintf(stderr, "warning: %s\n", digits_error.c_str());
  try {
    if (cmd == "train") return cmd_train(argc, argv);
    if (cmd == "dropout") return cmd_dropout(argc, argv);
    if (cmd == "sweep") return cmd_sweep(argc, argv);
    if (cmd == "export-torch") return cmd_export(argc, argv, false);
    if (cmd == "export-notebook") return cmd_export(argc, argv, true);
    if (cmd == "validate") return cmd_validate(argc, argv);
    if (cmd == "bench") return cmd_bench(argc, argv);
    if (cmd == "params") return cmd_params(argc, argv);
    if (cmd == "mask-stats") return cmd_mask_stats(argc, argv);
    if (cmd == "mc") return cmd_mc(argc, argv);
    throw UsageError{"unknown command '" + dp::message_text(cmd) +
                     "' (commands: train, dropout, sweep, export-torch, export-notebook, validate, "
                     "bench, params, mask-stats, mc)"};
  } catch (const UsageError& e) {
    std::fflush(stdout);
    std::fprintf(stderr, "%s%s\n", e.raw ? "" : "error: ", e.msg.c_str());
    return 2;
  } catch (const std::bad_alloc&) {
    std::fprintf(stderr, "error: out of memory\n");
    return 1;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "internal error: %s\n", e.what());
    return 1;
  }
}
