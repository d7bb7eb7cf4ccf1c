package dev.lossforge.task.lm;

import dev.lossforge.train.Progress;
import dev.lossforge.train.TrainingListener;

import java.util.ArrayList;
import java.util.List;

/** Keeps every progress report, so that tests can see which phases ran. */
public final class RecordingListener implements TrainingListener {

    private final List<Progress> progress = new ArrayList<>();

    @Override
    public void onProgress(Progress p) {
        progress.add(p);
    }

    public List<Progress> progress() {
        return progress;
    }

    /** Reports of the {@code reference} phase: present only when a reference was trained. */
    public long referenceSteps() {
        return progress.stream().filter(p -> p.phase().equals("reference")).count();
    }
}
