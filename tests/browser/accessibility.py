"""The accessibility check: axe-core in the browser, and a crawl of what the navigation reaches.

axe-core is installed from the npm registry at a pinned version (package.json
and package-lock.json at the top of the repository; `make install` runs
`npm ci`). Nothing is fetched while the tests run: the installed file is put
into every page of a browser context by `with_axe`.

The crawl starts at an organisation's home page, follows every link in the
header, the sidebar and the footer that stays on this site, then the links
inside each page's main content (a course, a lesson, a quiz, a policy, a
scenario…), breadth first. Pages are grouped by their Django URL name and the
first page of each kind is audited, so a new page is covered as soon as
something links to it, without editing this file.

Each page is checked at 1366 px (axe-core, ARIA references, keyboard reach and
visible focus) and at 320 px (axe-core and sideways scrolling).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from django.urls import Resolver404, resolve
from playwright.sync_api import BrowserContext, Error, Locator, Page, ViewportSize

AXE_SCRIPT = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
DESKTOP: ViewportSize = {"width": 1366, "height": 900}
PHONE: ViewportSize = {"width": 320, "height": 640}
# axe-core's impact levels that fail the check; "moderate" and "minor" are reported by axe but allowed.
FAILING_IMPACTS = frozenset({"serious", "critical"})
# Links the crawl never follows: they sign out, leave the web pages or download files.
SKIPPED_PREFIXES = ("/accounts/logout", "/api/", "/static/", "/admin/", "/healthz")


def with_axe(context: BrowserContext) -> BrowserContext:
    """Put axe-core into every page *context* opens (an init script, so the page's CSP does not block it)."""
    if not AXE_SCRIPT.exists():
        message = f"axe-core is not installed at {AXE_SCRIPT}: run `make install` (it runs `npm ci`)."
        raise FileNotFoundError(message)
    context.add_init_script(path=str(AXE_SCRIPT))
    return context


@dataclass(frozen=True)
class Problem:
    """One thing wrong on one page at one width, said so that a person can find and fix it."""

    url: str
    width: int
    what: str

    def __str__(self) -> str:
        return f"{self.url} at {self.width} px: {self.what}"


def axe_violations(page: Page) -> list[str]:
    """Run axe-core on *page* and describe each serious or critical violation with the elements at fault."""
    results = page.evaluate(
        """async () => {
          const results = await window.axe.run(document, {resultTypes: ["violations"]});
          return results.violations.map((v) => ({
            id: v.id, impact: v.impact, help: v.help,
            targets: v.nodes.slice(0, 5).map((n) => n.target.join(" ")),
            count: v.nodes.length,
          }));
        }"""
    )
    return [
        f"{violation['id']} ({violation['impact']}, {violation['count']} elements): {violation['help']} — "
        + json.dumps(violation["targets"])
        for violation in results
        if violation["impact"] in FAILING_IMPACTS
    ]


def missing_references(page: Page) -> list[str]:
    """Describe each aria-describedby, aria-labelledby or aria-controls that names an element not on the page.

    axe-core accepts a reference list as long as one of its ids exists; a screen
    reader then silently reads nothing for the others, so each missing id counts.
    """
    missing: list[str] = page.evaluate(
        """() => {
          const missing = [];
          for (const attribute of ["aria-describedby", "aria-labelledby", "aria-controls"]) {
            for (const element of document.querySelectorAll("[" + attribute + "]")) {
              for (const id of element.getAttribute(attribute).split(/\\s+/).filter(Boolean)) {
                if (!document.getElementById(id)) {
                  const name = element.id ? "#" + element.id : element.tagName.toLowerCase();
                  missing.push(name + " has " + attribute + '="' + id + '" but no element has that id');
                }
              }
            }
          }
          return missing;
        }"""
    )
    return missing


def keyboard_problems(page: Page) -> list[str]:
    """Describe interactive elements that a keyboard cannot reach, or that show no focus when it does.

    Every visible link, button, field and summary is focused in turn and must
    show an outline (or a shadow); none may be taken out of the tab order with
    a negative tabindex; and nothing that htmx makes clickable may be an
    element the keyboard cannot focus.
    """
    problems: list[str] = page.evaluate(
        """() => {
          const describe = (element) => {
            const label = (element.getAttribute("aria-label") || element.textContent || element.name || "").trim();
            const name = element.tagName.toLowerCase() + (element.id ? "#" + element.id : "");
            return name + " “" + label.slice(0, 40) + "”";
          };
          const problems = [];
          const interactive = 'a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex]';
          const previous = document.activeElement;
          for (const element of document.querySelectorAll(interactive)) {
            if (element.disabled || !element.checkVisibility({visibilityProperty: true})) continue;
            if (element.tabIndex < 0) {
              if (element.matches(":is(a[href], button, input, select, textarea, summary)")) {
                problems.push(describe(element) + " cannot be reached with Tab (tabindex " + element.tabIndex + ")");
              }
              continue;
            }
            element.focus({preventScroll: true});
            if (document.activeElement !== element) continue;
            const style = getComputedStyle(element);
            const outlined = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
            if (!element.matches(":focus-visible") || (!outlined && style.boxShadow === "none")) {
              problems.push(describe(element) + " shows no visible focus");
            }
          }
          if (previous && previous.focus) previous.focus({preventScroll: true});
          for (const element of document.querySelectorAll("[hx-get], [hx-post], [hx-put], [hx-patch], [hx-delete]")) {
            const trigger = element.getAttribute("hx-trigger") || "";
            const natural = element.matches("a[href], button, input, select, textarea, form");
            if (!natural && element.tabIndex < 0 && (trigger === "" || trigger.includes("click"))) {
              problems.push(describe(element) + " reacts to clicks but cannot be focused or used from the keyboard");
            }
          }
          return problems;
        }"""
    )
    return problems


def scrolls_sideways(page: Page) -> int:
    """Return by how many pixels the whole page is wider than the window (0 when it reflows)."""
    overflow: int = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    return max(overflow, 0)


def audit(page: Page) -> list[Problem]:
    """Check the page that is open at the desktop width and then at the phone width."""
    problems: list[Problem] = []
    url = page.url
    for viewport in (DESKTOP, PHONE):
        page.set_viewport_size(viewport)
        # Let the page react to the new width (socialu.js updates the scroll regions on "resize").
        page.evaluate(NEXT_FRAME)
        problems += [Problem(url, viewport["width"], text) for text in axe_violations(page)]
        if viewport is DESKTOP:
            problems += [Problem(url, viewport["width"], text) for text in missing_references(page)]
            problems += [Problem(url, viewport["width"], text) for text in keyboard_problems(page)]
        if viewport is PHONE and (overflow := scrolls_sideways(page)):
            widest = page.evaluate(WIDEST_ELEMENT)
            problems.append(Problem(url, viewport["width"], f"the page scrolls sideways by {overflow} px ({widest})"))
    page.set_viewport_size(DESKTOP)
    return problems


NEXT_FRAME = "() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))"
# Names the element that sticks out furthest to the right, to say where the sideways scrolling comes from.
WIDEST_ELEMENT = """() => {
  const clipped = (element) => {
    for (let parent = element.parentElement; parent && parent !== document.body; parent = parent.parentElement) {
      if (getComputedStyle(parent).overflowX !== "visible") return true;
    }
    return false;
  };
  let widest = null, right = document.documentElement.clientWidth;
  for (const element of document.body.querySelectorAll("*")) {
    const box = element.getBoundingClientRect();
    if (box.right > right + 0.5 && !clipped(element)) { right = box.right; widest = element; }
  }
  if (!widest) return "no single element";
  const id = widest.id ? "#" + widest.id : "";
  const classes = widest.classList.length ? "." + Array.from(widest.classList).join(".") : "";
  return widest.tagName.toLowerCase() + id + classes + " reaches " + Math.round(right) + " px";
}"""


def _links(page: Page, selector: str) -> list[str]:
    hrefs: list[str] = page.eval_on_selector_all(selector, "links => links.map((link) => link.href)")
    return hrefs


@dataclass
class Crawl:
    """Pages found from the navigation of one organisation, one of each kind (Django URL name)."""

    base_url: str
    org_slug: str
    seen_kinds: set[str] = field(default_factory=set)
    visited: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def kind_of(self, href: str) -> str | None:
        """Return the URL name of *href* when the crawl should open it, or None to skip it."""
        parts = urlsplit(href)
        if f"{parts.scheme}://{parts.netloc}" != self.base_url or parts.path.startswith(SKIPPED_PREFIXES):
            return None
        try:
            match = resolve(parts.path)
        except Resolver404:
            return None
        org_slug = match.kwargs.get("org_slug")
        if org_slug is not None and org_slug != self.org_slug:
            return None
        return match.view_name

    def open(self, page: Page, href: str) -> bool:
        """Open *href* and audit it; return False when it was not an HTML page (a download)."""
        url = href.split("#", 1)[0]
        try:
            response = page.goto(url)
        except Error as error:
            if "Download is starting" in str(error):
                return False
            raise
        if response is None or "text/html" not in (response.header_value("content-type") or ""):
            return False
        self.visited.append(url)
        if response.status != 200:
            self.problems.append(Problem(url, DESKTOP["width"], f"the page answered {response.status}"))
            return False
        self.problems += audit(page)
        return True

    def run(self, page: Page) -> None:
        """Audit the home page, every page the navigation links to, then the pages linked from those, and so on."""
        page.set_viewport_size(DESKTOP)
        home = f"{self.base_url}/o/{self.org_slug}/"
        queue: list[str] = []
        self._queue(home, queue)
        page.goto(home)
        for href in _links(page, "header a[href], nav a[href], footer a[href]"):
            self._queue(href, queue)
        # The queue grows while it is read: breadth first, each kind of page once.
        for href in queue:
            if self.open(page, href):
                for link in _links(page, "main a[href]"):
                    self._queue(link, queue)

    def _queue(self, href: str, queue: list[str]) -> None:
        kind = self.kind_of(href)
        if kind is not None and kind not in self.seen_kinds:
            self.seen_kinds.add(kind)
            queue.append(href)


# Keyboard ---------------------------------------------------------------------------------------

FOCUS_SHOWN = """() => {
  const element = document.activeElement;
  if (!element || element === document.body) return null;
  const style = getComputedStyle(element);
  const outlined = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
  const shown = element.matches(":focus-visible") && (outlined || style.boxShadow !== "none");
  return {shown: shown, html: element.outerHTML.slice(0, 100)};
}"""


def tab_to(page: Page, target: Locator, *, limit: int = 150) -> int:
    """Press Tab until *target* has the focus, checking that every stop on the way shows it; return the presses.

    Fails when the target is never reached (it is not in the tab order) or when
    an element on the way takes the focus without showing it. Focus leaving the
    page for the browser's own controls (after the last element) is not a stop.
    """
    handle = target.element_handle()
    trail: list[str] = []
    for presses in range(1, limit + 1):
        page.keyboard.press("Tab")
        stop = page.evaluate(FOCUS_SHOWN)
        if stop is None:
            trail.append("(the browser)")
            continue
        trail.append(stop["html"])
        assert stop["shown"], f"Tab stop {presses} shows no visible focus: {stop['html']}"
        if page.evaluate("(element) => document.activeElement === element", handle):
            return presses
    stops = "\n  ".join(trail[-10:])
    raise AssertionError(f"{target} was not reached in {limit} presses of Tab; the last stops were:\n  {stops}")
