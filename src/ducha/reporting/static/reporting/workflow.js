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
  // An actual read from the progress text is offered, never filled silently: the unit clicks
  // "填入" to put it (value and measure) into the fields, then checks it and saves.
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-fill-value]");
    if (!button) { return; }
    var value = document.getElementById(button.getAttribute("data-value-field"));
    var measure = document.getElementById(button.getAttribute("data-measure-field"));
    if (!value) { return; }
    value.value = button.getAttribute("data-fill-value");
    if (measure) { measure.value = button.getAttribute("data-fill-measure"); }
    [value, measure].forEach(function (field) {
      if (field) { field.dispatchEvent(new Event("change", { bubbles: true })); }
    });
    var note = button.parentNode;
    note.textContent = "已填入,请核对后保存。";
    value.focus();
  });
})();
