package com.spots.enrichment.http;

import com.spots.enrichment.api.ApiException;
import com.spots.enrichment.api.ErrorCode;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/**
 * 413 PAYLOAD_TOO_LARGE for bodies over the configured limit: by Content-Length up front, and for
 * chunked bodies while they are read. Runs after authentication, as the pipeline prescribes.
 */
@PreMatching
@Priority(Priorities.USER)
public class RequestBodyLimitFilter implements ContainerRequestFilter {

    private final long maxBytes;

    public RequestBodyLimitFilter(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        if (request.getLength() > maxBytes) {
            throw tooLarge();
        }
        if (request.hasEntity()) {
            request.setEntityStream(new LimitedInputStream(request.getEntityStream()));
        }
    }

    private ApiException tooLarge() {
        return new ApiException(ErrorCode.PAYLOAD_TOO_LARGE,
                "The request body exceeds the limit of " + maxBytes + " bytes; send a smaller segment definition"
                        + " or fewer candidate products.",
                Map.of("max_bytes", maxBytes));
    }

    private final class LimitedInputStream extends FilterInputStream {
        private long read;

        LimitedInputStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(long n) {
            read += n;
            if (read > maxBytes) {
                throw tooLarge();
            }
        }
    }
}
