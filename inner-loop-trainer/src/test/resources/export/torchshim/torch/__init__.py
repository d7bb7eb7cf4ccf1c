"""A pure-Python stand-in for the few torch functions the exported losses use.

Tests only: it lets python3 without PyTorch run an exported loss on plain floats, so that the
test can compare its numbers with the Java loss. Tensors are one-dimensional lists of floats (or
0-dimensional, for reductions); binary operations broadcast a 0-dimensional tensor or a Python
number against a vector. Functions follow PyTorch's definitions, including softplus's threshold.
"""
import builtins
import math


class Tensor:
    def __init__(self, values, scalar=False):
        self.values = list(values)
        self.scalar = scalar

    # -- helpers -------------------------------------------------------------------------------
    def _pair(self, other):
        if isinstance(other, Tensor):
            if self.scalar and not other.scalar:
                return [self.values[0]] * len(other.values), other.values, False
            if other.scalar and not self.scalar:
                return self.values, [other.values[0]] * len(self.values), False
            if len(self.values) != len(other.values):
                raise ValueError("shape mismatch %d vs %d" % (len(self.values), len(other.values)))
            return self.values, other.values, self.scalar and other.scalar
        if isinstance(other, (int, float)) and not isinstance(other, bool):
            return self.values, [float(other)] * len(self.values), self.scalar
        raise TypeError("unsupported operand %r" % (other,))

    def _binary(self, other, op):
        a, b, scalar = self._pair(other)
        return Tensor([op(x, y) for x, y in zip(a, b)], scalar)

    def _map(self, op):
        return Tensor([op(x) for x in self.values], self.scalar)

    # -- arithmetic ----------------------------------------------------------------------------
    def __add__(self, other):
        return self._binary(other, lambda x, y: x + y)

    def __radd__(self, other):
        return self._binary(other, lambda x, y: y + x)

    def __sub__(self, other):
        return self._binary(other, lambda x, y: x - y)

    def __rsub__(self, other):
        return self._binary(other, lambda x, y: y - x)

    def __mul__(self, other):
        return self._binary(other, lambda x, y: x * y)

    def __rmul__(self, other):
        return self._binary(other, lambda x, y: y * x)

    def __truediv__(self, other):
        return self._binary(other, lambda x, y: x / y)

    def __rtruediv__(self, other):
        return self._binary(other, lambda x, y: y / x)

    def __pow__(self, other):
        return self._binary(other, lambda x, y: x ** y)

    def __neg__(self):
        return self._map(lambda x: -x)

    def __lt__(self, other):
        return self._binary(other, lambda x, y: x < y)

    def __gt__(self, other):
        return self._binary(other, lambda x, y: x > y)

    def __bool__(self):
        raise TypeError("the truth value of a tensor is ambiguous")

    # -- methods -------------------------------------------------------------------------------
    def mean(self):
        return Tensor([math.fsum(self.values) / len(self.values)], True)

    def sum(self):
        return Tensor([math.fsum(self.values)], True)

    def numel(self):
        return len(self.values)

    def abs(self):
        return self._map(builtins.abs)

    def detach(self):
        return Tensor(self.values, self.scalar)

    def tolist(self):
        return self.values[0] if self.scalar else list(self.values)


FloatTensor = Tensor


def tensor(values):
    return Tensor([float(v) for v in values])


def _stable_sigmoid(x):
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    e = math.exp(x)
    return e / (1.0 + e)


def sigmoid(t):
    return t._map(_stable_sigmoid)


def exp(t):
    return t._map(math.exp)


def log1p(t):
    return t._map(math.log1p)


def sqrt(t):
    return t._map(math.sqrt)


def abs(t):  # noqa: A001 - torch.abs
    return t.abs()


def relu(t):
    return t._map(lambda x: x if x > 0 else 0.0)


def clamp(t, min=None, max=None):  # noqa: A002 - torch's keyword names
    def c(x):
        if min is not None and x < min:
            x = min
        if max is not None and x > max:
            x = max
        return x
    return t._map(c)


def ones_like(t):
    return t._map(lambda x: 1.0)


def zeros_like(t):
    return t._map(lambda x: 0.0)


def where(condition, a, b):
    if not isinstance(condition, Tensor):
        raise TypeError("condition must be a tensor")
    n = len(condition.values)
    scalar = condition.scalar

    def values(v):
        if isinstance(v, Tensor):
            if v.scalar and not condition.scalar:
                return [v.values[0]] * n
            return v.values
        return [float(v)] * n
    av, bv = values(a), values(b)
    return Tensor([x if c else y for c, x, y in zip(condition.values, av, bv)], scalar)
