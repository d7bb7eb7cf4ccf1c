package dev.lossforge.service.proposer.evolution;

import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The algebraic normal form of a tree, so that trees that are the same function written
 * differently get one key and are never proposed twice.
 *
 * <p>A tree becomes a polynomial: a sum of monomials, each a coefficient times a sorted product
 * of atoms; an atom is an input or an operator applied to the (normal form of the) argument.
 * Sums and products are flattened, like terms combined and products expanded, so commutativity,
 * associativity, distributivity, x − x = 0, x·1 = x, double negation and constant folding all
 * hold. Then the identities of the operators: log σ(z) = −softplus(−z); softplus(z) =
 * softplus(−z) + z and relu(z) = relu(−z) + z (each argument is written with the sign that makes
 * its first term positive); σ(z) = 1 − σ(−z); tanh odd, abs even, square(z) = z·z; ρ = h_w − h_l,
 * βρ = β·h_w − β·h_l; the gate σ(x/τ)·a + σ(−x/τ)·b = σ(x/τ)·(a − b) + b. Coefficients are
 * compared to 6 significant digits.
 *
 * <p>Last, the constant term is dropped and the sum divided by the magnitude of its first
 * coefficient: L + c has the gradients of L, and c·L (c &gt; 0) trains exactly like L under the
 * trainer's Adam-type updates, which do not see the scale of the gradient. So 2·DPO and DPO + 1
 * are the same candidate as DPO, while −DPO is not.
 *
 * <p>It is a normal form, not a decision procedure: two trees with different keys can still be
 * the same function (the service also deduplicates by behavioural fingerprint). Constant names
 * play no part.
 */
public final class CanonicalForm {

    /** Beyond this many terms a product is kept as an opaque atom instead of being expanded. */
    private static final int MAX_TERMS = 256;
    private static final MathContext DIGITS = new MathContext(6);
    private static final java.util.Set<UnaryOp> NON_NEGATIVE = java.util.EnumSet.of(
            UnaryOp.SQUARE, UnaryOp.ABS, UnaryOp.EXP, UnaryOp.SIGMOID, UnaryOp.SOFTPLUS, UnaryOp.RELU);

    private final String key;
    private final boolean dependsOnPolicy;
    private final boolean constant;

    private CanonicalForm(Poly poly) {
        this.dependsOnPolicy = poly.dependsOnPolicy();
        this.constant = poly.isConstant();
        Poly shape = poly.withoutConstantTerm();
        double lead = Math.abs(shape.leadingCoefficient());
        if (lead > 0) {
            shape = shape.scale(1.0 / lead);
        }
        this.key = shape.toString();
    }

    public static CanonicalForm of(Node node) {
        return new CanonicalForm(poly(node));
    }

    /** The normal form as text, e.g. {@code -1*beta*h_w + 1*beta*h_l + 1*softplus(1*beta*h_w + -1*beta*h_l)}. */
    public String key() {
        return key;
    }

    /** The first 16 hex digits of the SHA-256 of {@link #key()}. */
    public String hash() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** Whether the function still reads a policy input once everything that cancels has cancelled. */
    public boolean dependsOnPolicy() {
        return dependsOnPolicy;
    }

    /** Whether the function is a plain number. */
    public boolean isConstant() {
        return constant;
    }

    @Override
    public String toString() {
        return key;
    }

    private static Poly poly(Node node) {
        if (node instanceof InputNode input) {
            return switch (input.input()) {
                case RHO -> Poly.atom(Input.H_W.key(), true, false)
                        .add(Poly.atom(Input.H_L.key(), true, false).scale(-1));
                case BETA_RHO -> {
                    Poly beta = Poly.atom(Input.BETA.key(), false, true);
                    Poly rho = Poly.atom(Input.H_W.key(), true, false)
                            .add(Poly.atom(Input.H_L.key(), true, false).scale(-1));
                    yield beta.multiply(rho);
                }
                default -> Poly.atom(input.input().key(), input.input().policyDependent(), nonNegative(input.input()));
            };
        }
        if (node instanceof ConstNode constant) {
            return Poly.constant(constant.value());
        }
        if (node instanceof BinaryNode binary) {
            Poly left = poly(binary.left());
            Poly right = poly(binary.right());
            return switch (binary.op()) {
                case ADD -> left.add(right);
                case SUB -> left.add(right.scale(-1));
                case MUL -> left.multiply(right);
            };
        }
        if (node instanceof UnaryNode unary) {
            if ((unary.op() == UnaryOp.RELU || unary.op() == UnaryOp.ABS) && unary.arg() instanceof UnaryNode inner
                    && NON_NEGATIVE.contains(inner.op())) {
                return poly(inner); // seen on the tree, before σ(z) = 1 − σ(−z) hides that it is ≥ 0
            }
            return unary(unary.op(), poly(unary.arg()));
        }
        GateNode gate = (GateNode) node;
        Poly switchOn = unary(UnaryOp.SIGMOID, poly(gate.selector()).scale(1.0 / gate.tau().value()));
        Poly high = poly(gate.high());
        Poly low = poly(gate.low());
        return switchOn.multiply(high.add(low.scale(-1))).add(low);
    }

    private static Poly unary(UnaryOp op, Poly arg) {
        if (arg.isConstant()) {
            return Poly.constant(op.apply(arg.constantValue()));
        }
        if ((op == UnaryOp.RELU || op == UnaryOp.ABS) && arg.knownNonNegative()) {
            return arg;
        }
        boolean negative = arg.leadingCoefficient() < 0;
        Poly flipped = arg.scale(-1);
        return switch (op) {
            case NEG -> flipped;
            case LOG_SIGMOID -> unary(UnaryOp.SOFTPLUS, flipped).scale(-1);
            case SOFTPLUS, RELU -> negative
                    ? Poly.apply(op, flipped).add(arg)
                    : Poly.apply(op, arg);
            case SIGMOID -> negative
                    ? Poly.constant(1).add(Poly.apply(op, flipped).scale(-1))
                    : Poly.apply(op, arg);
            case TANH -> negative ? Poly.apply(op, flipped).scale(-1) : Poly.apply(op, arg);
            case ABS -> Poly.apply(op, negative ? flipped : arg);
            case SQUARE -> arg.multiply(arg);
            case EXP -> Poly.apply(op, arg);
        };
    }

    private static boolean nonNegative(Input input) {
        return input == Input.LEN_W || input == Input.LEN_L || input == Input.SOFT_LABEL || input == Input.BETA
                || input == Input.INV_TWO_BETA;
    }

    static String number(double value) {
        if (value == 0 || Double.isNaN(value) || Double.isInfinite(value)) {
            return Double.toString(value == 0 ? 0.0 : value);
        }
        BigDecimal rounded = new BigDecimal(value).round(DIGITS).stripTrailingZeros();
        return rounded.toString();
    }

    /** An atom: an input or an operator applied to a normal form. */
    private record Atom(String key, boolean policy, boolean nonNegative) implements Comparable<Atom> {
        @Override
        public int compareTo(Atom other) {
            return key.compareTo(other.key);
        }
    }

    /** A sorted product of atoms; the empty product is the constant term. */
    private record Monomial(List<Atom> atoms, String key) implements Comparable<Monomial> {

        static final Monomial ONE = new Monomial(List.of(), "");

        static Monomial of(List<Atom> atoms) {
            List<Atom> sorted = new ArrayList<>(atoms);
            Collections.sort(sorted);
            StringBuilder key = new StringBuilder();
            for (Atom atom : sorted) {
                if (key.length() > 0) {
                    key.append('*');
                }
                key.append(atom.key);
            }
            return new Monomial(List.copyOf(sorted), key.toString());
        }

        Monomial times(Monomial other) {
            List<Atom> atoms = new ArrayList<>(this.atoms);
            atoms.addAll(other.atoms);
            return of(atoms);
        }

        boolean policy() {
            for (Atom atom : atoms) {
                if (atom.policy) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Monomial m && m.key.equals(key);
        }

        @Override
        public int hashCode() {
            return key.hashCode();
        }

        @Override
        public int compareTo(Monomial other) {
            return key.compareTo(other.key);
        }
    }

    /** A sum of monomials with their coefficients. */
    private static final class Poly {

        private final TreeMap<Monomial, Double> terms;

        private Poly(TreeMap<Monomial, Double> terms) {
            this.terms = terms;
        }

        static Poly constant(double value) {
            TreeMap<Monomial, Double> terms = new TreeMap<>();
            if (value != 0) {
                terms.put(Monomial.ONE, value);
            }
            return new Poly(terms);
        }

        static Poly atom(String key, boolean policy, boolean nonNegative) {
            TreeMap<Monomial, Double> terms = new TreeMap<>();
            terms.put(Monomial.of(List.of(new Atom(key, policy, nonNegative))), 1.0);
            return new Poly(terms);
        }

        static Poly apply(UnaryOp op, Poly arg) {
            boolean nonNegative = op != UnaryOp.TANH && op != UnaryOp.LOG_SIGMOID && op != UnaryOp.NEG;
            return atom(op.key() + "(" + arg + ")", arg.dependsOnPolicy(), nonNegative);
        }

        /** Whether every term is provably at least 0: positive coefficients, non-negative atoms or even powers. */
        boolean knownNonNegative() {
            for (Map.Entry<Monomial, Double> term : terms.entrySet()) {
                if (term.getValue() < 0) {
                    return false;
                }
                Map<String, Integer> powers = new TreeMap<>();
                Map<String, Boolean> signs = new TreeMap<>();
                for (Atom atom : term.getKey().atoms()) {
                    powers.merge(atom.key(), 1, Integer::sum);
                    signs.put(atom.key(), atom.nonNegative());
                }
                for (Map.Entry<String, Integer> power : powers.entrySet()) {
                    if (!signs.get(power.getKey()) && power.getValue() % 2 != 0) {
                        return false;
                    }
                }
            }
            return true;
        }

        boolean isConstant() {
            return terms.isEmpty() || (terms.size() == 1 && terms.containsKey(Monomial.ONE));
        }

        Poly withoutConstantTerm() {
            TreeMap<Monomial, Double> out = new TreeMap<>(terms);
            out.remove(Monomial.ONE);
            return new Poly(out);
        }

        double constantValue() {
            return terms.getOrDefault(Monomial.ONE, 0.0);
        }

        double leadingCoefficient() {
            for (Map.Entry<Monomial, Double> term : terms.entrySet()) {
                if (term.getKey() != Monomial.ONE && !term.getKey().atoms().isEmpty()) {
                    return term.getValue();
                }
            }
            return constantValue();
        }

        boolean dependsOnPolicy() {
            for (Monomial monomial : terms.keySet()) {
                if (monomial.policy()) {
                    return true;
                }
            }
            return false;
        }

        Poly scale(double factor) {
            TreeMap<Monomial, Double> out = new TreeMap<>();
            if (factor != 0) {
                for (Map.Entry<Monomial, Double> term : terms.entrySet()) {
                    out.put(term.getKey(), term.getValue() * factor);
                }
            }
            return new Poly(out);
        }

        Poly add(Poly other) {
            TreeMap<Monomial, Double> out = new TreeMap<>(terms);
            for (Map.Entry<Monomial, Double> term : other.terms.entrySet()) {
                accumulate(out, term.getKey(), term.getValue());
            }
            return new Poly(out);
        }

        Poly multiply(Poly other) {
            if ((long) terms.size() * other.terms.size() > MAX_TERMS) {
                String a = toString();
                String b = other.toString();
                String key = a.compareTo(b) <= 0 ? "mul(" + a + ", " + b + ")" : "mul(" + b + ", " + a + ")";
                return atom(key, dependsOnPolicy() || other.dependsOnPolicy(), false);
            }
            TreeMap<Monomial, Double> out = new TreeMap<>();
            for (Map.Entry<Monomial, Double> x : terms.entrySet()) {
                for (Map.Entry<Monomial, Double> y : other.terms.entrySet()) {
                    accumulate(out, x.getKey().times(y.getKey()), x.getValue() * y.getValue());
                }
            }
            return new Poly(out);
        }

        private static void accumulate(TreeMap<Monomial, Double> out, Monomial monomial, double coefficient) {
            Double before = out.get(monomial);
            if (before == null) {
                if (coefficient != 0) {
                    out.put(monomial, coefficient);
                }
                return;
            }
            double sum = before + coefficient;
            // what cancels up to rounding has cancelled: 0.1 + 0.2 - 0.3 is 0 here
            if (Math.abs(sum) <= 1e-12 * (Math.abs(before) + Math.abs(coefficient))) {
                out.remove(monomial);
            } else {
                out.put(monomial, sum);
            }
        }

        @Override
        public String toString() {
            if (terms.isEmpty()) {
                return "0";
            }
            StringBuilder out = new StringBuilder();
            for (Map.Entry<Monomial, Double> term : terms.entrySet()) {
                if (out.length() > 0) {
                    out.append(" + ");
                }
                out.append(number(term.getValue()));
                if (!term.getKey().atoms().isEmpty()) {
                    out.append('*').append(term.getKey().key());
                }
            }
            return out.toString();
        }
    }
}
