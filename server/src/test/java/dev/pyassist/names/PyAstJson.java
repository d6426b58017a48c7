package dev.pyassist.names;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pyassist.python.ast.Identifier;
import dev.pyassist.python.ast.Module;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Builds our AST records from CPython's own AST dumped as JSON (a cross-check of the analysis without our parser). */
final class PyAstJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    static Module read(Path file) throws IOException {
        return (Module) build(JSON.readTree(file.toFile()));
    }

    static List<dev.pyassist.python.Comment> comments(Path file) throws IOException {
        List<dev.pyassist.python.Comment> out = new ArrayList<>();
        if (file.toFile().exists()) {
            for (JsonNode c : JSON.readTree(file.toFile())) {
                out.add(new dev.pyassist.python.Comment(c.get(0).asText(), c.get(1).asInt(), c.get(2).asInt(),
                        c.get(3).asInt()));
            }
        }
        return out;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object convert(JsonNode v, Type type) throws Exception {
        if (v == null || v.isNull()) {
            return null;
        }
        Class<?> raw = type instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) type;
        if (raw == int.class) {
            return v.asInt();
        }
        if (raw == boolean.class) {
            return v.asBoolean() || (v.isInt() && v.asInt() != 0);
        }
        if (raw == String.class) {
            return v.asText();
        }
        if (raw == Identifier.class) {
            return new Identifier(v.get("id").asText(), v.get("start").asInt(), v.get("end").asInt());
        }
        if (raw.isEnum()) {
            return Enum.valueOf((Class<Enum>) raw, v.asText());
        }
        if (raw == List.class) {
            Type elem = ((ParameterizedType) type).getActualTypeArguments()[0];
            List<Object> out = new ArrayList<>();
            for (JsonNode e : v) {
                out.add(convert(e, elem));
            }
            return out;
        }
        return build(v);
    }

    static Object build(JsonNode n) {
        try {
            Class<?> cls = Class.forName("dev.pyassist.python.ast." + n.get("_").asText());
            RecordComponent[] comps = cls.getRecordComponents();
            Class<?>[] types = new Class<?>[comps.length];
            Object[] args = new Object[comps.length];
            for (int i = 0; i < comps.length; i++) {
                types[i] = comps[i].getType();
                JsonNode v = n.get(comps[i].getName());
                if (v == null && comps[i].getType() == List.class) {
                    args[i] = List.of();
                } else {
                    args[i] = convert(v, comps[i].getGenericType());
                }
            }
            Constructor<?> c = cls.getDeclaredConstructor(types);
            return c.newInstance(args);
        } catch (Exception e) {
            throw new IllegalStateException("cannot build " + n.get("_") + ": " + e, e);
        }
    }
}
