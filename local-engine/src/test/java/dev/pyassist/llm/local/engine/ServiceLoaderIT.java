package dev.pyassist.llm.local.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/**
 * The built jar as the server will use it: the server jar in one class loader, the engine jar in a child loader,
 * the provider found with {@link ServiceLoader}, libtorch loaded from the jar with {@code ai.djl.offline=true},
 * and one generation on the tiny model. Nothing from the test class path is visible to either loader.
 */
class ServiceLoaderIT {

    @Test
    void providerFromTheBuiltJarLoadsAndGenerates() throws Exception {
        Path engineJar = Path.of(System.getProperty("engine.jar"));
        Path serverJar = Path.of(System.getProperty("server.jar"));
        Path fixtures = Path.of(System.getProperty("fixtures.dir"));
        assertTrue(Files.isRegularFile(engineJar), engineJar + " not built");
        try (ZipFile z = new ZipFile(engineJar.toFile())) {
            assertTrue(z.getEntry("META-INF/services/dev.pyassist.llm.local.LocalEngineProvider") != null);
            assertTrue(z.getEntry("dev/pyassist/llm/local/LocalEngine.class") == null, "server classes inside");
            assertTrue(z.stream().anyMatch(e -> e.getName().startsWith("pytorch/") || e.getName().contains("libtorch")),
                    "no libtorch natives inside");
        }
        ClassLoader platform = ClassLoader.getPlatformClassLoader();
        try (URLClassLoader server = new URLClassLoader(new URL[] {serverJar.toUri().toURL()}, platform);
             URLClassLoader engine = new URLClassLoader(new URL[] {engineJar.toUri().toURL()}, server)) {
            Class<?> providerType = server.loadClass("dev.pyassist.llm.local.LocalEngineProvider");
            Iterator<?> it = ServiceLoader.load(providerType, engine).iterator();
            assertTrue(it.hasNext(), "no provider registered");
            Object provider = it.next();
            assertEquals("dev.pyassist.llm.local.engine.DjlLocalEngineProvider", provider.getClass().getName());
            assertTrue(provider.getClass().getClassLoader() == engine);

            Class<?> specType = server.loadClass("dev.pyassist.llm.local.LocalModelSpec");
            Object spec = specType.getConstructor(Path.class, Map.class, String.class, int.class).newInstance(
                    fixtures.resolve("model"), Map.of("attn", fixtures.resolve("adapters/attn")), null, 1);
            // as in the server: the context class loader is the server's, which does not see the engine jar
            Thread.currentThread().setContextClassLoader(server);
            Object loaded = providerType.getMethod("load", specType).invoke(provider, spec);
            Class<?> engineType = server.loadClass("dev.pyassist.llm.local.LocalEngine");
            Class<?> optsType = server.loadClass("dev.pyassist.llm.local.SamplingOptions");
            Object opts = optsType.getMethod("greedy", int.class).invoke(null, 20);
            Class<?> listener = server.loadClass("dev.pyassist.llm.TokenListener");
            Object none = listener.getField("NONE").get(null);
            Method gen = engineType.getMethod("generate", String.class, String.class, optsType, listener,
                    java.util.function.BooleanSupplier.class);
            Object result = gen.invoke(loaded, "def add(a, b):\n    return", "attn", opts, none, null);
            int[] ids = (int[]) result.getClass().getMethod("tokenIds").invoke(result);
            List<Integer> want = List.of(36, 48, 95, 19, 19, 19, 19, 19, 48, 95, 86, 19, 48, 86, 114, 48, 95, 23, 37,
                    37);
            assertEquals(want, java.util.Arrays.stream(ids).boxed().toList());
            engineType.getMethod("close").invoke(loaded);
            // libtorch was unpacked from the jar into the test's own DJL cache (no download: ai.djl.offline)
            String cache = System.getenv("DJL_CACHE_DIR");
            if (cache != null) {
                try (var s = Files.walk(Path.of(cache))) {
                    assertTrue(s.anyMatch(p -> p.getFileName().toString().startsWith("libtorch")),
                            "no libtorch under " + cache);
                }
            }
        } finally {
            Thread.currentThread().setContextClassLoader(ServiceLoaderIT.class.getClassLoader());
        }
    }
}
