package dev.lossforge.task.lm;

import ai.djl.ndarray.NDManager;
import dev.lossforge.task.cache.ArtifactCache;
import dev.lossforge.task.cache.CacheKey;

import java.util.function.Supplier;

/**
 * The frozen reference of an LM task and the policy that starts as its copy, both loaded from
 * the same parameter bytes: from the cache when a sound entry exists, else built and stored.
 *
 * @param reference the frozen model
 * @param policy    an identical model that preference training changes
 * @param fromCache whether the bytes came from the cache
 */
public record ReferenceModels(CausalLm reference, CausalLm policy, boolean fromCache) {

    /**
     * @param build trains the reference from scratch and returns its {@link ParameterCodec} bytes
     */
    public static ReferenceModels load(NDManager manager, LmShape shape, ArtifactCache cache, CacheKey key,
                                       Supplier<byte[]> build) {
        CausalLm reference = new CausalLm(shape).initialize(manager, 0);
        // decoding into a model of the task's shape is the check that the bytes fit it; bytes
        // that do not fit are rebuilt and decoded again, over whatever the failed attempt wrote
        ArtifactCache.Result<byte[]> result = cache.getOrBuild(key, bytes -> {
            ParameterCodec.decode(bytes, reference);
            return bytes;
        }, build);
        CausalLm policy = new CausalLm(shape).initialize(manager, 0);
        ParameterCodec.decode(result.value(), policy);
        return new ReferenceModels(reference, policy, result.fromCache());
    }
}
