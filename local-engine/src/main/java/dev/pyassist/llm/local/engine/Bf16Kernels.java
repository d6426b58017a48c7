package dev.pyassist.llm.local.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValue;
import ai.djl.pytorch.jni.IValueUtils;
import ai.djl.pytorch.jni.JniUtils;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Matrix products in bfloat16 inside libtorch, for CPUs with AMX ({@code amx_bf16}), where a bf16 product is
 * several times faster than a float32 one. DJL's PyTorch JNI cannot name bfloat16 (its dtype switch has no case
 * for it: {@code toType(BFLOAT16)} or {@code create(..., BFLOAT16)} abort the process), so the casts happen in a
 * TorchScript module that this class writes itself (a few lines of TorchScript code, no weights, no Python
 * needed): its {@code forward} turns a float32 tensor into a bf16 one, {@code linear} casts the input, multiplies
 * and returns float32. A bf16 tensor only ever passes through DJL as a handle (never {@code getDataType}).
 *
 * <p>Used for the prompt's prefill (many rows per product); decoding (one row) stays float32, where the product is
 * bound by reading the weights and the module call's overhead would cost more than it saves.
 *
 * <p>{@code PYASSIST_LOCAL_BF16} (or the {@code pyassist.local.bf16} property): {@code auto} (the default: on
 * where /proc/cpuinfo lists {@code amx_bf16}), {@code on}, {@code off}.
 */
final class Bf16Kernels implements AutoCloseable {

    /** A product of fewer rows than this stays float32 (decoding, a keystroke's few new tokens). */
    static final int MIN_ROWS = 16;

    private static final String CODE = String.join("\n",
            "class Kernels(Module):",
            "  __parameters__ = []",
            "  __buffers__ = []",
            "  training : bool",
            "  def forward(self: __torch__.Kernels,",
            "    x: Tensor) -> Tensor:",
            "    return torch.to(x, 15)",
            "  def linear(self: __torch__.Kernels,",
            "    x: Tensor,",
            "    w: Tensor) -> Tensor:",
            "    return torch.to(torch.linear(torch.to(x, 15), w), 6)",
            "  def linear_bias(self: __torch__.Kernels,",
            "    x: Tensor,",
            "    w: Tensor,",
            "    b: Tensor) -> Tensor:",
            "    return torch.to(torch.linear(torch.to(x, 15), w, b), 6)",
            "  def attend(self: __torch__.Kernels,",
            "    q: Tensor,",
            "    k: Tensor,",
            "    v: Tensor,",
            "    mask: Tensor,",
            "    heads: int) -> Tensor:",
            "    t = torch.size(q, 0)",
            "    d = torch.size(k, 1)",
            "    qh = torch.unsqueeze(torch.transpose(torch.reshape(torch.to(q, 15), [t, heads, d]), 0, 1), 0)",
            "    kh = torch.unsqueeze(torch.contiguous(torch.expand(torch.unsqueeze(torch.to(k, 15), 0), [heads, -1, -1])), 0)",
            "    vh = torch.unsqueeze(torch.contiguous(torch.expand(torch.unsqueeze(torch.to(v, 15), 0), [heads, -1, -1])), 0)",
            "    m = torch.unsqueeze(torch.unsqueeze(torch.to(mask, 15), 0), 0)",
            "    o = torch.scaled_dot_product_attention(qh, kh, vh, m, 0., False, scale=1.)",
            "    return torch.to(torch.reshape(torch.transpose(torch.squeeze(o, 0), 0, 1), [t, torch.mul(heads, d)]), 6)",
            "");

    private final PtSymbolBlock module;

    private Bf16Kernels(PtSymbolBlock module) {
        this.module = module;
    }

    /** The kernels when the setting (or, by default, the CPU) asks for them; null otherwise. */
    static Bf16Kernels ifWanted(PtNDManager manager) {
        String s = System.getenv("PYASSIST_LOCAL_BF16");
        s = System.getProperty("pyassist.local.bf16", s == null ? "auto" : s).trim().toLowerCase(Locale.ROOT);
        switch (s) {
            case "on", "true", "1":
                return load(manager);
            case "off", "false", "0":
                return null;
            default:
                if (!cpuHasAmxBf16()) {
                    return null;
                }
                try {
                    return load(manager);
                } catch (RuntimeException e) { // another libtorch that refuses the module: float32 still works
                    System.err.println("pyassist local engine: bf16 prefill unavailable, using float32 ("
                            + e.getMessage() + ")");
                    return null;
                }
        }
    }

    static boolean cpuHasAmxBf16() {
        try {
            Path info = Path.of("/proc/cpuinfo");
            return Files.isReadable(info) && Files.readString(info).contains(" amx_bf16");
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    static Bf16Kernels load(PtNDManager manager) {
        try {
            return new Bf16Kernels(JniUtils.loadModule(manager, new ByteArrayInputStream(archive()), false, false));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A bf16 copy of a float32 tensor, registered in {@code manager} (for weights: the long-lived one). */
    NDArray toBf16(NDArray x, PtNDManager manager) {
        try (IValue in = IValue.from((PtNDArray) x); IValue out = module.forward(in)) {
            return out.toTensor(manager);
        }
    }

    /** {@code x W^T + b} with a bf16 {@code W} (and {@code b}), float32 in and out. */
    NDArray linear(NDArray x, NDArray wBf16, NDArray bBf16) {
        PtNDArray px = (PtNDArray) x;
        try (IValue in = IValue.from(px); IValue w = IValue.from((PtNDArray) wBf16)) {
            if (bBf16 == null) {
                try (IValue out = IValueUtils.runMethod(module, "linear", in, w)) {
                    return out.toTensor(px.getManager());
                }
            }
            try (IValue b = IValue.from((PtNDArray) bBf16);
                 IValue out = IValueUtils.runMethod(module, "linear_bias", in, w, b)) {
                return out.toTensor(px.getManager());
            }
        }
    }

    /**
     * Multi-query attention of {@code q [T, heads * d]} over the one shared head {@code k, v [S, d]} with the
     * additive {@code mask [T, S]}, in bf16 through {@code scaled_dot_product_attention} (libtorch's fused CPU
     * kernel never writes the {@code [heads, T, S]} scores out, which made the float32 path memory-bound); scores
     * unscaled (the scale is folded into W_q). Returns {@code [T, heads * d]} float32. The kernel needs 4-D
     * inputs with K/V repeated per head as contiguous copies: with {@code enable_gqa} or an expanded view it
     * took the slow path (4x the CPU time of this, measured here).
     */
    NDArray attend(NDArray q, NDArray k, NDArray v, NDArray mask, int heads) {
        PtNDArray pq = (PtNDArray) q;
        try (IValue iq = IValue.from(pq); IValue ik = IValue.from((PtNDArray) k);
             IValue iv = IValue.from((PtNDArray) v); IValue im = IValue.from((PtNDArray) mask);
             IValue ih = IValue.from((long) heads);
             IValue out = IValueUtils.runMethod(module, "attend", iq, ik, iv, im, ih)) {
            return out.toTensor(pq.getManager());
        }
    }

    @Override
    public void close() {
        module.close();
    }

    /**
     * The TorchScript archive: a zip of stored entries {@code kernels/code/__torch__.py} (the class above),
     * {@code kernels/data.pkl} (the module object: pickle protocol 2 of {@code __torch__.Kernels} with
     * {@code training = True}), {@code kernels/constants.pkl} (an empty tuple) and {@code kernels/version}.
     */
    static byte[] archive() throws IOException {
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        data.write(new byte[] {(byte) 0x80, 2, 'c'}); // PROTO 2, GLOBAL
        data.write("__torch__\nKernels\n".getBytes(StandardCharsets.US_ASCII));
        data.write(new byte[] {'q', 0, ')', (byte) 0x81, '}', '(', 'X', 8, 0, 0, 0}); // NEWOBJ, {, MARK, "..."
        data.write("training".getBytes(StandardCharsets.US_ASCII));
        data.write(new byte[] {'q', 1, (byte) 0x88, 'u', 'b', 'q', 2, '.'}); // True, SETITEMS, BUILD, STOP
        ByteArrayOutputStream zip = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(zip)) {
            stored(z, "kernels/data.pkl", data.toByteArray());
            stored(z, "kernels/code/__torch__.py", CODE.getBytes(StandardCharsets.UTF_8));
            stored(z, "kernels/constants.pkl", new byte[] {(byte) 0x80, 2, ')', '.'});
            stored(z, "kernels/version", "3\n".getBytes(StandardCharsets.US_ASCII));
        }
        return zip.toByteArray();
    }

    private static void stored(ZipOutputStream z, String name, byte[] bytes) throws IOException {
        ZipEntry e = new ZipEntry(name);
        e.setMethod(ZipEntry.STORED);
        e.setSize(bytes.length);
        e.setCompressedSize(bytes.length);
        CRC32 crc = new CRC32();
        crc.update(bytes);
        e.setCrc(crc.getValue());
        z.putNextEntry(e);
        z.write(bytes);
        z.closeEntry();
    }
}
