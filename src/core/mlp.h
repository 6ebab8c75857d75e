// The model: nn.Sequential(Linear, Act, Dropout(p), ..., Linear) on flat float
// buffers. Each layer's backward sits beside its forward (mlp.cpp). Summation
// order is fixed in the source, so native and WASM give the same bits.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "core/plan.h"
#include "core/rng.h"

namespace dp {

enum class Activation { Relu, Tanh, Sigmoid };

// The one table of activations (config "activation"), in display order.
struct ActivationInfo {
  const char* name;  // "relu"
  Activation act;
  const char* torch_module;  // "nn.ReLU()" (the exported script's nn.Sequential)
};
const std::vector<ActivationInfo>& activations();
const ActivationInfo* find_activation(const std::string& name);  // nullptr when unknown
const std::vector<std::string>& activation_names();
bool activation_from_name(const std::string& name, Activation* out);  // false when unknown

// The multiply-adds of one row through the network of these layer widths (plan costs).
double macs_per_row(const std::vector<int>& sizes);

struct Linear {
  int in = 0, out = 0;
  std::vector<float> w;    // w is (out, in): torch's layout, e.g. (32, 2)
  std::vector<float> b;    // b is (out)
  std::vector<float> dw;   // dw is (out, in)
  std::vector<float> db;   // db is (out)
  std::vector<float> wt;   // wt is (in, out): transposed copy used by the forward pass
  bool finite = true;      // no inf or NaN in w (set by sync_transposed)
  void sync_transposed();  // call after w changes
};

// A view of one parameter tensor in model.parameters() order (W1, b1, W2, b2, ...).
struct ParamRef {
  float* value;
  float* grad;
  size_t size;
};

class Mlp {
 public:
  // nn.Linear default init (kaiming_uniform_(a=sqrt(5)) weight, then bias) in layer order.
  // input_dropout: an nn.Dropout on the inputs is the first module (before the first Linear).
  Mlp(const std::vector<int>& sizes, Activation act, Generator& gen, bool input_dropout = false);

  // Forward of a batch x (rows, sizes[0]) -> returns logits (rows, sizes.back()).
  // training: each Dropout draws its mask from gen, layers in forward order, and the
  // batch's activations are kept for backward() and for the UI (masks, dropout outputs).
  // Not training: identity dropout, no draws, the training caches are left untouched.
  // ps: one p per dropout module in forward order (num_dropout() of them); a double p is
  // every hidden layer's p.
  const float* forward(const float* x, int rows, const std::vector<double>& ps, bool training,
                       Generator& gen);
  const float* forward(const float* x, int rows, double p, bool training, Generator& gen) {
    return forward(x, rows, uniform_ps(p), training, gen);
  }

  // Backward of the last training forward: dlogits (rows, out) -> parameter grads (overwritten).
  void backward(const float* dlogits);

  // The same training forward and backward as pieces appended to a plan (the trainer's
  // step, which the UI runs a slice per frame): running the plan to its end is exactly
  // forward(x, rows, p, true, gen) / backward(dlogits). x is copied now; dlogits must
  // hold the loss gradient by the time the backward pieces run.
  void plan_forward(Plan& plan, const float* x, int rows, const std::vector<double>& ps,
                    Generator& gen);
  std::vector<double> uniform_ps(double p) const;  // p for every hidden layer, 0 for the input
  void plan_backward(Plan& plan, const float* dlogits);
  const float* train_logits() const { return train_out_.data(); }  // (batch_rows(), out)

  // MC dropout: train-mode passes that leave the training caches alone (a step may be
  // under way). One pass's masks for `rows` inputs, drawn from gen as forward(x, rows, ps,
  // true, gen) draws them (module by module in forward order, each row-major); then the
  // pass's outputs (logits) for rows r0 .. r1 - 1 of x from those masks.
  struct PassMasks {
    int rows = 0;
    std::vector<double> ps;                   // per dropout module, forward order
    std::vector<std::vector<uint8_t>> masks;  // per module: (rows, dropout_units(l))
  };
  struct PassScratch {
    std::vector<float> a, b;
  };
  void draw_pass_masks(int rows, const std::vector<double>& ps, Generator& gen,
                       PassMasks* out) const;
  void forward_pass(const float* x, int r0, int r1, const PassMasks& m, float* out,
                    PassScratch& s) const;

  std::vector<ParamRef> params();
  void sync_transposed();       // after an optimizer step
  void sync_transposed(int l);  // layer l only

  const std::vector<int>& sizes() const { return sizes_; }
  Activation activation() const { return act_; }
  int num_linear() const { return static_cast<int>(layers_.size()); }
  // The nn.Dropout modules in forward order: the input's first when present, then one
  // after each hidden layer.
  int num_dropout() const { return num_linear() - 1 + (input_dropout_ ? 1 : 0); }
  bool has_input_dropout() const { return input_dropout_; }
  void set_input_dropout_module(bool on);  // between batches: adds (or removes) the module
  int dropout_units(int l) const;          // the width module l sees
  const Linear& linear(int i) const { return layers_[i]; }

  // The last training batch: rows, and for dropout module l (forward order): mask is
  // (rows, dropout_units(l)) with 1 kept / 0 dropped; input is what was fed to Dropout
  // (the batch, or a hidden activation); output is what Dropout produced (0 or input *
  // scale); batch_p(l) its p.
  int batch_rows() const { return train_rows_; }
  const std::vector<uint8_t>& mask(int l) const;
  const std::vector<float>& dropout_input(int l) const;
  const std::vector<float>& dropout_output(int l) const;
  double batch_p(int l) const;

 private:
  std::vector<int> sizes_;
  Activation act_;
  std::vector<Linear> layers_;
  // Training caches for backward, per hidden layer l: activation (rows, width),
  // dropout output (rows, width), mask (rows, width); plus the batch input.
  std::vector<float> train_x_;
  std::vector<std::vector<float>> train_act_, train_drop_;
  std::vector<std::vector<uint8_t>> masks_;
  std::vector<float> train_out_;
  int train_rows_ = 0;
  std::vector<double> train_p_;  // per hidden layer
  bool input_dropout_ = false;
  double train_in_p_ = 0.0;
  std::vector<float> train_in_drop_;  // the input after its Dropout
  std::vector<uint8_t> in_mask_;
  // Scratch for eval forwards and for backward.
  std::vector<float> eval_a_, eval_b_;
  std::vector<float> grad_a_, grad_b_;
};

}  // namespace dp
