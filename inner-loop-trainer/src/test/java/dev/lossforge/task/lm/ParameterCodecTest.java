package dev.lossforge.task.lm;

import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ParameterCodecTest {

    @Test
    void roundTripIsExact() {
        try (NDManager manager = NDManager.newBaseManager()) {
            CausalLm source = new CausalLm(CausalLmTest.SMALL).initialize(manager, 1);
            CausalLm target = new CausalLm(CausalLmTest.SMALL).initialize(manager, 2);
            byte[] bytes = ParameterCodec.encode(source);

            ParameterCodec.decode(bytes, target);

            assertThat(ParameterCodec.encode(target)).isEqualTo(bytes);
        }
    }

    @Test
    void refusesAnotherArchitecture() {
        try (NDManager manager = NDManager.newBaseManager()) {
            byte[] bytes = ParameterCodec.encode(new CausalLm(CausalLmTest.SMALL).initialize(manager, 1));
            CausalLm wider = new CausalLm(new LmShape(11, 16, 32, 2, 2, 32)).initialize(manager, 1);
            CausalLm deeper = new CausalLm(new LmShape(11, 16, 16, 2, 3, 32)).initialize(manager, 1);

            assertThatThrownBy(() -> ParameterCodec.decode(bytes, wider))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("shape");
            assertThatThrownBy(() -> ParameterCodec.decode(bytes, deeper))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("parameters");
        }
    }

    @Test
    void refusesTruncatedOrPaddedBytes() {
        try (NDManager manager = NDManager.newBaseManager()) {
            CausalLm lm = new CausalLm(CausalLmTest.SMALL).initialize(manager, 1);
            byte[] bytes = ParameterCodec.encode(lm);

            assertThatThrownBy(() -> ParameterCodec.decode(Arrays.copyOf(bytes, bytes.length - 1), lm))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ends early");
            assertThatThrownBy(() -> ParameterCodec.decode(Arrays.copyOf(bytes, bytes.length + 1), lm))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("after its last");
        }
    }
}
