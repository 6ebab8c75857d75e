"""Comparison of two run traces at the tolerances of the project's parity promise:
init, permutation and masks equal; step-0 loss and gradients within 1e-5 relative;
per-epoch and per-step losses within 1e-4 relative; final parameters within 1e-4
absolute."""
import math


class Mismatch(AssertionError):
    pass


def _nonfinite(v):
    # Our traces write NaN/inf as JSON null; Python's json writes NaN/Infinity.
    return v is None or (isinstance(v, float) and not math.isfinite(v))


def _close(got, want, rel, abs_floor, what):
    if _nonfinite(got) or _nonfinite(want):
        if not (_nonfinite(got) and _nonfinite(want)):
            raise Mismatch(f"{what}: got {got}, want {want}")
        return
    if not abs(got - want) <= rel * abs(want) + abs_floor:
        raise Mismatch(f"{what}: got {got!r}, want {want!r} (rel tol {rel})")


def _epoch_value(trace, e, key):
    """An epoch's value; the reference program records step losses only, so its
    training-mode loss of an epoch is the mean of that epoch's batch losses."""
    if key in trace["epochs"][e]:
        return trace["epochs"][e][key]
    if key != "train_loss":
        raise Mismatch(f"epoch {e + 1} has no {key}")
    per_epoch = len(trace["step_losses"]) // len(trace["epochs"])
    steps = trace["step_losses"][e * per_epoch:(e + 1) * per_epoch]
    return sum(steps) / len(steps)


def _same_shape(a, b, what):
    if len(a) != len(b) or any(len(x) != len(y) for x, y in zip(a, b)):
        raise Mismatch(f"{what}: shapes differ ({[len(x) for x in a]} vs {[len(y) for y in b]})")


def compare_epochs(ours, ref, n_train, n_val, name):
    """Per-epoch records (lists of {"epoch", "train_loss", "train_loss_eval", "val_loss"[,
    "train_acc", "val_acc"]}): losses within 1e-4 relative, accuracies within one sample.
    Raises Mismatch naming the first difference; returns the largest relative loss error."""
    worst = 0.0
    if len(ours) != len(ref):
        raise Mismatch(f"{name}: epoch count differs")
    for e, (a, b) in enumerate(zip(ours, ref)):
        for key in ("train_loss_eval", "val_loss", "train_loss"):
            got, want = a[key], b[key]
            _close(got, want, 1e-4, 0.0, f"{name}: epoch {e + 1} {key}")
            if want and not _nonfinite(want):
                worst = max(worst, abs(got - want) / abs(want))
        for key, n in (("train_acc", n_train), ("val_acc", n_val)):
            if key in b:
                # A count: one sample on the decision boundary may flip.
                _close(a[key], b[key], 0.0, 1.0 / n + 1e-9, f"{name}: epoch {e + 1} {key}")
    return worst


def compare(ours, ref, name, check_data=True):
    """Raises Mismatch naming the first difference; returns a dict of max errors."""
    stats = {"max_epoch_rel": 0.0, "max_grad_rel": 0.0, "max_final_abs": 0.0}
    if check_data:
        if ours["x"] != ref["x"] or ours["y"] != ref["y"]:
            raise Mismatch(f"{name}: data differ")
    for k, (a, b) in enumerate(zip(ours["init_params"], ref["init_params"])):
        if a != b:
            raise Mismatch(f"{name}: init_params[{k}] differ")
    if len(ours["init_params"]) != len(ref["init_params"]):
        raise Mismatch(f"{name}: parameter count differs")
    if ours["first_perm"] != ref["first_perm"]:
        raise Mismatch(f"{name}: first_perm differs")
    if ours["first_step_masks"] != ref["first_step_masks"]:
        raise Mismatch(f"{name}: first_step_masks differ")
    _close(ours["step_losses"][0], ref["step_losses"][0], 1e-5, 0.0, f"{name}: step-0 loss")
    _same_shape(ours["first_step_grads"], ref["first_step_grads"], f"{name}: first_step_grads")
    _same_shape(ours["final_params"], ref["final_params"], f"{name}: final_params")
    for k, (a, b) in enumerate(zip(ours["first_step_grads"], ref["first_step_grads"])):
        scale = max(abs(v) for v in b) if b else 0.0
        for i, (x, y) in enumerate(zip(a, b)):
            _close(x, y, 1e-5, 1e-6 * scale, f"{name}: first_step_grads[{k}][{i}]")
            if y != 0:
                stats["max_grad_rel"] = max(stats["max_grad_rel"], abs(x - y) / abs(y))
    if len(ours["step_losses"]) != len(ref["step_losses"]):
        raise Mismatch(f"{name}: {len(ours['step_losses'])} steps vs {len(ref['step_losses'])}")
    for s, (x, y) in enumerate(zip(ours["step_losses"], ref["step_losses"])):
        _close(x, y, 1e-4, 1e-7, f"{name}: step_losses[{s}]")
    n_train, n_val = len(ours["first_perm"]), len(ours["x"]) - len(ours["first_perm"])
    with_train_loss = lambda t: [dict(e, train_loss=_epoch_value(t, i, "train_loss")) for i, e in enumerate(t["epochs"])]
    stats["max_epoch_rel"] = compare_epochs(with_train_loss(ours), with_train_loss(ref), n_train, n_val, name)
    for k, (a, b) in enumerate(zip(ours["final_params"], ref["final_params"])):
        for i, (x, y) in enumerate(zip(a, b)):
            _close(x, y, 0.0, 1e-4, f"{name}: final_params[{k}][{i}]")
            stats["max_final_abs"] = max(stats["max_final_abs"], abs(x - y))
    return stats
