// Writes the take-home notebooks (notebook.h). Each is a list of cells: markdown from
// messages.h, in the language set, and Python that a student can read from top to bottom.
// What the numbers must be is decided by the script's pieces (torch_export.h); what is
// written here is how they are laid out and drawn.
#include "core/notebook.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>

#include "core/loss.h"
#include "core/messages.h"
#include "core/mlp.h"
#include "core/optim.h"
#include "core/tensor_print.h"
#include "core/torch_export.h"

namespace dp {

namespace {

using Json = nlohmann::ordered_json;

std::string num(double v) { return python_float_repr(v); }

// A Python string literal of a text (JSON's escapes are Python's too).
std::string py(const std::string& text) { return Json(text).dump(); }

// A message as a Python format string literal: its {1}, {2}... become {0}, {1}... and
// other braces are doubled.
std::string py_format(Msg m) {
  std::string out;
  for (const char* c = message_template(m); *c; ++c) {
    if (c[0] == '{' && c[1] >= '1' && c[1] <= '9' && c[2] == '}') {
      out += {'{', static_cast<char>(c[1] - 1), '}'};
      c += 2;
    } else {
      out += std::string(*c == '{' || *c == '}' ? 2 : 1, *c);
    }
  }
  return py(out);
}

// The Python expression of the run's name in the plots: "p = 0.5".
std::string run_label() { return py_format(Msg::nb_label_run) + ".format(config.dropout)"; }

// The end of every plot cell: the axes' names, the grid, the legend, show.
std::string plot_end(const std::string& xlabel, Msg ylabel, const std::string& legend = "") {
  return "ax.set_xlabel(" + xlabel + ")\nax.set_ylabel(" + py(say(ylabel)) +
         ")\nax.grid(alpha=0.15)\nax.legend(" + legend + ")\nplt.show()\n";
}

// A number recorded by the playground, as JSON (null when it is not finite).
Json recorded(double v) { return std::isfinite(v) ? Json(v) : Json(nullptr); }

// The cells of one notebook, in order.
class Notebook {
 public:
  void markdown(const std::string& text) { add("markdown", text, false); }
  // hidden: the source starts folded in JupyterLab (long literal data).
  void code(const std::string& text, bool hidden = false) { add("code", text, hidden); }

  std::string text() const {
    Json nb = {{"cells", cells_},
               {"metadata",
                {{"kernelspec", {{"display_name", "Python 3"}, {"language", "python"}, {"name", "python3"}}},
                 {"language_info", {{"name", "python"}}}}},
               {"nbformat", 4},
               {"nbformat_minor", 5}};
    return nb.dump(1, ' ', false, Json::error_handler_t::replace) + "\n";
  }

 private:
  void add(const char* type, std::string text, bool hidden) {
    while (!text.empty() && text.back() == '\n') text.pop_back();
    Json lines = Json::array();
    size_t i = 0;
    while (i <= text.size()) {
      const size_t nl = text.find('\n', i);
      if (nl == std::string::npos) {
        lines.push_back(text.substr(i));
        break;
      }
      lines.push_back(text.substr(i, nl - i + 1));
      i = nl + 1;
    }
    Json meta = Json::object();
    if (hidden) meta["jupyter"] = {{"source_hidden", true}};
    Json cell = {{"cell_type", type}, {"id", "cell-" + std::to_string(cells_.size() + 1)}, {"metadata", meta}};
    if (std::string(type) == "code") {
      cell["execution_count"] = nullptr;
      cell["outputs"] = Json::array();
    }
    cell["source"] = lines;
    cells_.push_back(cell);
  }
  Json cells_ = Json::array();
};

// ---- What every notebook starts with ----

std::string dataset_name(const Config& cfg) { return cfg.has_xy ? "x, y" : cfg.data; }

std::string p_text(const Config& cfg) {
  if (cfg.dropout_layers.empty()) return num(cfg.dropout);
  std::string s;
  for (size_t i = 0; i < cfg.dropout_layers.size(); ++i) s += (i ? ", " : "") + num(cfg.dropout_layers[i]);
  return s;
}

// The title, the introduction, the config as a table and the link back.
void intro(Notebook& nb, const Config& cfg, const std::string& title, const std::string& text,
           const std::string& link) {
  std::ostringstream s;
  s << "# " << title << "\n\n" << text << "\n\n" << say(Msg::nb_config) << "\n\n| "
    << say(Msg::nb_field) << " | " << say(Msg::nb_value) << " |\n|---|---|\n";
  // A value as a student reads it: spiral, 0.5, [2, 96, 96, 3].
  const auto shown = [](const Json& v) {
    if (v.is_string()) {  // a free name: nothing that would end the table's cell
      std::string t = message_text(v.get<std::string>(), 80);
      std::replace(t.begin(), t.end(), '|', '/');
      std::replace(t.begin(), t.end(), '`', '\'');
      return t;
    }
    if (!v.is_array()) return v.dump();
    std::string out = "[";
    for (size_t k = 0; k < v.size(); ++k) out += (k ? ", " : "") + v[k].dump();
    return out + "]";
  };
  const Json j = Json::parse(config_to_json(cfg));
  const OptimizerInfo* o = find_optimizer(cfg.optimizer.name);
  for (auto it = j.begin(); it != j.end(); ++it) {
    if (it.key() == "x" || it.key() == "y" || (it.key() == "name" && cfg.name.empty())) continue;
    if (it.value().is_object()) {  // the optimizer: its name and the parameters it takes
      for (auto p = it.value().begin(); p != it.value().end(); ++p) {
        if (p.key() != "name" && o && std::find(o->params.begin(), o->params.end(), p.key()) == o->params.end())
          continue;
        s << "| `" << it.key() << "." << p.key() << "` | `" << shown(p.value()) << "` |\n";
      }
    } else {
      s << "| `" << it.key() << "` | `" << shown(it.value()) << "` |\n";
    }
  }
  if (!link.empty()) s << "\n" << say(Msg::nb_link, {"[" + link + "](" + link + ")"}) << "\n";
  nb.markdown(s.str());
}

// The step-0 entry of a schedule is the run's start (a change made before its first step):
// it is folded into the config; the others are replayed by the loop.
Config start_config(const Config& cfg, const std::vector<ScheduleChange>& schedule) {
  Config c = cfg;
  for (const ScheduleChange& ch : schedule) {
    if (ch.step != 0) continue;
    bool same = true;
    for (double p : ch.hidden) same = same && p == ch.hidden.front();
    if (same && cfg.dropout_layers.empty())
      set_hidden_dropout(c, ch.hidden.empty() ? ch.dropout : ch.hidden.front());
    else
      c.dropout_layers = ch.hidden;
    c.input_dropout = ch.input;
    c.optimizer.lr = ch.lr;
  }
  return c;
}

// {step: ([p of each nn.Dropout in forward order], lr)} of the changes after step 0.
std::string schedule_text(const char* name, const Config& cfg, const std::vector<ScheduleChange>& schedule,
                          bool input_drop, bool zero_p) {
  std::ostringstream s;
  s << name << " = {";
  bool first = true;
  for (const ScheduleChange& c : schedule) {
    if (c.step == 0) continue;
    std::vector<double> ps;
    if (input_drop) ps.push_back(zero_p ? 0.0 : c.input);
    for (size_t l = 0; l + 2 < cfg.sizes.size(); ++l)
      ps.push_back(zero_p ? 0.0 : c.hidden.empty() ? c.dropout : c.hidden[l]);
    s << (first ? "" : ", ") << c.step << ": ([";
    for (size_t k = 0; k < ps.size(); ++k) s << (k ? ", " : "") << num(ps[k]);
    s << "], " << num(c.lr) << ")";
    first = false;
  }
  s << "}\n";
  return s.str();
}

int changes_after_start(const std::vector<ScheduleChange>& schedule) {
  int n = 0;
  for (const ScheduleChange& c : schedule) n += c.step != 0;
  return n;
}

// The libraries, the config and the playground's colours.
void setup(Notebook& nb, const Config& cfg, bool per_layer, bool mc) {
  nb.markdown(say(Msg::nb_setup));
  std::ostringstream s;
  s << "import json\nimport math\nimport types\n\nimport matplotlib.pyplot as plt\n"
    << "from matplotlib.colors import ListedColormap\nimport torch\nimport torch.nn as nn\n"
    << "import torch.nn.functional as F\n\n"
    << "torch.set_num_threads(1)\n\n"
    << "config = types.SimpleNamespace(\n";
  if (per_layer) {
    s << "    dropout=[" << p_text(cfg) << "],  # the p of each hidden layer's nn.Dropout\n";
  } else {
    s << "    dropout=" << num(cfg.dropout) << ",  # p: drop = nn.Dropout(config.dropout)\n";
  }
  s << "    input_dropout=" << num(cfg.input_dropout) << ",  # p of the nn.Dropout on the inputs\n"
    << "    seed=" << cfg.seed << ",  # torch.manual_seed(config.seed)\n"
    << "    epochs=" << cfg.epochs << ",\n"
    << "    batch=" << cfg.batch << ",  # minibatch size\n"
    << "    lr=" << num(cfg.optimizer.lr) << ",  # learning rate\n";
  if (mc)
    s << "    mc_samples=" << cfg.mc_samples << ",  # T, the passes MC dropout averages\n"
      << "    mc_seed=" << cfg.mc_seed << ",  # torch.manual_seed(config.mc_seed) for their masks\n";
  s << ")\n\n"
    << "plt.style.use(\"dark_background\")\n"
    << "RUN, TWIN = \"#56B4E9\", \"#E69F00\"  # the playground's colours: the run, its p = 0 twin\n"
    << "CLASSES = [\"#3885FA\", \"#FA8F2E\", \"#4DCC6B\", \"#D161D9\"]\n";
  nb.code(s.str());
}

void data(Notebook& nb, const Config& cfg, const Dataset& d) {
  const bool digits = !cfg.has_xy && dataset_is_image(cfg.data);
  nb.markdown(say(digits ? Msg::nb_data_digits : Msg::nb_data,
                  {std::to_string(cfg.n_train), std::to_string(cfg.n_val)}));
  nb.code(torch_data_text(cfg, d) + "N_TRAIN = " + std::to_string(cfg.n_train) +
              "\nXtr, Ytr, Xva, Yva = X[:N_TRAIN], Y[:N_TRAIN], X[N_TRAIN:], Y[N_TRAIN:]\n"
              "print(\"X:\", tuple(X.shape), \"Y:\", tuple(Y.shape))\n",
          !digits);
}

// make_model, the loss and train(config, schedule): the textbook loop.
void model_and_loop(Notebook& nb, const Config& cfg, bool per_layer, bool input_drop, bool stop) {
  nb.markdown(say(Msg::nb_model));
  const ActivationInfo* act = find_activation(cfg.activation);
  std::ostringstream s;
  s << "def make_model(config):\n    return nn.Sequential(\n";
  if (input_drop) s << "        nn.Dropout(config.input_dropout),  # on the inputs\n";
  for (size_t l = 0; l + 1 < cfg.sizes.size(); ++l) {
    s << "        nn.Linear(" << cfg.sizes[l] << ", " << cfg.sizes[l + 1] << ")";
    if (l + 2 < cfg.sizes.size()) {
      s << ", " << act->torch_module << ", nn.Dropout(config.dropout";
      if (per_layer) s << "[" << l << "]";
      s << ")";
    }
    s << ",\n";
  }
  s << "    )\n\n" << torch_loss_text(cfg);
  const bool cls = is_classification(cfg);
  s << "def keep_mask(masks):\n"
    << "    # A forward hook: the mask a Dropout drew (1 kept, 0 dropped; a unit that was\n"
    << "    # already 0 reads as kept).\n"
    << "    def hook(drop, inputs, output):\n"
    << "        masks.append((drop.p, ((output != 0) | (inputs[0] == 0)).float()))\n"
    << "    return hook\n\n"
    << "def train(config, schedule" << (stop ? ", stop_after=None" : "") << "):\n"
    << "    torch.manual_seed(config.seed)  # the initial weights, then every batch order and mask\n"
    << "    model = make_model(config)\n"
    << "    drops = [m for m in model if isinstance(m, nn.Dropout)]\n"
    << "    opt = " << torch_optimizer_text(cfg, "config.lr") << "\n"
    << "    history, first_masks, step = [], [], 0\n"
    << "    for epoch in range(config.epochs):\n"
    << "        model.train()  # dropout on\n"
    << "        perm = torch.randperm(N_TRAIN)  # this epoch's minibatch order\n"
    << "        batch_losses = []\n"
    << "        for b in range(0, N_TRAIN, config.batch):\n"
    << "            if step in schedule:  # p or lr changed here during the run\n"
    << "                ps, lr = schedule[step]\n"
    << "                for drop, p in zip(drops, ps):\n"
    << "                    drop.p = p\n"
    << "                for group in opt.param_groups:\n"
    << "                    group[\"lr\"] = lr\n";
  if (stop) s << "            if step == stop_after:\n                break\n";
  s << "            idx = perm[b:b + config.batch]\n"
    << "            hooks = [d.register_forward_hook(keep_mask(first_masks)) for d in drops] if step == 0 else []\n"
    << "            loss = loss_fn(model(Xtr[idx]), Ytr[idx])\n"
    << "            for h in hooks:\n"
    << "                h.remove()\n"
    << "            opt.zero_grad()\n"
    << "            loss.backward()\n"
    << "            opt.step()\n"
    << "            batch_losses.append(loss.item())\n"
    << "            step += 1\n";
  if (stop)
    s << "        if len(batch_losses) < math.ceil(N_TRAIN / config.batch):\n"
      << "            break  # stopped within this epoch: it has no record\n";
  s << "        model.eval()  # dropout off: the whole network, as trained\n"
    << "        with torch.no_grad():\n"
    << "            out_tr, out_va = model(Xtr), model(Xva)\n"
    << "            record = {\"epoch\": epoch + 1,\n"
    << "                      \"train_loss\": sum(batch_losses) / len(batch_losses),\n"
    << "                      \"train_loss_eval\": loss_fn(out_tr, Ytr).item(),\n"
    << "                      \"val_loss\": loss_fn(out_va, Yva).item()}\n";
  if (cls) s << "            record[\"val_acc\"] = accuracy(out_va, Yva)\n";
  s << "        history.append(record)\n"
    << "    return model, history, first_masks\n";
  nb.code(s.str());
}

// The closing check: the playground's numbers, and the comparison with this notebook's.
void check_cell(Notebook& nb, const Json& recorded_numbers, const std::string& pairs) {
  nb.markdown(say(Msg::nb_check));
  std::ostringstream s;
  s << "RECORDED = json.loads(r'''" << recorded_numbers.dump(-1, ' ', false, Json::error_handler_t::replace)
    << "''')\n\n"
    << "MATCH = " << py_format(Msg::nb_check_match) << "\n"
    << "DIFFER = " << py_format(Msg::nb_check_differ) << "\n\n"
    << "DRIFT = " << py_format(Msg::nb_check_drift) << "\n\n"
    << "def check(pairs):\n"
    << "    # pairs: (where, epoch or None, this notebook's number, the playground's; None: it\n"
    << "    # was not finite). The largest relative difference, and the first epoch past 1e-4.\n"
    << "    worst, at, first_off = 0.0, \"\", None\n"
    << "    for where, epoch, got, want in pairs:\n"
    << "        if want is None or not math.isfinite(got):\n"
    << "            diff = 0.0 if want is None and not math.isfinite(got) else math.inf\n"
    << "        else:\n"
    << "            diff = abs(got - want) / max(abs(want), 1e-30)\n"
    << "        if diff > worst:\n"
    << "            worst, at = diff, where\n"
    << "        if diff > 1e-4 and epoch is not None and (first_off is None or epoch < first_off):\n"
    << "            first_off = epoch\n"
    << "    if worst <= 1e-4:\n"
    << "        print(MATCH.format(len(pairs), f\"{worst:.1e}\"))\n"
    << "    elif first_off is not None and first_off > 1:\n"
    << "        print(DRIFT.format(first_off - 1, f\"{worst:.1e}\", at))\n"
    << "    else:\n"
    << "        print(DIFFER.format(f\"{worst:.1e}\", at))\n\n"
    << "KEYS = (\"train_loss\", \"train_loss_eval\", \"val_loss\")\n\n"
    << "def epoch_pairs(name, history, rows):\n"
    << "    return [(f\"{name}, epoch {row[0]}, {key}\", row[0], history[row[0] - 1][key] if row[0] <= len(history) else math.nan, want)\n"
    << "            for row in rows for key, want in zip(KEYS, row[1:])]\n\n"
    << pairs;
  nb.code(s.str());
}

// [[epoch, train_loss, train_loss_eval, val_loss], ...]
Json epoch_rows(const std::vector<EpochStats>& epochs) {
  Json rows = Json::array();
  for (const EpochStats& e : epochs)
    rows.push_back({e.epoch, recorded(e.train_loss), recorded(e.train_loss_eval), recorded(e.val_loss)});
  return rows;
}

// The loss curves: line style tells the metric, colour the run (as the Curves panel).
std::string curves_code(bool twin, const std::string& marks) {
  std::ostringstream s;
  s << "runs = [(history, RUN, " << run_label() << ")]\n";
  if (twin) s << "runs.append((twin_history, TWIN, " << py(say(Msg::nb_label_twin)) << "))\n";
  s << "styles = [(\"val_loss\", \"-\", 2.4, " << py(say(Msg::nb_label_val)) << "),\n"
    << "          (\"train_loss_eval\", \"--\", 1.4, " << py(say(Msg::nb_label_train_eval)) << "),\n"
    << "          (\"train_loss\", \":\", 1.2, " << py(say(Msg::nb_label_train)) << ")]\n"
    << "fig, ax = plt.subplots(figsize=(9, 5))\n"
    << "for h, colour, name in runs:\n"
    << "    epochs = [r[\"epoch\"] for r in h]\n"
    << "    for key, ls, lw, what in styles:\n"
    << "        ax.plot(epochs, [r[key] for r in h], color=colour, ls=ls, lw=lw, label="
    << py_format(Msg::nb_label_curve) << ".format(name, what))\n"
    << marks << plot_end(py(say(Msg::nb_label_epoch)), Msg::nb_label_loss, "fontsize=8");
  return s.str();
}

std::string masks_code() {
  std::ostringstream s;
  s << "shown = [(p, m) for p, m in first_masks if p > 0]\n"
    << "fig, axes = plt.subplots(1, max(1, len(shown)), figsize=(4.5 * max(1, len(shown)), 3.2), squeeze=False)\n"
    << "for k, (ax, (p, mask)) in enumerate(zip(axes[0], shown)):\n"
    << "    ax.imshow(mask, cmap=ListedColormap([\"#26262e\", RUN]), vmin=0, vmax=1, aspect=\"auto\", interpolation=\"nearest\")\n"
    << "    ax.set_title(" << py(say(Msg::nb_label_layer, {"{0}", "{1}", "{2}"}))
    << ".format(k + 1, int((mask == 0).sum()), mask.numel()), fontsize=9)\n"
    << "    ax.set_xlabel(" << py(say(Msg::nb_label_unit)) << ")\n"
    << "    ax.set_ylabel(" << py(say(Msg::nb_label_sample)) << ")\n"
    << "plt.show()\n";
  return s.str();
}

// The decision regions (2-D classification) or the fitted curves (1-D regression) of the
// trained models, in eval mode; "" for other data.
std::string regions_code(const Config& cfg, const Dataset& d, bool twin) {
  const LossInfo* loss = find_loss(cfg.loss);
  std::ostringstream s;
  if (d.dim == 2 && loss->classification) {
    s << "def predict_class(out):\n    return " << loss->torch_pred << "\n\n"
      << "lo, hi = X.min(0).values - 0.3, X.max(0).values + 0.3\n"
      << "g0, g1 = torch.meshgrid(torch.linspace(lo[0], hi[0], 200), torch.linspace(lo[1], hi[1], 200), indexing=\"xy\")\n"
      << "grid = torch.stack([g0.reshape(-1), g1.reshape(-1)], 1)\n"
      << "models = [(model, " << run_label() << ")]\n";
    if (twin) s << "models.append((twin, " << py(say(Msg::nb_label_twin)) << "))\n";
    s << "fig, axes = plt.subplots(1, len(models), figsize=(5.5 * len(models), 5), squeeze=False)\n"
      << "k = int(Y.max()) + 1\n"
      << "for ax, (m, name) in zip(axes[0], models):\n"
      << "    m.eval()\n"
      << "    with torch.no_grad():\n"
      << "        regions = predict_class(m(grid)).reshape(g0.shape)\n"
      << "    ax.contourf(g0, g1, regions, levels=[i - 0.5 for i in range(k + 1)], colors=CLASSES[:k], alpha=0.35)\n"
      << "    ax.scatter(Xtr[:, 0], Xtr[:, 1], c=[CLASSES[int(c)] for c in Ytr], s=14, edgecolors=\"black\", linewidths=0.5)\n"
      << "    ax.set_title(name)\n"
      << "plt.show()\n";
  } else if (d.dim == 1 && !loss->classification) {
    s << "xs = torch.linspace(float(X.min()) - 0.5, float(X.max()) + 0.5, 300).reshape(-1, 1)\n"
      << "fig, ax = plt.subplots(figsize=(9, 4.5))\n"
      << "ax.scatter(Xtr[:, 0], Ytr, s=12, color=\"white\", alpha=0.7)\n"
      << "models = [(model, RUN, " << run_label() << ")]\n";
    if (twin) s << "models.append((twin, TWIN, " << py(say(Msg::nb_label_twin)) << "))\n";
    s << "for m, colour, name in models:\n"
      << "    m.eval()\n"
      << "    with torch.no_grad():\n"
      << "        ax.plot(xs[:, 0], m(xs)[:, 0], color=colour, lw=2, label=name)\n"
      << "ax.legend()\n"
      << "plt.show()\n";
  }
  return s.str();
}

}  // namespace

RecordedRun recorded_run(const Trainer& t) { return {t.epochs(), t.schedule()}; }

std::string export_run_notebook(const Config& run_cfg, const Dataset& d, const RecordedRun& run,
                                const RecordedRun* twin, const std::string& link) {
  const Config cfg = start_config(run_cfg, run.schedule);
  const bool per_layer = !cfg.dropout_layers.empty();
  const bool input_drop = torch_has_input_dropout(run_cfg, run.schedule);
  Notebook nb;
  std::string text = say(Msg::nb_intro_run);
  if (changes_after_start(run.schedule) > 0)
    text += "\n\n" + say(Msg::nb_changes, {std::to_string(changes_after_start(run.schedule))});
  intro(nb, cfg, say(Msg::nb_title_run, {p_text(cfg), dataset_name(cfg)}), text, link);
  setup(nb, cfg, per_layer, false);
  data(nb, cfg, d);
  model_and_loop(nb, cfg, per_layer, input_drop, false);

  nb.markdown(say(twin ? Msg::nb_train : Msg::nb_train_no_twin));
  std::ostringstream s;
  s << schedule_text("SCHEDULE", cfg, run.schedule, input_drop, false);
  if (twin) s << schedule_text("TWIN_SCHEDULE", cfg, twin->schedule, input_drop, true);
  s << "\nmodel, history, first_masks = train(config, SCHEDULE)\n"
    << "print(\"p = \" + str(config.dropout) + \": \" + json.dumps(history[-1]))\n";
  if (twin)
    s << "twin_config = types.SimpleNamespace(**{**vars(config), \"dropout\": "
      << (per_layer ? "[0.0] * len(config.dropout)" : "0.0") << ", \"input_dropout\": 0.0})\n"
      << "twin, twin_history, _ = train(twin_config, TWIN_SCHEDULE)\n"
      << "print(\"p = 0: \" + json.dumps(twin_history[-1]))\n";
  nb.code(s.str());

  // Where p or lr changed: a thin line at that epoch, as the Curves panel marks them.
  const std::string marks =
      "batches = math.ceil(N_TRAIN / config.batch)\n"
      "for step in SCHEDULE:\n"
      "    ax.axvline(step / batches, color=\"white\", alpha=0.35, lw=0.8)\n";
  nb.markdown(say(Msg::nb_curves));
  nb.code(curves_code(twin != nullptr, marks));
  nb.markdown(say(Msg::nb_masks));
  nb.code(masks_code());
  const std::string regions = regions_code(cfg, d, twin != nullptr);
  if (!regions.empty()) {
    nb.markdown(say(d.dim == 2 ? Msg::nb_regions : Msg::nb_curve_fit));
    nb.code(regions);
  }
  if (!cfg.has_xy && dataset_is_image(cfg.data)) {
    // The digits: the validation images the run gets wrong, as the data view's gallery.
    nb.markdown(say(Msg::nb_wrong_digits));
    nb.code("model.eval()\n"
            "with torch.no_grad():\n"
            "    pred = model(Xva).argmax(1)\n"
            "wrong = (pred != Yva).nonzero().flatten()[:16].tolist()\n"
            "print(" + py_format(Msg::nb_label_wrong) + ".format(int((pred != Yva).sum()), len(Yva)))\n"
            "fig, axes = plt.subplots(2, 8, figsize=(10, 3))\n"
            "for ax in axes.flat:\n"
            "    ax.axis(\"off\")\n"
            "for ax, i in zip(axes.flat, wrong):\n"
            "    ax.imshow(Xva[i].reshape(8, 8), cmap=\"gray\", vmin=0, vmax=1)\n"
            "    ax.set_title(f\"{int(Yva[i])} \u2192 {int(pred[i])}\", fontsize=9)\n"
            "plt.show()\n");
  }
  Json rec = {{"run", epoch_rows(run.epochs)}};
  if (twin) rec["twin"] = epoch_rows(twin->epochs);
  check_cell(nb, rec,
             std::string("check(epoch_pairs(\"run\", history, RECORDED[\"run\"])") +
                 (twin ? " + epoch_pairs(\"twin\", twin_history, RECORDED[\"twin\"])" : "") + ")\n");
  return nb.text();
}

std::string export_sweep_notebook(const Config& cfg, const Dataset& d, const std::vector<double>& ps,
                                  int seeds, const std::vector<SweepRun>& runs, const std::string& link) {
  Notebook nb;
  intro(nb, cfg, say(Msg::nb_title_sweep, {dataset_name(cfg)}),
        say(Msg::nb_intro_sweep, {std::to_string(ps.size()), std::to_string(seeds)}), link);
  setup(nb, cfg, false, false);
  data(nb, cfg, d);
  const bool input_drop = cfg.input_dropout > 0;
  model_and_loop(nb, cfg, false, input_drop, false);

  nb.markdown(say(Msg::nb_sweep, {std::to_string(ps.size() * static_cast<size_t>(seeds)),
                                  std::to_string(cfg.epochs)}));
  std::ostringstream s;
  s << "P_VALUES = [";
  for (size_t i = 0; i < ps.size(); ++i) s << (i ? ", " : "") << num(ps[i]);
  s << "]\nSEEDS = [";
  for (int k = 0; k < seeds; ++k) s << (k ? ", " : "") << cfg.seed + k;
  s << "]  # config.seed, config.seed + 1, ...\n\n"
    << "results = {}\n"
    << "for p in P_VALUES:\n"
    << "    for seed in SEEDS:\n"
    << "        point = types.SimpleNamespace(**{**vars(config), \"dropout\": p, \"seed\": seed})\n"
    << "        _, results[(p, seed)], _ = train(point, {})\n"
    << "        print(f\"p = {p}, seed {seed}: \" + json.dumps(results[(p, seed)][-1]))\n";
  nb.code(s.str());

  nb.markdown(say(Msg::nb_u_curve));
  std::ostringstream u;
  u << "def mean(values):\n    return sum(values) / len(values)\n\n"
    << "final = {p: [results[(p, seed)][-1][\"val_loss\"] for seed in SEEDS] for p in P_VALUES}\n"
    << "best = {p: [min(r[\"val_loss\"] for r in results[(p, seed)]) for seed in SEEDS] for p in P_VALUES}\n"
    << "m = [mean(final[p]) for p in P_VALUES]\n"
    << "fig, ax = plt.subplots(figsize=(8, 4.5))\n"
    << "ax.errorbar(P_VALUES, m, yerr=[[v - min(final[p]) for v, p in zip(m, P_VALUES)],\n"
    << "                                [max(final[p]) - v for v, p in zip(m, P_VALUES)]],\n"
    << "            fmt=\"o-\", color=RUN, capsize=3, label=" << py(say(Msg::nb_label_final_val)) << ")\n"
    << "ax.plot(P_VALUES, [mean(best[p]) for p in P_VALUES], \"s--\", color=\"#9a9aa6\", label="
    << py(say(Msg::nb_label_best_val)) << ")\n"
    << "best_p = P_VALUES[m.index(min(m))]\n"
    << "ax.axvline(best_p, color=TWIN, alpha=0.6, lw=1)\n"
    << plot_end("\"p\"", Msg::nb_label_loss) << "print(\"best p:\", best_p)\n";
  nb.code(u.str());

  Json rec = Json::array();
  for (const SweepRun& r : runs)
    rec.push_back({{"p", r.point.dropout}, {"seed", r.point.seed}, {"epochs", epoch_rows(r.epochs)}});
  check_cell(nb, rec,
             "check([pair for r in RECORDED\n"
             "       for pair in epoch_pairs(f\"p = {r['p']}, seed {r['seed']}\", results[(r[\"p\"], r[\"seed\"])], r[\"epochs\"])])\n");
  return nb.text();
}

std::string export_mc_notebook(const Config& run_cfg, const Dataset& d, const RecordedRun& run,
                               long steps, bool run_done, const std::vector<double>& val_loss_by_t,
                               const std::string& link) {
  const Config cfg = start_config(run_cfg, run.schedule);
  const bool per_layer = !cfg.dropout_layers.empty();
  const bool input_drop = torch_has_input_dropout(run_cfg, run.schedule);
  const LossInfo* loss = find_loss(cfg.loss);
  Notebook nb;
  intro(nb, cfg, say(Msg::nb_title_mc, {dataset_name(cfg)}),
        say(Msg::nb_intro_mc, {std::to_string(cfg.mc_samples)}), link);
  setup(nb, cfg, per_layer, true);
  data(nb, cfg, d);
  model_and_loop(nb, cfg, per_layer, input_drop, true);

  nb.markdown(say(Msg::nb_train_no_twin));
  std::ostringstream s;
  s << schedule_text("SCHEDULE", cfg, run.schedule, input_drop, false)
    << "STOP_AFTER = " << (run_done ? std::string("None") : std::to_string(steps))
    << "  # the optimizer steps the playground's run had made\n\n"
    << "model, history, _ = train(config, SCHEDULE, stop_after=STOP_AFTER)\n"
    << "print(json.dumps(history[-1]) if history else \"\")\n";
  nb.code(s.str());

  nb.markdown(say(Msg::nb_mc));
  std::ostringstream m;
  m << "def mc_passes(model, x):\n"
    << "    # T passes with dropout on, from a generator of their own: the run is untouched.\n"
    << "    with torch.random.fork_rng(devices=[]):\n"
    << "        torch.manual_seed(config.mc_seed)\n"
    << "        model.train()\n"
    << "        with torch.no_grad():\n"
    << "            outs = torch.stack([model(x) for _ in range(config.mc_samples)])\n"
    << "    model.eval()\n"
    << "    return outs.double()  # (T, rows, outputs)\n\n"
    << "outs = mc_passes(model, Xva)\n"
    << "t = torch.arange(1, config.mc_samples + 1, dtype=torch.float64)\n";
  switch (loss->kind) {
    case LossKind::CrossEntropy:
      m << "probs = torch.softmax(outs, -1)\n"
        << "cum = torch.cumsum(probs, 0) / t.view(-1, 1, 1)  # the mean of the first t passes\n"
        << "mc_loss = [float(F.nll_loss(torch.log(c), Yva)) for c in cum]\n";
      break;
    case LossKind::BceWithLogits:
      m << "probs = torch.sigmoid(outs[..., 0])\n"
        << "cum = torch.cumsum(probs, 0) / t.view(-1, 1)  # the mean of the first t passes\n"
        << "mc_loss = [float(F.binary_cross_entropy(c, Yva.double())) for c in cum]\n";
      break;
    case LossKind::Mse:
      m << "cum = torch.cumsum(outs, 0) / t.view(-1, 1, 1)  # the mean of the first t passes\n"
        << "mc_loss = [float(F.mse_loss(c.squeeze(1), Yva.double())) for c in cum]\n";
      break;
  }
  m << "with torch.no_grad():\n"
    << "    eval_loss = loss_fn(model(Xva), Yva).item()  # one pass, dropout off\n"
    << "print(f\"MC average of {config.mc_samples}: {mc_loss[-1]:.4f}, eval mode: {eval_loss:.4f}\")\n";
  nb.code(m.str());

  nb.markdown(say(Msg::nb_mc_loss));
  nb.code("fig, ax = plt.subplots(figsize=(8, 4.5))\n"
          "ax.plot(range(1, len(mc_loss) + 1), mc_loss, color=RUN, lw=2, label=" + py(say(Msg::nb_label_mc)) + ")\n"
          "ax.axhline(eval_loss, color=TWIN, ls=\"--\", lw=1.5, label=" + py(say(Msg::nb_label_eval)) + ")\n" +
          plot_end(py(say(Msg::nb_label_passes)), Msg::nb_label_loss));
  if (d.dim == 2 && loss->classification) {
    nb.markdown(say(Msg::nb_mc_map));
    std::ostringstream g;
    g << "lo, hi = X.min(0).values - 0.3, X.max(0).values + 0.3\n"
      << "g0, g1 = torch.meshgrid(torch.linspace(lo[0], hi[0], 80), torch.linspace(lo[1], hi[1], 80), indexing=\"xy\")\n"
      << "grid = torch.stack([g0.reshape(-1), g1.reshape(-1)], 1)\n"
      << "outs = mc_passes(model, grid)\n";
    if (loss->kind == LossKind::CrossEntropy)
      g << "p = torch.softmax(outs, -1).mean(0)\nentropy = -torch.special.xlogy(p, p).sum(-1)\n";
    else
      g << "p = torch.sigmoid(outs[..., 0]).mean(0)\n"
        << "entropy = -(torch.special.xlogy(p, p) + torch.special.xlogy(1 - p, 1 - p))\n";
    g << "fig, ax = plt.subplots(figsize=(6.5, 5.5))\n"
      << "im = ax.pcolormesh(g0, g1, entropy.reshape(g0.shape), cmap=\"magma\", shading=\"auto\")\n"
      << "ax.scatter(Xtr[:, 0], Xtr[:, 1], c=[CLASSES[int(c)] for c in Ytr], s=12, edgecolors=\"black\", linewidths=0.5)\n"
      << "fig.colorbar(im, ax=ax, label=" << py(say(Msg::nb_label_entropy)) << ")\n"
      << "plt.show()\n";
    nb.code(g.str());
  } else if (d.dim == 1 && !loss->classification) {
    nb.markdown(say(Msg::nb_mc_band));
    nb.code("xs = torch.linspace(float(X.min()) - 1.0, float(X.max()) + 1.0, 300).reshape(-1, 1)\n"
            "outs = mc_passes(model, xs)[..., 0]\n"
            "mean, std = outs.mean(0), outs.std(0, unbiased=False)\n"
            "fig, ax = plt.subplots(figsize=(9, 4.5))\n"
            "ax.fill_between(xs[:, 0], mean - 2 * std, mean + 2 * std, color=RUN, alpha=0.3, label=" +
            py(say(Msg::nb_label_band)) + ")\n"
            "ax.plot(xs[:, 0], mean, color=RUN, lw=2, label=" + py(say(Msg::nb_label_mean)) + ")\n"
            "ax.scatter(Xtr[:, 0], Ytr, s=12, color=\"white\", alpha=0.7)\n"
            "ax.legend()\nplt.show()\n");
  }
  Json by_t = Json::array();
  for (size_t i = 0; i < val_loss_by_t.size(); ++i) by_t.push_back({i + 1, recorded(val_loss_by_t[i])});
  check_cell(nb, {{"run", epoch_rows(run.epochs)}, {"mc", by_t}},
             "check(epoch_pairs(\"run\", history, RECORDED[\"run\"])\n"
             "      + [(f\"MC, t = {t}\", None, mc_loss[t - 1], want) for t, want in RECORDED[\"mc\"]])\n");
  return nb.text();
}

}  // namespace dp
