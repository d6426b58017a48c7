package dev.pyassist.validator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server refuses an artifact whose checksums, format version or contents do not match, and says why. */
class ArtifactTest {
    @TempDir
    Path tmp;

    @Test
    void theTinyArtifactLoads() throws Exception {
        ValidatorArtifact a = ValidatorArtifact.load(TinyModel.dir());
        assertEquals(1, a.formatVersion());
        assertEquals(128, a.maxSeqLen());
        assertEquals("clean", a.labels().get(0));
        assertEquals(16, a.labels().size());
        assertEquals("comparison looks inverted", a.shortMessage("inverted_comparison"));
        assertTrue(a.warningThreshold() > 0 && a.warningThreshold() < 1);
        assertEquals(0, a.bosId());
        assertEquals(2, a.eosId());
        assertEquals(1, a.padId());
    }

    @Test
    void aDamagedModelIsRefusedWithItsChecksum() throws Exception {
        Path dir = TinyModel.copy(tmp.resolve("m"));
        byte[] bytes = Files.readAllBytes(dir.resolve("model.onnx"));
        bytes[bytes.length / 2] ^= 0x5a;
        Files.write(dir.resolve("model.onnx"), bytes);
        ArtifactException e = assertThrows(ArtifactException.class, () -> ValidatorArtifact.load(dir));
        assertTrue(e.getMessage().contains("model.onnx is corrupt or was replaced"), e.getMessage());
        assertTrue(e.getMessage().contains("SHA-256"), e.getMessage());
    }

    @Test
    void aTruncatedTokenizerIsRefused() throws Exception {
        Path dir = TinyModel.copy(tmp.resolve("t"));
        Files.writeString(dir.resolve("tokenizer.json"), "{}");
        ArtifactException e = assertThrows(ArtifactException.class, () -> ValidatorArtifact.load(dir));
        assertTrue(e.getMessage().contains("tokenizer.json is corrupt"), e.getMessage());
    }

    @Test
    void anotherFormatVersionIsRefused() throws Exception {
        Path dir = TinyModel.copy(tmp.resolve("v"));
        String meta = Files.readString(dir.resolve("validator.json"), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("validator.json"), meta.replaceFirst("\"format_version\": 1", "\"format_version\": 3"));
        ArtifactException e = assertThrows(ArtifactException.class, () -> ValidatorArtifact.load(dir));
        assertTrue(e.getMessage().contains("format version 3; this pyassist reads versions 1 and 2"), e.getMessage());
        // format 2 is read only with its design: a format-1 file relabelled 2 is not misread
        Files.writeString(dir.resolve("validator.json"), meta.replaceFirst("\"format_version\": 1", "\"format_version\": 2"));
        ArtifactException design = assertThrows(ArtifactException.class, () -> ValidatorArtifact.load(dir));
        assertTrue(design.getMessage().contains("with design '(none)'; this pyassist reads design 'token-rtd'"),
                design.getMessage());
    }

    @Test
    void missingAndGarbledMetadataAreRefused() throws Exception {
        ArtifactException missing = assertThrows(ArtifactException.class,
                () -> ValidatorArtifact.load(tmp.resolve("nowhere")));
        assertTrue(missing.getMessage().contains("no validator model at"), missing.getMessage());
        Path dir = TinyModel.copy(tmp.resolve("g"));
        Files.writeString(dir.resolve("validator.json"), "{not json");
        ArtifactException garbled = assertThrows(ArtifactException.class, () -> ValidatorArtifact.load(dir));
        assertTrue(garbled.getMessage().contains("not valid JSON"), garbled.getMessage());
    }

    @Test
    void aModelThatOnnxRuntimeCannotReadIsRefusedAtOpen() throws Exception {
        Path dir = TinyModel.copy(tmp.resolve("o"));
        Files.writeString(dir.resolve("model.onnx"), "not an onnx model");
        String meta = Files.readString(dir.resolve("validator.json"), StandardCharsets.UTF_8);
        String sha = ValidatorArtifact.sha256(dir.resolve("model.onnx"));
        Files.writeString(dir.resolve("validator.json"),
                meta.replaceFirst("\"model.onnx\": \"[0-9a-f]{64}\"", "\"model.onnx\": \"" + sha + "\""));
        ValidatorArtifact artifact = ValidatorArtifact.load(dir);
        ArtifactException e = assertThrows(ArtifactException.class, () -> ValidatorEngine.open(artifact, 1));
        assertTrue(e.getMessage().startsWith("ONNX Runtime cannot load model.onnx"), e.getMessage());
    }
}
