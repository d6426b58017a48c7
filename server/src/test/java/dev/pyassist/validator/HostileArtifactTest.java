package dev.pyassist.validator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pyassist.files.ArtifactLimits;
import dev.pyassist.files.HostileFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Artifact files that are too large, links out of the model folder or to devices, and load failures that are
 * Errors: each is refused with a message (never the file's contents) and becomes the validator's status.
 */
class HostileArtifactTest {
    @TempDir
    Path tmp;

    private static ArtifactException refused(Path dir) {
        ArtifactException e = assertThrows(ArtifactException.class, () -> ValidatorArtifact.load(dir));
        assertFalse(e.getMessage().contains(HostileFiles.SECRET), e.getMessage());
        return e;
    }

    @Test
    void aTokenizerOverTheLimitIsRefusedBeforeItIsRead() throws Exception {
        // the tiny tokenizer.json has 40 KiB and a matching checksum; a 16 KiB limit stands in for 200 MB vs 32 MiB
        Path dir = TinyModel.copy(tmp.resolve("big"));
        System.setProperty(ArtifactLimits.TOKENIZER_PROPERTY, "16384");
        try {
            ArtifactException e = refused(dir);
            assertTrue(e.getMessage().contains("tokenizer.json is larger than the limit of 16 KiB"), e.getMessage());
            assertTrue(e.getMessage().contains("-D" + ArtifactLimits.TOKENIZER_PROPERTY), e.getMessage());
            ValidatorService service = new ValidatorService(1);
            ValidatorService.Status s = service.load(Optional.of(dir));
            assertEquals(ValidatorService.State.OFF, s.state());
            assertTrue(s.reason().contains("larger than the limit"), s.reason());
        } finally {
            System.clearProperty(ArtifactLimits.TOKENIZER_PROPERTY);
        }
        assertEquals(1, ValidatorArtifact.load(dir).formatVersion(), "at the default limit it loads");
    }

    @Test
    void aModelOrMetadataOverTheLimitIsRefused() throws Exception {
        Path dir = TinyModel.copy(tmp.resolve("m"));
        System.setProperty(ArtifactLimits.MODEL_PROPERTY, "1000");
        try {
            assertTrue(refused(dir).getMessage().contains("model.onnx is larger than the limit of 1000 bytes"));
        } finally {
            System.clearProperty(ArtifactLimits.MODEL_PROPERTY);
        }
        System.setProperty(ArtifactLimits.JSON_PROPERTY, "1000");
        try {
            assertTrue(refused(dir).getMessage().contains("validator.json is larger than the limit of 1000 bytes"));
        } finally {
            System.clearProperty(ArtifactLimits.JSON_PROPERTY);
        }
    }

    @Test
    void linksOutOfTheModelFolderAreRefusedEvenWithTheRightChecksum() throws Exception {
        Path dir = TinyModel.copy(tmp.resolve("l"));
        Path away = tmp.resolve("away");
        Files.createDirectories(away);
        Files.move(dir.resolve("tokenizer.json"), away.resolve("tokenizer.json"));
        Files.createSymbolicLink(dir.resolve("tokenizer.json"), away.resolve("tokenizer.json"));
        ArtifactException e = refused(dir);
        assertTrue(e.getMessage().contains("tokenizer.json leads outside " + dir), e.getMessage());
    }

    @Test
    void metadataThatIsADeviceOrAnotherFileIsNeitherReadNorQuoted() throws Exception {
        Path dir = TinyModel.copy(tmp.resolve("d"));
        Files.delete(dir.resolve("validator.json"));
        Files.createSymbolicLink(dir.resolve("validator.json"), Path.of("/dev/zero"));
        assertTrue(refused(dir).getMessage().contains("is not a regular file"));
        Files.delete(dir.resolve("validator.json"));
        Files.writeString(dir.resolve("validator.json"), HostileFiles.SECRET + "\n");
        ArtifactException e = refused(dir);
        assertTrue(e.getMessage().contains("is not valid JSON (line 1, column"), e.getMessage());
        assertFalse(e.getMessage().contains("root"), e.getMessage());
    }

    @Test
    void anErrorWhileLoadingBecomesTheStatusNotLoadingForever() throws Exception {
        ValidatorService service = new ValidatorService(1, (artifact, threads) -> {
            throw new OutOfMemoryError("Java heap space");
        });
        List<ValidatorService.Status> seen = new ArrayList<>();
        service.addListener(seen::add);
        ValidatorService.Status s = service.load(Optional.of(TinyModel.dir()));
        assertEquals(ValidatorService.State.OFF, s.state());
        assertTrue(s.reason().contains("OutOfMemoryError"), s.reason());
        assertEquals(List.of(ValidatorService.State.LOADING, ValidatorService.State.OFF),
                seen.stream().map(ValidatorService.Status::state).toList());
        assertNull(service.engine().orElse(null));
    }

    @Test
    void aTokenizerTheLibraryRejectsIsNotQuoted() throws Exception {
        Path dir = TinyModel.copy(tmp.resolve("t"));
        String bogus = "{\"model\": {\"type\": \"" + HostileFiles.SECRET + "\"}}";
        Files.writeString(dir.resolve("tokenizer.json"), bogus);
        String meta = Files.readString(dir.resolve("validator.json"));
        Files.writeString(dir.resolve("validator.json"), meta.replaceFirst("\"tokenizer.json\": \"[0-9a-f]{64}\"",
                "\"tokenizer.json\": \"" + ValidatorArtifact.sha256(dir.resolve("tokenizer.json")) + "\""));
        ValidatorArtifact artifact = ValidatorArtifact.load(dir);
        ArtifactException e = assertThrows(ArtifactException.class, () -> ValidatorEngine.open(artifact, 1));
        assertTrue(e.getMessage().startsWith("cannot load tokenizer.json"), e.getMessage());
        assertFalse(e.getMessage().contains("root:"), e.getMessage());
    }
}
