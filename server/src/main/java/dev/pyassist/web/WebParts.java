package dev.pyassist.web;

import dev.pyassist.assist.AssistService;
import dev.pyassist.assist.Chat;
import dev.pyassist.assist.SendConsent;
import dev.pyassist.config.Settings;
import dev.pyassist.diagnostics.AnalysisPipeline;
import dev.pyassist.diagnostics.SlowAnalyzer;
import dev.pyassist.store.HistoryStore;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What the web UI uses, from whichever process runs it ({@code pyassist web} or a running {@code serve}).
 *
 * @param settings  the current settings
 * @param actions   summarize, translate, generate (the task pages)
 * @param chat      the chat's answers
 * @param store     the history store for the current settings
 * @param exact     the exact layers (syntax, names, flow)
 * @param validator the neural validator's layer, or null when this process has none
 * @param validatorState what to say of the validator ("ready", "loading", "off: reason")
 * @param backends  task → {@code backend:model}, for the page (never a key or endpoint secret)
 * @param root      the workspace folder {@code @path} attachments are read from, or null
 * @param consent   asked before each model call
 */
public record WebParts(Supplier<Settings> settings, AssistService actions, Chat chat, Supplier<HistoryStore> store,
        AnalysisPipeline exact, SlowAnalyzer validator, Supplier<String> validatorState,
        Supplier<Map<String, String>> backends, Path root, SendConsent consent) {}
