// The app's scripting API, JSON in and out: the browser's window.playground
// (src/platform/web_api.cpp, web/) and tests drive the app through these.
// Config keys are the shared config JSON keys (dp::config_to_json).
#pragma once
#include <cstdint>
#include <string>

namespace app {

struct State;

// {config, epoch, step, running, done, curves: {epoch, train_loss, train_loss_eval,
//  val_loss, train_acc, val_acc, dropout, baseline: {...}}, masks, p_changes, notices}
std::string api_get_state(const State& s);
// {"ok":true} or {"ok":false,"error":"..."}; all or nothing.
std::string api_set_config(State& s, const std::string& partial_json);
void api_play(State& s);
void api_pause(State& s);
// n optimizer steps (batches) of the run and its twin; returns {"ok":true,"epoch":..,"step":..}.
std::string api_step(State& s, int n);
void api_restart(State& s);
std::string api_reseed(State& s, int64_t seed);

}  // namespace app
