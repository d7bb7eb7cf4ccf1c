package dev.lossforge.service.proposer.evolution;

import dev.lossforge.loss.PreferenceLoss;
import org.codehaus.janino.SimpleCompiler;

import java.util.regex.Pattern;

/**
 * Compiles a rendered loss with Janino behind a class loader that resolves only what the
 * sandbox allows a loss to name (java.lang, DJL's ndarray types, the loss contract), the way
 * the built-in sources are checked. Stand-in for the sandbox's LossCompiler until it is on main.
 */
final class SandboxCompile {

    private static final Pattern ALLOWED = Pattern.compile("java\\.io\\.Serializable|java\\.util\\.Iterator"
            + "|java\\.lang\\.(annotation\\.|constant\\.)?[A-Z][\\w$]*|ai\\.djl\\.ndarray\\.(types\\.)?[A-Z][\\w$]*"
            + "|dev\\.lossforge\\.loss\\.[A-Z][\\w$]*");

    private SandboxCompile() {
    }

    static PreferenceLoss compile(String source, String className) {
        try {
            SimpleCompiler compiler = new SimpleCompiler();
            compiler.setParentClassLoader(new ClassLoader(SandboxCompile.class.getClassLoader()) {
                @Override
                protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
                    if (!ALLOWED.matcher(name).matches()) {
                        throw new ClassNotFoundException(name + " is outside the sandbox allow-list");
                    }
                    return super.loadClass(name, resolve);
                }
            });
            compiler.cook(source);
            return (PreferenceLoss) compiler.getClassLoader().loadClass(className).getConstructor().newInstance();
        } catch (Exception e) {
            throw new AssertionError("the rendered source does not compile: " + e.getMessage() + "\n" + source, e);
        }
    }
}
