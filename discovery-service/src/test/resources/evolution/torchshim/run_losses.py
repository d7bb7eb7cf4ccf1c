"""Runs every function loss_N of a module on one batch; prints {"loss_N": [values...]} as JSON.

argv[1]: the module; argv[2]: a JSON batch with the four log-probability arrays, beta, and the
optional chosen_lengths, rejected_lengths, soft_label, reward_chosen, reward_rejected. Each
function gets the optional inputs its signature names, as keyword arguments.
"""
import importlib.util
import inspect
import json
import sys

import torch

FOUR = ["policy_chosen_logps", "policy_rejected_logps", "reference_chosen_logps", "reference_rejected_logps"]


def main():
    spec = importlib.util.spec_from_file_location("evolved", sys.argv[1])
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    with open(sys.argv[2], encoding="utf-8") as f:
        batch = json.load(f)
    beta = batch["beta"]
    tensors = {k: torch.tensor(v) for k, v in batch.items() if k != "beta"}
    out = {}
    for name, function in inspect.getmembers(module, inspect.isfunction):
        if not name.startswith("loss_"):
            continue
        extras = [p for p in inspect.signature(function).parameters if p not in FOUR and p != "beta"]
        result = function(*[tensors[n] for n in FOUR], beta, **{e: tensors[e] for e in extras})
        out[name] = result.tolist()
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
