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

// Policy pre-flight composer: a live count of user-perceived characters against
// the platform's limit. The server's check (shown below the draft) is the
// exact count; this one is a quick guide while typing.
(function () {
  var segmenter = window.Intl && Intl.Segmenter ? new Intl.Segmenter(undefined, { granularity: "grapheme" }) : null;

  function perceivedLength(text) {
    if (segmenter) {
      var count = 0;
      for (var iterator = segmenter.segment(text)[Symbol.iterator](), step = iterator.next(); !step.done; step = iterator.next()) {
        count += 1;
      }
      return count;
    }
    return Array.from(text).length;
  }

  function updateCount(textarea) {
    var form = textarea.form;
    var counter = document.getElementById(textarea.id + "-count");
    if (!form || !counter) {
      return;
    }
    var platform = form.querySelector("[data-composer-platform]");
    var option = platform && platform.selectedOptions ? platform.selectedOptions[0] : null;
    var limit = option && option.dataset.limit ? parseInt(option.dataset.limit, 10) : null;
    var length = perceivedLength(textarea.value);
    counter.querySelector("[data-char-count-value]").textContent = String(length);
    counter.querySelector("[data-char-count-limit]").textContent = limit ? " / " + limit : "";
    counter.classList.toggle("over-limit", limit !== null && length > limit);
    counter.hidden = false;
  }

  function composerTexts(root) {
    return (root || document).querySelectorAll("[data-composer-text]");
  }

  document.addEventListener("input", function (event) {
    var target = event.target;
    if (target && target.matches && target.matches("[data-composer-text]")) {
      updateCount(target);
    }
  });
  document.addEventListener("change", function (event) {
    var target = event.target;
    if (target && target.matches && target.matches("[data-composer-platform]") && target.form) {
      composerTexts(target.form).forEach(updateCount);
    }
  });
  document.addEventListener("DOMContentLoaded", function () {
    composerTexts(document).forEach(updateCount);
  });
})();
