// The sweep's worker module (browser): the core alone, built as its own small
// WebAssembly module (sweep_worker.js + .wasm, see src/app/app.cmake) that each Web Worker
// of web/sweep-worker.js loads. One C entry point: a complete config (JSON) and one point
// in, that point's run out as dp::sweep_run_json text, the same as the CLI's and the
// desktop threads'. No UI, no GL, no threads of its own.
#include <emscripten.h>

#include <string>

#include <cstdint>

#include "core/config.h"
#include "core/digits.h"
#include "core/sweep.h"

namespace {
std::string g_out;
}

extern "C" {

// The digits asset (n bytes at p), for digits configs: "" or the error.
EMSCRIPTEN_KEEPALIVE const char* dp_sweep_provide_digits(const uint8_t* p, int n) {
  dp::DigitsTable t;
  g_out = dp::digits_from_bytes(p, n > 0 ? static_cast<size_t>(n) : 0, &t);
  if (g_out.empty()) dp::provide_digits(std::move(t));
  return g_out.c_str();
}

// The run of (dropout, seed) of config_json, or "!" and the error.
EMSCRIPTEN_KEEPALIVE const char* dp_sweep_run(const char* config_json, double dropout,
                                              double seed) {
  dp::Config base;
  std::string err = dp::config_from_json(config_json ? config_json : "", &base);
  const dp::SweepPoint point{dropout, static_cast<int64_t>(seed)};
  if (err.empty()) err = dp::validate(dp::sweep_config(base, point));
  if (!err.empty()) {
    g_out = "!" + err;
    return g_out.c_str();
  }
  dp::SweepRun run;
  dp::run_sweep_point(base, point, &run);
  g_out = dp::sweep_run_json(base, run).dump();
  return g_out.c_str();
}

}  // extern "C"
