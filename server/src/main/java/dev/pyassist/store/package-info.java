/**
 * The history and feedback store: every AI result (chat answers, the editors' actions, the web task pages) with its
 * id, prompt, context file names, answer, backend, model, timings, tokens and rating, and the chat conversations, in
 * one SQLite file in the user's data directory ({@link DataDirectory}). Nothing leaves the machine.
 * {@code pyassist feedback export} writes the rated answers as records {@code pyassist dataset pairs} reads.
 */
package dev.pyassist.store;
