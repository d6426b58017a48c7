/**
 * The web UI's server: chat, the validator playground and the task pages, on {@code 127.0.0.1} only, from the
 * JDK's {@code jdk.httpserver}. {@link dev.pyassist.web.WebServer} holds the security contract
 * ({@link dev.pyassist.web.WebSecurity}: a per-process token handed over once in the launch URL, then an HttpOnly
 * cookie; {@code Host} and {@code Origin} checks; a strict Content-Security-Policy; size limits); the routes
 * ({@link dev.pyassist.web.ChatRoutes}, {@link dev.pyassist.web.PlaygroundRoutes}) delegate to the features
 * ({@code assist.Chat}, the analysis pipeline, the store). The page's assets are built from {@code webui/} by
 * esbuild into {@code resources/web/}. {@code pyassist web} starts it alone; a running {@code serve} starts it on
 * the first {@code pyassist.openWeb}.
 */
package dev.pyassist.web;
