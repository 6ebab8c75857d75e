// The core's texts for users: every sentence a config, a link, a CSV file or a sweep can
// be refused with, and the take-home notebook's prose. Each is an id with an English template whose {1}, {2}... are the values
// (field names, numbers, the text given). The core says them in English; an interface in
// another language installs its own templates, by id (the app's
// src/app/strings/messages.<lang>.txt), and the same calls then speak that language. The
// values themselves (config keys, numbers, quoted text) are never translated.
#pragma once
#include <initializer_list>
#include <string>

namespace dp {

// X(id, English template). The ids are the keys of the translations.
#define DP_MESSAGES(X)                                                                          \
  X(range_between, "{1} must be between {2} and {3}, got {4}")                                \
  X(range_gt_below, "{1} must be > {2} and below {3}, got {4}")                               \
  X(range_gt_at_most, "{1} must be > {2} and at most {3}, got {4}")                           \
  X(range_at_least_below, "{1} must be at least {2} and below {3}, got {4}")                  \
  X(not_number, "{1} must be a number, got {2}")                                              \
  X(not_finite, "{1} must be a finite number")                                                \
  X(not_integer, "{1} must be an integer, got {2}")                                           \
  X(layer_count, "{1} must list between 3 and {2} layer widths (input, 1 to {3} hidden, output), got {4}") \
  X(not_string, "{1} must be a string, got {2}")                                              \
  X(not_bool, "{1} must be true or false, got {2}")                                           \
  X(not_sizes, "{1} must be a list of layer widths like [2, 32, 32, 1], got {2}")             \
  X(not_per_layer, "{1} must be a number or a list of 1 to {2} numbers (one per hidden layer), got {3}") \
  X(not_pair, "{1} must be a pair like [0.9, 0.999], got {2}")                                \
  X(unreadable, "{1}: unreadable")                                                            \
  X(x_not_rows, "x must be a list of rows, got {1}")                                          \
  X(y_not_targets, "y must be a list of targets, got {1}")                                    \
  X(x_too_many_rows, "x has {1} rows, more than the limit of {2}")                            \
  X(xy_row_counts, "x and y must have the same number of rows, got {1} and {2}")              \
  X(row_not_numbers, "{1} must be a non-empty list of numbers, got {2}")                      \
  X(row_width, "{1} has {2} values, expected {3}")                                            \
  X(row_too_wide, "{1} has more than {2} values")                                             \
  X(optimizer_not_object, "optimizer must be an object like {\"name\": \"sgd\", \"lr\": 0.1}, got {1}") \
  X(key_missing, "{1} is missing")                                                            \
  X(unknown_key, "unknown key '{1}' (known: {2})")                                            \
  X(the_config, "config")                                                                     \
  X(the_config_change, "config change")                                                       \
  X(not_json, "{1} is not valid JSON: {2}")                                                   \
  X(not_object, "{1} must be a JSON object, got {2}")                                         \
  X(could_not_read, "{1} could not be read: {2}")                                             \
  X(missing_from_config, "{1} is missing from the config")                                    \
  X(xy_together, "x and y must be given together")                                            \
  X(generated_with_xy, "{1} describes generated data, but this run's data are its explicit x and y") \
  X(not_one_of, "{1} must be one of {2}, got '{3}'")                                          \
  X(per_layer_count_one, "{1} has {2} values but the network has 1 hidden layer")             \
  X(per_layer_count, "{1} has {2} values but the network has {3} hidden layers")              \
  X(xy_rows_n, "x and y must have n_train + n_val = {1} rows, got {2}")                       \
  X(x_ragged, "x must be a list of equal-length rows")                                        \
  X(dataset_rows, "n_train + n_val must be at most {1} (the images of {2}), got {3}")         \
  X(input_width, "sizes[0] must equal the input width of {1} ({2}), got {3}")                 \
  X(output_one, "{1} must be 1 for loss {2}, got {3}")                                        \
  X(output_classes_min, "{1} must be the number of classes (at least 2) for loss cross_entropy, got {2}") \
  X(loss_needs_classes, "loss {1} needs a classification dataset; 'sine' is regression (use mse)") \
  X(bce_two_classes, "loss bce_with_logits needs 2 classes; {1} has {2} (use cross_entropy)") \
  X(output_classes, "{1} must be {2} (the classes of {3}) for loss cross_entropy, got {4}")  \
  X(x_not_finite, "x values must be finite float32 numbers")                                  \
  X(y_not_finite, "{1} must be a finite float32 number")                                      \
  X(y_class_index, "{1} must be a class index between 0 and {2}, got {3}")                    \
  X(y_bce, "{1} must be between 0 and 1 for bce_with_logits, got {2}")                        \
  X(not_optimizer_param, "{1} is not a parameter of {2} (it takes {3})")                      \
  X(nesterov, "optimizer.nesterov needs optimizer sgd with momentum > 0")                     \
  X(link_not_number, "'{1}' is not a number")                                                 \
  X(link_not_integer, "'{1}' is not an integer")                                              \
  X(link_not_bool, "'{1}' is not true/false (or 1/0)")                                        \
  X(link_not_widths, "'{1}' is not a list of widths like 32,32")                              \
  X(link_not_numbers, "'{1}' is not a list of numbers like 0.2,0.5")                          \
  X(link_not_pair, "'{1}' is not a pair like 0.9,0.999")                                      \
  X(link_too_long, "the link's parameters are longer than 8192 characters and were ignored")  \
  X(link_unknown, "unknown parameter '{1}' ignored")                                          \
  X(link_ignored, "{1}={2} ignored: {3} (using {4})")                                         \
  X(csv_too_big, "the file has {1} KB, at most {2} KB")                                       \
  X(csv_line, "line {1}: {2}")                                                                \
  X(csv_too_many_rows, "more than {1} data rows (at most {2} training and {3} validation)")    \
  X(csv_empty, "the file is empty: a header row, then one row per sample")                    \
  X(csv_header_one, "the header needs a feature column and then the target column, got 1 column") \
  X(csv_header, "the header needs a feature column and then the target column, got {1} columns") \
  X(csv_features, "{1} feature columns, at most {2}")                                         \
  X(csv_no_rows, "a header but no data rows")                                                 \
  X(csv_row_width_one, "1 value, but the header has {1} columns")                             \
  X(csv_row_width, "{1} values, but the header has {2} columns")                              \
  X(csv_split, "split must be train or val, got '{1}'")                                       \
  X(csv_not_number, "column '{1}': '{2}' is not a number")                                    \
  X(csv_one_row, "only one data row: at least one to train on and one to validate")           \
  X(csv_no_train, "no row has split = train: nothing to train on")                            \
  X(csv_no_val, "no row has split = val: nothing to validate on")                             \
  X(csv_train_rows, "{1} training rows, at most {2}")                                         \
  X(csv_val_rows, "{1} validation rows, at most {2}")                                         \
  X(csv_one_class, "the target column '{1}' has one class only (every row is {2}): classification needs at least two") \
  X(csv_feature_big, "a feature is too large to standardize in float32")                      \
  X(csv_target_big, "a target is too large for float32")                                      \
  X(sweep_empty, "the sweep's p list is empty")                                               \
  X(sweep_too_many, "the sweep's p list has {1} values; at most {2}")                         \
  X(sweep_p_range, "p[{1}] of the sweep must be between 0 and 1")                             \
  X(sweep_seeds, "seeds per p must be between 1 and {1}, got {2}")                            \
  X(sweep_seed_max, "seed + seeds - 1 must be at most 2^53")

// The take-home notebook's prose (notebook.h): its markdown cells, the labels of its
// plots and what its closing check prints. {1}... are values as above.
#define DP_NOTEBOOK_TEXTS(X)                                                                    \
  X(nb_title_run, "Dropout Playground: a run with p = {1} on {2}")                               \
  X(nb_title_sweep, "Dropout Playground: a sweep over p on {1}")                                 \
  X(nb_title_mc, "Dropout Playground: MC dropout on {1}")                                        \
  X(nb_intro_run, "This notebook rebuilds, in plain PyTorch, exactly the run you saw in the playground: the same seed, the same initial weights, the same minibatch order and the same dropout masks. Run all the cells; the last one checks the losses against those the playground recorded.") \
  X(nb_intro_sweep, "This notebook trains the same network once per dropout probability p ({1} values of p, {2} seeds each) and draws the validation loss against p: the sweep you ran in the playground. The last cell checks every loss against those the playground recorded.") \
  X(nb_intro_mc, "This notebook trains the run you saw, then makes T = {1} predictions with dropout left on and averages them: MC dropout. How much those predictions disagree is the model's uncertainty. The last cell checks the losses against those the playground recorded.") \
  X(nb_config, "The config:")                                                                    \
  X(nb_field, "field")                                                                           \
  X(nb_value, "value")                                                                           \
  X(nb_link, "Open this run in the playground: {1}")                                             \
  X(nb_changes, "p or the learning rate changed during the run: the loop replays each change at the same optimizer step (SCHEDULE, {1} changes).") \
  X(nb_setup, "**Setup.** The libraries, and the config as `config`: `config.dropout` is the p of `drop = nn.Dropout(config.dropout)`.") \
  X(nb_data, "**The data**: {1} training rows and {2} validation rows, written out as tensors. The network learns from the training rows only; the validation rows tell how well it does on data it has never seen.") \
  X(nb_data_digits, "**The data**: scikit-learn's handwritten digits (`load_digits()`: 8x8 images, 64 inputs), split as the playground splits them: {1} training and {2} validation images.") \
  X(nb_model, "**The model**: an `nn.Sequential` in which each hidden `nn.Linear` is followed by its activation and by `drop = nn.Dropout(config.dropout)`. In training (`model.train()`) each `drop` zeroes every unit with probability p and scales the units it keeps by 1/(1 - p); in evaluation (`model.eval()`) it does nothing. The loop is the textbook one: `torch.manual_seed(config.seed)` fixes the initial weights, each epoch draws a new minibatch order (`torch.randperm`), and each forward pass in training mode draws new masks.") \
  X(nb_train, "**Training the run and its p = 0 twin.** The twin is the same network from the same seed with every p = 0: the gap between the two is what dropout does. Try: set `config.dropout = 0.8` in the setup cell and run everything again.") \
  X(nb_train_no_twin, "**Training the run.** Its p is 0 all along, so it is its own p = 0 twin. Try: set `config.dropout = 0.5` in the setup cell and run everything again.") \
  X(nb_curves, "**The curves**, as the playground draws them: blue is the run, orange its p = 0 twin; validation solid, training in eval mode dashed, training in train mode dotted. Look for the epoch where the twin's validation loss turns up while its training loss keeps falling: that is overfitting.") \
  X(nb_masks, "**The first minibatch's masks**: a row per sample, a column per unit; the dark cells are the units dropout zeroed. About a fraction p of each row is dark, and every step draws new masks. Try: run the cell with another `config.seed`.") \
  X(nb_regions, "**What the networks learned**, in eval mode, with the training points: the run on the left, its p = 0 twin on the right. The twin's regions often bend around single points; dropout's stay smoother.") \
  X(nb_curve_fit, "**What the networks learned**, in eval mode, with the training points: the run and its p = 0 twin.") \
  X(nb_wrong_digits, "**The digits the run gets wrong**: validation images, titled true label → prediction, in eval mode. Try: the same with the twin, `twin(Xva).argmax(1)`.") \
  X(nb_label_wrong, "{1} of the {2} validation images are wrong")                            \
  X(nb_check, "**The check.** The playground's own losses are embedded below; this cell compares them, epoch by epoch, with those this notebook has just computed.") \
  X(nb_sweep, "**The sweep**: one run per p and seed, everything else the same: {1} runs of {2} epochs, which takes a while. Try: add values to `P_VALUES`.") \
  X(nb_u_curve, "**The U-curve**: the final validation loss against p (a dot per p, the mean over the seeds; the bars span the seeds). Too little dropout overfits and too much underfits: the bottom of the U is the p to choose.") \
  X(nb_mc, "**MC dropout**: T forward passes with dropout on (`model.train()` under `torch.no_grad()`). Their masks come from a generator of their own, seeded with `config.mc_seed`, so the training run is untouched. Their mean is the MC prediction. Try: change `config.mc_samples`.") \
  X(nb_mc_loss, "**The MC average against the eval-mode network**: the validation loss of the mean of the first t passes, for t = 1 to T, and the eval-mode loss (weight scaling, a single pass) as a line. With enough passes the two come close: weight scaling is a cheap approximation of the average.") \
  X(nb_mc_map, "**The uncertainty map**: the entropy of the MC mean prediction over the plane. It is high where the passes disagree or are unsure: between the classes, and away from the data.") \
  X(nb_mc_band, "**The uncertainty band**: the MC mean and 2 standard deviations of the passes on either side of it, over x. It widens away from the training points.") \
  X(nb_label_run, "p = {1}")                                                                     \
  X(nb_label_twin, "p = 0 twin")                                                                 \
  X(nb_label_curve, "{1}: {2}")                                                                  \
  X(nb_label_val, "validation")                                                                  \
  X(nb_label_train_eval, "training (eval mode)")                                                 \
  X(nb_label_train, "training (train mode)")                                                     \
  X(nb_label_epoch, "epoch")                                                                     \
  X(nb_label_loss, "loss")                                                                       \
  X(nb_label_layer, "layer {1}: {2} of {3} units dropped")                                       \
  X(nb_label_sample, "sample")                                                                   \
  X(nb_label_unit, "unit")                                                                       \
  X(nb_label_final_val, "final validation loss")                                                 \
  X(nb_label_best_val, "best validation loss")                                                   \
  X(nb_label_passes, "t (passes averaged)")                                                      \
  X(nb_label_mc, "MC average of t passes")                                                       \
  X(nb_label_eval, "eval mode (weight scaling)")                                                 \
  X(nb_label_entropy, "entropy of the MC mean (nats)")                                           \
  X(nb_label_mean, "MC mean")                                                                    \
  X(nb_label_band, "mean ± 2 standard deviations")                                               \
  X(nb_check_match, "matches the playground: {1} numbers compared, the largest relative difference is {2} (tolerance 1e-4)") \
  X(nb_check_differ, "differs from the playground: the largest relative difference is {1}, at {2} (tolerance 1e-4)") \
  X(nb_check_drift, "matches the playground up to epoch {1}; after that the two drift apart, as float rounding differences grow with training: the largest relative difference is {2}, at {3} (tolerance 1e-4)")

enum class Msg : int {
#define DP_MESSAGE_ID(id, text) id,
  DP_MESSAGES(DP_MESSAGE_ID) DP_NOTEBOOK_TEXTS(DP_MESSAGE_ID)
#undef DP_MESSAGE_ID
};

#define DP_MESSAGE_COUNT(id, text) +1
constexpr int kMessageCount = 0 DP_MESSAGES(DP_MESSAGE_COUNT) DP_NOTEBOOK_TEXTS(DP_MESSAGE_COUNT);
#undef DP_MESSAGE_COUNT

// The message m with its values in place of {1}, {2}...; a value past the last given is
// left as its placeholder.
std::string say(Msg m, std::initializer_list<std::string> values = {});

const char* message_key(Msg m);      // "range_between"
const char* message_english(Msg m);  // its English template
const char* message_template(Msg m);  // its template in the language set (what say() fills in)

// The templates the messages are said with: a lookup that gives a template for an id, or
// nullptr for the English one. nullptr (the default) says everything in English.
using MessageLookup = const char* (*)(Msg);
void set_message_lookup(MessageLookup lookup);

}  // namespace dp
