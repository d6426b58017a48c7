package dev.pyassist.llm.local.engine;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The safetensors files of a model or adapter folder, single-file or sharded
 * ({@code model.safetensors.index.json}), as one name -> file map. Pickle checkpoints are refused: loading them
 * runs arbitrary code.
 */
final class Checkpoint {

    static final List<String> PICKLE_SUFFIXES = List.of(".bin", ".pt", ".pth", ".ckpt", ".pkl");

    private final Map<String, SafeTensors> byTensor;

    private Checkpoint(Map<String, SafeTensors> byTensor) {
        this.byTensor = byTensor;
    }

    Map<String, SafeTensors> byTensor() {
        return byTensor;
    }

    boolean has(String name) {
        return byTensor.containsKey(name);
    }

    SafeTensors.Entry entry(String name) {
        SafeTensors f = byTensor.get(name);
        return f == null ? null : f.entries().get(name);
    }

    /** Opens {@code dir/<single>} or the shards named by {@code dir/<single>.index.json}. */
    static Checkpoint open(Path dir, String single, String howToConvert) {
        if (!Files.isDirectory(dir)) {
            throw Problems.misconfigured(dir, "not a folder");
        }
        Path file = dir.resolve(single);
        Path index = dir.resolve(single + ".index.json");
        Map<String, SafeTensors> byTensor = new LinkedHashMap<>();
        if (EngineFiles.present(file)) {
            SafeTensors st = SafeTensors.open(EngineFiles.weights(file, dir));
            st.entries().keySet().forEach(k -> byTensor.put(k, st));
        } else if (EngineFiles.present(index)) {
            JsonNode map = EngineFiles.json(index, dir).get("weight_map");
            if (map == null || !map.isObject()) {
                throw Problems.misconfigured(index, "has no weight_map object");
            }
            Map<String, SafeTensors> shards = new HashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = map.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String shardName = e.getValue().asText();
                Path shard = dir.resolve(shardName).normalize();
                if (!shard.startsWith(dir.normalize()) || !EngineFiles.present(shard)) {
                    throw Problems.misconfigured(index, "tensor '" + e.getKey() + "' is in shard '" + shardName
                            + "', which is not a file in " + dir);
                }
                // a shard that is a link must stay in the folder too (checked on its real path)
                SafeTensors st = shards.computeIfAbsent(shardName,
                        n -> SafeTensors.open(EngineFiles.weights(shard, dir)));
                if (!st.entries().containsKey(e.getKey())) {
                    throw Problems.misconfigured(shard, "tensor '" + e.getKey() + "' named by " + index.getFileName()
                            + " is not in this shard");
                }
                byTensor.put(e.getKey(), st);
            }
        } else {
            String pickles = pickleFiles(dir);
            if (!pickles.isEmpty()) {
                throw Problems.misconfigured(dir, "has only pickle checkpoints (" + pickles + "); pickle files are "
                        + "not loaded because loading them can run code; convert with " + howToConvert);
            }
            throw Problems.misconfigured(dir, "has no " + single + " (nor " + index.getFileName() + ")");
        }
        return new Checkpoint(byTensor);
    }

    private static String pickleFiles(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString())
                    .filter(n -> PICKLE_SUFFIXES.stream().anyMatch(n::endsWith))
                    .sorted().reduce((a, b) -> a + ", " + b).orElse("");
        } catch (IOException e) {
            return "";
        }
    }
}
