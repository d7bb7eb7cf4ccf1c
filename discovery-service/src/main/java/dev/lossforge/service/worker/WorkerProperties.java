package dev.lossforge.service.worker;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Trainer workers ({@code lossforge.workers.*}).
 *
 * @param local          worker processes the service starts and keeps alive itself
 * @param token          the token workers authenticate with; empty: a random one for local workers only
 * @param command        the command that starts a local worker, up to its options; empty: this JVM's
 *                       java with this application's class path and {@code dev.lossforge.cli.Main worker}
 * @param jvmOptions     options of a local worker's JVM (when {@code command} is empty)
 * @param serviceUrl     the URL local workers reach the service at; empty: http://localhost:PORT
 * @param cacheDir       the workers' cache of task artifacts; empty: the trainer's default
 * @param restartDelay   wait before restarting a local worker that died; doubles while it keeps dying
 * @param activeWindow   a worker seen within this window counts as active
 */
@ConfigurationProperties("lossforge.workers")
public record WorkerProperties(
        @DefaultValue("1") int local,
        String token,
        List<String> command,
        @DefaultValue({"-Xmx1g", "-XX:+UseSerialGC"}) List<String> jvmOptions,
        String serviceUrl,
        Path cacheDir,
        @DefaultValue("1s") Duration restartDelay,
        @DefaultValue("30s") Duration activeWindow) {

    public WorkerProperties {
        if (local < 0 || local > 256) {
            throw new IllegalArgumentException("lossforge.workers.local must be 0..256, got " + local);
        }
        token = token == null ? "" : token.trim();
        command = command == null ? List.of() : List.copyOf(command);
        jvmOptions = List.copyOf(jvmOptions);
        serviceUrl = serviceUrl == null ? "" : serviceUrl.trim();
    }
}
