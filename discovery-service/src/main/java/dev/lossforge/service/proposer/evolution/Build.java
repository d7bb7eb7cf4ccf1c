package dev.lossforge.service.proposer.evolution;

/** Short constructors for writing trees by hand (seeds, tests). */
public final class Build {

    private Build() {
    }

    public static Node in(Input input) {
        return InputNode.of(input);
    }

    /** βρ, the argument of DPO's logistic loss. */
    public static Node x() {
        return InputNode.of(Input.BETA_RHO);
    }

    public static ConstNode c(String name, double value) {
        return ConstNode.real(name, value);
    }

    public static ConstNode positive(String name, double value) {
        return ConstNode.positive(name, value);
    }

    public static Node op(UnaryOp op, Node arg) {
        return UnaryNode.of(op, arg);
    }

    public static Node neg(Node arg) {
        return UnaryNode.of(UnaryOp.NEG, arg);
    }

    public static Node softplus(Node arg) {
        return UnaryNode.of(UnaryOp.SOFTPLUS, arg);
    }

    public static Node logSigmoid(Node arg) {
        return UnaryNode.of(UnaryOp.LOG_SIGMOID, arg);
    }

    public static Node sigmoid(Node arg) {
        return UnaryNode.of(UnaryOp.SIGMOID, arg);
    }

    public static Node exp(Node arg) {
        return UnaryNode.of(UnaryOp.EXP, arg);
    }

    public static Node square(Node arg) {
        return UnaryNode.of(UnaryOp.SQUARE, arg);
    }

    public static Node relu(Node arg) {
        return UnaryNode.of(UnaryOp.RELU, arg);
    }

    public static Node add(Node left, Node right) {
        return BinaryNode.of(BinaryOp.ADD, left, right);
    }

    public static Node sub(Node left, Node right) {
        return BinaryNode.of(BinaryOp.SUB, left, right);
    }

    public static Node mul(Node left, Node right) {
        return BinaryNode.of(BinaryOp.MUL, left, right);
    }

    /** σ(selector/τ)·high + (1 − σ(selector/τ))·low. */
    public static Node gate(Node selector, ConstNode tau, Node high, Node low) {
        return new GateNode(selector, tau, high, low);
    }
}
