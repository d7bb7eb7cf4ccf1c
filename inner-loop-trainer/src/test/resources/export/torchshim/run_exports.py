"""Runs exported loss modules on the shim and prints, per module, its signature and values as JSON.

argv[1]: a JSON file {"batch": {...}, "modules": {"name": "path/to/module.py", ...}}.
For each module: the parameters of loss() with their defaults, loss() on the full batch, loss()
with each extra argument left out (its values, or the ValueError message), and discopop_loss()
when the module has it.
"""
import importlib.util
import inspect
import json
import sys

import torch

FOUR = ["policy_chosen_logps", "policy_rejected_logps", "reference_chosen_logps", "reference_rejected_logps"]


class Trainer:
    def __init__(self, beta):
        self.beta = beta


def load(name, path):
    spec = importlib.util.spec_from_file_location("exported_" + name.replace("-", "_"), path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        request = json.load(f)
    batch = request["batch"]
    beta = batch["beta"]
    tensors = {k: torch.tensor(v) for k, v in batch.items() if k != "beta"}
    results = {}
    for name, path in request["modules"].items():
        module = load(name, path)
        signature = inspect.signature(module.loss)
        params = []
        for p in signature.parameters.values():
            params.append({"name": p.name, "kind": str(p.kind),
                           "default": "<none>" if p.default is inspect.Parameter.empty else repr(p.default)})
        extras = [p.name for p in signature.parameters.values() if p.name not in FOUR and p.name != "beta"]
        args = [tensors[n] for n in FOUR] + [beta]
        kwargs = {e: tensors[e] for e in extras}
        result = {"params": params, "values": module.loss(*args, **kwargs).tolist(), "without": {}}
        for e in extras:
            partial = {k: v for k, v in kwargs.items() if k != e}
            try:
                result["without"][e] = {"values": module.loss(*args, **partial).tolist()}
            except ValueError as error:
                result["without"][e] = {"error": str(error)}
        if hasattr(module, "discopop_loss"):
            result["discopop"] = module.discopop_loss(Trainer(beta), *[tensors[n] for n in FOUR]).tolist()
        results[name] = result
    json.dump(results, sys.stdout)


if __name__ == "__main__":
    main()
