package dev.pyassist.llm.local.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pyassist.llm.LlmException;
import dev.pyassist.llm.local.LocalEngine;
import dev.pyassist.llm.local.LocalModelSpec;
import dev.pyassist.llm.local.SamplingOptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sharded checkpoints ({@code model.safetensors.index.json}) and half-precision tensors. */
class ShardsAndDtypesTest {

    @TempDir
    Path tmp;

    /** Writes a safetensors file from name -> (dtype, shape, raw little-endian bytes). */
    static void write(Path file, Map<String, Object[]> tensors) throws IOException {
        ObjectMapper om = new ObjectMapper();
        ObjectNode header = om.createObjectNode();
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        for (Map.Entry<String, Object[]> t : tensors.entrySet()) {
            byte[] raw = (byte[]) t.getValue()[2];
            ObjectNode e = header.putObject(t.getKey());
            e.put("dtype", (String) t.getValue()[0]);
            e.putPOJO("shape", t.getValue()[1]);
            e.putArray("data_offsets").add(data.size()).add(data.size() + raw.length);
            data.write(raw);
        }
        byte[] h = om.writeValueAsBytes(header);
        ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(h.length);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(len.array());
        out.write(h);
        out.write(data.toByteArray());
        Files.write(file, out.toByteArray());
    }

    @Test
    void shardedCheckpointGivesTheSameTokens() throws IOException {
        Path m = tmp.resolve("sharded");
        Files.createDirectories(m);
        for (String f : List.of("config.json", "tokenizer.json")) {
            Files.copy(Fixtures.model().resolve(f), m.resolve(f));
        }
        SafeTensors src = SafeTensors.open(Fixtures.model().resolve("model.safetensors"));
        List<String> names = new ArrayList<>(src.entries().keySet());
        ObjectNode index = new ObjectMapper().createObjectNode();
        ObjectNode map = index.putObject("weight_map");
        for (int shard = 0; shard < 2; shard++) {
            String file = "model-0000" + (shard + 1) + "-of-00002.safetensors";
            Map<String, Object[]> part = new LinkedHashMap<>();
            for (int i = shard; i < names.size(); i += 2) {
                SafeTensors.Entry e = src.entries().get(names.get(i));
                ByteBuffer b = src.readFloat32(e.name());
                byte[] raw = new byte[b.remaining()];
                b.get(raw);
                part.put(e.name(), new Object[] {"F32", e.shape(), raw});
                map.put(e.name(), file);
            }
            write(m.resolve(file), part);
        }
        Files.writeString(m.resolve("model.safetensors.index.json"), index.toString());
        try (LocalEngine engine = new DjlLocalEngineProvider().load(new LocalModelSpec(m, null, null, 1))) {
            var golden = Fixtures.golden().get("base").get(0);
            assertArrayEquals(Fixtures.ints(golden.get("greedy_ids")),
                    engine.generate(golden.get("prompt").asText(), null, SamplingOptions.greedy(20), null, null)
                            .tokenIds());
        }
        // an index naming a shard that is not there
        map.put(names.get(0), "model-00003-of-00002.safetensors");
        Files.writeString(m.resolve("model.safetensors.index.json"), index.toString());
        LlmException e = assertThrows(LlmException.class,
                () -> new DjlLocalEngineProvider().load(new LocalModelSpec(m, null, null, 1)));
        assertEquals(LlmException.Kind.MISCONFIGURED, e.kind());
        assertTrue(e.getMessage().contains("model-00003-of-00002.safetensors"), e.getMessage());
    }

    @Test
    void halfPrecisionTensorsAreWidened() throws IOException {
        float[] want = {1f, -2.5f, 0.15625f, 65504f};
        ByteBuffer f16 = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN)
                .putShort((short) 0x3c00).putShort((short) 0xc100).putShort((short) 0x3100).putShort((short) 0x7bff);
        ByteBuffer bf16 = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : new float[] {1f, -2.5f, 0.15625f, 3.0e38f}) {
            bf16.putShort((short) (Float.floatToIntBits(v) >>> 16));
        }
        Path f = tmp.resolve("h.safetensors");
        Map<String, Object[]> t = new LinkedHashMap<>();
        t.put("h", new Object[] {"F16", new long[] {2, 2}, f16.array()});
        t.put("b", new Object[] {"BF16", new long[] {4}, bf16.array()});
        write(f, t);
        SafeTensors st = SafeTensors.open(f);
        assertArrayEquals(want, floats(st.readFloat32("h")));
        float[] b = floats(st.readFloat32("b"));
        assertArrayEquals(new float[] {1f, -2.5f, 0.15625f}, java.util.Arrays.copyOf(b, 3));
        assertEquals(Float.intBitsToFloat(Float.floatToIntBits(3.0e38f) & 0xffff0000), b[3]);
        assertEquals("h", st.entries().keySet().iterator().next());
        assertTrue(new String(Files.readAllBytes(f), StandardCharsets.UTF_8).contains("BF16"));
    }

    private static float[] floats(ByteBuffer b) {
        float[] out = new float[b.remaining() / 4];
        b.asFloatBuffer().get(out);
        return out;
    }
}
