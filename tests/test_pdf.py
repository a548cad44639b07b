"""The PDF edition (``make pdf``): Jupyter Book's ``pdflatex`` builder with XeLaTeX.

The book is built once per test run (after the strict HTML build, under the same lock, so
the two never share the execution cache or the doctrees at the same time) and read back
with poppler's ``pdftotext`` and ``pdfimages``. The checks are independent of how the
LaTeX is produced:

* every chapter of ``_toc.yml`` starts a chapter of the PDF, under its notebook's title;
* every chapter has typeset math (math-alphabet glyphs, the way TeX sets symbols), and no
  raw TeX or unresolved reference ("??") is left, and LaTeX reports no undefined reference;
* theorem, proof and exercise boxes are there, and every cited work appears;
* every chapter has at least one figure (its central widget appears as its default
  figure), and no widget is printed as its text form (``VBox(children=...)``).

Without TeX (``xelatex``, ``latexmk``) or poppler the tests are skipped and say what to
install; with ``CI=true`` they fail instead (CI installs both).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import BUILD, ROOT, RUN_ID, missing_tool

BIN = Path(sys.executable).parent
TOOLS = ("xelatex", "latexmk", "pdftotext", "pdfimages")
INSTALL_HINT = (
    "the PDF tests need TeX and poppler: `sudo apt-get install texlive-xetex "
    "texlive-latex-extra latexmk texlive-fonts-recommended fonts-dejavu-core poppler-utils`"
)
NUMBER_WORDS = (
    "ONE TWO THREE FOUR FIVE SIX SEVEN EIGHT NINE TEN ELEVEN TWELVE THIRTEEN FOURTEEN FIFTEEN "
    "SIXTEEN SEVENTEEN EIGHTEEN NINETEEN TWENTY"
).split()

pytestmark = pytest.mark.timeout(1800)


def _norm(text: str) -> str:
    """Letters and digits only, case-folded: titles survive line breaks and upper case."""
    return re.sub(r"[^0-9a-z]", "", text.casefold())


def toc_chapters() -> list[str]:
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    files = [c["file"] for part in toc["parts"] for c in part["chapters"]]
    return [f for f in files if (ROOT / f"{f}.ipynb").exists()]  # notebook chapters only


def notebook_title(doc: str) -> str:
    """The first level-one heading of the chapter's notebook, without markup."""
    nb = json.loads((ROOT / f"{doc}.ipynb").read_text())
    for cell in nb["cells"]:
        if cell["cell_type"] != "markdown":
            continue
        for line in "".join(cell["source"]).splitlines():
            if line.startswith("# "):
                return re.sub(r"[`*_]", "", line[2:]).strip()
    raise AssertionError(f"{doc}: no '# Title' heading in the notebook")


def pdf_name() -> str:
    config = yaml.safe_load((ROOT / "_config.yml").read_text())
    return Path(config["latex"]["latex_documents"]["targetname"]).with_suffix(".pdf").name


def _build_pdf() -> tuple[int, str]:
    env = dict(os.environ, PATH=f"{BIN}{os.pathsep}{os.environ['PATH']}")
    cmd = ["build", "-W", "-n", "--keep-going", "--builder", "pdflatex", "."]
    out = subprocess.run(
        [str(BIN / "jupyter-book"), *cmd],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=1500,
        env=env,
    )
    return out.returncode, out.stdout[-6000:] + out.stderr[-4000:]


@pytest.fixture(scope="module")
def pdf(book_build) -> Path:
    """The PDF of the whole book, built once per test run (see the module docstring)."""
    missing = [t for t in TOOLS if shutil.which(t) is None]
    if missing:
        missing_tool(f"{', '.join(missing)} not found; {INSTALL_HINT}")
    from filelock import FileLock

    path = BUILD / "latex" / pdf_name()
    record = BUILD / ".pdf-build.json"
    with FileLock(BUILD / ".strict-build.lock", timeout=3600):
        data = json.loads(record.read_text()) if record.exists() else {}
        if data.get("run") != RUN_ID:
            path.unlink(missing_ok=True)
            returncode, output = _build_pdf()
            data = {"run": RUN_ID, "returncode": returncode, "output": output}
            record.write_text(json.dumps(data))
    assert data["returncode"] == 0 and path.exists(), "make pdf failed:\n" + data["output"]
    return path


@pytest.fixture(scope="module")
def pages(pdf) -> list[str]:
    """The text of every page (pdftotext keeps the page breaks as form feeds)."""
    out = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True, check=True
    )
    return out.stdout.split("\f")


@pytest.fixture(scope="module")
def chapter_pages(pages) -> dict[str, range]:
    """Chapter -> its pages (0-based), from the "CHAPTER / ONE / TITLE" opening pages."""
    docs = toc_chapters()
    starts = []
    for n, doc in enumerate(docs):
        word, title = NUMBER_WORDS[n], _norm(notebook_title(doc))
        opening = [
            i
            for i, text in enumerate(pages)
            if re.match(rf"\s*CHAPTER\s+{word}\s", text) and title in _norm(text)
        ]
        assert opening, (
            f"{doc}: no chapter {n + 1} titled {notebook_title(doc)!r} in the PDF "
            "(a 'CHAPTER / " + word + "' page with the title)"
        )
        starts.append(opening[0])
    assert starts == sorted(starts), f"chapters out of _toc.yml order: {starts}"
    ends = [*starts[1:], len(pages)]
    return {doc: range(s, e) for doc, s, e in zip(docs, starts, ends)}


def test_every_chapter_is_in_the_pdf_under_its_title(chapter_pages):
    assert list(chapter_pages) == toc_chapters()
    assert all(len(r) >= 2 for r in chapter_pages.values()), chapter_pages


# Mathematical alphanumeric symbols (U+1D400-U+1D7FF): TeX's math italic and blackboard
# letters as unicode-math sets them; text from a raw "\(x\)" would be plain ASCII.
MATH_GLYPH = re.compile("[\U0001d400-\U0001d7ff]")
RAW_TEX = re.compile(r"\\(?:frac|mathbb|mathcal|sum|int|begin\{|left|right)\b|\\\(|\\\[|\$\$")


@pytest.mark.parametrize("doc", toc_chapters())
def test_chapter_math_is_typeset(doc, pages, chapter_pages):
    text = "".join(pages[i] for i in chapter_pages[doc])
    prose = "\n".join(line for line in text.splitlines() if not _looks_like_code(line))
    assert len(MATH_GLYPH.findall(text)) >= 20, f"{doc}: (almost) no typeset math in the PDF"
    raw = RAW_TEX.findall(prose)
    assert not raw, f"{doc}: raw TeX in the PDF text: {raw[:5]}"
    assert "??" not in prose, f"{doc}: an unresolved reference ('??') in the PDF"


def _looks_like_code(line: str) -> bool:
    # code cells may print TeX source on purpose (sympy's latex(), f-strings)
    return bool(re.search(r"=|\(|print|latex|glue|sp\.", line)) and "\\" in line


def test_latex_reports_no_undefined_reference(pdf):
    log = pdf.with_suffix(".log").read_text(errors="replace")
    undefined = re.findall(r"(?:Hyper )?(?i:reference) `([^']+)' on page \d+ undefined", log)
    assert not undefined, f"undefined references in the PDF: {sorted(set(undefined))[:10]}"


def test_boxes_and_citations(pages):
    text = "\n".join(pages)
    for pattern, what in [
        (r"Theorem \d+\.\d+\.\d+ \(", "a numbered theorem box"),
        (r"Definition \d+\.\d+\.\d+ \(", "a numbered definition box"),
        (r"\bProof\. ", "a proof"),
        (r"Exercise \d+\.\d+\.\d+", "a numbered exercise"),
        (r"Solution to Exercise \d+\.\d+\.\d+", "an exercise solution"),
    ]:
        assert re.search(pattern, text), f"no {what} in the PDF"
    # every work cited with {footcite} appears (its title, from references.bib)
    cited = set()
    for nb in sorted((ROOT / "book").glob("*.ipynb")):
        for group in re.findall(r"\{footcite[pt]?\}`([^`]+)`", nb.read_text()):
            cited.update(k.strip() for k in group.split(","))
    bib = (ROOT / "references.bib").read_text()
    normalised = _norm(text)
    missing = []
    for key in sorted(cited):
        m = re.search(
            rf"@\w+\{{{re.escape(key)},.*?\btitle\s*=\s*[{{\"](.+?)[}}\"],?\s*\n", bib, re.S
        )
        assert m, f"cited key {key!r} not in references.bib"
        title = _norm(re.sub(r"[{}\\]", "", m.group(1)))[:25]
        if title not in normalised:
            missing.append(key)
    assert cited and not missing, f"cited works missing from the PDF: {missing}"


def test_every_chapter_has_figures_and_no_widget_as_text(pdf, pages, chapter_pages):
    listing = subprocess.run(
        ["pdfimages", "-list", str(pdf)], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    image_pages = [int(row.split()[0]) - 1 for row in listing if row.split()[2] == "image"]
    without = [doc for doc, r in chapter_pages.items() if not any(p in r for p in image_pages)]
    as_text = sorted(
        {
            doc
            for doc, r in chapter_pages.items()
            for i in r
            if re.search(r"\b(?:VBox|HBox|LiveFigure)\(children=", pages[i])
        }
    )
    assert not as_text, (
        f"widgets printed as text, not as their figure, in: {as_text} (the widget output "
        "needs an image/png in its mime bundle, which the LaTeX builder prefers)"
    )
    assert not without, f"chapters with no figure in the PDF: {without}"


@pytest.mark.parametrize("doc", toc_chapters())
def test_quiz_is_printed_with_its_answers(doc, pages, chapter_pages):
    """Issue 19: the PDF reader gets each chapter's questions and then their answers."""
    from helpers import quiz

    text = "".join(pages[i] for i in chapter_pages[doc])
    q, a = text.find("Self-check questions."), text.find("Answers.")
    assert -1 < q < a, f"{doc}: no printed quiz (questions, then answers) in the PDF"
    n = len(quiz.load(doc.split("/")[-1]))
    answers = re.findall(r"^\s*(\d+)\.\s", text[a:], re.M)[:n]
    assert [int(k) for k in answers] == list(range(1, n + 1)), f"{doc}: answers {answers}"


def test_glossary_keeps_its_chinese_terms(pdf, pages):
    """DejaVu has no CJK glyphs; the fallback font must typeset every Chinese term."""
    text = re.sub(r"\s+", "", "".join(pages))  # a term may break across lines
    glossary = (ROOT / "book" / "glossary.md").read_text(encoding="utf-8")
    terms = set(re.findall(r"[\u4e00-\u9fff]{2,}", glossary))
    missing = sorted(t for t in terms if t not in text)
    assert not missing, f"Chinese terms lost in the PDF: {missing[:10]}"
    log = pdf.with_suffix(".log").read_text(errors="replace")
    assert "Missing character" not in log, "XeLaTeX dropped glyphs (Missing character)"
