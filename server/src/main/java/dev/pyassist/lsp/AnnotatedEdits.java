package dev.pyassist.lsp;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.TypeAdapter;
import com.google.gson.TypeAdapterFactory;
import com.google.gson.reflect.TypeToken;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonWriter;
import java.io.IOException;
import org.eclipse.lsp4j.AnnotatedTextEdit;
import org.eclipse.lsp4j.TextEdit;

/**
 * Writes an {@link AnnotatedTextEdit} with its {@code annotationId} where LSP4J's types say {@code TextEdit}: the edits
 * of a {@code TextDocumentEdit} are {@code Either<TextEdit, SnippetTextEdit>}, whose adapter writes the declared type
 * only, so the annotation that asks the editor to preview an AI edit would be dropped on the wire.
 */
public final class AnnotatedEdits implements TypeAdapterFactory {

    private AnnotatedEdits() {
    }

    /** For {@code Launcher.Builder.configureGson}. */
    public static void register(GsonBuilder gson) {
        gson.registerTypeAdapterFactory(new AnnotatedEdits());
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> TypeAdapter<T> create(Gson gson, TypeToken<T> type) {
        if (type.getRawType() != TextEdit.class) {
            return null;
        }
        TypeAdapter<TextEdit> plain = gson.getDelegateAdapter(this, TypeToken.get(TextEdit.class));
        TypeAdapter<AnnotatedTextEdit> annotated = gson.getAdapter(AnnotatedTextEdit.class);
        return (TypeAdapter<T>) new TypeAdapter<TextEdit>() {
            @Override
            public void write(JsonWriter out, TextEdit value) throws IOException {
                if (value instanceof AnnotatedTextEdit a) {
                    annotated.write(out, a);
                } else {
                    plain.write(out, value);
                }
            }

            @Override
            public TextEdit read(JsonReader in) throws IOException {
                return plain.read(in);
            }
        };
    }
}
