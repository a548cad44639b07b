"""The built book in a real browser (Chromium through Playwright), offline.

The book from the shared strict build (``_build/html``, fixture ``book_build``) is served
from 127.0.0.1 and every other address is unresolvable in the browser. For every page:

* it loads with no console error, no uncaught exception, no failed request and no HTTP
  error (a missing ``favicon.ico`` aside), and every embedded widget renders;
* the math is typeset: every math node holds MathJax output, no raw ``\\(`` is left;
* every static slider (``LiveFigure.frames``: a ``SelectionSlider`` linked to a ``Stack``
  of images) changes the picture when moved with the keyboard;
* axe-core (vendored in ``tests/assets``) reports no serious or critical violation, and
  every figure and widget image (also the frames not on screen) has meaningful alt text.

And every internal link (``href``/``src`` and ``#fragment``) of every page resolves.

Set ``BOOK_HTML_DIR`` to test another build (for development; the default is the strict
build). Without Chromium the tests are skipped and say how to install it.
"""

from __future__ import annotations

import html
import json
import os
import re
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from browser import ROOT, chapters, launch_chromium, require_chromium, serve

AXE = ROOT / "tests" / "assets" / "axe-core" / "axe.min.js"
DOCS = chapters()
PAGES = [f"{doc}.html" for doc in DOCS] + ["genindex.html", "search.html"]
TIMEOUT_MS = 90_000  # one bound for every wait; pages are 1-3 MB of embedded figures

pytestmark = pytest.mark.timeout(900)


# -- fixtures -----------------------------------------------------------------------------
@pytest.fixture(scope="module")
def html_dir(request) -> Path:
    """The built HTML: ``$BOOK_HTML_DIR`` if set, else the shared strict build."""
    require_chromium()  # skip before building anything when the browser is missing
    override = os.environ.get("BOOK_HTML_DIR")
    if override:
        return Path(override)
    build = request.getfixturevalue("book_build")
    if not (build.html / "index.html").exists():
        pytest.fail("the book was not built:\n" + build.output)
    return build.html


@pytest.fixture(scope="module")
def site(html_dir):
    with serve(html_dir) as base:
        yield base


@pytest.fixture(scope="module")
def browser(html_dir):
    with launch_chromium() as b:
        yield b


@dataclass
class Loaded:
    """A page opened in the browser, with everything that went wrong while it loaded."""

    name: str
    page: object
    problems: list[str] = field(default_factory=list)


def _ignorable(url_or_text: str) -> bool:
    return "favicon.ico" in url_or_text


def open_page(browser, url: str, name: str) -> Loaded:
    """Open ``url`` in a fresh context and wait until math and widgets have settled."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    loaded = Loaded(name, page)
    problems = loaded.problems

    def on_console(msg):
        if msg.type == "error" and not _ignorable(msg.text + str(msg.location)):
            problems.append(f"console error: {msg.text} ({msg.location.get('url', '')})")

    def on_failed(request):
        if not _ignorable(request.url):
            problems.append(f"request failed: {request.url} ({request.failure})")

    def on_response(response):
        if response.status >= 400 and not _ignorable(response.url):
            problems.append(f"HTTP {response.status}: {response.url}")

    pending = set()
    page.on("request", lambda r: pending.add(r))
    page.on("requestfinished", lambda r: pending.discard(r))
    page.on("requestfailed", lambda r: pending.discard(r))
    page.on("console", on_console)
    page.on("pageerror", lambda exc: problems.append(f"uncaught exception: {exc}"))
    page.on("requestfailed", on_failed)
    page.on("response", on_response)
    page.goto(url, wait_until="load")
    # MathJax: its startup promise resolves after the first typesetting pass.
    page.wait_for_function(
        "() => !document.querySelector('script[src*=\"mathjax\"]') ||"
        " (window.MathJax && MathJax.startup && MathJax.startup.promise)"
    )
    page.evaluate(
        "() => window.MathJax && MathJax.startup ? MathJax.startup.promise.then(() => 1) : 1"
    )
    # Widgets: the manager puts each view in a .widget-subarea just before its script tag.
    page.wait_for_function(
        """() => [...document.querySelectorAll(
                 'script[type="application/vnd.jupyter.widget-view+json"]')]
               .every(s => s.previousElementSibling
                      && s.previousElementSibling.classList.contains('widget-subarea')
                      && s.previousElementSibling.childElementCount > 0)"""
    )
    page.wait_for_function("() => [...document.images].every(i => i.complete)")
    # Anything still in flight (fonts MathJax asked for late) settles before we judge:
    # no request pending for half a second, within the one time bound.
    page.wait_for_function("() => document.fonts.status === 'loaded'")
    quiet, waited = 0, 0
    while quiet < 500:
        page.wait_for_timeout(100)
        waited += 100
        quiet = 0 if pending else quiet + 100
        if waited > TIMEOUT_MS:
            pytest.fail(f"{name}: requests still pending: {[r.url for r in pending][:5]}")
    return loaded


@pytest.fixture(scope="module", params=PAGES)
def loaded(request, browser, site) -> Loaded:
    """One page per parameter, opened once and shared by all checks of that page."""
    result = open_page(browser, site + request.param, request.param)
    yield result
    result.page.context.close()


# -- item 1: loads cleanly, math, static sliders ------------------------------------------
def test_page_loads_without_errors(loaded):
    errors = loaded.page.evaluate(
        "() => [...document.querySelectorAll('.jupyter-widgets-error-widget')].length"
    )
    problems = list(loaded.problems)
    if errors:
        problems.append(f"{errors} widget(s) failed to render (error placeholder shown)")
    assert not problems, f"{loaded.name}:\n" + "\n".join(problems)


RAW_TEX = r"""() => {
  const bad = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const skip = 'script, style, pre, code, textarea, .highlight, mjx-container, .mjx-assistive-mml';
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const el = n.parentElement;
    if (!el || el.closest(skip)) continue;
    const t = n.textContent;
    if (/\\\(|\\\)|\\\[|\\\]|\$\$|\\begin\{/.test(t)) bad.push(t.trim().slice(0, 80));
  }
  const untypeset = [...document.querySelectorAll('.math')]
      .filter(m => !m.querySelector('mjx-container')).map(m => m.textContent.slice(0, 80));
  return {bad, untypeset, n: document.querySelectorAll('mjx-container').length};
}"""


def test_math_is_typeset(loaded):
    out = loaded.page.evaluate(RAW_TEX)
    assert not out["untypeset"], f"math left untypeset on {loaded.name}: {out['untypeset'][:5]}"
    assert not out["bad"], f"raw TeX delimiters on {loaded.name}: {out['bad'][:5]}"


# The frames widgets: a VBox whose children are a SelectionSlider and a Stack (a plain
# widget-box, neither vbox nor hbox) holding the selected frame.
FRAMES = """() => [...document.querySelectorAll('.widget-vbox')].filter(v =>
    v.children.length === 2
    && v.children[0].classList.contains('widget-hslider')
    && v.children[1].classList.contains('widget-box')
    && !v.children[1].classList.contains('widget-vbox')
    && !v.children[1].classList.contains('widget-hbox'))"""


def _stack_links(page) -> int:
    """How many jslinks in the page's embedded widget state drive a Stack."""
    state = page.evaluate(
        """() => [...document.querySelectorAll(
                'script[type="application/vnd.jupyter.widget-state+json"]')]
              .map(s => s.textContent)"""
    )
    n = 0
    for text in state:
        models = json.loads(text)["state"]
        for model in models.values():
            if model["model_name"] != "LinkModel":
                continue
            target = model["state"]["target"][0].removeprefix("IPY_MODEL_")
            if models.get(target, {}).get("model_name") == "StackModel":
                n += 1
    return n


def test_static_sliders_change_the_picture(loaded):
    page = loaded.page
    frames = page.evaluate_handle(FRAMES)
    count = page.evaluate("f => f.length", frames)
    assert count == _stack_links(page), (
        f"{loaded.name}: {_stack_links(page)} slider-to-Stack links in the widget state but "
        f"{count} frame widgets found on the page"
    )
    moved = []
    for i in range(count):
        box = page.evaluate_handle("([f, i]) => f[i]", [frames, i])
        handle = box.query_selector(".noUi-handle")
        assert handle is not None, f"{loaded.name}: frame slider {i} has no slider handle"
        handle.scroll_into_view_if_needed()
        before = box.evaluate(
            "b => { const im = b.children[1].querySelector('img'); return im ? im.src : null; }"
        )
        assert before, f"{loaded.name}: frame widget {i} shows no image"
        at_max = handle.get_attribute("aria-valuenow") == handle.get_attribute("aria-valuemax")
        handle.focus()
        handle.press("ArrowLeft" if at_max else "ArrowRight")
        page.wait_for_function(
            """([b, before]) => { const im = b.children[1].querySelector('img');
                                  return im && im.complete && im.src !== before; }""",
            arg=[box, before],
        )
        moved.append(box.evaluate("b => b.querySelector('.widget-readout').textContent"))
    assert len(moved) == count


@pytest.mark.parametrize("doc", [d for d in DOCS if d != DOCS[0]])
def test_every_chapter_has_a_static_slider(doc, html_dir):
    text = (html_dir / f"{doc}.html").read_text()
    assert '"StackModel"' in text and '"LinkModel"' in text, (
        f"{doc}: no pre-rendered frames (LiveFigure.frames) for the central figure"
    )


# -- item 2: accessibility ----------------------------------------------------------------
def test_axe_reports_no_serious_violations(loaded):
    page = loaded.page
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "() => axe.run(document, {resultTypes: ['violations']})"
        ".then(r => r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,"
        " nodes: v.nodes.slice(0, 3).map(n => n.target.join(' ') + ' :: ' +"
        " n.html.slice(0, 160))})))"
    )
    serious = [v for v in result if v["impact"] in ("serious", "critical")]
    report = "\n".join(
        f"[{v['impact']}] {v['id']}: {v['help']}\n    " + "\n    ".join(v["nodes"]) for v in serious
    )
    assert not serious, f"axe-core on {loaded.name}:\n{report}"


GENERIC_ALT = {"", "image", "figure", "plot", "png", "graph", "chart", "picture", "output"}


def _meaningless(alt: str) -> bool:
    a = alt.strip().lower()
    return (
        a in GENERIC_ALT
        or len(a) < 15
        or len(a.split()) < 3
        or bool(re.fullmatch(r"[\w.\-/]+\.(png|jpe?g|svg|gif)", a))
    )


def test_images_have_meaningful_alt_text(loaded):
    page = loaded.page
    on_page = page.evaluate(
        "() => [...document.querySelectorAll('.bd-article img, .jupyter-widgets img')]"
        ".map(i => ({src: i.getAttribute('src').slice(0, 60), alt: i.getAttribute('alt')}))"
    )
    bad = [
        f"{i['src']}: alt={i['alt']!r}"
        for i in on_page
        if i["alt"] is None or _meaningless(i["alt"])
    ]
    # The frames not on screen live only in the widget state: check their <img> too.
    state = page.evaluate(
        """() => [...document.querySelectorAll(
                'script[type="application/vnd.jupyter.widget-state+json"]')]
              .map(s => s.textContent)"""
    )
    n_state = 0
    for text in state:
        for model in json.loads(text)["state"].values():
            value = model["state"].get("value")
            if model["model_name"] == "HTMLModel" and isinstance(value, str) and "<img" in value:
                for tag in re.findall(r"<img\b[^>]*>", value):
                    n_state += 1
                    m = re.search(r'\balt="([^"]*)"', tag)
                    alt = html.unescape(m.group(1)) if m else None
                    if alt is None or _meaningless(alt):
                        bad.append(f"widget-state image: alt={alt!r}")
            if model["model_name"] == "ImageModel":
                bad.append("ImageModel widget: an Image widget cannot carry alt text")
    assert not bad, f"{loaded.name}: images without meaningful alt text:\n" + "\n".join(bad)


# -- every internal link resolves ---------------------------------------------------------
_REF = re.compile(r"""\b(href|src)\s*=\s*["']([^"']+)["']""", re.IGNORECASE)
_ID = re.compile(r"""\b(?:id|name)\s*=\s*["']([^"']+)["']""", re.IGNORECASE)


def _fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=30) as r:
            ctype = r.headers.get("Content-Type", "")
            body = r.read().decode("utf-8", "replace") if "html" in ctype else ""
            return r.status, body
    except urllib.error.HTTPError as e:
        return e.code, ""


def test_every_internal_link_resolves(site, browser):
    """Crawl from index.html and the toc pages: every href/src (and the redirect of the root
    ``index.html``) on 127.0.0.1 answers 200 and every
    ``#fragment`` names an element of its page. Pages found that are not among the
    parametrized ones are also opened in the browser and must load cleanly."""
    todo = [site + "index.html"] + [site + p for p in PAGES]
    pages, broken, links = {}, [], []
    while todo:
        url = todo.pop()
        if url in pages:
            continue
        status, body = _fetch(url)
        pages[url] = (status, body)
        if status != 200 or not body:
            continue
        body_no_scripts = re.sub(r"<script\b[^>]*>.*?</script>", "", body, flags=re.S | re.I)
        refs = [r for _attr, r in _REF.findall(body_no_scripts)]
        refs += re.findall(r"""http-equiv=["']refresh["'][^>]*url=([^"'>]+)""", body, re.I)
        for ref in refs:
            ref = html.unescape(ref.strip())
            if ref.startswith(("data:", "mailto:", "javascript:", "tel:")):
                continue
            target = urllib.parse.urljoin(url, ref)
            if not target.startswith(site):
                continue  # external: blocked in the browser tests, never fetched here
            links.append((url, target))
            page_url = target.split("#", 1)[0]
            if page_url.endswith(".html") and page_url not in pages:
                todo.append(page_url)
    for source, target in links:
        page_url, _, fragment = target.partition("#")
        if page_url not in pages:
            pages[page_url] = _fetch(page_url)
        status, body = pages[page_url]
        where = f"{source.removeprefix(site)} -> {target.removeprefix(site)}"
        if status != 200:
            broken.append(f"{where}: HTTP {status}")
        elif fragment and body:
            ids = set(_ID.findall(body))
            if urllib.parse.unquote(fragment) not in ids:
                broken.append(f"{where}: no element with id {fragment!r}")
    assert not broken, f"{len(broken)} broken internal link(s):\n" + "\n".join(sorted(set(broken)))
    html_pages = {u.removeprefix(site) for u, (s, b) in pages.items() if s == 200 and b}
    others = sorted(p for p in html_pages - set(PAGES) if p != "index.html")
    problems = []
    for name in others:
        extra = open_page(browser, site + name, name)
        problems += [f"{name}: {p}" for p in extra.problems]
        extra.page.context.close()
    assert not problems, "\n".join(problems)
