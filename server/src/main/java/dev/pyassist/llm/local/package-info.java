/**
 * The seam between the server and the in-process local engine (a StarCoder-family model with LoRA adapters, run by
 * DJL's PyTorch engine). The engine lives in its own module and jar ({@code local-engine/}, with libtorch) so that a
 * user who only wants diagnostics never loads it: the server finds the jar, loads it in its own class loader and
 * looks up a {@link dev.pyassist.llm.local.LocalEngineProvider} with {@link java.util.ServiceLoader}.
 *
 * <p>Everything here is plain data and interfaces from the server's own packages, so the engine jar depends on the
 * server at compile time only.
 */
package dev.pyassist.llm.local;
