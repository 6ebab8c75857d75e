// Writes the take-home PyTorch script for a config: readable for a student (the
// model as an explicit nn.Sequential, the optimizer call spelled out), exact for a
// test (data as literal float32 values, the canonical loop of the reference program,
// the trace JSON printed on stdout). Modules, losses and the optimizer call come from
// the name tables (mlp.h, loss.h, optim.h) and the field table (config.h).
#include "core/torch_export.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <sstream>
#include <stdexcept>

#include "core/data.h"
#include "core/digits.h"
#include "core/loss.h"
#include "core/mlp.h"
#include "core/optim.h"
#include "core/tensor_print.h"

namespace dp {

namespace {

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

std::string optimizer_line(const Config& c) { return torch_optimizer_text(c, ""); }

// Every line of text but the empty ones behind prefix (the body of a Python function).
std::string indented(const std::string& text, const std::string& prefix) {
  std::string out;
  size_t i = 0;
  while (i < text.size()) {
    const size_t nl = text.find('\n', i);
    const std::string line = text.substr(i, nl == std::string::npos ? std::string::npos : nl - i);
    if (!line.empty()) out += prefix + line;
    if (nl == std::string::npos) break;
    out += '\n';
    i = nl + 1;
  }
  return out;
}

// ---- The pieces both scripts are made of, in the order they appear. ----

// The imports and the config as JSON (explicit data is written as tensors instead).
void write_preamble(std::ostringstream& s, const Config& cfg, const char* more_imports) {
  s << "import json\n"
    << more_imports << "\nimport torch\nimport torch.nn as nn\nimport torch.nn.functional as F\n\n"
    << "torch.set_num_threads(1)\n\n"
    << "CONFIG = json.loads(r'''" << config_to_json(cfg.has_xy ? [&] { Config c = cfg; c.has_xy = false; c.x.clear(); c.y.clear(); return c; }() : cfg) << "''')\n\n";
}

void write_literal_data(std::ostringstream& s, const Config& cfg, const Dataset& d);

// Digits: scikit-learn's load_digits(), checked against the playground's copy, and the
// same split (CPython's shuffle of the row indices by random.Random(data_seed)).
void write_digits(std::ostringstream& s, const Config& cfg) {
  s << "# The data: scikit-learn's digits (load_digits(): 1797 8x8 images, pixels 0..16),\n"
    << "# the same bytes as the playground's (checked), split as the playground does:\n"
    << "# random.Random(data_seed).shuffle of the row indices; x = pixel / 16.\n"
    << "import random\n\nfrom sklearn.datasets import load_digits\n\n"
    << "_digits = load_digits()\n"
    << "_raw = bytes(int(v) for row, t in zip(_digits.data, _digits.target) for v in (*row, t))\n"
    << "_h = 0xcbf29ce484222325\n"
    << "for _b in _raw:\n"
    << "    _h = ((_h ^ _b) * 0x100000001b3) & 0xFFFFFFFFFFFFFFFF\n"
    << "if _h != " << "0x" << std::hex << kDigitsFnv1a << std::dec << ":\n"
    << "    raise SystemExit('load_digits() gives other data than the playground used (checksum "
       "%x): '\n                     'the run cannot be reproduced here' % _h)\n"
    << "idx = list(range(" << kDigitsRows << "))\n"
    << "random.Random(" << cfg.data_seed << ").shuffle(idx)    # data_seed\n"
    << "idx = idx[:" << cfg.n_train + cfg.n_val << "]    # n_train + n_val\n"
    << "X = torch.tensor(_digits.data[idx] / 16.0, dtype=torch.float32)\n"
    << "Y = torch.tensor(_digits.target[idx], dtype=torch.long)\n";
}

void write_data(std::ostringstream& s, const Config& cfg, const Dataset& d) {
  if (!cfg.has_xy && dataset_is_image(cfg.data))
    write_digits(s, cfg);
  else
    write_literal_data(s, cfg, d);
  s << "N_TRAIN = " << cfg.n_train << "\n"
    << "BATCH = " << cfg.batch << "    # minibatch size\n"
    << "EPOCHS = " << cfg.epochs << "\n"
    << "Xtr, Ytr, Xva, Yva = X[:N_TRAIN], Y[:N_TRAIN], X[N_TRAIN:], Y[N_TRAIN:]\n\n";
}

// Generated or given data as literal tensors.
void write_literal_data(std::ostringstream& s, const Config& cfg, const Dataset& d) {
  const bool ce = cfg.loss == "cross_entropy";
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
}

// The input's Dropout exists when the config has one or a change made it > 0.
bool has_input_dropout(const Config& cfg, const std::vector<ScheduleChange>& schedule) {
  bool input_drop = cfg.input_dropout > 0;
  for (const ScheduleChange& c : schedule) input_drop = input_drop || c.input > 0;
  return input_drop;
}

// The seed, the model and its optimizer. seed and dropout are Python expressions: the
// config's numbers in the run's script (dropout ""), config.seed and config.dropout (every
// hidden layer) in the sweep's.
std::string model_text(const Config& cfg, const ActivationInfo* act, bool input_drop,
                       const std::string& seed, const std::string& dropout) {
  const bool literal = dropout.empty();
  const bool per_layer = !cfg.dropout_layers.empty();
  std::ostringstream s;
  s << "torch.manual_seed(" << seed << ")\n";
  s << "model = nn.Sequential(\n";
  if (input_drop)
    s << "    nn.Dropout(" << num(cfg.input_dropout) << "),  # config.input_dropout\n";
  for (size_t l = 0; l + 1 < cfg.sizes.size(); ++l) {
    s << "    nn.Linear(" << cfg.sizes[l] << ", " << cfg.sizes[l + 1] << "),\n";
    if (l + 2 < cfg.sizes.size()) {
      s << "    " << act->torch_module << ",\n";
      s << "    nn.Dropout(";
      if (!literal)
        s << dropout << "),\n";
      else
        s << num(hidden_dropout(cfg, static_cast<int>(l))) << "),  # "
          << (per_layer ? "config.dropout[" + std::to_string(l) + "]"
                        : std::string("drop = nn.Dropout(config.dropout)"))
          << "\n";
    }
  }
  s << ")\n";
  s << "DROPOUTS = [m for m in model if isinstance(m, nn.Dropout)]  # forward order\n";
  // A run that had no input Dropout at its first step records no mask of it.
  s << "RECORDED = DROPOUTS" << (input_drop && cfg.input_dropout == 0 ? "[1:]" : "") << "\n";
  s << "opt = " << optimizer_line(cfg) << "\n";
  return s.str();
}

void write_loss(std::ostringstream& s, const LossInfo* loss) {
  s << "def loss_fn(out, y):\n    return " << loss->torch_loss << "\n\n";
  if (loss->classification) {
    s << "def accuracy(out, y):\n    pred = " << loss->torch_pred << "\n"
      << "    return float((pred == y.long()).float().mean())\n\n";
  }
}

}  // namespace

std::string torch_optimizer_text(const Config& c, const std::string& lr) {
  const OptimizerInfo* o = find_optimizer(c.optimizer.name);
  if (!o) throw std::invalid_argument("unknown optimizer '" + c.optimizer.name + "'");
  std::string s = std::string("torch.optim.") + o->torch_class + "(model.parameters()";
  for (const std::string& p : o->params)
    s += ", " + p + "=" + (p == "lr" && !lr.empty() ? lr : python_value(*find_field("optimizer." + p), c));
  return s + ")";
}

std::string torch_data_text(const Config& cfg, const Dataset& d) {
  std::ostringstream s;
  if (!cfg.has_xy && dataset_is_image(cfg.data))
    write_digits(s, cfg);
  else
    write_literal_data(s, cfg, d);
  return s.str();
}

std::string torch_loss_text(const Config& cfg) {
  const LossInfo* loss = find_loss(cfg.loss);
  if (!loss) throw std::invalid_argument("unknown loss '" + cfg.loss + "'");
  std::ostringstream s;
  write_loss(s, loss);
  return s.str();
}

bool torch_has_input_dropout(const Config& cfg, const std::vector<ScheduleChange>& schedule) {
  return has_input_dropout(cfg, schedule);
}

namespace {

void write_schedule(std::ostringstream& s, const Config& cfg,
                    const std::vector<ScheduleChange>& schedule, bool input_drop) {
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
}

const char* const kHelpers = R"PY(def flat(t):
    return [float(v) for v in t.detach().reshape(-1).tolist()]

def dropout_hook(masks):
    # Records a Dropout's mask; an entry whose input was exactly 0 reads 1 (unobservable).
    def hook(module, inputs, output):
        masks.append([[1 if (o != 0 or i == 0) else 0 for o, i in zip(ro, ri)]
                      for ro, ri in zip(output.tolist(), inputs[0].tolist())])
    return hook

)PY";

// The canonical loop, from the initial parameters to the last epoch's record.
std::string loop_text(const LossInfo* loss) {
  std::string t = R"PY(init_params = [flat(p) for p in model.parameters()]
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
    t += "        e[\"train_acc\"] = accuracy(otr, Ytr)\n        e[\"val_acc\"] = accuracy(ova, "
         "Yva)\n";
  t += "    epochs.append(e)\n";
  return t;
}

struct Parts {
  const LossInfo* loss;
  const ActivationInfo* act;
  std::string title;
};

Parts parts_of(const Config& cfg) {
  Parts p{find_loss(cfg.loss), find_activation(cfg.activation), ""};
  if (!p.loss || !p.act)
    throw std::invalid_argument("export_torch_script: the config is not valid");
  p.title =
      cfg.name.empty() ? "a Dropout Playground run" : "Dropout Playground run '" + cfg.name + "'";
  return p;
}

}  // namespace

std::string export_torch_script(const Config& cfg, const std::vector<ScheduleChange>& schedule,
                                const Dataset& d) {
  const Parts P = parts_of(cfg);
  std::ostringstream s;
  s << "#!/usr/bin/env python3\n"
    << "# " << P.title << ", as a standalone PyTorch program.\n"
    << "# Same seed, same initial weights, same minibatch order and the same dropout\n"
    << "# masks as the playground; the losses agree to float rounding.\n"
    << "# Run:  python3 this_file.py > trace.json      (CPU, torch 1.13 or newer)\n"
    << "# It prints the run's trace as JSON: per-epoch losses and accuracies, the\n"
    << "# initial and final parameters, the first minibatch's dropout masks.\n";
  write_preamble(s, cfg, "");
  write_data(s, cfg, d);
  const bool input_drop = has_input_dropout(cfg, schedule);
  s << model_text(cfg, P.act, input_drop, std::to_string(cfg.seed), "") << "\n";
  write_loss(s, P.loss);
  write_schedule(s, cfg, schedule, input_drop);
  s << kHelpers << loop_text(P.loss);
  s << R"PY(
print(json.dumps({"config": CONFIG, "x": X.tolist(), "y": Y.tolist(), "init_params": init_params,
                  "first_perm": first_perm, "first_step_masks": first_masks,
                  "first_step_grads": first_grads, "step_losses": step_losses,
                  "epochs": epochs, "final_params": [flat(p) for p in model.parameters()]}))
)PY";
  return s.str();
}

std::string export_torch_mc_script(const Config& cfg, const Dataset& d) {
  const Parts P = parts_of(cfg);
  std::ostringstream s;
  s << "#!/usr/bin/env python3\n"
    << "# " << P.title << " and MC dropout on its validation set, as a standalone\n"
    << "# PyTorch program: the run (same seed, initial weights, minibatch order and dropout\n"
    << "# masks as the playground), then T passes with dropout on, their masks drawn after\n"
    << "# torch.manual_seed(MC_SEED) in a forked generator.\n"
    << "# Run:  python3 this_file.py > mc.json      (CPU, torch 1.13 or newer)\n"
    << "# It prints what `playground-cli mc --json` prints: the eval-mode val loss, and the\n"
    << "# MC average's loss for t = 1..T with its mean and spread per row.\n";
  write_preamble(s, cfg, "import math\n");
  write_data(s, cfg, d);
  const bool input_drop = has_input_dropout(cfg, {});
  s << model_text(cfg, P.act, input_drop, std::to_string(cfg.seed), "") << "\n";
  write_loss(s, P.loss);
  write_schedule(s, cfg, {}, input_drop);
  s << kHelpers << loop_text(P.loss);
  s << "\nMC_SAMPLES = " << cfg.mc_samples << "    # T, config.mc_samples\n"
    << "MC_SEED = " << cfg.mc_seed << "    # config.mc_seed\n";
  s << R"PY(
# The passes, without touching the training generator.
with torch.random.fork_rng(devices=[]):
    torch.manual_seed(MC_SEED)
    model.train()
    with torch.no_grad():
        outs = torch.stack([model(Xva) for _ in range(MC_SAMPLES)])   # (T, rows, outputs)
model.eval()

# What they add up to, in double: the mean of the first t passes for t = 1..T.
outs = outs.double()
t_count = torch.arange(1, MC_SAMPLES + 1, dtype=torch.float64)
def entropy(p):   # nats, over the last dimension; 0 log 0 = 0
    return -torch.special.xlogy(p, p).sum(-1)
def finite(v):
    return v if math.isfinite(v) else None
mc = {"samples": MC_SAMPLES, "mc_seed": MC_SEED}
)PY";
  switch (P.loss->kind) {
    case LossKind::CrossEntropy:
      s << R"PY(probs = torch.softmax(outs, -1)
cum = torch.cumsum(probs, 0) / t_count.view(-1, 1, 1)
mc["val_loss_by_t"] = [finite(float(F.nll_loss(torch.log(m), Yva))) for m in cum]
mc["val_acc_by_t"] = [float((m.argmax(1) == Yva).double().mean()) for m in cum]
mc["mean"] = cum[-1].tolist()
mc["entropy"] = entropy(cum[-1]).tolist()
mc["mutual_information"] = (entropy(cum[-1]) - entropy(probs).mean(0)).tolist()
)PY";
      break;
    case LossKind::BceWithLogits:
      s << R"PY(probs = torch.sigmoid(outs[..., 0])
def bin_entropy(p):
    return -(torch.special.xlogy(p, p) + torch.special.xlogy(1 - p, 1 - p))
cum = torch.cumsum(probs, 0) / t_count.view(-1, 1)
mc["val_loss_by_t"] = [finite(float(F.binary_cross_entropy(m, Yva.double()))) for m in cum]
mc["val_acc_by_t"] = [float(((m > 0.5).long() == Yva.long()).double().mean()) for m in cum]
mc["mean"] = cum[-1].view(-1, 1).tolist()
mc["entropy"] = bin_entropy(cum[-1]).tolist()
mc["mutual_information"] = (bin_entropy(cum[-1]) - bin_entropy(probs).mean(0)).tolist()
)PY";
      break;
    case LossKind::Mse:
      s << R"PY(cum = torch.cumsum(outs, 0) / t_count.view(-1, 1, 1)
mc["val_loss_by_t"] = [finite(float(F.mse_loss(m.squeeze(1), Yva.double()))) for m in cum]
mc["mean"] = cum[-1].tolist()
mc["std"] = outs.std(0, unbiased=False).tolist()
)PY";
      break;
  }
  s << "ev = {\"val_loss\": finite(epochs[-1][\"val_loss\"])}\n";
  if (P.loss->classification) s << "ev[\"val_acc\"] = epochs[-1][\"val_acc\"]\n";
  s << "print(json.dumps({\"eval\": ev, \"mc\": mc}))\n";
  return s.str();
}

std::string export_torch_sweep_script(const Config& cfg, const std::vector<double>& ps, int seeds,
                                      const Dataset& d) {
  const Parts P = parts_of(cfg);
  std::ostringstream s;
  s << "#!/usr/bin/env python3\n"
    << "# A p-sweep of " << P.title << ", as a standalone PyTorch program:\n"
    << "# the run once per dropout p (every nn.Dropout) and seed, all else the same.\n"
    << "# Same seeds, initial weights, minibatch order and dropout masks as the\n"
    << "# playground's sweep; the losses agree to float rounding.\n"
    << "# Run:  python3 this_file.py > sweep.json      (CPU, torch 1.13 or newer)\n"
    << "# It prints what `playground-cli sweep --json` prints: per run its p, seed, per-epoch\n"
    << "# losses and accuracies, and its best and final validation loss.\n";
  write_preamble(s, cfg, "import math\nimport types\n");
  write_data(s, cfg, d);
  write_loss(s, P.loss);
  const bool input_drop = has_input_dropout(cfg, {});
  write_schedule(s, cfg, {}, input_drop);
  s << kHelpers;
  s << "# config.dropout and config.seed change from run to run; the rest is CONFIG.\n"
    << "config = types.SimpleNamespace(**CONFIG)\n\n"
    << "def train(config):\n"
    << indented(model_text(cfg, P.act, input_drop, "config.seed", "config.dropout") + "\n" + loop_text(P.loss),
                "    ")
    << "    return epochs\n\n";
  s << "P_VALUES = [";
  for (size_t i = 0; i < ps.size(); ++i) s << (i ? ", " : "") << num(ps[i]);
  s << "]\n"
    << "SEEDS = " << seeds << "    # seeds per p: config.seed, config.seed + 1, ...\n\n";
  s << R"PY(def finite(v):
    return v if math.isfinite(v) else None  # JSON null, as the playground writes it

runs = []
for p in P_VALUES:
    for k in range(SEEDS):
        config.dropout = p
        config.seed = CONFIG["seed"] + k
        epochs = train(config)
        # The best epoch: the lowest finite validation loss, the first on ties.
        best = min(((e["val_loss"], e["epoch"]) for e in epochs if math.isfinite(e["val_loss"])),
                   default=(float("nan"), 0))
        runs.append({"dropout": p, "seed": config.seed,
                     "epochs": [{key: (v if key == "epoch" else finite(v)) for key, v in e.items()}
                                for e in epochs],
                     "best_epoch": best[1], "best_val_loss": finite(best[0]),
                     "final_val_loss": finite(epochs[-1]["val_loss"])})

print(json.dumps({"runs": runs}))
)PY";
  return s.str();
}

}  // namespace dp
