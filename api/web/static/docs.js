// Starts Swagger UI on /docs over this site's OpenAPI description (a file, so no inline script is needed).
window.addEventListener("load", function () {
  window.ui = SwaggerUIBundle({ url: "/openapi.json", dom_id: "#swagger-ui", deepLinking: true });
});
