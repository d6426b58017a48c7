package dev.pyassist.web;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The web UI's HTTP server on {@code 127.0.0.1}, on a free port. Every request passes {@link WebSecurity} first:
 * a wrong {@code Host} or a foreign {@code Origin} gets 403, and so does a request without the token. The launch
 * URL ({@link #launchUrl()}) carries the token once; the server answers it with the HttpOnly cookie and a redirect
 * to the same page without the token. A page framed by an editor sends the token in a header instead (see
 * {@link WebSecurity}). Requests run on the server's own threads, never the caller's.
 */
public final class WebServer implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(WebServer.class.getName());

    /** Something the server answers: returns false when the path is not its own. */
    interface Route {
        boolean handle(String method, String path, HttpExchange exchange) throws IOException;
    }

    private final HttpServer http;
    private final ExecutorService threads;
    private final WebSecurity security;
    private final String token;
    private final List<Route> routes;

    private WebServer(HttpServer http, ExecutorService threads, String token, List<Route> routes) {
        this.http = http;
        this.threads = threads;
        this.token = token;
        this.security = new WebSecurity(token, http.getAddress().getPort());
        this.routes = routes;
    }

    /** Starts the UI of {@code parts} on a free loopback port. */
    public static WebServer start(WebParts parts) throws IOException {
        Uploads uploads = new Uploads();
        return start(List.of(new WebAssets(), new ChatRoutes(parts, uploads), new PlaygroundRoutes(parts, uploads)));
    }

    static WebServer start(List<Route> routes) throws IOException {
        HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        AtomicInteger n = new AtomicInteger();
        ExecutorService threads = Executors.newFixedThreadPool(8, r -> {
            Thread t = new Thread(r, "pyassist-web-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        WebServer server = new WebServer(http, threads, WebSecurity.newToken(), List.copyOf(routes));
        http.setExecutor(threads);
        http.createContext("/", server::serve);
        http.start();
        return server;
    }

    public int port() {
        return http.getAddress().getPort();
    }

    /** The URL that opens the UI (it holds the token: give it only to the user's own browser or editor). */
    public URI launchUrl() {
        return URI.create("http://127.0.0.1:" + port() + "/?token=" + token);
    }

    private void serve(HttpExchange x) throws IOException {
        try { // not try-with-resources: its close would run before the catch blocks write their answers
            String method = x.getRequestMethod();
            String path = x.getRequestURI().getPath();
            var h = x.getResponseHeaders();
            h.set("X-Content-Type-Options", "nosniff");
            h.set("Referrer-Policy", "no-referrer");
            h.set("Cross-Origin-Opener-Policy", "same-origin");
            h.set("Cross-Origin-Resource-Policy", "same-origin");
            h.set("Content-Security-Policy", WebSecurity.contentSecurityPolicy(WebSecurity.newToken()));
            String query = x.getRequestURI().getRawQuery();
            String offered = query == null ? null : parameter(query, "token");
            String header = x.getRequestHeaders().getFirst(WebSecurity.TOKEN_HEADER);
            if (header != null || offered != null) {
                // an explicit token: no Host or Origin check (WebSecurity says why), but every token the request
                // names must be the token (so a route may trust the query's: WebAssets)
                boolean valid = (header == null || security.isToken(header))
                        && (offered == null || method.equals("GET") && security.isToken(offered));
                if (!valid) {
                    Http.error(x, 403, "The token is not this server's (open the URL pyassist printed).");
                    return;
                }
                if (header == null && !"1".equals(parameter(query, "embed"))) {
                    // a browser tab: trade the token for the cookie, and take it out of the address bar
                    h.add("Set-Cookie", security.cookie());
                    h.set("Location", relativeSelf(path));
                    h.set("Cache-Control", "no-store");
                    x.sendResponseHeaders(303, -1);
                    return;
                }
            } else {
                if (!security.hostAllowed(x.getRequestHeaders().getFirst("Host"))) {
                    Http.error(x, 403, "This server answers only 127.0.0.1:" + port() + ".");
                    return;
                }
                if (!security.originAllowed(method, x.getRequestHeaders().getFirst("Origin"),
                        x.getRequestHeaders().getFirst("Sec-Fetch-Site"))) {
                    Http.error(x, 403, "Cross-origin requests are refused.");
                    return;
                }
                if (!security.fromCookies(x.getRequestHeaders().get("Cookie")).map(security::isToken).orElse(false)) {
                    Http.error(x, 403, "Open pyassist's web UI from the URL pyassist printed (it carries the token).");
                    return;
                }
            }
            for (Route r : routes) {
                if (r.handle(method, path, x)) {
                    return;
                }
            }
            Http.error(x, 404, "No such page: " + path);
        } catch (Http.Failure f) {
            Http.error(x, f.status, f.getMessage());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "web request failed", e);
            Http.error(x, 500, "The request failed; the details are in pyassist's log.");
        } finally {
            x.close();
        }
    }

    /**
     * The same page, as a URL relative to itself: behind a path prefix (code-server's {@code /proxy/PORT/}) an
     * absolute {@code /chat} would leave the proxy.
     */
    static String relativeSelf(String path) {
        String last = path.substring(path.lastIndexOf('/') + 1);
        return last.isEmpty() ? "./" : last;
    }

    static String parameter(String rawQuery, String name) {
        if (rawQuery == null) {
            return null;
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String k = eq < 0 ? pair : pair.substring(0, eq);
            if (k.equals(name)) {
                return java.net.URLDecoder.decode(eq < 0 ? "" : pair.substring(eq + 1),
                        java.nio.charset.StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    @Override
    public void close() {
        http.stop(0);
        threads.shutdownNow();
    }
}
