package dev.pyassist.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * The checks every request passes, as pure functions of its headers (the server applies them in
 * {@link WebServer}): the token, the {@code Host} (against DNS rebinding) and the {@code Origin} (against
 * cross-site requests), and the headers every response carries.
 */
public final class WebSecurity {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String token;
    private final int port;

    public WebSecurity(String token, int port) {
        this.token = token;
        this.port = port;
    }

    /** A fresh random token: 32 bytes, URL-safe base64. */
    public static String newToken() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /** The cookie's name: cookies are not kept apart by port, so two servers of one user need two names. */
    public String cookieName() {
        return "pyassist_" + port;
    }

    /**
     * The cookie that carries the token after the launch URL: HttpOnly (no script reads it), SameSite=Strict (no
     * other site's page sends it), for this server's paths only.
     */
    public String cookie() {
        return cookieName() + "=" + token + "; Path=/; HttpOnly; SameSite=Strict";
    }

    /** Whether {@code candidate} is the token (compared in constant time). */
    public boolean isToken(String candidate) {
        return candidate != null && MessageDigest.isEqual(candidate.getBytes(StandardCharsets.UTF_8),
                token.getBytes(StandardCharsets.UTF_8));
    }

    /** The token from a {@code Cookie} header, when it holds this server's cookie. */
    public Optional<String> fromCookies(List<String> cookieHeaders) {
        if (cookieHeaders == null) {
            return Optional.empty();
        }
        for (String header : cookieHeaders) {
            for (String part : header.split(";")) {
                String p = part.strip();
                int eq = p.indexOf('=');
                if (eq > 0 && p.substring(0, eq).equals(cookieName())) {
                    return Optional.of(p.substring(eq + 1));
                }
            }
        }
        return Optional.empty();
    }

    /** Whether the {@code Host} header names this server by its loopback address or {@code localhost}. */
    public boolean hostAllowed(String host) {
        return host != null && (host.equals("127.0.0.1:" + port) || host.equals("localhost:" + port));
    }

    /**
     * Whether a request may go on given its {@code Origin} and {@code Sec-Fetch-Site}: a request that names an
     * origin must name this server; a browser's cross-site request is refused even without one. Requests that
     * change something must come from this server's own page.
     */
    public boolean originAllowed(String method, String origin, String fetchSite) {
        if (fetchSite != null && fetchSite.equals("cross-site")) {
            return false;
        }
        if (origin != null && !origin.isEmpty()) {
            return origin.equals("http://127.0.0.1:" + port) || origin.equals("http://localhost:" + port);
        }
        // no Origin: a top-level navigation or a non-browser client with the cookie; only reads go through
        return method.equals("GET") || method.equals("HEAD");
    }

    /**
     * The Content-Security-Policy of every response: scripts and styles from this server only (CodeMirror's
     * style elements carry the page's nonce), no inline script, nothing from any other origin; only this
     * server's page and VS Code's webviews may frame it.
     */
    public static String contentSecurityPolicy(String styleNonce) {
        return "default-src 'none'; script-src 'self'; style-src 'self' 'nonce-" + styleNonce + "'; img-src 'self' data:;"
                + " connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'self';"
                + " frame-ancestors 'self' vscode-webview:";
    }
}
