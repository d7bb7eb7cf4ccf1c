package dev.lossforge.service.proposer.llm;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Reads prompt templates at run time: from a folder (default {@code ./prompts}) where a file
 * exists there, else from the copy packaged on the class path. Nothing is cached, so an edited
 * file is used by the next proposal without a rebuild or restart.
 */
public final class PromptLibrary {

    /** Where the build packages the copies of {@code prompts/}. */
    public static final String CLASSPATH_FOLDER = "lossforge/prompts/";

    public static final String SYSTEM = "system.md";
    public static final String OUTPUT_CONTRACT = "output-contract.md";
    public static final String FEEDBACK = "feedback.md";
    public static final String PARENT = "parent.md";
    public static final String REPAIR = "repair.md";

    private static final Pattern FILE_NAME = Pattern.compile("[a-z0-9][a-z0-9._-]*\\.md");

    private final Path directory;
    private final ClassLoader classLoader;

    /** @param directory the folder to read first; it need not exist */
    public PromptLibrary(Path directory) {
        this(directory, PromptLibrary.class.getClassLoader());
    }

    PromptLibrary(Path directory, ClassLoader classLoader) {
        this.directory = Objects.requireNonNull(directory, "directory");
        this.classLoader = Objects.requireNonNull(classLoader, "classLoader");
    }

    public Path directory() {
        return directory;
    }

    /** The task description file for a task name: {@code task-bandit.md}. */
    public static String taskFile(String taskName) {
        return "task-" + taskName + ".md";
    }

    /**
     * @throws PromptTemplateException when neither the folder nor the class path has the file
     */
    public PromptTemplate read(String fileName) {
        if (!FILE_NAME.matcher(fileName).matches()) {
            throw new PromptTemplateException("not a prompt template name: '" + fileName + "'");
        }
        Path file = directory.resolve(fileName);
        if (Files.isRegularFile(file)) {
            try {
                return new PromptTemplate(fileName, Files.readString(file, StandardCharsets.UTF_8), file.toString());
            } catch (IOException e) {
                throw new PromptTemplateException("cannot read prompt template " + file + ": " + e.getMessage(), e);
            }
        }
        String resource = CLASSPATH_FOLDER + fileName;
        try (InputStream in = classLoader.getResourceAsStream(resource)) {
            if (in == null) {
                throw new PromptTemplateException("prompt template " + fileName + " is missing: not in "
                        + directory.toAbsolutePath() + " nor packaged on the class path (" + resource + ")");
            }
            return new PromptTemplate(fileName, new String(in.readAllBytes(), StandardCharsets.UTF_8),
                    "classpath:" + resource);
        } catch (IOException e) {
            throw new PromptTemplateException("cannot read packaged prompt template " + resource + ": " + e.getMessage(), e);
        }
    }
}
