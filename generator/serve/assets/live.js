// docs2openapi serve: reload this page when the docs are rebuilt. The server sends the
// number of the build it serves at once and after every rebuild; the page knows the
// number it was made from.
(function () {
  "use strict";
  var meta = document.querySelector('meta[name="docs2openapi-live"]');
  var shown = meta ? meta.getAttribute("content") : "";
  if (!window.EventSource) {
    return;
  }
  var events = new EventSource("/__live/events");
  events.addEventListener("build", function (event) {
    if (event.data !== shown) {
      events.close();
      window.location.reload();
    }
  });
})();
