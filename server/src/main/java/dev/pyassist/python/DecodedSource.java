package dev.pyassist.python;

import java.util.Optional;

/** Text decoded from a file's bytes; {@code error} is set when the bytes are not valid for the declared encoding. */
public record DecodedSource(String text, Optional<SyntaxDiagnostic> error) {
    public DecodedSource {
        error = error == null ? Optional.empty() : error;
    }
}
