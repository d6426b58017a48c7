package dev.pyassist.retrieval;

import dev.pyassist.assist.ContextSource;
import dev.pyassist.python.ParseResult;
import dev.pyassist.python.SourceUnit;
import dev.pyassist.python.SourceUnits;
import dev.pyassist.files.ExternalFiles;
import dev.pyassist.files.SourceFinder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import java.util.logging.Logger;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.similarities.BM25Similarity;
import org.apache.lucene.store.ByteBuffersDirectory;

/**
 * An in-memory Lucene index (BM25) of the workspace's Python functions and classes: built in the background from the
 * files under the workspace root, kept current from open buffers and file events, and searched for the few units
 * most relevant to a prompt. Thread safe.
 */
public final class WorkspaceIndex implements ContextSource, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(WorkspaceIndex.class.getName());
    private static final long MAX_FILE_BYTES = 1_000_000;
    private static final int MAX_STORED_CODE = 4000;

    private final Path root;
    private final ByteBuffersDirectory directory = new ByteBuffersDirectory();
    private final IndexWriter writer;
    private final SearcherManager searchers;
    private final Analyzer analyzer = new StandardAnalyzer(CharArraySet.EMPTY_SET);
    private final AtomicBoolean closed = new AtomicBoolean();

    /** @param root the workspace root (files outside it are indexed too, named by their absolute path) */
    public WorkspaceIndex(Path root) {
        this.root = root == null ? null : root.toAbsolutePath().normalize();
        try {
            IndexWriterConfig config = new IndexWriterConfig(analyzer);
            config.setSimilarity(new BM25Similarity());
            writer = new IndexWriter(directory, config);
            searchers = new SearcherManager(writer, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * An index of some texts that are not workspace files (a chat's attachments), each named by its key: what the
     * chat ranks a large upload's functions and classes with. Nothing is read from disk.
     */
    public static WorkspaceIndex of(java.util.Map<String, String> texts) {
        WorkspaceIndex index = new WorkspaceIndex(null);
        synchronized (index) {
            texts.forEach((key, text) -> index.write(key, text, null));
            index.refresh();
        }
        return index;
    }

    /** {@link #of} for a chat's attachments (the chat takes it as its attachment index). */
    public static ContextSource ofAttachments(List<dev.pyassist.assist.Chat.Attachment> attachments) {
        java.util.Map<String, String> texts = new java.util.LinkedHashMap<>();
        attachments.forEach(a -> texts.merge(a.name(), a.text(), (x, y) -> x + "\n" + y));
        return of(texts);
    }

    public Path root() {
        return root;
    }

    /**
     * Indexes the project's Python files under the root ({@link SourceFinder}: the files {@code check} and
     * {@code dataset build} see, stubs included), at most {@code maxFiles}; {@code progress} gets (files done, files total). Returns the number of files indexed.
     */
    public int build(int maxFiles, BiConsumer<Integer, Integer> progress) throws IOException {
        if (root == null || !Files.isDirectory(root)) {
            return 0;
        }
        // the project's files as check and dataset build see them; links are kept only when they stay inside the root
        List<Path> files = SourceFinder.under(root, maxFiles);
        int done = 0;
        int indexed = 0; // files refused (devices, links out of the root, bad UTF-8) are not counted
        for (Path f : files) {
            if (closed.get() || Thread.currentThread().isInterrupted()) {
                break;
            }
            try {
                String text = readFromDisk(f);
                String key = f.toAbsolutePath().normalize().toString();
                synchronized (this) {
                    if (closed.get()) {
                        break;
                    }
                    write(key, text, null);
                    indexed++;
                    if (done % 50 == 49) {
                        refresh();
                    }
                }
            } catch (IOException | UncheckedIOException e) {
                LOG.fine(() -> "not indexed: " + f + ": " + e.getMessage()); // the message never quotes the file
            }
            done++;
            if (progress != null) {
                progress.accept(done, files.size());
            }
        }
        synchronized (this) {
            if (!closed.get()) {
                refresh();
            }
        }
        return indexed;
    }

    /**
     * The text of a workspace file, read through {@link ExternalFiles}: a regular file of at most 1 MB whose real
     * path is inside the root. A link to {@code /dev/stdin}, {@code /dev/zero} or out of the workspace, or a FIFO,
     * is refused without being opened.
     */
    private String readFromDisk(Path file) throws IOException {
        return ExternalFiles.readString(file, root, MAX_FILE_BYTES);
    }

    /** Re-reads {@code file} from disk (a file event), or forgets it when it cannot or may not be read. */
    public void updateFromDisk(Path file) {
        String text;
        try {
            text = readFromDisk(file);
        } catch (IOException e) {
            LOG.fine(() -> "not indexed: " + e.getMessage());
            remove(file);
            return;
        }
        update(file, text);
    }

    /** Replaces the units of {@code file} with those of {@code text}. */
    public void update(Path file, String text) {
        update(file, text, null);
    }

    /** Replaces the units of {@code file} with those of {@code text}, cut from its parse (an open buffer's shared one). */
    public void update(Path file, String text, ParseResult parse) {
        if (closed.get()) {
            return;
        }
        String key = file.toAbsolutePath().normalize().toString();
        synchronized (this) {
            if (!closed.get()) {
                write(key, text, parse);
                refresh();
            }
        }
    }

    private void write(String key, String text, ParseResult parse) {
        List<Document> docs = new ArrayList<>();
        for (SourceUnit u : parse == null ? SourceUnits.of(text) : SourceUnits.of(text, parse)) {
            String code = u.text(text);
            Document d = new Document();
            d.add(new StringField("path", key, Field.Store.YES));
            d.add(new StoredField("name", u.qualifiedName()));
            d.add(new StoredField("code", code.length() > MAX_STORED_CODE ? code.substring(0, MAX_STORED_CODE) : code));
            StringBuilder words = new StringBuilder();
            List<String> nameTerms = CodeTerms.of(u.qualifiedName());
            for (int i = 0; i < 3; i++) { // the name counts more than the body
                nameTerms.forEach(w -> words.append(w).append(' '));
            }
            CodeTerms.of(code).forEach(w -> words.append(w).append(' '));
            d.add(new TextField("text", words.toString(), Field.Store.NO));
            docs.add(d);
        }
        try {
            writer.updateDocuments(new Term("path", key), docs);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Forgets {@code file}. */
    public synchronized void remove(Path file) {
        if (closed.get()) {
            return;
        }
        try {
            writer.deleteDocuments(new Term("path", file.toAbsolutePath().normalize().toString()));
            refresh();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Makes updates visible to searches (updates and builds do this themselves). */
    public synchronized void refresh() {
        if (closed.get()) {
            return;
        }
        try {
            searchers.maybeRefreshBlocking();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One hit. */
    public record Hit(String file, String qualifiedName, String code, float score) {}

    /** The best {@code k} units for {@code query}, best first. */
    public List<Hit> search(String query, int k) {
        BooleanQuery.Builder q = new BooleanQuery.Builder();
        List<String> terms = CodeTerms.of(query);
        if (terms.isEmpty()) {
            return List.of();
        }
        for (String t : new java.util.LinkedHashSet<>(terms)) {
            q.add(new BoostQuery(new TermQuery(new Term("text", t)), 1f), BooleanClause.Occur.SHOULD);
        }
        List<Hit> out = new ArrayList<>();
        try {
            IndexSearcher s = searchers.acquire();
            try {
                s.setSimilarity(new BM25Similarity());
                for (ScoreDoc sd : s.search(q.build(), k).scoreDocs) {
                    Document d = s.storedFields().document(sd.doc);
                    out.add(new Hit(d.get("path"), d.get("name"), d.get("code"), sd.score));
                }
            } finally {
                searchers.release(s);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /**
     * A hit scoring below this share of the best remaining hit's BM25 score is padding, not context: BM25 scores have
     * no absolute scale, so the cut is relative (a question about parsing rows matches a database function on "row"
     * alone, far below the parser it is about).
     */
    static final float RELATIVE_CUTOFF = 0.5f;

    @Override
    public List<ContextUnit> find(String query, String excludeUri, String excludeUnit, int maxUnits, int maxChars) {
        if (maxUnits <= 0 || maxChars <= 0) {
            return List.of();
        }
        String excluded = null;
        if (excludeUri != null && excludeUri.startsWith("file:")) {
            try {
                excluded = Path.of(java.net.URI.create(excludeUri)).toAbsolutePath().normalize().toString();
            } catch (RuntimeException e) {
                excluded = null;
            }
        }
        List<ContextUnit> out = new ArrayList<>();
        int used = 0;
        float best = -1;
        for (Hit h : search(query, maxUnits * 4 + 1)) {
            if (out.size() >= maxUnits) {
                break;
            }
            String code = h.code().strip();
            // The code the prompt already holds (the unit being summarised, its enclosing class) adds nothing, and the
            // unit being written or replaced is never its own context.
            if (h.file().equals(excluded) && (query.contains(code) || code.contains(query.strip())
                    || h.qualifiedName().equals(excludeUnit))) {
                continue;
            }
            if (best < 0) {
                best = h.score();
            } else if (h.score() < RELATIVE_CUTOFF * best) {
                break; // best first: every later hit is below the cut too
            }
            if (used + code.length() > maxChars) {
                continue;
            }
            used += code.length();
            out.add(new ContextUnit(display(h.file()), h.qualifiedName(), code));
        }
        return out;
    }

    private String display(String file) {
        if (root == null) {
            return file; // an index of named texts (of): the key is the name
        }
        Path p = Path.of(file);
        if (root != null && p.startsWith(root)) {
            return root.relativize(p).toString().replace('\\', '/');
        }
        return file;
    }

    /** Units currently indexed (for tests and status). */
    public int size() {
        try {
            IndexSearcher s = searchers.acquire();
            try {
                return s.getIndexReader().numDocs();
            } finally {
                searchers.release(s);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public synchronized void close() {
        if (closed.compareAndSet(false, true)) {
            try {
                // The index lives only in memory: dropping it is enough. IndexWriter.close() would flush and commit
                // work nobody will read (and trips an accounting assertion of Lucene 9.12 under -ea).
                searchers.close();
            } catch (IOException e) {
                LOG.fine("closing the index: " + e);
            }
        }
    }
}
