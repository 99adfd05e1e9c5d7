// pactlab web: render every Vega-Lite chart of the page from its JSON data block (no inline script).
// vega-embed runs with ast: true, so Vega evaluates expressions without eval (the CSP forbids it).
(function () {
  "use strict";
  function render(root) {
    var blocks = (root || document).querySelectorAll("script.vl-spec[type='application/json']");
    blocks.forEach(function (block) {
      var target = document.getElementById(block.dataset.target);
      if (!target || target.dataset.rendered === "1" || typeof vegaEmbed === "undefined") { return; }
      target.dataset.rendered = "1";
      var spec = JSON.parse(block.textContent);
      vegaEmbed(target, spec, {
        ast: true, renderer: "svg",
        actions: { export: true, source: false, compiled: false, editor: false }
      }).then(function () { target.classList.add("chart-ready"); })
        .catch(function (err) { target.textContent = "chart could not be drawn: " + err; });
    });
  }
  document.addEventListener("DOMContentLoaded", function () { render(document); });
  document.addEventListener("htmx:afterSwap", function (event) { render(event.target); });
})();
