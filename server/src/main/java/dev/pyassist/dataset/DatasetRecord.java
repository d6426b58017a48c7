package dev.pyassist.dataset;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * One function, method or class of a repository: a line of the dataset JSONL. Field names are the file format
 * (snake case, read by {@code models/pyassist_lm} and {@code pyassist dataset pairs}).
 *
 * @param id         stable id: the first 16 hex digits of SHA-256 over path, qualified name and code
 * @param path       repository-relative path with {@code /}
 * @param qualname   as Python's {@code __qualname__}: {@code Class.method}, {@code f.<locals>.g}
 * @param kind       {@code function}, {@code method} or {@code class}
 * @param signature  the header from {@code def}/{@code async def}/{@code class} to its colon, dedented
 * @param decorators decorator expressions as written, without the {@code @}
 * @param docstring  the docstring cleaned like {@code inspect.cleandoc}, or null
 * @param code       the source from the header to the end, docstring removed, dedented, {@code \n} line ends
 * @param startLine  1-based line of the {@code def}/{@code class} keyword (decorators are not counted)
 * @param endLine    1-based last line, inclusive
 * @param split      {@code train}, {@code validation} or {@code test}
 */
@JsonPropertyOrder({"id", "path", "qualname", "kind", "signature", "decorators", "docstring", "code", "start_line",
        "end_line", "split"})
public record DatasetRecord(
        String id,
        String path,
        String qualname,
        String kind,
        String signature,
        List<String> decorators,
        String docstring,
        String code,
        @JsonProperty("start_line") int startLine,
        @JsonProperty("end_line") int endLine,
        String split) {

    public DatasetRecord {
        decorators = List.copyOf(decorators);
    }

    public DatasetRecord withSplit(String newSplit) {
        return new DatasetRecord(id, path, qualname, kind, signature, decorators, docstring, code, startLine, endLine,
                newSplit);
    }

    /** Lines of {@link #code}. */
    public int lines() {
        return code.isEmpty() ? 0 : (int) code.chars().filter(c -> c == '\n').count() + 1;
    }
}
