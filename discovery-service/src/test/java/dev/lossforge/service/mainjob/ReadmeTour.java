package dev.lossforge.service.mainjob;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The curl tour of README.md (the code blocks of its "A five-minute tour with curl" section), read
 * from the README itself so that the test runs what a reader types: one line that builds and
 * starts the service, then curl requests, some piped into {@code grep}, and trainer commands
 * ({@code java -jar inner-loop-trainer/target/inner-loop-trainer.jar ...}) run on what was downloaded.
 *
 * @param launch   how the tour starts the service
 * @param requests the requests, in the README's order
 */
record ReadmeTour(Launch launch, List<Request> requests) {

    static final String HEADING = "### A five-minute tour with curl";

    /** {@code mvn ... package && java -jar JAR &}: the build, then the jar started in the background. */
    record Launch(String text, List<String> build, String jar) {
    }

    static final String TRAINER_JAR = "inner-loop-trainer/target/inner-loop-trainer.jar";

    /**
     * A curl request, and the pattern of a {@code | grep PATTERN} after it, if any; or a trainer
     * command ({@code curl} null, {@code trainer} its words).
     */
    record Request(String text, CurlRequest curl, Pattern grep, List<String> trainer) {

        /** The expectation's key: the request's ("GET /api/..."), or "java SUBCOMMAND". */
        String key() {
            return curl != null ? curl.key() : "java " + trainer.get(3);
        }
    }

    private static final Pattern FENCE = Pattern.compile("(?m)^```[^\\n]*\\n(.*?)^```\\s*$", Pattern.DOTALL);

    static ReadmeTour load(Path readme) {
        String text;
        try {
            text = Files.readString(readme, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return parse(section(text));
    }

    /** The text from the tour's heading to the next heading of its level or above. */
    static String section(String readme) {
        int start = readme.indexOf("\n" + HEADING + "\n");
        if (start < 0) {
            throw new IllegalArgumentException("README.md has no section '" + HEADING + "'");
        }
        int bodyStart = start + HEADING.length() + 2;
        Matcher next = Pattern.compile("(?m)^#{1,3} ").matcher(readme);
        int end = next.find(bodyStart) ? next.start() : readme.length();
        return readme.substring(bodyStart, end);
    }

    static ReadmeTour parse(String section) {
        Launch launch = null;
        List<Request> requests = new ArrayList<>();
        Matcher block = FENCE.matcher(section);
        while (block.find()) {
            for (ShellLines.Line line : ShellLines.parse(block.group(1))) {
                if (launch == null && requests.isEmpty()) {
                    launch = launch(line);
                    continue;
                }
                requests.add(request(line));
            }
        }
        if (launch == null || requests.isEmpty()) {
            throw new IllegalArgumentException("the tour has no code blocks with a launch and curl requests");
        }
        return new ReadmeTour(launch, List.copyOf(requests));
    }

    private static Launch launch(ShellLines.Line line) {
        List<ShellLines.Step> steps = line.steps();
        ShellLines.Step start = steps.get(steps.size() - 1);
        List<String> java = start.stages().get(0).words();
        if (!start.background() || start.stages().size() != 1 || java.size() != 3
                || !java.get(0).equals("java") || !java.get(1).equals("-jar")) {
            throw new IllegalArgumentException("the tour's first command should end by starting the service with "
                    + "'java -jar JAR &', found: " + line.text());
        }
        List<String> build = new ArrayList<>();
        for (ShellLines.Step step : steps.subList(0, steps.size() - 1)) {
            if (step.background() || step.stages().size() != 1 || !step.stages().get(0).program().equals("mvn")) {
                throw new IllegalArgumentException("before 'java -jar', the tour may only build with mvn: " + line.text());
            }
            build.addAll(step.stages().get(0).words());
        }
        return new Launch(line.text(), List.copyOf(build), java.get(2));
    }

    private static Request request(ShellLines.Line line) {
        if (line.steps().size() != 1 || line.steps().get(0).background()) {
            throw new IllegalArgumentException("a tour command other than 'curl ...' or 'curl ... | grep P': "
                    + line.text());
        }
        List<ShellLines.Stage> stages = line.steps().get(0).stages();
        List<String> first = stages.get(0).words();
        if (stages.size() == 1 && first.size() > 3 && first.get(0).equals("java") && first.get(1).equals("-jar")
                && first.get(2).equals(TRAINER_JAR)) {
            return new Request(line.text(), null, null, List.copyOf(first));
        }
        CurlRequest curl = CurlRequest.parse(stages.get(0).words());
        Pattern grep = null;
        if (stages.size() == 2) {
            List<String> g = stages.get(1).words();
            if (g.size() != 2 || !g.get(0).equals("grep")) {
                throw new IllegalArgumentException("the tour pipes curl into something other than 'grep PATTERN': "
                        + line.text());
            }
            // the tour's patterns are plain text with ^ and $; basic regular expressions read those as Java does
            grep = Pattern.compile(g.get(1));
        } else if (stages.size() > 2) {
            throw new IllegalArgumentException("a pipeline longer than 'curl | grep': " + line.text());
        }
        return new Request(line.text(), curl, grep, null);
    }
}
