// The script editor: go to the first error after a refused save; ask before a revert.
(function () {
  "use strict";
  var summary = document.getElementById("error-summary");
  if (summary) {
    var first = document.getElementById(summary.dataset.firstError || "");
    summary.scrollIntoView({ block: "start" });
    var input = first && (first.matches("input, textarea") ? first : first.querySelector("input, textarea"));
    if (input) input.focus({ preventScroll: true });
  }
  document.querySelectorAll("form[data-confirm]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (!window.confirm(form.dataset.confirm)) event.preventDefault();
    });
  });
})();
