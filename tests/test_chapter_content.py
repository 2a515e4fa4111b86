"""The Korean chapter reads as the seed does, corrected, with real outputs.

The seed is the plain-text extraction in ../shared/seed/ (copied to tests/data/);
docs/_data/errata.toml lists every correction. Applying them to the seed must
give exactly the Korean page (ignoring spaces, which the extraction moved around
inline code), heading by heading and paragraph by paragraph, so no sentence is
lost, added or changed without an errata entry.
"""

from __future__ import annotations

import re
import tomllib

import pytest

from pages import CHAPTER, cells, figure_captions, headings, normal_space, soup, unit_blocks
from seed_text import CAPTION, SHARED_SEED, read_blocks, seed_path, squeeze
from sitebuild import ROOT, VIEWS

ERRATA = tomllib.loads((ROOT / "docs" / "_data" / "errata.toml").read_text(encoding="utf-8"))
CORRECTIONS = ERRATA["correction"]
SEED_BLOCKS = read_blocks()
SEED_TEXT = seed_path().read_text(encoding="utf-8")


def corrected(text: str) -> str:
    for fix in CORRECTIONS:
        text = text.replace(fix["seed"], fix["ours"])
    return text


@pytest.fixture(scope="module")
def korean(site):
    return soup(site / "ko" / f"{CHAPTER}.html")


def test_the_seed_copy_is_the_shared_seed():
    if not SHARED_SEED.is_file():
        pytest.skip("no ../shared/seed next to this clone; tests use tests/data's copy")
    assert SEED_TEXT == SHARED_SEED.read_text(encoding="utf-8")


def test_each_correction_quotes_the_seed_exactly_once():
    flat = normal_space(SEED_TEXT)
    for fix in CORRECTIONS:
        assert flat.count(fix["seed"]) == 1, f"errata seed text must occur once in the seed: {fix['seed']!r}"


def test_each_correction_appears_on_the_korean_page(korean):
    page = squeeze(korean.get_text())
    for fix in CORRECTIONS:
        assert squeeze(fix["ours"]) in page, f"errata text missing from the Korean page: {fix['ours']!r}"


def test_headings_are_the_seeds_in_order(korean):
    expected = [f"{block.number} {corrected(block.text)}" for block in SEED_BLOCKS if block.kind == "heading"]
    assert headings(korean) == expected


def test_prose_is_the_seeds_in_order(korean):
    expected = [squeeze(corrected(block.text)) for block in SEED_BLOCKS if block.kind in ("paragraph", "item")]
    found = [squeeze(text) for text in unit_blocks(korean)]
    assert len(found) == len(expected), "paragraph or list item added or lost"
    for number, (ours, seeds) in enumerate(zip(found, expected), start=1):
        assert ours == seeds, f"block {number} differs from the corrected seed"


def test_figure_caption_is_the_seeds(korean):
    assert figure_captions(korean) == [corrected(CAPTION)]


def seed_code_after(number: int) -> str:
    """The seed's text that follows the cell prompt ``[number]:``."""
    return SEED_TEXT.split(f"[{number}]:\n", 1)[1]


def test_code_cells_are_exactly_the_seeds(korean):
    page_cells = cells(korean)
    assert len(page_cells) == len(re.findall(r"^\[\d+\]:$", SEED_TEXT, re.M))
    for number, cell in enumerate(page_cells, start=1):
        assert seed_code_after(number).startswith(cell.source.rstrip("\n") + "\n"), f"code cell {number} differs from the seed"


EXPECTED_OUTPUT = {
    3: re.compile(r"^\[\[.*\]\]\n<NDArray 10x2 @cpu\(0\)> ?\n\[.*\]\n<NDArray 10 @cpu\(0\)>\n$", re.S),
    9: re.compile(r"^(epoch [123], loss: \d+\.\d{6}\n){3}$"),
    10: re.compile(r"^Error in estimating w ?\n\[\[.*\]\]\n<NDArray 1x2 @cpu\(0\)>\n"
                   r"Error in estimating b ?\n\[.*\]\n<NDArray 1 @cpu\(0\)>\n$", re.S),
}


@pytest.mark.parametrize("view", VIEWS)
def test_each_printing_cell_shows_its_output(site, view):
    page_cells = cells(soup(site / view / f"{CHAPTER}.html"))
    for number, cell in enumerate(page_cells, start=1):
        if number in EXPECTED_OUTPUT:
            assert EXPECTED_OUTPUT[number].match(cell.output), f"cell {number} output: {cell.output!r}"
        else:
            assert cell.output == "", f"cell {number} printed unexpectedly: {cell.output!r}"


def test_outputs_are_the_same_in_every_view(site):
    outputs = {view: [cell.output for cell in cells(soup(site / view / f"{CHAPTER}.html"))] for view in VIEWS}
    assert outputs["ko"] == outputs["en"] == outputs["both"]


def numbers(text: str) -> list[float]:
    return [float(value) for value in re.findall(r"-?\d+\.\d+(?:e-?\d+)?", text)]


def test_training_converges_as_the_chapter_says(korean):
    page_cells = cells(korean)
    losses = [float(value) for value in re.findall(r"loss: (\d+\.\d+)", page_cells[8].output)]
    assert len(losses) == 3
    assert losses[2] < 1e-4, f"epoch-3 loss {losses[2]}"
    w_part, b_part = page_cells[9].output.split("Error in estimating b")
    w_errors, b_errors = numbers(w_part.split("\n", 1)[1]), numbers(b_part.split("\n", 1)[1])
    assert len(w_errors) == 2 and len(b_errors) == 1
    for error in w_errors + b_errors:
        assert abs(error) < 5e-3, f"parameter error {error}"
