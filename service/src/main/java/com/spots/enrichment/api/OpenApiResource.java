package com.spots.enrichment.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * {@code GET /v1/openapi.json}: the hand-written OpenAPI document beside this class, served as-is (it is the
 * document, not an envelope), without a key, with a content-hash ETag so clients can revalidate cheaply.
 */
@Path("/v1/openapi.json")
@Produces(MediaType.APPLICATION_JSON)
public class OpenApiResource {

    static final String DOCUMENT = "openapi.json";
    private static final int MAX_AGE_SECONDS = 300;

    private final byte[] document;
    private final EntityTag etag;
    private final CacheControl cacheControl;

    public OpenApiResource(ObjectMapper json) {
        this.document = load(json);
        this.etag = new EntityTag(sha256Hex(document));
        this.cacheControl = new CacheControl();
        cacheControl.setMaxAge(MAX_AGE_SECONDS);
    }

    @GET
    public Response document(@Context Request request) {
        Response.ResponseBuilder notModified = request.evaluatePreconditions(etag);
        if (notModified != null) {
            return notModified.cacheControl(cacheControl).build();
        }
        return Response.ok(document, MediaType.APPLICATION_JSON_TYPE).tag(etag).cacheControl(cacheControl).build();
    }

    /** Reads the document and fails startup if it is missing or not an OpenAPI document, rather than serving it broken. */
    private static byte[] load(ObjectMapper json) {
        try (InputStream in = OpenApiResource.class.getResourceAsStream(DOCUMENT)) {
            if (in == null) {
                throw new IllegalStateException(DOCUMENT + " is missing from the classpath");
            }
            byte[] bytes = in.readAllBytes();
            JsonNode parsed = json.readTree(bytes);
            if (!parsed.path("openapi").asText().startsWith("3.")
                    || !Envelopes.API_VERSION.equals(parsed.path("info").path("version").asText())) {
                throw new IllegalStateException(DOCUMENT + " must be OpenAPI 3 with info.version " + Envelopes.API_VERSION);
            }
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + DOCUMENT, e);
        }
    }

    private static String sha256Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}
