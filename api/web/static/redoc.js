// Starts ReDoc on /redoc over this site's OpenAPI description (a file, so no inline script is needed).
// ReDoc's generated <style> elements carry the page's nonce, which the policy allows.
window.addEventListener("load", function () {
  var element = document.getElementById("redoc");
  Redoc.init("/openapi.json", { nonce: element.dataset.nonce, disableSearch: true }, element);
});
