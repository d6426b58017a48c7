package dev.pyassist.llm.local.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads a PEFT LoRA adapter folder ({@code adapter_config.json} + {@code adapter_model.safetensors}, as peft 0.21
 * writes them: keys {@code base_model.model.<module>.lora_A.weight} / {@code lora_B.weight}) and attaches its pairs
 * to the model's linear modules, after checking that every module exists, the rank is the configured one and the
 * shapes fit. Anything PEFT can write that this engine does not compute (DoRA, LoRA biases, per-module rank
 * patterns, embedding LoRA) is refused rather than silently ignored.
 */
final class LoraLoader {

    private static final Pattern KEY = Pattern.compile(
            "^(?:base_model\\.model\\.)?(.+)\\.lora_([AB])(?:\\.[A-Za-z0-9_-]+)?\\.weight$");

    private LoraLoader() {
    }

    /** Loads {@code dir} as adapter {@code name} into {@code model} (arrays in the model's manager). */
    static void load(String name, Path dir, BigCodeModel model) {
        Path cfgFile = dir.resolve("adapter_config.json");
        if (!EngineFiles.present(cfgFile)) {
            throw Problems.misconfigured(dir, "adapter '" + name + "' has no adapter_config.json (expected a PEFT "
                    + "LoRA folder written by save_pretrained)");
        }
        JsonNode c = EngineFiles.json(cfgFile, dir);
        String type = c.path("peft_type").asText("LORA");
        if (!type.equals("LORA")) {
            throw Problems.misconfigured(cfgFile, "peft_type is " + type + "; only LORA adapters are supported");
        }
        if (c.path("use_dora").asBoolean(false)) {
            throw Problems.misconfigured(cfgFile, "DoRA adapters (use_dora) are not supported");
        }
        if (!c.path("bias").asText("none").equals("none") || c.path("lora_bias").asBoolean(false)) {
            throw Problems.misconfigured(cfgFile, "adapters that train biases (bias != \"none\" or lora_bias) "
                    + "are not supported");
        }
        if (c.path("rank_pattern").size() > 0 || c.path("alpha_pattern").size() > 0) {
            throw Problems.misconfigured(cfgFile, "per-module rank_pattern/alpha_pattern is not supported");
        }
        int r = c.path("r").asInt(0);
        double alpha = c.path("lora_alpha").asDouble(Double.NaN);
        if (r <= 0 || Double.isNaN(alpha)) {
            throw Problems.misconfigured(cfgFile, "'r' and 'lora_alpha' must be set (r positive)");
        }
        float scale = (float) (c.path("use_rslora").asBoolean(false) ? alpha / Math.sqrt(r) : alpha / r);
        List<String> targeted = targetedModules(cfgFile, c.get("target_modules"), model);

        Checkpoint ckpt = Checkpoint.open(dir, "adapter_model.safetensors",
                "PeftModel.save_pretrained(..., safe_serialization=True)");
        Map<String, String[]> pairs = new LinkedHashMap<>(); // module -> {A key, B key}
        for (String key : ckpt.byTensor().keySet()) {
            Matcher m = KEY.matcher(key);
            if (!m.matches()) {
                throw Problems.misconfigured(ckpt.byTensor().get(key).file(), "tensor '" + key + "' is not a LoRA "
                        + "A/B weight (embedding LoRA, DoRA magnitudes and modules_to_save are not supported)");
            }
            String module = m.group(1);
            if (!model.linears().containsKey(module)) {
                throw Problems.misconfigured(ckpt.byTensor().get(key).file(), "tensor '" + key + "' is for module '"
                        + module + "', which the model does not have (does the adapter belong to this model?)");
            }
            pairs.computeIfAbsent(module, k -> new String[2])[m.group(2).equals("A") ? 0 : 1] = key;
        }
        for (String module : targeted) {
            if (!pairs.containsKey(module) && !c.path("layers_to_transform").isArray()) {
                throw Problems.misconfigured(dir, "adapter '" + name + "' targets module '" + module
                        + "' but adapter_model.safetensors has no weights for it");
            }
        }
        if (pairs.isEmpty()) {
            throw Problems.misconfigured(dir, "adapter '" + name + "' has no LoRA weights");
        }
        NDManager mgr = model.manager();
        Map<LinearLayer, Lora> built = new HashMap<>();
        for (Map.Entry<String, String[]> p : pairs.entrySet()) {
            LinearLayer lin = model.linears().get(p.getKey());
            String[] keys = p.getValue();
            if (keys[0] == null || keys[1] == null) {
                throw Problems.misconfigured(dir, "module '" + p.getKey() + "' has only one of lora_A/lora_B");
            }
            SafeTensors.Entry a = ckpt.entry(keys[0]);
            SafeTensors.Entry b = ckpt.entry(keys[1]);
            Path file = ckpt.byTensor().get(keys[0]).file();
            if (a.shape().length != 2 || b.shape().length != 2) {
                throw Problems.misconfigured(file, "module '" + p.getKey() + "': LoRA weights must be matrices");
            }
            if (a.shape()[0] != r || b.shape()[1] != r) {
                throw Problems.misconfigured(file, "module '" + p.getKey() + "': rank " + a.shape()[0] + "/"
                        + b.shape()[1] + " in the weights but r = " + r + " in adapter_config.json");
            }
            if (a.shape()[1] != lin.in || b.shape()[0] != lin.out) {
                throw Problems.misconfigured(file, "module '" + p.getKey() + "': LoRA maps " + a.shape()[1]
                        + " -> " + b.shape()[0] + " features but the model's module maps " + lin.in + " -> "
                        + lin.out + " (the adapter was trained for another model)");
            }
            NDArray aArr = mgr.create(ckpt.byTensor().get(keys[0]).readFloat32(keys[0]), new Shape(r, lin.in),
                    DataType.FLOAT32);
            NDArray bArr = mgr.create(ckpt.byTensor().get(keys[1]).readFloat32(keys[1]), new Shape(lin.out, r),
                    DataType.FLOAT32);
            NDArray scaled = bArr.mul(scale);
            bArr.close();
            built.put(lin, new Lora(aArr, lin.withRowScale(scaled)));
        }
        built.forEach((lin, l) -> lin.loras.put(name, l));
    }

    /** The model modules {@code target_modules} selects, as peft matches it; a name matching nothing is refused. */
    private static List<String> targetedModules(Path cfgFile, JsonNode t, BigCodeModel model) {
        List<String> out = new ArrayList<>();
        if (t == null || t.isNull()) {
            return out; // peft's per-architecture default; the weights file decides
        }
        if (t.isTextual()) {
            Pattern p;
            try {
                p = Pattern.compile(t.asText());
            } catch (PatternSyntaxException e) {
                throw Problems.misconfigured(cfgFile, "target_modules regex is invalid (" + e.getDescription() + ")");
            }
            for (String m : model.linears().keySet()) {
                if (p.matcher(m).matches()) {
                    out.add(m);
                }
            }
            if (out.isEmpty()) {
                throw Problems.misconfigured(cfgFile, "target_modules '" + t.asText() + "' matches no module of "
                        + "the model");
            }
            return out;
        }
        for (JsonNode n : t) {
            String want = n.asText();
            boolean any = false;
            for (String m : model.linears().keySet()) {
                if (m.equals(want) || m.endsWith("." + want)) {
                    out.add(m);
                    any = true;
                }
            }
            if (!any) {
                throw Problems.misconfigured(cfgFile, "target module '" + want + "' is not a linear module of a "
                        + "gpt_bigcode model (c_attn, c_proj, c_fc, lm_head)");
            }
        }
        return out;
    }
}
