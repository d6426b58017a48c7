package dev.pyassist.lsp;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * The server's output in whole-server tests: an in-memory pipe whose writes never block and ignore interrupts, as a
 * process's stdout does ({@code serve} writes to a {@code FileOutputStream}). LSP4J writes a response from the thread
 * that completes it, and {@code shutdown} interrupts the server's threads; a {@code java.nio} {@code Pipe} closes
 * for good when a thread is interrupted inside a write, and the rest of the session would then be lost.
 */
final class MemoryPipe {
    private static final byte[] END = new byte[0];
    private final LinkedBlockingQueue<byte[]> chunks = new LinkedBlockingQueue<>();

    final OutputStream out = new OutputStream() {
        private volatile boolean closed;

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (closed) throw new IOException("pipe closed");
            if (len > 0) chunks.offer(Arrays.copyOfRange(b, off, off + len)); // unbounded: offer never waits
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                chunks.offer(END);
            }
        }
    };

    final InputStream in = new InputStream() {
        private byte[] current;
        private int pos;
        private boolean ended;

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) return 0;
            while (current == null || pos == current.length) {
                if (ended) return -1;
                try {
                    current = chunks.take();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted while reading the server's output");
                }
                pos = 0;
                if (current == END) {
                    ended = true;
                    current = null;
                    return -1;
                }
            }
            int n = Math.min(len, current.length - pos);
            System.arraycopy(current, pos, b, off, n);
            pos += n;
            return n;
        }
    };
}
