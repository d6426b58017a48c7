package dev.pyassist.llm.local.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pyassist.llm.LlmException;
import dev.pyassist.llm.local.LocalModelSpec;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Broken model and adapter folders: each is refused with MISCONFIGURED and a message naming file and problem. */
class BadFilesTest {

    @TempDir
    Path tmp;

    private Path copy(Path from, String name) throws IOException {
        Path to = tmp.resolve(name);
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        return to;
    }

    private static LlmException refused(LocalModelSpec spec, String... mustMention) {
        LlmException e = assertThrows(LlmException.class, () -> new DjlLocalEngineProvider().load(spec).close());
        assertEquals(LlmException.Kind.MISCONFIGURED, e.kind(), e.getMessage());
        for (String m : mustMention) {
            assertTrue(e.getMessage().contains(m), "'" + m + "' not in: " + e.getMessage());
        }
        return e;
    }

    private static LocalModelSpec base(Path model) {
        return new LocalModelSpec(model, Map.of(), null, 1);
    }

    @Test
    void truncatedSafetensors() throws IOException {
        Path m = copy(Fixtures.model(), "m");
        Path f = m.resolve("model.safetensors");
        byte[] b = Files.readAllBytes(f);
        Files.write(f, Arrays.copyOf(b, b.length - 1000));
        refused(base(m), "model.safetensors", "outside the data section", "truncated");
        Files.write(f, Arrays.copyOf(b, 100)); // cut inside the header
        refused(base(m), "model.safetensors", "header length");
    }

    @Test
    void headerThatLiesAboutSizes() throws IOException {
        Path m = copy(Fixtures.model(), "m");
        Path f = m.resolve("model.safetensors");
        byte[] b = Files.readAllBytes(f);
        long n = ByteBuffer.wrap(b, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        String header = new String(b, 8, (int) n, StandardCharsets.UTF_8);
        // claim ln_f.bias is [65] while keeping its 256-byte range (same header length)
        String lie = header.replace("\"transformer.ln_f.bias\":{\"dtype\":\"F32\",\"shape\":[64]",
                "\"transformer.ln_f.bias\":{\"dtype\":\"F32\",\"shape\":[65]");
        assertTrue(!lie.equals(header), "fixture header layout changed: " + header.substring(0, 200));
        byte[] out = b.clone();
        byte[] lb = lie.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(lb, 0, out, 8, lb.length);
        Files.write(f, out);
        refused(base(m), "model.safetensors", "transformer.ln_f.bias", "needs");

        // two tensors sharing bytes
        String wpe = header.substring(header.indexOf("\"transformer.ln_f.weight\""));
        String lnfW = wpe.substring(wpe.indexOf("data_offsets"), wpe.indexOf(']', wpe.indexOf("data_offsets")) + 1);
        String lnfB = header.substring(header.indexOf("\"transformer.ln_f.bias\""));
        String lnfBOff = lnfB.substring(lnfB.indexOf("data_offsets"),
                lnfB.indexOf(']', lnfB.indexOf("data_offsets")) + 1);
        if (lnfW.length() == lnfBOff.length()) {
            String overlap = header.replace(lnfBOff, lnfW);
            byte[] ob = b.clone();
            byte[] hb = overlap.getBytes(StandardCharsets.UTF_8);
            System.arraycopy(hb, 0, ob, 8, hb.length);
            Files.write(f, ob);
            refused(base(m), "model.safetensors", "overlap");
        }
    }

    @Test
    void pickleOnlyFolder() throws IOException {
        Path m = copy(Fixtures.model(), "m");
        Files.delete(m.resolve("model.safetensors"));
        Files.write(m.resolve("pytorch_model.bin"), new byte[] {(byte) 0x80, 2});
        refused(base(m), "pytorch_model.bin", "pickle files are not loaded", "safe_serialization=True");
    }

    @Test
    void missingTokenizer() throws IOException {
        Path m = copy(Fixtures.model(), "m");
        Files.delete(m.resolve("tokenizer.json"));
        refused(base(m), "tokenizer.json is missing");
    }

    @Test
    void notABigCodeConfig() throws IOException {
        Path m = copy(Fixtures.model(), "m");
        Files.writeString(m.resolve("config.json"), "{\"model_type\": \"llama\"}");
        refused(base(m), "config.json", "gpt_bigcode");
    }

    @Test
    void adapterWithWrongRank() throws IOException {
        Path a = copy(Fixtures.root().resolve("adapters/attn"), "a");
        Path cfg = a.resolve("adapter_config.json");
        Files.writeString(cfg, Files.readString(cfg).replace("\"r\": 4", "\"r\": 8"));
        refused(new LocalModelSpec(Fixtures.model(), Map.of("bad", a), null, 1), "rank", "r = 8");
    }

    @Test
    void adapterTargetingAMissingModule() throws IOException {
        Path a = copy(Fixtures.root().resolve("adapters/attn"), "a");
        Path cfg = a.resolve("adapter_config.json");
        Files.writeString(cfg, Files.readString(cfg).replace("\"c_attn\"", "\"q_proj\""));
        refused(new LocalModelSpec(Fixtures.model(), Map.of("bad", a), null, 1), "adapter_config.json", "q_proj");

        Path b = copy(Fixtures.root().resolve("adapters/mlp"), "b");
        Path st = b.resolve("adapter_model.safetensors");
        byte[] bytes = Files.readAllBytes(st);
        String s = new String(bytes, StandardCharsets.ISO_8859_1).replace("transformer.h.1.", "transformer.h.7.");
        Files.write(st, s.getBytes(StandardCharsets.ISO_8859_1));
        refused(new LocalModelSpec(Fixtures.model(), Map.of("bad", b), null, 1), "adapter_model.safetensors",
                "transformer.h.7.mlp.c_fc");
    }

    @Test
    void adapterForAnotherModelShape() throws IOException {
        Path m = copy(Fixtures.model(), "m");
        Path cfg = m.resolve("config.json");
        // a model whose MLP is twice as wide cannot take the mlp adapter... but its weights would not load either,
        // so check the adapter side: a pickle-only adapter folder is refused too
        Path a = tmp.resolve("pa");
        Files.createDirectories(a);
        Files.copy(Fixtures.root().resolve("adapters/attn/adapter_config.json"), a.resolve("adapter_config.json"));
        Files.write(a.resolve("adapter_model.bin"), new byte[] {1});
        refused(new LocalModelSpec(m, Map.of("p", a), null, 1), "adapter_model.bin", "pickle");
        assertTrue(Files.exists(cfg));
    }

    private static final String SHADOW = "root:*:19000:0:99999:7:::\n";

    @Test
    void aFileThatIsNotSafetensorsIsNotQuoted() throws IOException {
        Path m = copy(Fixtures.model(), "m");
        Files.writeString(m.resolve("model.safetensors"), SHADOW.repeat(4));
        long firstEight = ByteBuffer.wrap(SHADOW.getBytes(StandardCharsets.UTF_8), 0, 8)
                .order(ByteOrder.LITTLE_ENDIAN).getLong();
        LlmException e = refused(base(m), "model.safetensors", "header length");
        assertTrue(!e.getMessage().contains(Long.toString(firstEight)), "the first 8 bytes are not shown: "
                + e.getMessage());
        Files.writeString(m.resolve("config.json"), SHADOW);
        e = refused(base(m), "config.json", "not valid JSON (line 1");
        assertTrue(!e.getMessage().contains("root"), e.getMessage());
    }

    @Test
    void linksOutOfTheModelFolderAndDevicesAreRefused() throws IOException {
        Path m = copy(Fixtures.model(), "m");
        Path secret = Files.writeString(tmp.resolve("shadow"), SHADOW);
        Files.delete(m.resolve("model.safetensors"));
        Files.createSymbolicLink(m.resolve("model.safetensors"), secret);
        LlmException e = refused(base(m), "model.safetensors", "leads outside");
        assertTrue(!e.getMessage().contains("root"), e.getMessage());
        Path n = copy(Fixtures.model(), "n");
        Files.delete(n.resolve("config.json"));
        Files.createSymbolicLink(n.resolve("config.json"), Path.of("/dev/zero"));
        refused(base(n), "config.json", "is not a regular file");
        Path a = copy(Fixtures.root().resolve("adapters/attn"), "a");
        Files.delete(a.resolve("adapter_config.json"));
        Files.createSymbolicLink(a.resolve("adapter_config.json"), secret);
        refused(new LocalModelSpec(Fixtures.model(), Map.of("bad", a), null, 1), "adapter_config.json",
                "leads outside");
    }

    @Test
    void aTokenizerOverTheLimitIsRefused() throws IOException {
        Path m = copy(Fixtures.model(), "m");
        System.setProperty(dev.pyassist.files.ArtifactLimits.TOKENIZER_PROPERTY, "100");
        try {
            refused(base(m), "tokenizer.json is larger than the limit of 100 bytes");
        } finally {
            System.clearProperty(dev.pyassist.files.ArtifactLimits.TOKENIZER_PROPERTY);
        }
    }
}
