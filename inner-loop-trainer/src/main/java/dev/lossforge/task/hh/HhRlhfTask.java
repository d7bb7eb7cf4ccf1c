package dev.lossforge.task.hh;

import dev.lossforge.task.TaskConfig;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * Real human preferences: the 2,312 pairs of Anthropic's HH-RLHF harmless-base test file
 * (MIT licence, bundled as a resource; see {@code NOTICE-hh-rlhf.md} beside it). The text is
 * offensive by design: it is red-teaming data. Settings: those of {@link PreferencePairTask}.
 */
public final class HhRlhfTask extends PreferencePairTask {

    public static final String NAME = "hh-rlhf";
    static final String RESOURCE = "hh-rlhf-harmless-base-test.jsonl.gz";

    private static volatile List<TextPair> pairs;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "byte-level LM warmed up by SFT, preference-trained on HH-RLHF harmless-base pairs; fitness = held-out pair accuracy";
    }

    @Override
    public List<String> variants() {
        return List.of("harmless-base");
    }

    @Override
    protected List<TextPair> pairs(TaskConfig config) {
        List<TextPair> loaded = pairs;
        if (loaded == null) {
            try (InputStream in = HhRlhfTask.class.getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException("resource " + RESOURCE + " is missing from the trainer jar");
                }
                loaded = List.copyOf(PairFileReader.read(new GZIPInputStream(in), RESOURCE));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read resource " + RESOURCE, e);
            }
            pairs = loaded;
        }
        return loaded;
    }
}
