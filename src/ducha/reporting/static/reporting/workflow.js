// Workflow pages: small progressive enhancements, no inline script (CSP-ready).
(function () {
  "use strict";
  // A header checkbox with data-select-all="<selector>" toggles the matching checkboxes.
  document.addEventListener("change", function (event) {
    var box = event.target;
    if (box.matches && box.matches("[data-select-all]")) {
      document.querySelectorAll(box.getAttribute("data-select-all")).forEach(function (cb) {
        cb.checked = box.checked;
      });
    }
    // The decision form: choosing a status proposes its usual light (still editable).
    if (box.matches && box.matches("select[data-lights]")) {
      var lights = JSON.parse(box.getAttribute("data-lights"));
      var light = box.form && box.form.querySelector("select[name=light]");
      if (light && lights[box.value]) { light.value = lights[box.value]; }
    }
  });
})();
