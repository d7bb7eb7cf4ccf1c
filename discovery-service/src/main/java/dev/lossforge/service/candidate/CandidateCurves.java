package dev.lossforge.service.candidate;

import dev.lossforge.loss.LossCurve;
import dev.lossforge.loss.LossCurvePoint;
import dev.lossforge.loss.MissingInputException;
import dev.lossforge.sandbox.CompiledLoss;
import dev.lossforge.sandbox.LossCompiler;
import dev.lossforge.sandbox.LossRejectedException;
import dev.lossforge.service.web.ConflictException;
import dev.lossforge.service.web.InvalidRequestException;
import org.springframework.stereotype.Component;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Loss curves of candidates, computed in the service's sandbox and kept for the most recent ones. */
@Component
class CandidateCurves {

    private static final int CACHE = 256;

    /** {@code GET /api/candidates/{id}/curve}. */
    record Curve(long candidateId, String name, double beta, List<LossCurvePoint> points) {
    }

    private final LossCompiler compiler = new LossCompiler();
    private final Map<String, Curve> cache = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Curve> eldest) {
            return size() > CACHE;
        }
    };

    Curve curve(Candidate candidate, double beta) {
        String key = candidate.id() + "@" + beta;
        synchronized (cache) {
            Curve cached = cache.get(key);
            if (cached != null) {
                return cached;
            }
        }
        if (candidate.status() == CandidateStatus.INVALID) {
            throw new ConflictException("candidate " + candidate.id() + " is INVALID (" + candidate.errorMessage()
                    + "): it has no curve");
        }
        CompiledLoss loss;
        try {
            loss = compiler.compile(candidate.code());
        } catch (LossRejectedException e) {
            throw new ConflictException("candidate " + candidate.id() + " no longer compiles: " + e.getMessage());
        }
        List<LossCurvePoint> points;
        try {
            // LossProbe serialises the gradient work on the JVM-wide GradientGate itself
            points = LossCurve.compute(loss.newInstance(), beta);
        } catch (MissingInputException e) {
            throw new InvalidRequestException("candidate", "the loss needs an input the curve setting lacks: "
                    + e.getMessage());
        }
        Curve curve = new Curve(candidate.id(), candidate.name(), beta, points);
        synchronized (cache) {
            cache.put(key, curve);
        }
        return curve;
    }
}
