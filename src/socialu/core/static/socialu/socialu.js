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
