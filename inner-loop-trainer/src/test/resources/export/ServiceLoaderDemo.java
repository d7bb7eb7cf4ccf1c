import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.lossforge.loss.PreferenceBatch;
import dev.lossforge.loss.PreferenceLoss;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ServiceLoader;

/**
 * A plain DJL program, as a user of an exported JAR writes one: it finds the losses through
 * ServiceLoader and prints each one's per-example losses on a batch given on the command line.
 *
 * <pre>
 * java -cp inner-loop-trainer.jar:export.jar:. ServiceLoaderDemo BETA PC PR RC RR LC LR
 * java -cp inner-loop-trainer.jar:. ServiceLoaderDemo --jar export.jar BETA PC PR RC RR LC LR
 * </pre>
 * PC ... LR are comma-separated numbers: policy chosen/rejected and reference chosen/rejected
 * log-probabilities, chosen and rejected lengths. Prints one line per loss: its class name and
 * its values.
 */
public class ServiceLoaderDemo {

    public static void main(String[] args) throws Exception {
        int at = 0;
        ClassLoader loader = ServiceLoaderDemo.class.getClassLoader();
        URLClassLoader own = null;
        if (args[0].equals("--jar")) {
            own = new URLClassLoader(new URL[] {Path.of(args[1]).toUri().toURL()}, loader);
            loader = own;
            at = 2;
        }
        double beta = Double.parseDouble(args[at]);
        int found = 0;
        try (NDManager manager = NDManager.newBaseManager()) {
            PreferenceBatch batch = new PreferenceBatch(array(manager, args[at + 1]), array(manager, args[at + 2]),
                    array(manager, args[at + 3]), array(manager, args[at + 4]), array(manager, args[at + 5]),
                    array(manager, args[at + 6]), null, null, null, beta);
            for (PreferenceLoss loss : ServiceLoader.load(PreferenceLoss.class, loader)) {
                NDArray values = loss.compute(batch).toType(DataType.FLOAT64, false);
                StringBuilder line = new StringBuilder(loss.getClass().getName());
                for (double v : values.toDoubleArray()) {
                    line.append(' ').append(v);
                }
                System.out.println(line);
                found++;
            }
        }
        if (own != null) {
            own.close();
        }
        if (found == 0) {
            System.err.println("no PreferenceLoss found through ServiceLoader");
            System.exit(1);
        }
    }

    private static NDArray array(NDManager manager, String csv) {
        String[] parts = csv.split(",");
        double[] values = new double[parts.length];
        for (int i = 0; i < parts.length; i++) {
            values[i] = Double.parseDouble(parts[i]);
        }
        return manager.create(values);
    }
}
