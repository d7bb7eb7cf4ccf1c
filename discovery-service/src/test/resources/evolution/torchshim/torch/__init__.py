"""Just enough of torch, in plain Python floats, to run the evolution proposer's exported losses.

Elementwise tensors of shape (batch,) and Python scalars; the functions the renderer emits, with
the same numerics as libtorch's (stable sigmoid, clamp before exp). Nothing else.
"""
import math


class Tensor:
    def __init__(self, values):
        self.values = [float(v) for v in values]

    def _other(self, other):
        if isinstance(other, Tensor):
            if len(other.values) != len(self.values):
                raise ValueError("shape mismatch")
            return other.values
        return [float(other)] * len(self.values)

    def _zip(self, other, op):
        return Tensor([op(a, b) for a, b in zip(self.values, self._other(other))])

    def __add__(self, other):
        return self._zip(other, lambda a, b: a + b)

    def __radd__(self, other):
        return self._zip(other, lambda a, b: b + a)

    def __sub__(self, other):
        return self._zip(other, lambda a, b: a - b)

    def __rsub__(self, other):
        return self._zip(other, lambda a, b: b - a)

    def __mul__(self, other):
        return self._zip(other, lambda a, b: a * b)

    def __rmul__(self, other):
        return self._zip(other, lambda a, b: b * a)

    def __truediv__(self, other):
        return self._zip(other, lambda a, b: a / b)

    def __rtruediv__(self, other):
        return self._zip(other, lambda a, b: b / a)

    def __neg__(self):
        return Tensor([-a for a in self.values])

    def tolist(self):
        return list(self.values)


FloatTensor = Tensor


def tensor(values):
    return Tensor(values)


def _map(t, op):
    if isinstance(t, Tensor):
        return Tensor([op(v) for v in t.values])
    return op(float(t))


def _sigmoid(x):
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    e = math.exp(x)
    return e / (1.0 + e)


def sigmoid(t):
    return _map(t, _sigmoid)


def exp(t):
    return _map(t, math.exp)


def clamp(t, min=None, max=None):  # noqa: A002 - torch's argument names
    def c(x):
        if min is not None and x < min:
            return float(min)
        if max is not None and x > max:
            return float(max)
        return x
    return _map(t, c)


def square(t):
    return _map(t, lambda x: x * x)


def abs(t):  # noqa: A001 - torch.abs
    return _map(t, lambda x: -x if x < 0 else x)


def relu(t):
    return _map(t, lambda x: x if x > 0 else 0.0)


def tanh(t):
    return _map(t, math.tanh)
