// Swagger UI on the gateway's API document (/api/docs). Nothing inline (the page has the site's
// Content-Security-Policy), and nothing leaves the site: no validator badge from elsewhere.
(function () {
    "use strict";
    const root = document.getElementById("swagger-ui");
    window.SwaggerUIBundle({
        url: root.dataset.document,
        domNode: root,
        deepLinking: true,
        validatorUrl: null,
    });
}());
