package dev.pyassist.dataset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pyassist.llm.BackendRegistry;
import dev.pyassist.llm.LlmException;
import dev.pyassist.llm.LlmRequest;
import dev.pyassist.llm.LlmResult;
import dev.pyassist.config.LlmTask;
import dev.pyassist.llm.TokenListener;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * {@code pyassist dataset annotate}: asks the summarize backend for an annotation of each record and appends the
 * record, with an {@code annotation} field, to the output — one line written and flushed per record, so an
 * interruption loses only the records in flight, and a rerun skips every id already in the output. An output that is
 * not this tool's JSONL is refused and left as it is; only a last line cut off by an interruption is removed. Each call's
 * metadata (model, tokens, latency, finish reason, error) goes to a separate JSONL, never into the data.
 *
 * <p>At most {@code concurrency} calls are in flight (a semaphore). The backends already retry 429 answers,
 * honouring {@code Retry-After}; when a call still ends {@code RATE_LIMITED}, the record waits (doubling from
 * {@code rateLimitBackoff}) and is tried again, up to {@code rateLimitRetries} times, then reported as given up;
 * meanwhile no other record starts a call either, so the whole run slows down rather than hammering the limit.
 * An error no retry can fix (no key, refused key, unknown model, nothing listening) stops the run.
 */
public final class Annotator {
    /** Errors that will fail every other record the same way: the run stops at the first one. */
    private static final Set<LlmException.Kind> FATAL = EnumSet.of(LlmException.Kind.MISSING_KEY,
            LlmException.Kind.UNAUTHORIZED, LlmException.Kind.UNKNOWN_MODEL, LlmException.Kind.CONNECTION_REFUSED,
            LlmException.Kind.MISCONFIGURED);

    /**
     * @param concurrency      calls in flight at most
     * @param limit            annotate at most this many records this run (0: all)
     * @param model            model for every request, or null for the task's / backend's
     * @param maxTokens        output limit, or null for the summarize task's
     * @param rateLimitRetries extra tries of a record whose call ended rate limited
     * @param rateLimitBackoff first wait before such a retry (doubles each time)
     */
    public record Options(int concurrency, int limit, String model, Integer maxTokens, int rateLimitRetries,
            Duration rateLimitBackoff) {
        public Options {
            if (concurrency < 1) {
                throw new IllegalArgumentException("--concurrency must be at least 1");
            }
            if (limit < 0) {
                throw new IllegalArgumentException("--limit must not be negative");
            }
        }
    }

    /**
     * What a run did.
     *
     * @param records     records in the input
     * @param alreadyDone of those, already in the output before this run
     * @param attempted   records this run tried
     * @param annotated   records written this run
     * @param failures    {@code id: message} of each record that failed (it stays to do)
     * @param rateLimited of the failures, records given up after rate limiting
     * @param stopped     why the run stopped early, or null
     */
    public record Report(int records, int alreadyDone, int attempted, int annotated, List<String> failures,
            int rateLimited, long inputTokens, long outputTokens, String stopped) {
        public String render() {
            StringBuilder sb = new StringBuilder();
            sb.append(String.format(java.util.Locale.ROOT,
                    "annotate: %d records, %d already done, %d tried, %d annotated, %d failed (%d rate limited); "
                            + "tokens: %d in, %d out%n", records, alreadyDone, attempted, annotated, failures.size(),
                    rateLimited, inputTokens, outputTokens));
            failures.stream().limit(20).forEach(f -> sb.append("  failed ").append(f).append('\n'));
            if (failures.size() > 20) {
                sb.append("  ... and ").append(failures.size() - 20).append(" more\n");
            }
            if (stopped != null) {
                sb.append("stopped: ").append(stopped).append('\n');
            }
            int left = records - alreadyDone - annotated;
            if (left > 0) {
                sb.append(left).append(" records still to annotate: run the same command again to continue\n");
            }
            return sb.toString();
        }
    }

    private final BackendRegistry registry;
    private final PromptTemplate prompt;
    private final Options options;
    private final Consumer<String> progress;
    /** {@link System#nanoTime()} before which no call starts: set when a call ends rate limited. */
    private final AtomicLong pausedUntil = new AtomicLong(System.nanoTime());

    public Annotator(BackendRegistry registry, PromptTemplate prompt, Options options, Consumer<String> progress) {
        this.registry = registry;
        this.prompt = prompt;
        this.options = options;
        this.progress = progress;
    }

    /** The records of {@code in} not yet in {@code out}, input order, at most {@code limit} (0: all). */
    public static List<JsonNode> todo(List<JsonNode> records, Set<String> done, int limit) {
        List<JsonNode> todo = new ArrayList<>();
        Set<String> seen = new HashSet<>(done);
        for (JsonNode r : records) {
            if (seen.add(r.path("id").asText()) && (limit == 0 || todo.size() < limit)) {
                todo.add(r);
            }
        }
        return todo;
    }

    /** Reads and checks the input records: each needs a string {@code id} and {@code code}. */
    public static List<JsonNode> readRecords(Path in) throws IOException {
        List<JsonNode> records = Jsonl.read(in);
        for (int i = 0; i < records.size(); i++) {
            JsonNode r = records.get(i);
            if (!r.path("id").isTextual() || !r.path("code").isTextual()) {
                throw new DatasetException(in + ": record " + (i + 1)
                        + " has no string 'id' and 'code' (is it a `pyassist dataset build` file?)");
            }
        }
        return records;
    }

    /** Every record this tool writes, annotated or metadata, begins with this field: {@code {"id":...}. */
    static final String FIRST_FIELD = "id";

    /** An annotated record: the input record ({@code id}, {@code code}, ...) and its {@code annotation}. */
    static boolean isAnnotatedRecord(JsonNode n) {
        return n.path("id").isTextual() && n.path("code").isTextual() && n.path("annotation").isTextual();
    }

    /** A line of the call metadata. */
    static boolean isMetadataRecord(JsonNode n) {
        return n.path("id").isTextual() && n.path("time").isTextual() && n.has("latency_ms");
    }

    /**
     * Reads {@code out} without changing it: refused unless it is the annotated file of an earlier run (a last line
     * cut off by an interruption is allowed; {@link Jsonl.Appendable#repair()} removes it).
     */
    static Jsonl.Appendable readOut(Path out) throws IOException {
        return Jsonl.readAppendable(out, FIRST_FIELD, Annotator::isAnnotatedRecord,
                "the annotated records of an earlier `pyassist dataset annotate` run (or a new file)");
    }

    static Jsonl.Appendable readMetadata(Path metadata) throws IOException {
        return Jsonl.readAppendable(metadata, FIRST_FIELD, Annotator::isMetadataRecord,
                "the call metadata of an earlier `pyassist dataset annotate` run (or a new file)");
    }

    private static Set<String> ids(Jsonl.Appendable file) {
        Set<String> ids = new HashSet<>();
        for (JsonNode record : file.records()) {
            ids.add(record.path("id").asText());
        }
        return ids;
    }

    /** The ids in {@code out}, without touching it (for a dry run); refused as a real run would refuse it. */
    public static Set<String> doneIdsReadOnly(Path out) throws IOException {
        return ids(readOut(out));
    }

    /** The request for one record. */
    public LlmRequest request(JsonNode record) {
        LlmRequest.Builder b = LlmRequest.builder(LlmTask.SUMMARIZE)
                .system(DatasetSettings.SYSTEM)
                .user(prompt.fill(record))
                .stream(false);
        if (options.model() != null) {
            b.model(options.model());
        }
        if (options.maxTokens() != null) {
            b.maxTokens(options.maxTokens());
        }
        return b.build();
    }

    /**
     * Annotates the records of {@code in} missing from {@code out}.
     *
     * @throws InterruptedException when interrupted; what was written stays, calls in flight are cancelled
     */
    public Report run(Path in, Path out, Path metadata) throws IOException, InterruptedException {
        List<JsonNode> records = readRecords(in);
        // both outputs are checked before either is touched: a refused file leaves the other one as it was too
        Jsonl.Appendable existing = readOut(out);
        Jsonl.Appendable existingMeta = metadata == null ? null : readMetadata(metadata);
        existing.repair();
        if (existingMeta != null) {
            existingMeta.repair();
        }
        Set<String> done = ids(existing);
        int alreadyDone = (int) records.stream().filter(r -> done.contains(r.path("id").asText())).count();
        List<JsonNode> todo = todo(records, done, options.limit());
        AtomicInteger annotated = new AtomicInteger();
        AtomicInteger rateLimited = new AtomicInteger();
        AtomicLong inTokens = new AtomicLong();
        AtomicLong outTokens = new AtomicLong();
        AtomicInteger finished = new AtomicInteger();
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        AtomicReference<String> stopped = new AtomicReference<>();
        Semaphore slots = new Semaphore(options.concurrency());
        ExecutorService pool = Executors.newFixedThreadPool(options.concurrency(), r -> {
            Thread t = new Thread(r, "pyassist-annotate");
            t.setDaemon(true);
            return t;
        });
        int attempted = 0;
        try (Writer data = append(out); Writer meta = metadata == null ? Writer.nullWriter() : append(metadata)) {
            Sink sink = new Sink(data, meta);
            try {
                for (JsonNode record : todo) {
                    slots.acquire();
                    if (stopped.get() != null) {
                        slots.release();
                        break;
                    }
                    attempted++;
                    pool.execute(() -> {
                        try {
                            Outcome o = annotate(record, sink);
                            if (o.usage != null) {
                                inTokens.addAndGet(Math.max(0, o.usage.inputTokens()));
                                outTokens.addAndGet(Math.max(0, o.usage.outputTokens()));
                            }
                            if (o.error == null) {
                                annotated.incrementAndGet();
                            } else {
                                failures.add(record.path("id").asText() + ": " + o.error.getMessage());
                                if (o.error.kind() == LlmException.Kind.RATE_LIMITED) {
                                    rateLimited.incrementAndGet();
                                }
                                if (FATAL.contains(o.error.kind())) {
                                    stopped.compareAndSet(null, o.error.getMessage());
                                }
                            }
                            progress.accept(String.format(java.util.Locale.ROOT, "annotate: %d/%d done, %d failed",
                                    finished.incrementAndGet(), todo.size(), failures.size()));
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        } catch (IOException e) {
                            stopped.compareAndSet(null, "cannot write: " + e.getMessage());
                        } catch (RuntimeException e) {
                            // not an LlmException: a bug; the record stays to do and the run says so
                            failures.add(record.path("id").asText() + ": unexpected " + e);
                        } finally {
                            slots.release();
                        }
                    });
                }
                pool.shutdown();
                while (!pool.awaitTermination(1, TimeUnit.SECONDS)) {
                    // waiting for the calls in flight
                }
            } catch (InterruptedException e) {
                pool.shutdownNow(); // interrupts the workers, which cancel their calls
                pool.awaitTermination(10, TimeUnit.SECONDS);
                throw e;
            }
        } finally {
            pool.shutdownNow();
        }
        return new Report(records.size(), alreadyDone, attempted, annotated.get(), List.copyOf(failures),
                rateLimited.get(), inTokens.get(), outTokens.get(), stopped.get());
    }

    private record Outcome(LlmException error, dev.pyassist.llm.TokenUsage usage) {}

    private Outcome annotate(JsonNode record, Sink sink) throws IOException, InterruptedException {
        LlmRequest request = request(record);
        String id = record.path("id").asText();
        for (int attempt = 0; ; attempt++) {
            long wait = pausedUntil.get() - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait); // another record was rate limited: everyone waits
            }
            Instant started = Instant.now();
            try {
                LlmResult result = registry.start(request, TokenListener.NONE).await();
                String text = result.text().strip();
                if (text.isEmpty()) {
                    LlmException empty = new LlmException(LlmException.Kind.BAD_RESPONSE, result.backendId(),
                            "the answer was empty");
                    sink.meta(metadata(id, result.backendId(), result.model(), result, started, empty));
                    return new Outcome(empty, result.usage());
                }
                // id first, as every record this tool writes: that is how a cut-off last line is known as ours
                ObjectNode annotatedRecord = Jsonl.JSON.createObjectNode();
                annotatedRecord.set(FIRST_FIELD, record.get(FIRST_FIELD));
                annotatedRecord.setAll(((ObjectNode) record).deepCopy());
                annotatedRecord.put("annotation", text);
                sink.meta(metadata(id, result.backendId(), result.model(), result, started, null));
                sink.data(annotatedRecord);
                return new Outcome(null, result.usage());
            } catch (LlmException e) {
                sink.meta(metadata(id, backendId(), modelFor(request), null, started, e));
                if (e.kind() != LlmException.Kind.RATE_LIMITED || attempt >= options.rateLimitRetries()) {
                    return new Outcome(e, null);
                }
                long backoff = TimeUnit.MILLISECONDS.toNanos(options.rateLimitBackoff().toMillis() << Math.min(attempt, 10));
                long until = System.nanoTime() + backoff;
                pausedUntil.accumulateAndGet(until, Math::max);
                TimeUnit.NANOSECONDS.sleep(backoff);
            }
        }
    }

    private String backendId() {
        try {
            return registry.backendFor(LlmTask.SUMMARIZE).id();
        } catch (LlmException e) {
            return null;
        }
    }

    /** The model a request goes to: its own, the task's, else the backend's default. */
    public String modelFor(LlmRequest request) {
        LlmRequest prepared = registry.prepare(request);
        if (prepared.model() != null) {
            return prepared.model();
        }
        try {
            return registry.backendFor(LlmTask.SUMMARIZE).defaultModel();
        } catch (LlmException e) {
            return null;
        }
    }

    private static Map<String, Object> metadata(String id, String backend, String model, LlmResult result,
            Instant started, LlmException error) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("time", started.toString());
        m.put("backend", backend);
        m.put("model", model);
        m.put("response_id", result == null ? null : result.responseId());
        m.put("input_tokens", result == null ? null : result.usage().inputTokens());
        m.put("output_tokens", result == null ? null : result.usage().outputTokens());
        m.put("latency_ms", result == null ? Duration.between(started, Instant.now()).toMillis()
                : result.latency().toMillis());
        m.put("finish_reason", result == null ? null : result.finishReason().name().toLowerCase(java.util.Locale.ROOT));
        m.put("attempts", result == null ? null : result.attempts());
        m.put("error_kind", error == null ? null : error.kind().name());
        m.put("error", error == null ? null : error.getMessage());
        return m;
    }

    private static Writer append(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        return Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND, StandardOpenOption.WRITE);
    }

    /** Both outputs; one whole line per write, flushed at once. */
    private static final class Sink {
        private final Writer data;
        private final Writer meta;

        Sink(Writer data, Writer meta) {
            this.data = data;
            this.meta = meta;
        }

        synchronized void data(Object value) throws IOException {
            data.write(Jsonl.line(value) + "\n");
            data.flush();
        }

        synchronized void meta(Object value) throws IOException {
            meta.write(Jsonl.line(value) + "\n");
            meta.flush();
        }
    }
}
