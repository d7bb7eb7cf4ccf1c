"""torch.nn.functional's logsigmoid and softplus on the shim's tensors, as PyTorch defines them."""
import math


def softplus(t, beta=1.0, threshold=20.0):
    # PyTorch returns x itself where beta * x > threshold
    return t._map(lambda x: x if beta * x > threshold else math.log1p(math.exp(beta * x)) / beta)


def logsigmoid(t):
    # log sigma(x) = min(x, 0) - log1p(exp(-|x|)), PyTorch's stable form
    return t._map(lambda x: min(x, 0.0) - math.log1p(math.exp(-abs(x))))
