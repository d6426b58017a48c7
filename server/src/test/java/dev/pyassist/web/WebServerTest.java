package dev.pyassist.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The security contract of the web UI's server, request by request. */
class WebServerTest {
    private WebServer server;
    private String cookie;

    @BeforeEach
    void start() throws Exception {
        Uploads uploads = new Uploads();
        server = WebServer.start(List.of(new WebAssets(), (method, path, x) -> {
            if (path.equals("/api/echo")) {
                byte[] b = Http.body(x, Uploads.MAX_FILE);
                Http.json(x, 200, Map.of("bytes", b.length));
                return true;
            }
            return false;
        }));
        RawHttp.Response r = get(server.launchUrl().getRawPath() + "?" + server.launchUrl().getRawQuery(), Map.of());
        assertEquals(303, r.status(), r.toString());
        String set = r.header("Set-Cookie");
        assertNotNull(set);
        cookie = set.substring(0, set.indexOf(';'));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private RawHttp.Response get(String target, Map<String, String> headers) throws Exception {
        return RawHttp.send(server.port(), "GET", target, headers, null);
    }

    @Test
    void theLaunchUrlSetsAnHttpOnlyStrictCookieAndRedirectsWithoutTheToken() throws Exception {
        assertTrue(server.launchUrl().toString().startsWith("http://127.0.0.1:" + server.port() + "/?token="));
        RawHttp.Response r = get(server.launchUrl().getRawPath() + "?" + server.launchUrl().getRawQuery(), Map.of());
        assertEquals("./", r.header("Location"), "relative: the page may sit under an editor's proxy prefix");
        String set = r.header("Set-Cookie");
        assertTrue(set.contains("HttpOnly"), set);
        assertTrue(set.contains("SameSite=Strict"), set);
        RawHttp.Response page = get("/", Map.of("Cookie", cookie));
        assertEquals(200, page.status(), page.body());
        assertTrue(page.body().contains("\"assets/app.js\""), "a tab's page asks for its assets with the cookie");
        RawHttp.Response chat = get("/chat?token=" + token(), Map.of());
        assertEquals("chat", chat.header("Location"));
    }

    private String token() {
        return server.launchUrl().getRawQuery().substring("token=".length());
    }

    @Test
    void anEmbeddedLaunchIsAnsweredWithThePageWhoseAssetsCarryTheToken() throws Exception {
        // a VS Code webview frames the page: no cookie would be sent there, so none is set and nothing redirects
        RawHttp.Response page = get("/chat?token=" + token() + "&embed=1",
                Map.of("Sec-Fetch-Site", "cross-site", "Sec-Fetch-Dest", "iframe"));
        assertEquals(200, page.status(), page.body());
        assertEquals(null, page.header("Set-Cookie"));
        assertEquals("no-store", page.header("Cache-Control"));
        assertTrue(page.body().contains("assets/app.js?token=" + token() + "&amp;embed=1"), page.body());
        assertEquals(200, get("/assets/app.js?token=" + token() + "&embed=1", Map.of()).status());
        assertEquals(403, get("/chat?token=wrong&embed=1", Map.of()).status());
        assertEquals(403, get("/assets/app.js?embed=1", Map.of()).status());
    }

    @Test
    void aHeaderTokenNeedsNoCookieAndPassesAnEditorsProxy() throws Exception {
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
        // code-server's /proxy/PORT/ rewrites Host, and the framed page's Origin is code-server's
        Map<String, String> proxied = Map.of(WebSecurity.TOKEN_HEADER, token(), "Host", "0.0.0.0:" + server.port(),
                "Origin", "http://127.0.0.1:8080");
        RawHttp.Response post = RawHttp.send(server.port(), "POST", "/api/echo", proxied, body);
        assertEquals(200, post.status(), post.body());
        assertEquals(200, get("/api/echo", Map.of(WebSecurity.TOKEN_HEADER, token())).status());
    }

    @Test
    void aWrongExplicitTokenIsRefusedEvenWithTheCookie() throws Exception {
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
        String own = "http://127.0.0.1:" + server.port();
        for (String wrong : List.of("wrong", "", token() + "x", token().substring(1))) {
            RawHttp.Response r = RawHttp.send(server.port(), "POST", "/api/echo",
                    Map.of("Cookie", cookie, "Origin", own, WebSecurity.TOKEN_HEADER, wrong), body);
            assertEquals(403, r.status(), wrong);
        }
        // both tokens are checked when a request names two
        assertEquals(403, get("/chat?token=wrong&embed=1", Map.of(WebSecurity.TOKEN_HEADER, token())).status());
        // the query token authorizes a GET only: a form posted to ?token= is no way around the Origin check
        RawHttp.Response post = RawHttp.send(server.port(), "POST", "/api/echo?token=" + token(),
                Map.of("Origin", "http://evil.example"), body);
        assertEquals(403, post.status());
    }

    @Test
    void withoutAnExplicitTokenTheProxyCaseIsStillRefused() throws Exception {
        // the cookie is a credential the browser adds by itself: it counts only under this server's own name
        RawHttp.Response r = get("/api/echo", Map.of("Cookie", cookie, "Host", "0.0.0.0:" + server.port()));
        assertEquals(403, r.status());
        RawHttp.Response rebound = RawHttp.send(server.port(), "POST", "/api/echo",
                Map.of("Host", "evil.example:" + server.port(), "Origin", "http://evil.example:" + server.port()),
                "{}".getBytes(StandardCharsets.UTF_8));
        assertEquals(403, rebound.status());
    }

    @Test
    void withoutTheTokenEveryRequestGets403() throws Exception {
        for (String path : List.of("/", "/assets/app.js", "/api/echo", "/nothing")) {
            assertEquals(403, get(path, Map.of()).status(), path);
            assertEquals(403, get(path, Map.of("Cookie", server.launchUrl().getRawQuery().replace("token=", "x="))).status());
        }
        assertEquals(403, get("/?token=wrong", Map.of()).status());
        assertEquals(403, get("/", Map.of("Cookie", "pyassist_" + server.port() + "=wrong")).status());
    }

    @Test
    void aForeignHostIsRefusedEvenWithTheToken() throws Exception {
        // DNS rebinding: a page of evil.example resolved to 127.0.0.1 sends its own Host
        for (String host : List.of("evil.example:" + server.port(), "evil.example", "127.0.0.1:1", "")) {
            RawHttp.Response r = get("/", Map.of("Host", host, "Cookie", cookie));
            assertEquals(403, r.status(), host);
        }
        assertEquals(200, get("/", Map.of("Host", "localhost:" + server.port(), "Cookie", cookie)).status());
    }

    @Test
    void crossOriginRequestsAreRefused() throws Exception {
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
        RawHttp.Response evil = RawHttp.send(server.port(), "POST", "/api/echo",
                Map.of("Cookie", cookie, "Origin", "http://evil.example"), body);
        assertEquals(403, evil.status());
        RawHttp.Response fetchSite = RawHttp.send(server.port(), "GET", "/",
                Map.of("Cookie", cookie, "Sec-Fetch-Site", "cross-site"), null);
        assertEquals(403, fetchSite.status());
        RawHttp.Response noOrigin = RawHttp.send(server.port(), "POST", "/api/echo", Map.of("Cookie", cookie), body);
        assertEquals(403, noOrigin.status(), "a change without an Origin is not the page's own");
        RawHttp.Response own = RawHttp.send(server.port(), "POST", "/api/echo",
                Map.of("Cookie", cookie, "Origin", "http://127.0.0.1:" + server.port()), body);
        assertEquals(200, own.status(), own.body());
    }

    @Test
    void everyResponseCarriesAStrictContentSecurityPolicy() throws Exception {
        for (RawHttp.Response r : List.of(get("/", Map.of("Cookie", cookie)), get("/nothing", Map.of()),
                get("/assets/app.js", Map.of("Cookie", cookie)))) {
            String csp = r.header("Content-Security-Policy");
            assertNotNull(csp, r.toString());
            assertTrue(csp.contains("default-src 'none'"), csp);
            assertTrue(csp.contains("script-src 'self';"), csp);
            assertFalse(csp.contains("unsafe-inline"), csp);
            assertFalse(csp.contains("http"), "no other origin: " + csp);
            assertTrue(csp.contains("frame-ancestors 'self' vscode-webview: vscode-file:"), csp);
            assertEquals("nosniff", r.header("X-Content-Type-Options"));
        }
        RawHttp.Response page = get("/", Map.of("Cookie", cookie));
        String nonce = page.header("Content-Security-Policy").replaceAll(".*'nonce-([^']+)'.*", "$1");
        assertTrue(page.body().contains("content=\"" + nonce + "\""), "the page's style nonce is the header's");
        assertFalse(page.body().contains("<script>"), "no inline script");
        assertFalse(page.body().contains("style="), "no inline style");
    }

    @Test
    void uploadsOverTheLimitAre413() throws Exception {
        // refused on its Content-Length, before the body is read
        RawHttp.Response r = RawHttp.send(server.port(), "POST", "/api/echo", Map.of("Cookie", cookie,
                "Origin", "http://127.0.0.1:" + server.port(), "Content-Length", String.valueOf(Uploads.MAX_FILE + 1)),
                null);
        assertEquals(413, r.status(), r.body());
        RawHttp.Response fits = RawHttp.send(server.port(), "POST", "/api/echo",
                Map.of("Cookie", cookie, "Origin", "http://127.0.0.1:" + server.port()), new byte[Uploads.MAX_FILE]);
        assertEquals(200, fits.status(), fits.body());
    }

    @Test
    void uploadNamesLoseTheirFolders() {
        assertEquals("passwd", Uploads.cleanName("../../etc/passwd"));
        assertEquals("a_b.py", Uploads.cleanName("C:\\x\\a<b.py"));
        assertEquals("upload.py", Uploads.cleanName(""));
    }
}
