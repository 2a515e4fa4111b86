"""Read the seed chapter (a plain-text extraction) into its prose blocks.

The extraction kept headings, paragraphs and list items but lost all inline code
formatting; code cells and their printed outputs have no Hangul. A block is one
heading, paragraph or list item, in order.

The seed is given to the team in ../shared/seed/; tests/data holds a copy, so the
tests run on a clone that has no ../shared next to it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from pages import HANGUL

SEED = Path(__file__).resolve().parent / "data" / "seed-chapter-3.3-ko.txt"
SHARED_SEED = Path(__file__).resolve().parents[2] / "shared" / "seed" / "chapter-3.3-ko.txt"
HEADING = re.compile(r"^(?P<number>3\.3\.(?:\d+\.)?)\s+(?P<title>.+)$")
LIST_ITEM = re.compile(r"^\s*(?:•|\d+\.)\s+(?P<text>.+)$")
# The one English prose line of the seed: the figure's caption (its image was lost).
CAPTION = "Linear regression is a single-layer neural network."


@dataclass(frozen=True)
class Block:
    kind: str  # "heading", "paragraph", "item" or "caption"
    text: str
    number: str = ""


def seed_path() -> Path:
    return SEED


def read_blocks(path: Path = SEED) -> list[Block]:
    blocks = []
    for paragraph in re.split(r"\n\s*\n", path.read_text(encoding="utf-8")):
        lines = [line for line in paragraph.splitlines() if line.strip()]
        if not lines:
            continue
        heading = HEADING.match(lines[0])
        if heading and len(lines) == 1:
            blocks.append(Block("heading", heading["title"].strip(), heading["number"]))
        elif paragraph.strip() == CAPTION:
            blocks.append(Block("caption", CAPTION))
        elif all(LIST_ITEM.match(line) for line in lines) and HANGUL.search(paragraph):
            blocks.extend(Block("item", LIST_ITEM.match(line)["text"].strip()) for line in lines)
        elif HANGUL.search(lines[0]):
            blocks.append(Block("paragraph", " ".join(line.strip() for line in lines)))
    return blocks


def squeeze(text: str) -> str:
    """Text without any whitespace: the extraction moved spaces around inline code."""
    return re.sub(r"\s+", "", text)
