// The app's scripting API, JSON in and out: the browser's window.playground
// (src/platform/web_api.cpp, web/) and tests drive the app through these.
// Config keys are the shared config JSON keys (dp::config_to_json).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace app {

struct State;

// {config, epoch, step, running, done, curves: {epoch, train_loss, train_loss_eval,
//  val_loss, train_acc, val_acc, dropout, baseline: {...}}, masks, p_changes, notices}
std::string api_get_state(const State& s);
// {"ok":true} or {"ok":false,"error":"..."}; all or nothing.
std::string api_set_config(State& s, const std::string& partial_json);
// The config from a page URL's query ("?dataset=moons&dropout=0.3", dp::config_apply_query):
// bad parameters are skipped and named in the returned notices (also shown in the
// Controls). ui_names are the page's own parameters, left alone; embed, panels and
// controls set the view (app/view.h). The run restarts from the link's config. {"ok", "notices"}.
std::string api_apply_query(State& s, const std::string& query,
                            const std::vector<std::string>& ui_names);
// The page URL with the config in force as query: opening it reproduces the run
// (the Share button copies it; "" + "?..." on the desktop).
std::string api_share_url(const State& s);
void api_play(State& s);
void api_pause(State& s);
// n optimizer steps (batches) of the run and its twin; returns {"ok":true,"epoch":..,"step":..}.
std::string api_step(State& s, int n);
void api_restart(State& s);
std::string api_reseed(State& s, int64_t seed);

// Exports (window.playground.exportCSV() ..., the Export buttons).
// Per-epoch curves of the run and its p = 0 twin (dp::curves_csv).
std::string api_export_csv(const State& s);
// The take-home PyTorch script of the run so far: the config it started from and the
// changes of p / lr made during it (the trainer's schedule), so the script reproduces
// exactly the curves shown.
std::string api_export_torch_script(const State& s);
// The config in force as the shared config JSON (indented).
std::string api_export_config(const State& s);
// A complete config JSON (as exportConfig gives, or the CLI's --config files): the run
// restarts from it. {"ok":true} or {"ok":false,"error"}; on error nothing changes.
std::string api_import_config(State& s, const std::string& json_text);

}  // namespace app
