package dev.pyassist.intellij;

import com.intellij.credentialStore.CredentialAttributes;
import com.intellij.credentialStore.CredentialAttributesKt;
import com.intellij.ide.passwordSafe.PasswordSafe;
import org.jetbrains.annotations.Nullable;

/** API keys in the IDE's PasswordSafe (the OS keychain or KeePass), under the environment variable's name. */
final class PyassistSecrets {
    private PyassistSecrets() {
    }

    private static CredentialAttributes attributes(String name) {
        return new CredentialAttributes(CredentialAttributesKt.generateServiceName("pyassist", name));
    }

    static @Nullable String get(String name) {
        return PasswordSafe.getInstance().getPassword(attributes(name));
    }

    /** Stores the key; null or blank removes it. */
    static void set(String name, @Nullable String value) {
        PasswordSafe.getInstance().setPassword(attributes(name), value == null || value.isBlank() ? null : value.trim());
    }
}
