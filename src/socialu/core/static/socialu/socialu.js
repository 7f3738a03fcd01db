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

// On a phone the sidebar folds away behind a "Menu" button (without
// JavaScript it simply stays open above the page).
document.addEventListener("DOMContentLoaded", function () {
  var toggle = document.querySelector("[data-nav-toggle]");
  var nav = document.getElementById("main-nav");
  if (!toggle || !nav) {
    return;
  }
  toggle.hidden = false;
  nav.classList.add("collapsible");
  function setOpen(open) {
    toggle.setAttribute("aria-expanded", open ? "true" : "false");
    nav.classList.toggle("open", open);
  }
  toggle.addEventListener("click", function () {
    setOpen(toggle.getAttribute("aria-expanded") !== "true");
  });
  // Escape closes the open menu and puts the focus back on its button.
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && toggle.getAttribute("aria-expanded") === "true" && getComputedStyle(toggle).display !== "none") {
      setOpen(false);
      toggle.focus();
    }
  });
});

// Wide tables sit in a labelled region ({% scroll_region %}) that keyboard users can focus and then scroll
// with the arrow keys. The server renders every one as a named, focusable region (right without JavaScript);
// here a wrapper with nothing to scroll at the current width becomes a plain box again, out of the tab order
// and out of the list of landmarks, until the window narrows and it has something to scroll.
(function () {
  function updateScrollRegions() {
    document.querySelectorAll("[data-scroll-region]").forEach(function (region) {
      if (!region.dataset.scrollRegion) {
        region.dataset.scrollRegion = region.getAttribute("aria-label") || "";
      }
      if (region.scrollWidth > region.clientWidth + 1) {
        region.setAttribute("role", "region");
        region.setAttribute("aria-label", region.dataset.scrollRegion);
        region.setAttribute("tabindex", "0");
      } else if (region !== document.activeElement) {
        region.removeAttribute("role");
        region.removeAttribute("aria-label");
        region.removeAttribute("tabindex");
      }
    });
  }
  document.addEventListener("DOMContentLoaded", updateScrollRegions);
  window.addEventListener("resize", updateScrollRegions);
  document.addEventListener("htmx:afterSettle", updateScrollRegions);
  // A table inside <details> has its width only once opened; "toggle" does not bubble, so listen while capturing.
  document.addEventListener("toggle", updateScrollRegions, true);
})();

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

/* === escalation === */
// "Should we respond?": after htmx swaps in the next question or the outcome,
// move keyboard and screen-reader focus to its heading.
document.addEventListener("htmx:afterSwap", function (event) {
  var target = event.detail && event.detail.target;
  if (target && target.id === "walk-step") {
    var heading = target.querySelector("h2[tabindex]");
    if (heading) {
      heading.focus();
    }
  }
});

/* === practice === */
// Practice composer: the shared pre-flight composer fields, with the answer's
// direction taken from what is typed, so right-to-left text reads naturally.
(function () {
  function setAutoDirection(root) {
    (root || document).querySelectorAll("[data-practice-composer] textarea").forEach(function (textarea) {
      if (!textarea.hasAttribute("dir")) {
        textarea.setAttribute("dir", "auto");
      }
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    setAutoDirection(document);
  });
})();

/* === readiness === */
// The results page's "Print or save as PDF" button: the print stylesheet leaves out navigation.
document.addEventListener("click", function (event) {
  if (event.target instanceof Element && event.target.closest("[data-readiness-print]")) {
    window.print();
  }
});

/* === learning and curriculum authoring === */
// Drag and drop to reorder a list marked data-sortable (the Up and Down buttons work without this).
// On drop, the new order of data-sort-id values is posted to data-sort-url, then the page reloads.
(function () {
  "use strict";
  var dragged = null;

  function csrfToken() {
    try {
      return JSON.parse(document.body.getAttribute("hx-headers") || "{}")["X-CSRFToken"] || "";
    } catch (error) {
      return "";
    }
  }

  function itemOf(node) {
    return node && node.closest ? node.closest("[data-sortable] > [data-sort-id]") : null;
  }

  document.addEventListener("dragstart", function (event) {
    var item = itemOf(event.target);
    if (!item) { return; }
    dragged = item;
    item.classList.add("is-dragging");
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", item.getAttribute("data-sort-id"));
  });

  document.addEventListener("dragover", function (event) {
    var item = itemOf(event.target);
    if (!dragged || !item || item === dragged || item.parentNode !== dragged.parentNode) { return; }
    event.preventDefault();
    item.classList.add("is-drop-target");
  });

  document.addEventListener("dragleave", function (event) {
    var item = itemOf(event.target);
    if (item) { item.classList.remove("is-drop-target"); }
  });

  document.addEventListener("drop", function (event) {
    var item = itemOf(event.target);
    if (!dragged || !item || item === dragged || item.parentNode !== dragged.parentNode) { return; }
    event.preventDefault();
    item.classList.remove("is-drop-target");
    var list = item.parentNode;
    var items = Array.prototype.slice.call(list.children);
    list.insertBefore(dragged, items.indexOf(dragged) < items.indexOf(item) ? item.nextSibling : item);
    var order = Array.prototype.map.call(list.querySelectorAll(":scope > [data-sort-id]"), function (node) {
      return node.getAttribute("data-sort-id");
    }).join(",");
    var body = new URLSearchParams();
    body.set("order", order);
    fetch(list.getAttribute("data-sort-url"), {
      method: "POST",
      headers: { "X-CSRFToken": csrfToken() },
      body: body,
      credentials: "same-origin"
    }).then(function () { window.location.reload(); });
  });

  document.addEventListener("dragend", function () {
    if (dragged) { dragged.classList.remove("is-dragging"); }
    dragged = null;
  });
})();

/* === certification === */
// Requirements editor: choosing a kind fills in its example settings, unless the admin has typed their own.
(function () {
  "use strict";
  function exampleFor(kind) {
    var node = document.querySelector('[data-cert-example-for="' + kind + '"]');
    return node ? node.getAttribute("data-cert-example") || "" : "";
  }
  document.addEventListener("change", function (event) {
    var select = event.target;
    if (!select.matches || !select.matches("[data-cert-requirement-form] select[name=kind]")) { return; }
    var area = select.form.querySelector("textarea[name=parameters]");
    if (!area) { return; }
    var examples = Array.prototype.map.call(document.querySelectorAll("[data-cert-example]"), function (node) {
      return node.getAttribute("data-cert-example");
    });
    if (area.value.trim() === "" || examples.indexOf(area.value.trim()) !== -1) {
      area.value = exampleFor(select.value);
    }
  });
})();

/* === strategy === */
// Strategy document: a "Print" button appears only when JavaScript can print; the page has print styles.
(function () {
  "use strict";
  Array.prototype.forEach.call(document.querySelectorAll("[data-strategy-print]"), function (button) {
    button.hidden = false;
  });
  document.addEventListener("click", function (event) {
    var button = event.target && event.target.closest ? event.target.closest("[data-strategy-print]") : null;
    if (button) { window.print(); }
  });
})();
