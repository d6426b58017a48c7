package dev.pyassist.validator;

import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One extraction of ONNX Runtime's native libraries per version, reused by every start. ORT's Java loader copies
 * them out of its jar into a fresh {@code onnxruntime-java*} folder of the temp directory at each start, and such a
 * folder outlives the process when it ends inside the load (hundreds of them piled up, 373 MB). Pointed at a folder
 * that holds them ({@code onnxruntime.native.path}), it loads them from there and leaves nothing behind.
 *
 * <p>The folder is {@code <java.io.tmpdir>/pyassist-<user>/onnxruntime-<platform>-<crc>}: the checksum of the
 * bundled library names the version, and the parent folder is the user's own (created owner-only, and refused when
 * another user owns it or may write to it: a library planted there would run inside the server). Files are written
 * under a temporary name and moved into place, so a concurrent start never loads half a file. If anything is off,
 * nothing is set and ORT does what it always did. A {@code onnxruntime.native.path} given by the user wins.
 */
final class OrtNatives {
    private static final Logger LOG = Logger.getLogger(OrtNatives.class.getName());
    static final String NATIVE_PATH = "onnxruntime.native.path";
    private static final Class<?> ORT = ai.onnxruntime.OrtEnvironment.class; // its jar holds the libraries
    private static boolean prepared;

    private OrtNatives() {}

    /** Before ONNX Runtime's first use: extracts the libraries once and points ORT's loader at them. */
    static synchronized void prepare() {
        if (prepared || System.getProperty(NATIVE_PATH) != null) {
            return;
        }
        prepared = true;
        try {
            Path dir = extract(Path.of(System.getProperty("java.io.tmpdir")));
            if (dir != null) {
                System.setProperty(NATIVE_PATH, dir.toString());
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.FINE, "ONNX Runtime's libraries stay with its own loader", e);
        }
    }

    /** ORT's name for this platform ({@code linux-x64}, {@code osx-aarch64}, ...), null where it has none. */
    static String platform() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        String o = os.contains("mac") || os.contains("darwin") ? "osx" : os.contains("win") ? "win"
                : os.contains("nux") ? "linux" : null;
        String a = arch.startsWith("amd64") || arch.startsWith("x86_64") ? "x64"
                : arch.startsWith("aarch64") || arch.startsWith("arm64") ? "aarch64" : null;
        return o == null || a == null ? null : o + "-" + a;
    }

    /**
     * Extracts the bundled libraries under {@code tmp} (once per version) and returns their folder; null when this
     * platform's libraries are not bundled or the folder cannot be trusted.
     */
    static Path extract(Path tmp) throws IOException {
        String platform = platform();
        if (platform == null) {
            return null;
        }
        List<String> names = new ArrayList<>();
        List<URL> urls = new ArrayList<>();
        URL runtime = null;
        for (String lib : List.of("onnxruntime_providers_shared", "onnxruntime", "onnxruntime4j_jni")) {
            String name = System.mapLibraryName(lib).replace("jnilib", "dylib");
            URL url = ORT.getResource("/ai/onnxruntime/native/" + platform + "/" + name);
            if (url != null) {
                names.add(name);
                urls.add(url);
                runtime = lib.equals("onnxruntime") ? url : runtime;
            } else if (!lib.equals("onnxruntime_providers_shared")) {
                return null; // not bundled for this platform: ORT looks on the library path itself
            }
        }
        Path home = ownFolder(tmp.resolve("pyassist-" + safe(System.getProperty("user.name", "user"))));
        if (home == null) {
            return null;
        }
        Path dir = home.resolve("onnxruntime-" + platform + "-" + identity(runtime));
        Files.createDirectories(dir);
        for (int i = 0; i < names.size(); i++) {
            place(urls.get(i), dir.resolve(names.get(i)));
        }
        return dir;
    }

    /** The library's CRC from its jar entry (free to read), else its size: what tells versions apart. */
    private static String identity(URL url) throws IOException {
        URLConnection c = url.openConnection();
        if (c instanceof JarURLConnection jar && jar.getJarEntry() != null && jar.getJarEntry().getCrc() >= 0) {
            return String.format(Locale.ROOT, "%08x", jar.getJarEntry().getCrc());
        }
        return Long.toString(c.getContentLengthLong());
    }

    /** Copies {@code url} to {@code target} unless a file of the same size is there already. */
    private static void place(URL url, Path target) throws IOException {
        URLConnection c = url.openConnection();
        long size = c.getContentLengthLong();
        if (Files.isRegularFile(target) && Files.size(target) == size) {
            return;
        }
        Path part = Files.createTempFile(target.getParent(), target.getFileName().toString(), ".part");
        try (InputStream in = c.getInputStream()) {
            Files.copy(in, part, StandardCopyOption.REPLACE_EXISTING);
            try {
                Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (FileAlreadyExistsException e) {
                // another start placed it first (Windows cannot replace a file in use): theirs is the same
            }
        } finally {
            Files.deleteIfExists(part);
        }
    }

    /** {@code dir}, created owner-only if missing; null when it belongs to someone else or others may write to it. */
    private static Path ownFolder(Path dir) throws IOException {
        boolean posix = dir.getFileSystem().supportedFileAttributeViews().contains("posix");
        if (!Files.exists(dir)) {
            try {
                if (posix) {
                    Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(
                            PosixFilePermissions.fromString("rwx------")));
                } else {
                    Files.createDirectory(dir);
                }
            } catch (FileAlreadyExistsException e) {
                // created meanwhile by a concurrent start: checked below like any existing one
            }
        }
        if (!posix) {
            return Files.isDirectory(dir) ? dir : null;
        }
        if (!Files.isDirectory(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return null;
        }
        String owner = Files.getOwner(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS).getName();
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS);
        if (!owner.equals(System.getProperty("user.name")) || perms.contains(PosixFilePermission.GROUP_WRITE)
                || perms.contains(PosixFilePermission.OTHERS_WRITE)) {
            LOG.warning("not extracting ONNX Runtime into " + dir + ": it belongs to " + owner
                    + " or others may write to it");
            return null;
        }
        return dir;
    }

    private static String safe(String s) {
        return s.replaceAll("[^A-Za-z0-9._-]", "_");
    }
}
