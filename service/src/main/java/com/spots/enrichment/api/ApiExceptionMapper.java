package com.spots.enrichment.api;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;

public class ApiExceptionMapper implements ExceptionMapper<ApiException> {

    private final Envelopes envelopes;

    @Context
    private HttpServletRequest request;

    public ApiExceptionMapper(Envelopes envelopes) {
        this.envelopes = envelopes;
    }

    @Override
    public Response toResponse(ApiException e) {
        return envelopes.error(RequestContext.of(request), e);
    }
}
