"""The bilingual parity check: a unit or heading without both languages, or prose
outside any unit, fails the build, with or without -W, naming file and line."""

from __future__ import annotations

import pytest

from sitebuild import sphinx_build

GOOD_UNIT = ":::{bi}\n[ko]\n가\n[en]\na\n:::\n"

# (source lines, message expected at the first line of the snippet or the marked line)
BROKEN = [
    (":::{bi}\n[ko]\n한국어만\n:::\n", "the [en] part is missing"),
    (":::{bi}\n[ko]\n가\n[en]\na\n[en]\nb\n:::\n", "[en] appears 2 times"),
    (":::{bi}\n[ko]\n가\n[ja]\nあ\n[en]\na\n:::\n", "unknown language [ja]"),
    (":::{bi}\n[en]\na\n[ko]\n가\n:::\n", "write [ko] first, then [en]"),
    (":::{bi}\nstray words\n[ko]\n가\n[en]\na\n:::\n", "text before the first [ko]/[en] marker"),
    (":::{bi}\n[ko]\n가\n[en]\n\n:::\n", "the [en] part is empty"),
    ("## {ko}`제목만`\n", "the [en] part is missing"),
    ("## {ko}`제목` {en}`Title` extra words\n", "text outside {ko}/{en}"),
    ("Untranslated paragraph.\n", "prose outside a {bi} unit"),
    (":::{bi}\n[ko]\n{t}`없는 용어 <no-such-term>`\n[en]\n{t}`missing <no-such-term>`\n:::\n", "unknown term key 'no-such-term'"),
    (":::{bi-figure} fig.svg\n:alt-ko: 그림\n[ko]\n캡션\n[en]\nCaption\n:::\n", ":alt-en: is missing"),
    ("::::{dropdown} {ko}`힌트`\n" + GOOD_UNIT + "::::\n", "title '힌트': the [en] part is missing"),
    # The words of a term link must be a name the glossary gives the term.
    (":::{bi}\n[ko]\n{t}`손실 <loss-function>`\n[en]\n{t}`loss function <loss-function>`\n:::\n",
     "term '손실' is not a name of 'loss-function'"),
]
# Where each snippet's error is reported, relative to its first line.
REPORTED_AT = {"text before the first [ko]/[en] marker": 1, "the [en] part is empty": 3,
               "unknown term key 'no-such-term'": 2, "term '손실' is not a name of 'loss-function'": 2}


def page_with(snippets: list[str]) -> tuple[str, list[int]]:
    lines = ["# {ko}`시험` {en}`Test`", "", GOOD_UNIT]
    starts = []
    for snippet in snippets:
        text = "\n".join(lines)
        starts.append(text.count("\n") + 2)
        lines.extend([snippet, ""])
    return "\n".join(lines), starts


def build(tmp_path, text: str, options=("-q",)):
    source = tmp_path / "src"
    source.mkdir(exist_ok=True)
    (source / "index.md").write_text(text, encoding="utf-8")
    (source / "glossary.md").write_text("---\norphan: true\n---\n# {ko}`용어집` {en}`Glossary`\n\n:::{bi-glossary}\n:::\n",
                                        encoding="utf-8")
    (source / "fig.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>', encoding="utf-8")
    return sphinx_build("ko", tmp_path / "out", srcdir=source, cache=tmp_path / "cache", options=options, timeout=300), source


def test_a_well_formed_page_builds(tmp_path):
    text, _ = page_with([GOOD_UNIT, "## {ko}`제목` {en}`Title`\n", GOOD_UNIT])
    result, _ = build(tmp_path, text, options=("-W", "--keep-going", "-q"))
    assert result.returncode == 0, result.stderr


def test_every_broken_unit_is_reported_at_its_line_without_w(tmp_path):
    text, starts = page_with([snippet for snippet, _ in BROKEN])
    result, source = build(tmp_path, text)
    assert result.returncode != 0, "broken bilingual source must fail the build even without -W"
    for (snippet, message), start in zip(BROKEN, starts):
        line = start + REPORTED_AT.get(message, 0)
        expected = f"{source / 'index.md'}:{line}:"
        reported = [row for row in result.stderr.splitlines() if row.startswith(expected)]
        assert any(message in row for row in reported), f"{message!r} not reported at {expected}\n{result.stderr}"


def test_a_broken_page_fails_again_on_rebuild(tmp_path):
    text, _ = page_with([":::{bi}\n[ko]\n한국어만\n:::\n"])
    first, source = build(tmp_path, text)
    second, _ = build(tmp_path, text)
    assert first.returncode != 0 and second.returncode != 0
    assert "the [en] part is missing" in second.stderr


@pytest.mark.parametrize("view", ["en", "both"])
def test_other_views_check_too(tmp_path, view):
    source = tmp_path / "src"
    source.mkdir()
    (source / "index.md").write_text("# {ko}`시험` {en}`Test`\n\n:::{bi}\n[ko]\n한국어만\n:::\n", encoding="utf-8")
    result = sphinx_build(view, tmp_path / "out", srcdir=source, cache=tmp_path / "cache", options=("-q",))
    assert result.returncode != 0
    assert f"{source / 'index.md'}:3:" in result.stderr
