package com.spots.enrichment.http;

import jakarta.annotation.Priority;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.PreMatching;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Keeps keep-alive connections honest when an answer (401, 429, 404, 413...) is given before the request body was
 * read. Jetty closes such a connection once the response is sent, without saying so, and a client that reuses it
 * for its next request gets no answer at all. So what is left of the body is drained when it has already arrived;
 * when it has not, the response says {@code Connection: close}, and the client opens a new connection instead.
 */
@PreMatching
@Priority(3)
public class UnreadBodyFilter implements ContainerRequestFilter, ContainerResponseFilter {

    private static final String BODY = UnreadBodyFilter.class.getName() + ".body";

    @Override
    public void filter(ContainerRequestContext request) {
        if (request.getLength() > 0 || request.getHeaderString("Transfer-Encoding") != null) {
            CountingBody body = new CountingBody(request.getEntityStream(), request.getLength());
            request.setEntityStream(body);
            request.setProperty(BODY, body);
        }
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if (request.getProperty(BODY) instanceof CountingBody body && !body.drainArrived()) {
            response.getHeaders().putSingle("Connection", "close");
        }
    }

    private static final class CountingBody extends FilterInputStream {
        private final long declaredLength;
        private long read;
        private boolean ended;

        CountingBody(InputStream in, long declaredLength) {
            super(in);
            this.declaredLength = declaredLength;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            count(b < 0 ? -1 : 1);
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            count(n);
            return n;
        }

        private void count(int n) {
            if (n < 0) {
                ended = true;
            } else {
                read += n;
            }
        }

        private boolean complete() {
            return ended || (declaredLength >= 0 && read >= declaredLength);
        }

        /** Reads only what is already buffered (never waits for a slow client); true when the body is all read. */
        boolean drainArrived() {
            if (complete()) {
                return true;
            }
            byte[] scratch = new byte[8192];
            try {
                int available;
                while (!complete() && (available = available()) > 0) {
                    read(scratch, 0, Math.min(available, scratch.length));
                }
                return complete();
            } catch (IOException | RuntimeException e) {
                return false;
            }
        }
    }
}
