package dev.pyassist.web;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The page and its bundle, from the jar's {@code web/} (built from {@code webui/} by esbuild). The page is the same
 * for every route of the single-page app; each copy gets a fresh style nonce, in its CSP header and in a meta tag
 * for CodeMirror's style elements. Its URLs are relative (it may be served under an editor's proxy prefix); a framed
 * page, which has no cookie, asks for its assets with its token ({@link WebSecurity}).
 */
final class WebAssets implements WebServer.Route {
    private static final Map<String, String> TYPES = Map.of(
            "/assets/app.js", "text/javascript; charset=utf-8",
            "/assets/app.css", "text/css; charset=utf-8");
    private static final java.util.Set<String> PAGES = java.util.Set.of("/", "/chat", "/playground", "/tasks");

    @Override
    public boolean handle(String method, String path, HttpExchange x) throws IOException {
        if (!method.equals("GET") && !method.equals("HEAD")) {
            return false;
        }
        if (PAGES.contains(path)) {
            String nonce = WebSecurity.newToken();
            // a framed page (?token=…&embed=1; WebServer has checked the token) asks for its assets with it too
            String query = x.getRequestURI().getRawQuery();
            String token = "1".equals(WebServer.parameter(query, "embed")) ? WebServer.parameter(query, "token") : null;
            String assetQuery = token == null ? ""
                    : "?token=" + java.net.URLEncoder.encode(token, StandardCharsets.UTF_8) + "&amp;embed=1";
            String page = new String(resource("index.html"), StandardCharsets.UTF_8).replace("{{styleNonce}}", nonce)
                    .replace("{{assetQuery}}", assetQuery);
            x.getResponseHeaders().set("Content-Security-Policy", WebSecurity.contentSecurityPolicy(nonce));
            x.getResponseHeaders().set("Cache-Control", "no-store");
            Http.send(x, 200, "text/html; charset=utf-8", page.getBytes(StandardCharsets.UTF_8));
            return true;
        }
        String type = TYPES.get(path);
        if (type == null) {
            return false;
        }
        x.getResponseHeaders().set("Cache-Control", "no-cache");
        Http.send(x, 200, type, resource(path.substring("/assets/".length())));
        return true;
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = WebAssets.class.getResourceAsStream("/web/" + name)) {
            if (in == null) {
                throw new Http.Failure(500, "The web UI's " + name + " is missing from this build.");
            }
            return in.readAllBytes();
        }
    }
}
