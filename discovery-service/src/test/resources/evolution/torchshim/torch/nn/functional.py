import math

from torch import _map


def _softplus(x):
    return (x if x > 0 else 0.0) + math.log1p(math.exp(-x if x > 0 else x))


def softplus(t):
    return _map(t, _softplus)


def logsigmoid(t):
    return _map(t, lambda x: -_softplus(-x))
