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
        assertEquals("/", r.header("Location"));
        String set = r.header("Set-Cookie");
        assertTrue(set.contains("HttpOnly"), set);
        assertTrue(set.contains("SameSite=Strict"), set);
        RawHttp.Response page = get("/", Map.of("Cookie", cookie));
        assertEquals(200, page.status(), page.body());
        assertTrue(page.body().contains("/assets/app.js"));
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
