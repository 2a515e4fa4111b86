"""Read what the built site shows: code cells, outputs, units, headings."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from bs4 import BeautifulSoup

CHAPTER = "linear-regression-concise"
HANGUL = re.compile(r"[\uac00-\ud7a3]")  # a Hangul syllable: Korean text


@dataclass
class Cell:
    source: str
    output: str  # all output text of the cell, "" when it printed nothing


def soup(path: Path) -> BeautifulSoup:
    """The page as a reader sees it: term tooltips (hidden until hovered) removed."""
    page = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    for tip in page.select(".bi-term-tip"):
        tip.decompose()
    return page


def article(page: BeautifulSoup):
    return page.select_one("article.bd-article") or page.find("article")


def cells(page: BeautifulSoup) -> list[Cell]:
    found = []
    for cell in article(page).select("div.cell"):
        source = cell.select_one("div.cell_input pre")
        outputs = cell.select("div.cell_output pre")
        found.append(Cell(source.get_text() if source else "",
                          "".join(output.get_text() for output in outputs)))
    return found


def normal_space(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def headings(page: BeautifulSoup) -> list[str]:
    """Heading texts without the ¶ permalink."""
    result = []
    for heading in article(page).select("h1, h2, h3"):
        for link in heading.select("a.headerlink"):
            link.decompose()
        result.append(normal_space(heading.get_text(" ")))
    return result


def unit_blocks(page: BeautifulSoup, *, added: bool = False) -> list[str]:
    """Text of each paragraph and list item in the page's translation units, in order.

    Units marked ``bi-added`` (our additions, not the seed's) are left out unless
    ``added`` is true.
    """
    blocks = []
    for unit in article(page).select("div.bi-unit"):
        if "bi-added" in unit.get("class", []) and not added:
            continue
        for element in unit.select("p, li"):
            if element.name == "p" and element.find_parent("li"):
                continue
            blocks.append(normal_space(element.get_text(" ")))
    return blocks


def figure_captions(page: BeautifulSoup) -> list[str]:
    captions = article(page).select("figcaption")
    for caption in captions:
        for link in caption.select("a.headerlink"):
            link.decompose()
    return [normal_space(caption.get_text(" ")) for caption in captions]
