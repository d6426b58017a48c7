package dev.pyassist.llm.local.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.pyassist.files.SafeMessages;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A reader for one {@code .safetensors} file (8-byte little-endian header length, a JSON header of
 * {@code name -> {dtype, shape, data_offsets}}, then the data). Written here rather than taken from a library because
 * the format is tiny and the checks matter: the header and every tensor must lie inside the file, each tensor's byte
 * range must equal its shape times its element size, and no two tensors may overlap. A file that fails any check is
 * refused with a message naming the file and the tensor, before anything is read into native memory.
 */
final class SafeTensors {

    /** Header lengths above this are not believed (real headers are at most a few MB). */
    private static final long MAX_HEADER = 100L << 20;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One tensor's header entry; offsets are relative to the start of the data section. */
    record Entry(String name, String dtype, long[] shape, long begin, long end) {

        long elements() {
            long n = 1;
            for (long d : shape) {
                n = Math.multiplyExact(n, d);
            }
            return n;
        }
    }

    private final Path file;
    private final long dataStart;
    private final Map<String, Entry> entries;

    private SafeTensors(Path file, long dataStart, Map<String, Entry> entries) {
        this.file = file;
        this.dataStart = dataStart;
        this.entries = entries;
    }

    Path file() {
        return file;
    }

    Map<String, Entry> entries() {
        return Collections.unmodifiableMap(entries);
    }

    /**
     * Reads and validates the header; throws {@code MISCONFIGURED} naming the file (and tensor) otherwise.
     * {@code file} is a path {@link EngineFiles#weights} checked (a regular file in its folder).
     */
    static SafeTensors open(Path file) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            long size = ch.size();
            if (size < 8) {
                throw Problems.misconfigured(file, "not a safetensors file (" + size + " bytes, shorter than the "
                        + "8-byte header length)");
            }
            ByteBuffer lenBuf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            readFully(ch, lenBuf, 0);
            long headerLen = lenBuf.getLong(0);
            if (headerLen <= 0 || headerLen > MAX_HEADER || 8 + headerLen > size) {
                // the value itself is not shown: it is the file's first 8 bytes, whatever the file is
                throw Problems.misconfigured(file, "the safetensors header length in its first 8 bytes does not fit "
                        + "the file (" + size + " bytes); the file is truncated or not safetensors");
            }
            ByteBuffer header = ByteBuffer.allocate((int) headerLen);
            readFully(ch, header, 8);
            JsonNode root;
            try {
                root = JSON.readTree(new String(header.array(), StandardCharsets.UTF_8));
            } catch (JsonProcessingException e) {
                throw Problems.misconfigured(file, "safetensors header is " + SafeMessages.invalidJson(e));
            }
            if (root == null || !root.isObject()) {
                throw Problems.misconfigured(file, "safetensors header is not a JSON object");
            }
            long dataStart = 8 + headerLen;
            long dataSize = size - dataStart;
            Map<String, Entry> entries = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                if (f.getKey().equals("__metadata__")) {
                    continue;
                }
                entries.put(f.getKey(), parseEntry(file, f.getKey(), f.getValue(), dataSize));
            }
            checkNoOverlap(file, entries);
            return new SafeTensors(file, dataStart, entries);
        } catch (IOException e) {
            throw Problems.misconfigured(file, "cannot read (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static Entry parseEntry(Path file, String name, JsonNode n, long dataSize) {
        JsonNode dt = n.get("dtype");
        JsonNode shapeNode = n.get("shape");
        JsonNode offs = n.get("data_offsets");
        if (dt == null || !dt.isTextual() || shapeNode == null || !shapeNode.isArray() || offs == null
                || !offs.isArray() || offs.size() != 2) {
            throw Problems.misconfigured(file, "tensor '" + name + "': header entry lacks dtype, shape or "
                    + "data_offsets");
        }
        String dtype = dt.asText();
        int esize = elementSize(dtype);
        if (esize < 0) {
            throw Problems.misconfigured(file, "tensor '" + name + "': dtype " + dtype
                    + " is not supported (F32, F16, BF16, F64, I64, I32, I8, U8, BOOL are)");
        }
        long[] shape = new long[shapeNode.size()];
        for (int i = 0; i < shape.length; i++) {
            JsonNode d = shapeNode.get(i);
            if (!d.canConvertToLong() || d.asLong() < 0) {
                throw Problems.misconfigured(file, "tensor '" + name + "': bad shape " + shapeNode);
            }
            shape[i] = d.asLong();
        }
        long begin = offs.get(0).asLong(-1);
        long end = offs.get(1).asLong(-1);
        if (begin < 0 || end < begin || end > dataSize) {
            throw Problems.misconfigured(file, "tensor '" + name + "': data_offsets [" + begin + ", " + end
                    + "] lie outside the data section (" + dataSize + " bytes); the file is truncated or its header "
                    + "is wrong");
        }
        Entry e = new Entry(name, dtype, shape, begin, end);
        long expected;
        try {
            expected = Math.multiplyExact(e.elements(), esize);
        } catch (ArithmeticException ex) {
            throw Problems.misconfigured(file, "tensor '" + name + "': shape " + shapeNode + " is too large");
        }
        if (end - begin != expected) {
            throw Problems.misconfigured(file, "tensor '" + name + "': data_offsets give " + (end - begin)
                    + " bytes but shape " + shapeNode + " of " + dtype + " needs " + expected);
        }
        return e;
    }

    private static void checkNoOverlap(Path file, Map<String, Entry> entries) {
        List<Entry> sorted = new ArrayList<>(entries.values());
        sorted.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        for (int i = 1; i < sorted.size(); i++) {
            Entry a = sorted.get(i - 1);
            Entry b = sorted.get(i);
            if (b.begin() < a.end()) {
                throw Problems.misconfigured(file, "tensors '" + a.name() + "' and '" + b.name()
                        + "' overlap in the data section");
            }
        }
    }

    static int elementSize(String dtype) {
        switch (dtype) {
            case "F64":
            case "I64":
                return 8;
            case "F32":
            case "I32":
                return 4;
            case "F16":
            case "BF16":
                return 2;
            case "I8":
            case "U8":
            case "BOOL":
                return 1;
            default:
                return -1;
        }
    }

    /**
     * The tensor as float32 in a fresh direct little-endian buffer (F32 copied, F16/BF16/F64 converted), ready to
     * become a native array. Integer tensors are refused: model weights are floating point.
     */
    ByteBuffer readFloat32(String name) {
        Entry e = entries.get(name);
        if (e == null) {
            throw Problems.misconfigured(file, "tensor '" + name + "' is missing");
        }
        long n = e.elements();
        if (n * 4 > Integer.MAX_VALUE) {
            throw Problems.misconfigured(file, "tensor '" + name + "' is larger than 2 GB as float32");
        }
        ByteBuffer raw = ByteBuffer.allocateDirect((int) (e.end() - e.begin())).order(ByteOrder.LITTLE_ENDIAN);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            readFully(ch, raw, dataStart + e.begin());
        } catch (IOException ex) {
            throw Problems.misconfigured(file, "cannot read tensor '" + name + "' (" + ex.getMessage() + ")");
        }
        raw.flip();
        switch (e.dtype()) {
            case "F32":
                return raw;
            case "F16": {
                ByteBuffer out = ByteBuffer.allocateDirect((int) n * 4).order(ByteOrder.LITTLE_ENDIAN);
                for (int i = 0; i < n; i++) {
                    out.putFloat(halfToFloat(raw.getShort(2 * i)));
                }
                return out.flip();
            }
            case "BF16": {
                ByteBuffer out = ByteBuffer.allocateDirect((int) n * 4).order(ByteOrder.LITTLE_ENDIAN);
                for (int i = 0; i < n; i++) {
                    out.putFloat(Float.intBitsToFloat((raw.getShort(2 * i) & 0xffff) << 16));
                }
                return out.flip();
            }
            case "F64": {
                ByteBuffer out = ByteBuffer.allocateDirect((int) n * 4).order(ByteOrder.LITTLE_ENDIAN);
                for (int i = 0; i < n; i++) {
                    out.putFloat((float) raw.getDouble(8 * i));
                }
                return out.flip();
            }
            default:
                throw Problems.misconfigured(file, "tensor '" + name + "' has dtype " + e.dtype()
                        + "; weights must be F32, F16, BF16 or F64");
        }
    }

    /** IEEE 754 binary16 to float (Java 17 has no {@code Float.float16ToFloat}). */
    static float halfToFloat(short h) {
        int bits = h & 0xffff;
        int sign = (bits & 0x8000) << 16;
        int exp = (bits >>> 10) & 0x1f;
        int mant = bits & 0x3ff;
        if (exp == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
        }
        if (exp == 0) {
            if (mant == 0) {
                return Float.intBitsToFloat(sign);
            }
            float v = mant / 1024f * (1f / 16384f); // subnormal: mant * 2^-24
            return sign == 0 ? v : -v;
        }
        return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
    }

    private static void readFully(FileChannel ch, ByteBuffer buf, long pos) throws IOException {
        while (buf.hasRemaining()) {
            int r = ch.read(buf, pos);
            if (r < 0) {
                throw new IOException("unexpected end of file");
            }
            pos += r;
        }
    }
}
