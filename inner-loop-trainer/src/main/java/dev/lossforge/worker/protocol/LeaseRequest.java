package dev.lossforge.worker.protocol;

/**
 * A worker asks for a job.
 *
 * @param workerId    identifies this worker process (new for every start)
 * @param name        a name for people ({@code local-1}, {@code gpu-box-3})
 * @param host        the worker's host name
 * @param device      what it trains on ({@code cpu}, {@code gpu(0)})
 * @param waitSeconds how long the service may hold the request open when no job is ready
 */
public record LeaseRequest(String workerId, String name, String host, String device, int waitSeconds) {
}
