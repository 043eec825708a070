package uk.boroughbroker.broker;

import java.io.IOException;
import java.io.OutputStream;

/** Writes to two streams: the launcher's messages reach the test's output and a buffer the test checks. */
final class Tee extends OutputStream {

    private final OutputStream one;
    private final OutputStream two;

    private Tee(OutputStream one, OutputStream two) {
        this.one = one;
        this.two = two;
    }

    static OutputStream of(OutputStream one, OutputStream two) {
        return new Tee(one, two);
    }

    @Override
    public void write(int b) throws IOException {
        one.write(b);
        two.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        one.write(b, off, len);
        two.write(b, off, len);
    }

    @Override
    public void flush() throws IOException {
        one.flush();
        two.flush();
    }
}
