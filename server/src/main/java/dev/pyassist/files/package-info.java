/**
 * Reading files the server did not get from the editor (workspace files for the index, {@code check} and
 * {@code dataset}, {@code pyproject.toml}, model artifacts): regular files only, inside the folder they belong to,
 * and never more than a stated number of bytes. See {@link dev.pyassist.files.ExternalFiles}.
 */
package dev.pyassist.files;
