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
 *
 * <p>The token reaches the server in one of two ways. In a browser tab, the launch URL's {@code ?token=} is traded
 * for an HttpOnly {@code SameSite=Strict} cookie, and the page never sees the token. In an editor's panel the page
 * is framed by another site (VS Code's webview), where a strict cookie is never sent, and may sit behind the
 * editor's port proxy (code-server's {@code /proxy/PORT/}), which rewrites {@code Host} and whose page has the
 * proxy's {@code Origin}. There the page is opened with {@code ?token=…&embed=1}: the server answers with the page
 * itself (its asset URLs carry the token too), the page keeps the token in memory only, drops it from its address,
 * and sends it in {@link #TOKEN_HEADER} on every request.
 *
 * <p>Why an explicit token (that header, or {@code ?token=} on a GET) skips the {@code Host} and {@code Origin}
 * checks, while a cookie does not: both checks guard against credentials the browser attaches by itself. A
 * cookie is such a credential, so a cookie request must come from this server's own page, under its own name (no
 * rebound host, no foreign origin). An explicit token is not: a DNS-rebinding or cross-site page can only send it
 * if it knows it, and it cannot learn it (32 random bytes, handed only to the user's own browser or editor, never
 * in a cookie readable by script, never in a {@code Referer}: {@code no-referrer}); a cross-site script cannot even
 * add the header without a CORS preflight, which this server never grants. So a request that names the token is
 * the page's own wherever it came through, and a wrong explicit token is refused outright.
 */
public final class WebSecurity {
    private static final SecureRandom RANDOM = new SecureRandom();
    /** The request header an embedded page sends the token in. */
    public static final String TOKEN_HEADER = "X-Pyassist-Token";

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
     * server's page and VS Code's webviews may frame it (desktop VS Code's workbench, {@code vscode-file:}, is
     * an ancestor of the webview's frame too; in code-server the whole chain is the proxy's origin, {@code 'self'}).
     */
    public static String contentSecurityPolicy(String styleNonce) {
        return "default-src 'none'; script-src 'self'; style-src 'self' 'nonce-" + styleNonce + "'; img-src 'self' data:;"
                + " connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'self';"
                + " frame-ancestors 'self' vscode-webview: vscode-file:";
    }
}
