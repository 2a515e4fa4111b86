"""The site's side of the exercises: the questions link to the functions' docs and
say how to check, hints and solutions are collapsed, the solutions page shows the
code in solutions/ and an executed plot, and SOLUTIONS=0 leaves it all out."""

from __future__ import annotations

import ast
import re

import pytest

from pages import CHAPTER, article, normal_space, soup
from sitebuild import ROOT, VIEWS, sphinx_build

EXERCISE_MODULES = ("q1_mean_loss", "q2_huber", "q3_weight_grad")


def public_functions(module: str) -> list[str]:
    tree = ast.parse((ROOT / "exercises" / f"{module}.py").read_text(encoding="utf-8"))
    return [node.name for node in tree.body if isinstance(node, ast.FunctionDef) and not node.name.startswith("_")]


@pytest.mark.parametrize("view", VIEWS)
def test_questions_link_every_function_and_say_how_to_check(site, view):
    body = article(soup(site / view / f"{CHAPTER}.html"))
    exercises = body.select_one("section#sec-exercises")
    links = {a["href"] for a in exercises.select("a[href]")}
    api = soup(site / view / "exercises-api.html")
    for module in EXERCISE_MODULES:
        for function in public_functions(module):
            anchor = f"exercises.{module}.{function}"
            assert f"exercises-api.html#{anchor}" in links, anchor
            assert api.find(id=anchor) is not None, f"no documentation for {anchor}"
    assert "make grade" in exercises.get_text()


@pytest.mark.parametrize("view", VIEWS)
def test_hints_are_collapsed(site, view):
    hints = article(soup(site / view / f"{CHAPTER}.html")).select("section#sec-exercises details")
    assert len(hints) == 3
    assert not any(hint.has_attr("open") for hint in hints)


@pytest.mark.parametrize("view", VIEWS)
def test_solutions_page_shows_the_reference_code_collapsed(site, view):
    body = article(soup(site / view / "solutions.html"))
    dropdowns = body.select("details.sd-dropdown")
    assert len(dropdowns) == 3 and not any(d.has_attr("open") for d in dropdowns)
    for dropdown, module in zip(dropdowns, EXERCISE_MODULES):
        code = dropdown.select_one("div.highlight pre").get_text()
        assert code == (ROOT / "solutions" / f"{module}.py").read_text(encoding="utf-8")


def test_solutions_plot_shows_huber_robust_and_l2_pulled(site):
    body = article(soup(site / "ko" / "solutions.html"))
    images = body.select("div.cell_output img")
    assert len(images) == 1 and images[0]["src"].endswith(".png") and len(images[0]["alt"]) > 40
    assert (site / "ko" / images[0]["src"]).stat().st_size > 10_000
    printed = normal_space(body.select_one("div.cell_output pre").get_text())
    biases = {name: float(value) for name, value in re.findall(r"(L2|Huber): w = \[[^\]]*\], b = (-?\d+\.\d+)", printed)}
    assert abs(biases["Huber"] - 4.2) < 0.3, printed
    assert abs(biases["L2"] - 4.2) > 1.0, printed


def test_solutions0_leaves_the_solutions_out(tmp_path):
    outdir = tmp_path / "ko"
    result = sphinx_build("ko", outdir, env={"SOLUTIONS": "0"})  # the site's execution cache
    assert result.returncode == 0, result.stderr
    assert not (outdir / "solutions.html").exists()
    assert not (outdir / "_notebooks" / "solutions.ko.ipynb").exists()
    for page in outdir.glob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert "solutions.html" not in text, f"{page.name} links the solutions"
    index = (outdir / "searchindex.js").read_text(encoding="utf-8")
    assert "solutions" not in index and "step_argument(batch_size, mean)" not in index


# Particles that follow inline code in the exercises' Korean docstrings.
PARTICLE = re.compile(r"^(을|를|은|는|이|가|의|에|와|과|으로|로|보다|인|이고|이면|이어야|입니다)(?![가-힣])")


@pytest.mark.parametrize("view", ["ko", "both"])
def test_korean_particles_attach_to_the_code_before_them(site, view):
    """The docstrings write ``net`` 의 (reST needs the space); the page shows net의."""
    body = article(soup(site / view / "exercises-api.html"))
    attached, spaced = [], []
    for code in body.select("[lang=ko] code"):
        after = code.next_sibling
        if not isinstance(after, str):
            continue
        if PARTICLE.match(after):
            attached.append(code.get_text() + after[:3])
        elif PARTICLE.match(after.lstrip()) and after[:1].isspace():
            spaced.append(code.get_text() + after[:4])
    assert not spaced, f"a space between code and its particle: {spaced}"
    assert len(attached) >= 20, attached
    # A noun after code keeps its space ("``nd`` 연산으로").
    assert "nd 연산으로" in normal_space(body.get_text())
