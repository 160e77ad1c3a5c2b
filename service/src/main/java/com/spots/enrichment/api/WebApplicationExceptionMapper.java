package com.spots.enrichment.api;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.glassfish.jersey.server.ExtendedResourceContext;
import org.glassfish.jersey.server.model.Resource;
import org.glassfish.jersey.server.model.ResourceMethod;

/**
 * Jersey's routing failures (unknown path, wrong method, wrong media type) in the envelope. The 404
 * message lists the endpoints, read from the deployed resource model so it cannot drift from the code.
 */
public class WebApplicationExceptionMapper implements ExceptionMapper<WebApplicationException> {

    private final Envelopes envelopes;

    @Context
    private HttpServletRequest request;

    @Context
    private ExtendedResourceContext resourceContext;

    public WebApplicationExceptionMapper(Envelopes envelopes) {
        this.envelopes = envelopes;
    }

    @Override
    public Response toResponse(WebApplicationException e) {
        RequestContext context = RequestContext.of(request);
        int status = e.getResponse() == null ? 500 : e.getResponse().getStatus();
        String target = request == null ? "this path" : request.getMethod() + " " + request.getRequestURI();
        switch (status) {
            case 404 -> {
                List<String> endpoints = endpoints();
                return envelopes.error(context, ErrorCode.ENDPOINT_NOT_FOUND,
                        "No endpoint at " + target + ". Available endpoints: " + String.join(", ", endpoints) + ".",
                        Map.of("available_endpoints", endpoints));
            }
            case 405 -> {
                Set<String> allowed = allowedMethods(e.getResponse());
                return envelopes.errorBuilder(context, ErrorCode.METHOD_NOT_ALLOWED,
                                target + " is not supported. Allowed methods on this path: "
                                        + String.join(", ", allowed) + ".",
                                Map.of("allowed_methods", List.copyOf(allowed)))
                        .header(HttpHeaders.ALLOW, String.join(", ", allowed))
                        .build();
            }
            case 415 -> {
                String sent = request == null ? null : request.getContentType();
                return envelopes.error(context, ErrorCode.UNSUPPORTED_MEDIA_TYPE,
                        "The request body must be JSON: send it with 'Content-Type: application/json'"
                                + (sent == null ? " (no Content-Type was sent)." : " (got '" + sent + "')."),
                        Map.of());
            }
            case 413 -> {
                return envelopes.error(context, ErrorCode.PAYLOAD_TOO_LARGE,
                        "The request body is too large.", Map.of());
            }
            default -> {
                if (status >= 500) {
                    return envelopes.error(context, ErrorCode.PROCESSING_ERROR,
                            "The request could not be processed. Quote request id " + context.requestId()
                                    + " if you contact support.", Map.of());
                }
                return envelopes.error(context, ErrorCode.INVALID_REQUEST,
                        "The request could not be understood (HTTP " + status + ").", Map.of());
            }
        }
    }

    private Set<String> allowedMethods(Response response) {
        Set<String> allowed = new TreeSet<>();
        if (response != null) {
            for (String value : response.getStringHeaders().getOrDefault(HttpHeaders.ALLOW, List.of())) {
                for (String method : value.split(",")) {
                    String trimmed = method.trim();
                    if (!trimmed.isEmpty() && !HttpMethod.HEAD.equals(trimmed)) {
                        allowed.add(trimmed);
                    }
                }
            }
        }
        return allowed;
    }

    private List<String> endpoints() {
        Set<String> endpoints = new TreeSet<>();
        if (resourceContext != null) {
            for (Resource resource : resourceContext.getResourceModel().getRootResources()) {
                collect(resource, "", endpoints);
            }
        }
        return List.copyOf(endpoints);
    }

    private static void collect(Resource resource, String parent, Set<String> into) {
        String path = join(parent, resource.getPath());
        for (ResourceMethod method : resource.getResourceMethods()) {
            if (!method.isExtended() && !HttpMethod.OPTIONS.equals(method.getHttpMethod())
                    && !HttpMethod.HEAD.equals(method.getHttpMethod())) {
                into.add(method.getHttpMethod() + " " + path);
            }
        }
        for (Resource child : resource.getChildResources()) {
            collect(child, path, into);
        }
    }

    private static String join(String parent, String path) {
        String p = path == null ? "" : path.replaceAll("^/+|/+$", "");
        if (p.isEmpty()) {
            return parent.isEmpty() ? "/" : parent;
        }
        return parent.replaceAll("/+$", "") + "/" + p;
    }
}
