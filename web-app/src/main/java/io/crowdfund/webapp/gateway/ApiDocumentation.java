package io.crowdfund.webapp.gateway;

import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ResponseBody;

/**
 * The API's one document, {@code /api/openapi.json} (the snapshot {@link ApiDocumentMerger} wrote), and Swagger UI on it,
 * {@code /api/docs}. Request mappings are asked before the gateway's routes and its 404 for the rest of {@code /api}.
 */
@Controller
class ApiDocumentation {

    static final String DOCUMENT = "/api/openapi.json";
    static final String PAGE = "/api/docs";

    private final Resource document = new ClassPathResource(ApiDocumentMerger.SNAPSHOT);

    @GetMapping(path = DOCUMENT, produces = MediaType.APPLICATION_JSON_VALUE)
    @ResponseBody
    Resource document() {
        return document;
    }

    @GetMapping(PAGE)
    String page() {
        return "gateway/api-docs";
    }
}
