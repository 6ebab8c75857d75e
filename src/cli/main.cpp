// playground-cli: the headless runner of the Dropout Playground engine.
//   train         run the canonical program for a config, write its trace JSON
//   dropout       print what nn.Dropout(p) prints for a 1-D tensor at a seed
//   export-torch  print the standalone PyTorch script that reproduces a config's run
//   bench         time whole runs (epochs per second), for bench/
//   params        the config's URL parameters as a Markdown table (the README's)
// Bad input: one line on stderr, exit code 2, no output file written.
#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "cli/args.h"
#include "core/config.h"
#include "core/dropout.h"
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
    "  dropout --p P --seed S --values 1,2,3,4 [--eval]\n"
    "      Prints what torch.manual_seed(S); print(nn.Dropout(P)(torch.tensor([...])))\n"
    "      prints (float32 values; --eval: the module in eval mode).\n"
    "  export-torch --config C.json [--out script.py]\n"
    "      Prints the standalone PyTorch script that reproduces the run.\n"
    "  validate --config C.json\n"
    "      Checks a config and prints it with every default filled in.\n"
    "  bench --config C.json [--repeat N]\n"
    "      Times whole runs after a warm-up: N samples of >= 50 ms each; prints the\n"
    "      median epochs per second as JSON.\n"
    "  params\n"
    "      Prints every config field that a link can carry, as a Markdown table.\n"
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
  const std::string path = require(o, "config");
  dp::Config c;
  const std::string err = dp::config_from_json(read_file(path, "config"), &c);
  if (!err.empty()) throw UsageError{shown_path(path) + ": " + err};
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
  auto o = parse_options(argc, argv, 2, {"config", "trace", "csv"}, {"baseline", "quiet"});
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

int cmd_export(int argc, char** argv) {
  auto o = parse_options(argc, argv, 2, {"config", "out"}, {});
  const dp::Config cfg = load_config(o);
  const std::string script = dp::export_torch_script(cfg, {}, dp::dataset_for(cfg));
  if (o.count("out"))
    write_file_atomic(o["out"], script);
  else
    std::fwrite(script.data(), 1, script.size(), stdout);
  return 0;
}

int cmd_validate(int argc, char** argv) {
  auto o = parse_options(argc, argv, 2, {"config"}, {});
  const dp::Config cfg = load_config(o);
  std::printf("%s\n", dp::config_to_json(cfg, 2).c_str());
  return 0;
}

int cmd_bench(int argc, char** argv) {
  auto o = parse_options(argc, argv, 2, {"config", "repeat"}, {});
  const dp::Config cfg = load_config(o);
  int repeat = 5;
  if (o.count("repeat")) {
    repeat = std::atoi(o["repeat"].c_str());
    if (repeat < 1 || repeat > 1000) throw UsageError{"--repeat must be between 1 and 1000"};
  }
  const dp::Dataset data = dp::dataset_for(cfg);
  float sink = 0;
  auto whole_run = [&] {
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
      "{\"epochs_per_sec_median\": %.3f, \"samples\": %d, \"epochs\": %d, \"checksum\": %.6f}\n",
      median, repeat, cfg.epochs, sink);
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

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2 || !std::strcmp(argv[1], "--help") || !std::strcmp(argv[1], "-h") ||
      !std::strcmp(argv[1], "help")) {
    std::fputs(kUsage, argc < 2 ? stderr : stdout);
    return argc < 2 ? 2 : 0;
  }
  const std::string cmd = argv[1];
  try {
    if (cmd == "train") return cmd_train(argc, argv);
    if (cmd == "dropout") return cmd_dropout(argc, argv);
    if (cmd == "export-torch") return cmd_export(argc, argv);
    if (cmd == "validate") return cmd_validate(argc, argv);
    if (cmd == "bench") return cmd_bench(argc, argv);
    if (cmd == "params") return cmd_params(argc, argv);
    throw UsageError{"unknown command '" + dp::message_text(cmd) +
                     "' (commands: train, dropout, export-torch, validate, bench, params)"};
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
