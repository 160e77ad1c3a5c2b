package com.spots.enrichment.api;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.Response;

/**
 * {@code GET /docs}: interactive documentation, Swagger UI rendering {@code /v1/openapi.json}. Swagger UI
 * itself comes from its webjar, served by this service under {@link #ASSETS_PATH}, so the page needs
 * nothing from the internet.
 */
@Path("/docs")
public class DocsResource {

    public static final String SWAGGER_UI_VERSION = "5.17.14";
    /** Where the webjar keeps Swagger UI's files on the classpath. */
    public static final String ASSETS_RESOURCE_PATH = "/META-INF/resources/webjars/swagger-ui/" + SWAGGER_UI_VERSION + "/";
    public static final String ASSETS_PATH = "/docs/assets/";

    private static final String PAGE = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
              <meta charset="UTF-8">
              <title>Enrichment API</title>
              <link rel="stylesheet" href="%1$sswagger-ui.css">
              <link rel="icon" type="image/png" href="%1$sfavicon-32x32.png" sizes="32x32">
            </head>
            <body>
              <div id="swagger-ui"></div>
              <script src="%1$sswagger-ui-bundle.js" charset="UTF-8"></script>
              <script>
                window.ui = SwaggerUIBundle({
                  url: "/v1/openapi.json",
                  dom_id: "#swagger-ui",
                  deepLinking: true,
                  validatorUrl: null,
                  presets: [SwaggerUIBundle.presets.apis],
                  layout: "BaseLayout"
                });
              </script>
            </body>
            </html>
            """.formatted(ASSETS_PATH);

    private final CacheControl cacheControl = CacheControl.valueOf("public, max-age=300");

    // No @Produces: the request filter rewrites every Accept header to JSON (the API's only language), so the
    // page's type is set on the response instead of being negotiated.
    @GET
    public Response page() {
        return Response.ok(PAGE, "text/html; charset=UTF-8")
                .cacheControl(cacheControl)
                .header("X-Content-Type-Options", "nosniff")
                .build();
    }
}
