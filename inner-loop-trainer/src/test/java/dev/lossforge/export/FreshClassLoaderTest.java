package dev.lossforge.export;

import dev.lossforge.loss.BatchValues;
import dev.lossforge.loss.BuiltinLoss;
import dev.lossforge.loss.BuiltinLosses;
import dev.lossforge.loss.LossProbe;
import dev.lossforge.loss.PreferenceLoss;
import dev.lossforge.loss.ProbeResult;
import dev.lossforge.sandbox.LossCompiler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Issue 7's export test: the written JAR, loaded in a fresh class loader through ServiceLoader as
 * a plain program would, gives the same per-example losses as the original loss on the same batch.
 */
class FreshClassLoaderTest {

    @Test
    void everyLossInTheJarLoadsThroughServiceLoaderAndComputesWhatTheOriginalComputes(@TempDir Path dir)
            throws Exception {
        LossJarWriter writer = new LossJarWriter();
        LossCompiler compiler = new LossCompiler();
        // originals: two user classes that are both called ScaledDpo, a built-in, and a built-in with
        // batch statistics (its per-pair values depend on the whole batch)
        Map<String, PreferenceLoss> originals = new LinkedHashMap<>();
        List<ExportedLoss> exported = new ArrayList<>();
        for (String file : List.of("ScaledDpo.java", "ScaledDpoHinge.java")) {
            String source = ExportFixtures.source(file);
            ExportedLoss loss = writer.compile(source, CandidateInfo.named(file));
            exported.add(loss);
            originals.put(loss.className(), compiler.compile(source).newInstance());
        }
        for (String name : List.of("lrml", "aqfl")) {
            BuiltinLoss builtin = BuiltinLosses.get(name);
            ExportedLoss loss = writer.compile(builtin.source(), CandidateInfo.named(name));
            exported.add(loss);
            originals.put(loss.className(), builtin.newInstance());
        }
        Path jar = Files.write(dir.resolve("export.jar"), writer.toBytes(exported, ExportFixtures.EXPORTED_AT));

        BatchValues batch = ExportFixtures.batch(0.1);
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()},
                PreferenceLoss.class.getClassLoader())) {
            List<String> found = new ArrayList<>();
            for (PreferenceLoss loss : ServiceLoader.load(PreferenceLoss.class, loader)) {
                String name = loss.getClass().getName();
                found.add(name);
                // defined by the fresh loader from the JAR, not by the sandbox or the application
                assertThat(loss.getClass().getClassLoader()).as(name).isSameAs(loader);
                PreferenceLoss original = originals.get(name);
                assertThat(original).as("an original for " + name).isNotNull();
                assertThat(original.getClass()).isNotSameAs(loss.getClass());

                ProbeResult expected = LossProbe.probe(original, batch);
                ProbeResult actual = LossProbe.probe(loss, batch);
                assertThat(actual.losses()).hasSize(batch.size());
                for (int i = 0; i < batch.size(); i++) {
                    assertThat(actual.losses()[i]).as(name + " pair " + i).isCloseTo(expected.losses()[i], within(1e-12));
                    assertThat(actual.gradPolicyChosen()[i]).as(name + " gradient " + i)
                            .isCloseTo(expected.gradPolicyChosen()[i], within(1e-12));
                }
            }
            assertThat(found).containsExactlyElementsOf(originals.keySet());
        }
    }
}
