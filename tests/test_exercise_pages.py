"""The site's side of the exercises: the questions link to the functions' docs and
say how to check, hints and solutions are collapsed, the solutions page shows the
code in solutions/ and an executed plot, and SOLUTIONS=0 leaves it all out."""

from __future__ import annotations

import ast
import re
import subprocess
import sys

import pytest

from pages import CHAPTER, HANGUL, article, normal_space, soup
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


def plot_images(site, view) -> list:
    """The solutions page's plot(s): glued into each language's half of the page."""
    return article(soup(site / view / "solutions.html")).select("div.bi-unit img")


def test_solutions_plot_shows_huber_robust_and_l2_pulled(site):
    body = article(soup(site / "ko" / "solutions.html"))
    images = plot_images(site, "ko")
    assert len(images) == 1 and images[0]["src"].endswith(".png") and len(images[0]["alt"]) > 40
    assert (site / "ko" / images[0]["src"]).stat().st_size > 10_000
    printed = normal_space(body.select_one("div.cell_output pre").get_text())
    biases = {name: float(value) for name, value in re.findall(r"(L2|Huber): w = \[[^\]]*\], b = (-?\d+\.\d+)", printed)}
    assert abs(biases["Huber"] - 4.2) < 0.3, printed
    assert abs(biases["L2"] - 4.2) > 1.0, printed


def test_solutions_plot_is_labelled_in_the_pages_language(site):
    """One plot per language: the Korean page shows the Korean one, the English
    page the English one, side by side shows both; drawing them printed no
    warning (a missing Hangul glyph would)."""
    ko, en, both = (plot_images(site, view) for view in VIEWS)
    assert len(ko) == len(en) == 1 and len(both) == 2
    assert HANGUL.search(ko[0]["alt"]) and not HANGUL.search(en[0]["alt"])
    ko_png, en_png = ((site / view / image["src"]).read_bytes() for view, image in (("ko", ko[0]), ("en", en[0])))
    assert ko_png != en_png, "the Korean and the English plot are the same image"
    assert [image["alt"] for image in both] == [ko[0]["alt"], en[0]["alt"]]
    for view in VIEWS:
        outputs = article(soup(site / view / "solutions.html")).select("div.cell_output")
        text = " ".join(output.get_text() for output in outputs)
        assert "Glyph" not in text and not article(soup(site / view / "solutions.html")).select(".stderr"), text


KOREAN_LABELS = re.compile(r'"ko": \{(.*?)\}', re.S)


def test_the_korean_labels_use_the_font_installed_with_the_project():
    """NanumGothic from the pinned koreanize-matplotlib, inside the venv (never a
    system font), holds every Hangul syllable of the plot's Korean labels."""
    source = (ROOT / "docs" / "solutions.md").read_text(encoding="utf-8")
    syllables = sorted(set(HANGUL.findall(KOREAN_LABELS.search(source)[1])))
    assert len(syllables) >= 10, syllables
    script = f"""
import importlib.util, sys
from pathlib import Path
from fontTools.ttLib import TTFont
from matplotlib import font_manager
fonts = Path(importlib.util.find_spec("koreanize_matplotlib").submodule_search_locations[0]) / "fonts"
path = fonts / "NanumGothic.ttf"
font_manager.fontManager.addfont(str(path))
found = font_manager.findfont(font_manager.FontProperties(family="NanumGothic"), fallback_to_default=False)
cmap = TTFont(found).getBestCmap()
missing = [ch for ch in {"".join(syllables)!r} if ord(ch) not in cmap]
print(Path(found).resolve() == path.resolve(), Path(sys.prefix).resolve() in path.resolve().parents, missing)
"""
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert result.stdout.split() == ["True", "True", "[]"], result.stdout + result.stderr


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


def summaries(module: str) -> dict[str, str]:
    """Each public function's first docstring line (its main instruction), as text."""
    tree = ast.parse((ROOT / "exercises" / f"{module}.py").read_text(encoding="utf-8"))
    return {node.name: re.sub(r"``|:\w+:`~?([^`]*)`", r"\1", ast.get_docstring(node).splitlines()[0])
            for node in tree.body if isinstance(node, ast.FunctionDef) and not node.name.startswith("_")}


@pytest.mark.parametrize("view", ["en", "both"])
def test_the_english_api_says_what_each_function_must_do(site, view):
    """The summary line before [ko] is the instruction ("Return the argument to
    pass to trainer.step …"): the English text of every function opens with it."""
    body = article(soup(site / view / "exercises-api.html"))
    for module in EXERCISE_MODULES:
        for function, summary in summaries(module).items():
            entry = body.find(id=f"exercises.{module}.{function}").find_parent("dl")
            english = entry.select_one("dd .bi-lang[lang='en']") if view == "both" else entry.select_one("dd")
            # (without spaces and with plain quotes: code and smart quotes render differently)
            text = re.sub(r"\s+", "", english.get_text()).replace("’", "'")
            assert text.startswith(re.sub(r"\s+", "", summary)), f"{function}: {text[:120]!r}"
