package com.spots.enrichment.bench;

import java.io.IOException;
import java.util.List;

/** What a client needs from an HTTP/1.1 response's head: its status, how its body ends, and whether it closes. */
record ResponseHead(int status, long contentLength, boolean chunked, boolean close) {

    /** lines: the status line, then the header lines (without their line ends). */
    static ResponseHead parse(List<String> lines) throws IOException {
        String statusLine = lines.isEmpty() ? "" : lines.get(0);
        if (statusLine.length() < 12 || !statusLine.startsWith("HTTP/1.")) {
            throw new IOException("not an HTTP response: " + statusLine);
        }
        int status = Integer.parseInt(statusLine.substring(9, 12));
        long contentLength = -1;
        boolean chunked = false;
        boolean close = false;
        for (String header : lines.subList(1, lines.size())) {
            int colon = header.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String name = header.substring(0, colon).trim();
            String value = header.substring(colon + 1).trim();
            if (name.equalsIgnoreCase("Content-Length")) {
                contentLength = Long.parseLong(value);
            } else if (name.equalsIgnoreCase("Transfer-Encoding")) {
                chunked = value.equalsIgnoreCase("chunked");
            } else if (name.equalsIgnoreCase("Connection")) {
                close = value.equalsIgnoreCase("close");
            }
        }
        return new ResponseHead(status, contentLength, chunked, close);
    }
}
