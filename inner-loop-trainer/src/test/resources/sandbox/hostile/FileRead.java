// EXPECT kind=FORBIDDEN line=3 column=1 mentions="java.nio.file.Files"
import ai.djl.ndarray.NDArray;
import java.nio.file.Files;
import java.nio.file.Path;
import dev.lossforge.loss.*;

public class FileRead implements PreferenceLoss {
    @Override
    public NDArray compute(PreferenceBatch batch) {
        String secret = Files.readString(Path.of("/etc/passwd"));
        return Ops.logSigmoid(Ops.logRatioDifference(batch).mul(secret.length())).neg();
    }
}
