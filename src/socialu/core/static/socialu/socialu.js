// Small progressive enhancements. No inline scripts anywhere: the page's
// Content Security Policy forbids them.
document.addEventListener("change", function (event) {
  var target = event.target;
  if (target && target.matches && target.matches("[data-org-switcher-select]")) {
    window.location.assign(target.value);
  }
  if (target && target.matches && target.matches("[data-autosubmit]")) {
    target.form.requestSubmit();
  }
});

// People directory: after moving to another page of results, put keyboard
// focus on the summary ("Showing 51–100 of 2,013") so it is not lost.
document.addEventListener("htmx:afterSwap", function (event) {
  var detail = event.detail || {};
  var trigger = detail.requestConfig && detail.requestConfig.elt;
  if (detail.target && detail.target.id === "directory-results" && trigger && trigger.matches && trigger.matches(".pagination a")) {
    var summary = document.getElementById("directory-summary");
    if (summary) {
      summary.focus();
    }
  }
});

// htmx copies "style" between old and new elements while settling a swap.
// Under the strict Content Security Policy that is an inline style, which the
// browser refuses (and reports) even when empty, so settle without it.
if (window.htmx && window.htmx.config) {
  window.htmx.config.attributesToSettle = ["class", "width", "height"];
}
