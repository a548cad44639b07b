"""The glossary (book/glossary.md): enough terms, each with a Chinese term and a link that exists,
every ``{term}`` role in the book names one of them, and the page is in the table of contents.

The strict build also fails on an unknown ``{term}`` or a dangling link; these tests say which
term or label is wrong without an eight-minute build.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

import pytest
import yaml
from conftest import ROOT

GLOSSARY = ROOT / "book" / "glossary.md"
MIN_TERMS = 60
CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
LINK = re.compile(r"\{(prf:ref|ref|doc)\}`([^`]+)`")
TERM_ROLE = re.compile(r"\{term\}`([^`]+)`")


@dataclass
class Entry:
    terms: list[str]
    definition: str


def glossary_block(text: str) -> list[str]:
    """Lines inside the one ```{glossary} fence, options dropped."""
    lines = text.splitlines()
    starts = [i for i, line in enumerate(lines) if re.match(r"^(`{3,}|:{3,})\{glossary\}", line)]
    assert len(starts) == 1, f"expected one glossary directive, found {len(starts)}"
    fence = re.match(r"^(`{3,}|:{3,})", lines[starts[0]]).group(1)
    body = []
    for line in lines[starts[0] + 1 :]:
        if line.strip() == fence:
            return [x for x in body if not re.match(r"^:\w+:", x)]
        body.append(line)
    raise AssertionError("the glossary directive is not closed")


def parse_entries(body: list[str]) -> list[Entry]:
    """Sphinx's glossary grammar: unindented lines are terms (several may stack), indented
    lines below them are the definition, blank lines separate entries."""
    entries: list[Entry] = []
    for line in body:
        if not line.strip():
            continue
        if line[0].isspace():
            assert entries, f"definition line before any term: {line!r}"
            entries[-1].definition = f"{entries[-1].definition} {line.strip()}".strip()
        elif entries and not entries[-1].definition:
            entries[-1].terms.append(line.strip())
        else:
            entries.append(Entry([line.strip()], ""))
    return entries


ENTRIES = parse_entries(glossary_block(GLOSSARY.read_text(encoding="utf-8")))
TERMS = [term for entry in ENTRIES for term in entry.terms]


def markdown_sources() -> dict[str, str]:
    """Markdown text of every page in book/ (notebook markdown cells and .md files)."""
    pages = {}
    for path in sorted((ROOT / "book").glob("*.ipynb")):
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        pages[path.name] = "\n".join(
            "".join(c["source"]) if isinstance(c["source"], list) else c["source"]
            for c in cells
            if c["cell_type"] == "markdown"
        )
    for path in sorted((ROOT / "book").glob("*.md")):
        pages[path.name] = path.read_text(encoding="utf-8")
    return pages


def toc_files() -> list[str]:
    found = []

    def walk(node):
        if isinstance(node, dict):
            if "file" in node:
                found.append(node["file"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(yaml.safe_load((ROOT / "_toc.yml").read_text()))
    return found


def test_enough_terms():
    assert len(ENTRIES) >= MIN_TERMS, f"{len(ENTRIES)} glossary entries, need >= {MIN_TERMS}"


def test_terms_unique():
    seen: dict[str, str] = {}
    dupes = []
    for term in TERMS:
        key = term.casefold()
        if key in seen:
            dupes.append(term)
        seen[key] = term
    assert not dupes, f"terms listed twice (case-insensitive): {dupes}"


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda e: e.terms[0])
def test_entry_has_definition_chinese_and_link(entry):
    assert entry.definition, f"{entry.terms} has no definition"
    assert CJK.search(entry.definition), f"{entry.terms}: no Chinese term in the definition"
    assert LINK.search(entry.definition), (
        f"{entry.terms}: no link ({{prf:ref}}, {{ref}} or {{doc}}) to where the book defines it"
    )


def test_links_point_at_existing_targets():
    pages = markdown_sources()
    text = "\n".join(pages.values())
    labels = set(re.findall(r"^:label:\s*(\S+)", text, re.M))
    targets = set(re.findall(r"^\(([\w-]+)\)=", text, re.M))
    docs = {p.rsplit(".", 1)[0] for p in pages}
    bad = []
    for entry in ENTRIES:
        for kind, arg in LINK.findall(entry.definition):
            target = re.search(r"<([^>]+)>\s*$", arg)
            name = target.group(1) if target else arg
            ok = {
                "prf:ref": name in labels,
                "ref": name in targets or name in labels,
                "doc": name.removeprefix("/book/") in docs,
            }[kind]
            if not ok:
                bad.append(f"{entry.terms[0]}: {{{kind}}}`{arg}`")
    assert not bad, f"links to labels or pages that do not exist: {bad}"


def test_every_term_role_names_a_glossary_term():
    known = {term.casefold() for term in TERMS}
    unknown = []
    for page, text in markdown_sources().items():
        for arg in TERM_ROLE.findall(text):
            target = re.search(r"<([^>]+)>\s*$", arg)
            name = (target.group(1) if target else arg).strip()
            if name.casefold() not in known:
                unknown.append(f"{page}: {{term}}`{arg}`")
    assert not unknown, f"{{term}} roles with no glossary entry: {unknown}"


def test_term_parser_sees_stacked_terms():
    """The parser reads Sphinx's grammar: stacked terms share one definition."""
    body = ["alpha", "beta", "  shared; 甲. See {doc}`x`.", "", "gamma", "  own; 乙."]
    entries = parse_entries(body)
    assert [e.terms for e in entries] == [["alpha", "beta"], ["gamma"]]
    assert entries[1].definition == "own; 乙."


def test_glossary_in_table_of_contents():
    assert "book/glossary" in toc_files(), "book/glossary is not listed in _toc.yml"
