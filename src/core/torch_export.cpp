// Writes the take-home PyTorch script for a config: readable for a student (the
// model as an explicit nn.Sequential, the optimizer call spelled out), exact for a
// test (data as literal float32 values, the canonical loop of the reference program,
// the trace JSON printed on stdout). Modules, losses and the optimizer call come from
// the name tables (mlp.h, loss.h, optim.h) and the field table (config.h).
#include "core/torch_export.h"

#include <cstdio>
#include <cstdlib>
#include <sstream>
#include <stdexcept>

#include "core/data.h"
#include "core/loss.h"
#include "core/mlp.h"
#include "core/optim.h"
#include "core/tensor_print.h"

namespace dp {

namespace {

// The shortest decimal that Python reads back (via double, then torch's float32
// conversion) as exactly v.
std::string float32_literal(float v) {
  // The fewest significant digits that read back as v (9 always do). More digits never
  // stop reading back, so the search starts at 7, where most data values are.
  char buf[64];
  auto reads_back = [&](int prec) {
    std::snprintf(buf, sizeof buf, "%.*g", prec, static_cast<double>(v));
    return static_cast<float>(std::strtod(buf, nullptr)) == v;
  };
  int prec = 7;
  if (reads_back(prec)) {
    while (prec > 1 && reads_back(prec - 1)) --prec;
  } else {
    prec = reads_back(8) ? 8 : 9;
  }
  std::snprintf(buf, sizeof buf, "%.*g", prec, static_cast<double>(v));
  std::string s = buf;
  if (s.find_first_of(".eEn") == std::string::npos) s += ".0";  // "3" -> "3.0"
  return s;
}

std::string num(double v) { return python_float_repr(v); }

// One keyword argument as Python writes it: lr=0.1, nesterov=False, betas=(0.9, 0.999).
std::string python_value(const Field& f, const Config& c) {
  const nlohmann::ordered_json v = f.get(c);
  switch (f.type) {
    case FieldType::Bool:
      return v.get<bool>() ? "True" : "False";
    case FieldType::Pair:
      return "(" + num(v[0].get<double>()) + ", " + num(v[1].get<double>()) + ")";
    case FieldType::Number:
      return num(v.get<double>());
    default:
      return v.dump();
  }
}

// torch.optim.<Class>(model.parameters(), <each parameter the optimizer takes>=...).
std::string optimizer_line(const Config& c) {
  const OptimizerInfo* o = find_optimizer(c.optimizer.name);
  if (!o) throw std::invalid_argument("unknown optimizer '" + c.optimizer.name + "'");
  std::string s = std::string("torch.optim.") + o->torch_class + "(model.parameters()";
  for (const std::string& p : o->params)
    s += ", " + p + "=" + python_value(*find_field("optimizer." + p), c);
  return s + ")";
}

}  // namespace

std::string export_torch_script(const Config& cfg, const std::vector<ScheduleChange>& schedule,
                                const Dataset& d) {
  const bool ce = cfg.loss == "cross_entropy";
  const LossInfo* loss = find_loss(cfg.loss);
  const ActivationInfo* act = find_activation(cfg.activation);
  if (!loss || !act) throw std::invalid_argument("export_torch_script: the config is not valid");
  const std::string title =
      cfg.name.empty() ? "a Dropout Playground run" : "Dropout Playground run '" + cfg.name + "'";
  std::ostringstream s;
  s << "#!/usr/bin/env python3\n"
    << "# " << title << ", as a standalone PyTorch program.\n"
    << "# Same seed, same initial weights, same minibatch order and the same dropout\n"
    << "# masks as the playground; the losses agree to float rounding.\n"
    << "# Run:  python3 this_file.py > trace.json      (CPU, torch 1.13 or newer)\n"
    << "# It prints the run's trace as JSON: per-epoch losses and accuracies, the\n"
    << "# initial and final parameters, the first minibatch's dropout masks.\n"
    << "import json\n\nimport torch\nimport torch.nn as nn\nimport torch.nn.functional as F\n\n"
    << "torch.set_num_threads(1)\n\n"
    << "CONFIG = json.loads(r'''" << config_to_json(cfg.has_xy ? [&] { Config c = cfg; c.has_xy = false; c.x.clear(); c.y.clear(); return c; }() : cfg) << "''')\n\n";

  // ---- data ----
  if (cfg.has_xy)
    s << "# The data given in the config: ";
  else
    s << "# The data: '" << cfg.data << "', noise " << num(cfg.noise) << ", data_seed "
      << cfg.data_seed << ". ";
  s << "The first N_TRAIN rows train, the rest validate.\n";
  s << "X = torch.tensor([\n";
  const int rows = d.n_train + d.n_val;
  for (int r = 0; r < rows; ++r) {
    s << "    [";
    for (int k = 0; k < d.dim; ++k)
      s << (k ? ", " : "") << float32_literal(d.x[static_cast<size_t>(r) * d.dim + k]);
    s << "],\n";
  }
  s << "], dtype=torch.float32)\n";
  s << "Y = torch.tensor([";
  for (int r = 0; r < rows; ++r) {
    if (r % 16 == 0) s << "\n    ";
    if (ce)
      s << static_cast<int>(d.y[r]) << ", ";
    else
      s << float32_literal(d.y[r]) << ", ";
  }
  s << "\n], dtype=" << (ce ? "torch.long" : "torch.float32") << ")\n";
  s << "N_TRAIN = " << cfg.n_train << "\n"
    << "BATCH = " << cfg.batch << "    # minibatch size\n"
    << "EPOCHS = " << cfg.epochs << "\n"
    << "Xtr, Ytr, Xva, Yva = X[:N_TRAIN], Y[:N_TRAIN], X[N_TRAIN:], Y[N_TRAIN:]\n\n";

  // ---- model and optimizer ----
  s << "torch.manual_seed(" << cfg.seed << ")\n";
  // The input's Dropout exists when the config has one or a change made it > 0.
  bool input_drop = cfg.input_dropout > 0;
  for (const ScheduleChange& c : schedule) input_drop = input_drop || c.input > 0;
  const bool per_layer = !cfg.dropout_layers.empty();
  s << "model = nn.Sequential(\n";
  if (input_drop)
    s << "    nn.Dropout(" << num(cfg.input_dropout) << "),  # config.input_dropout\n";
  for (size_t l = 0; l + 1 < cfg.sizes.size(); ++l) {
    s << "    nn.Linear(" << cfg.sizes[l] << ", " << cfg.sizes[l + 1] << "),\n";
    if (l + 2 < cfg.sizes.size()) {
      s << "    " << act->torch_module << ",\n";
      s << "    nn.Dropout(" << num(hidden_dropout(cfg, static_cast<int>(l))) << "),  # "
        << (per_layer ? "config.dropout[" + std::to_string(l) + "]"
                      : std::string("drop = nn.Dropout(config.dropout)"))
        << "\n";
    }
  }
  s << ")\n";
  s << "DROPOUTS = [m for m in model if isinstance(m, nn.Dropout)]  # forward order\n";
  // A run that had no input Dropout at its first step records no mask of it.
  s << "RECORDED = DROPOUTS" << (input_drop && cfg.input_dropout == 0 ? "[1:]" : "") << "\n";
  s << "opt = " << optimizer_line(cfg) << "\n\n";

  // ---- loss and accuracy ----
  s << "def loss_fn(out, y):\n    return " << loss->torch_loss << "\n\n";
  if (loss->classification) {
    s << "def accuracy(out, y):\n    pred = " << loss->torch_pred << "\n"
      << "    return float((pred == y.long()).float().mean())\n\n";
  }

  // ---- schedule of changes made during the run ----
  s << "# Changes made while the run was going: {optimizer step: ([p of each nn.Dropout in\n"
    << "# forward order], learning rate)}.\n";
  s << "SCHEDULE = {";
  for (size_t i = 0; i < schedule.size(); ++i) {
    const ScheduleChange& c = schedule[i];
    std::vector<double> ps;
    if (input_drop) ps.push_back(c.input);
    if (c.hidden.empty())
      ps.insert(ps.end(), cfg.sizes.size() - 2, c.dropout);
    else
      ps.insert(ps.end(), c.hidden.begin(), c.hidden.end());
    s << (i ? ", " : "") << c.step << ": ([";
    for (size_t k = 0; k < ps.size(); ++k) s << (k ? ", " : "") << num(ps[k]);
    s << "], " << num(c.lr) << ")";
  }
  s << "}\n\n";

  s << R"PY(def flat(t):
    return [float(v) for v in t.detach().reshape(-1).tolist()]

def dropout_hook(masks):
    # Records a Dropout's mask; an entry whose input was exactly 0 reads 1 (unobservable).
    def hook(module, inputs, output):
        masks.append([[1 if (o != 0 or i == 0) else 0 for o, i in zip(ro, ri)]
                      for ro, ri in zip(output.tolist(), inputs[0].tolist())])
    return hook

init_params = [flat(p) for p in model.parameters()]
step_losses, epochs, first_masks, first_grads, first_perm = [], [], None, None, None
step = 0
for epoch in range(EPOCHS):
    model.train()
    perm = torch.randperm(N_TRAIN)
    if epoch == 0:
        first_perm = [int(v) for v in perm.tolist()]
    batch_losses = []
    for b in range(0, N_TRAIN, BATCH):
        if step in SCHEDULE:
            ps, lr = SCHEDULE[step]
            for m, p in zip(DROPOUTS, ps):
                m.p = p
            for g in opt.param_groups:
                g["lr"] = lr
        idx = perm[b:b + BATCH]
        hooks = []
        if first_masks is None:
            masks = []
            hooks = [m.register_forward_hook(dropout_hook(masks)) for m in RECORDED]
        out = model(Xtr[idx])
        loss = loss_fn(out, Ytr[idx])
        opt.zero_grad()
        loss.backward()
        if first_masks is None:
            for h in hooks:
                h.remove()
            first_masks = masks
            first_grads = [flat(p.grad) for p in model.parameters()]
        opt.step()
        step_losses.append(float(loss.item()))
        batch_losses.append(float(loss.item()))
        step += 1
    model.eval()
    with torch.no_grad():
        otr, ova = model(Xtr), model(Xva)
        e = {"epoch": epoch + 1, "train_loss": sum(batch_losses) / len(batch_losses),
             "train_loss_eval": float(loss_fn(otr, Ytr)), "val_loss": float(loss_fn(ova, Yva))}
)PY";
  if (loss->classification)
    s << "        e[\"train_acc\"] = accuracy(otr, Ytr)\n        e[\"val_acc\"] = accuracy(ova, "
         "Yva)\n";
  s << R"PY(    epochs.append(e)

print(json.dumps({"config": CONFIG, "x": X.tolist(), "y": Y.tolist(), "init_params": init_params,
                  "first_perm": first_perm, "first_step_masks": first_masks,
                  "first_step_grads": first_grads, "step_losses": step_losses,
                  "epochs": epochs, "final_params": [flat(p) for p in model.parameters()]}))
)PY";
  return s.str();
}

}  // namespace dp
