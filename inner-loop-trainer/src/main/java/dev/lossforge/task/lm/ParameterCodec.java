package dev.lossforge.task.lm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * A block's parameter values as bytes and back. Unlike DJL's own {@code saveParameters}, loading
 * checks every name and shape against the block it loads into and copies into the existing
 * arrays, so a file of another architecture is refused instead of silently swapped in.
 */
public final class ParameterCodec {

    private static final int MAGIC = 0x4c46504d; // "LFPM"

    private ParameterCodec() {
    }

    private static List<Pair<String, Parameter>> named(Block block) {
        List<Pair<String, Parameter>> list = new ArrayList<>();
        block.getParameters().forEach(list::add);
        return list;
    }

    public static byte[] encode(Block block) {
        List<Pair<String, Parameter>> parameters = named(block);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(MAGIC);
            out.writeInt(parameters.size());
            for (Pair<String, Parameter> entry : parameters) {
                NDArray array = entry.getValue().getArray();
                out.writeUTF(entry.getKey());
                long[] dims = array.getShape().getShape();
                out.writeInt(dims.length);
                for (long dim : dims) {
                    out.writeLong(dim);
                }
                float[] values = array.toFloatArray();
                ByteBuffer buffer = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
                buffer.asFloatBuffer().put(values);
                out.write(buffer.array());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /**
     * Copies the values into the block's (initialised) parameters.
     *
     * @throws IllegalArgumentException when the bytes do not describe this block's parameters
     */
    public static void decode(byte[] data, Block block) {
        List<Pair<String, Parameter>> parameters = named(block);
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            if (in.readInt() != MAGIC) {
                throw new IllegalArgumentException("not a parameter file");
            }
            int count = in.readInt();
            if (count != parameters.size()) {
                throw new IllegalArgumentException("file has " + count + " parameters, the model " + parameters.size());
            }
            for (Pair<String, Parameter> entry : parameters) {
                String name = in.readUTF();
                if (!name.equals(entry.getKey())) {
                    throw new IllegalArgumentException("file has parameter " + name + " where the model has " + entry.getKey());
                }
                int rank = in.readInt();
                if (rank < 0 || rank > 8) {
                    throw new IllegalArgumentException("parameter " + name + " has rank " + rank);
                }
                long[] dims = new long[rank];
                for (int i = 0; i < rank; i++) {
                    dims[i] = in.readLong();
                }
                NDArray array = entry.getValue().getArray();
                if (!new Shape(dims).equals(array.getShape())) {
                    throw new IllegalArgumentException("parameter " + name + " has shape " + new Shape(dims)
                            + " in the file, " + array.getShape() + " in the model");
                }
                byte[] raw = new byte[Math.toIntExact(array.size() * Float.BYTES)];
                in.readFully(raw);
                FloatBuffer values = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
                float[] copy = new float[values.remaining()];
                values.get(copy);
                Aligned.assign(array, copy);
            }
            if (in.read() != -1) {
                throw new IllegalArgumentException("parameter file has bytes after its last parameter");
            }
        } catch (EOFException e) {
            throw new IllegalArgumentException("parameter file ends early", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
