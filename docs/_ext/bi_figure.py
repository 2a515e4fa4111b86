"""``{bi-figure}``: a figure whose caption and alt text come in Korean and English.

::

    :::{bi-figure} figures/single-layer-network.svg
    :name: fig-single-layer-network
    :alt-ko: 그림 설명
    :alt-en: What the figure shows
    [ko]
    한국어 캡션
    [en]
    English caption
    :::

The caption becomes a {ko}/{en} phrase pair, so the bilingual filter keeps the
view's language; alt text is an attribute, so the directive picks it per view.
"""

from __future__ import annotations

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util.docutils import SphinxDirective

from bilingual import LANGUAGES, content_line, lang_inline, language_problems, record_problem, split_by_language


class BilingualFigureDirective(SphinxDirective):
    required_arguments = 1
    has_content = True
    option_spec = {
        "name": directives.unchanged,
        "alt-ko": directives.unchanged_required,
        "alt-en": directives.unchanged_required,
        "width": directives.length_or_percentage_or_unitless,
    }

    def run(self):
        document = self.state.document
        for lang in LANGUAGES:
            if not self.options.get(f"alt-{lang}"):
                record_problem(document, self.lineno, f"bi-figure: :alt-{lang}: is missing")
        view = self.config.bilingual_view
        alts = [self.options.get(f"alt-{lang}", "") for lang in LANGUAGES]
        alt = " / ".join(alts) if view == "both" else self.options.get(f"alt-{view}", "")

        figure = nodes.figure(classes=["bi-figure"])
        self.set_source_info(figure)
        image = nodes.image(uri=directives.uri(self.arguments[0]), alt=alt)
        if "width" in self.options:
            image["width"] = self.options["width"]
        figure += image

        caption = nodes.caption()
        caption.source, caption.line = self.get_source_info()
        parts, stray = split_by_language(list(self.content))
        if stray:
            record_problem(document, content_line(self, stray[0]),
                           "bi-figure: text before the first [ko]/[en] marker")
        for problem in language_problems([lang for lang, *_ in parts]):
            record_problem(document, self.lineno, f"bi-figure caption: {problem}")
        for index, (lang, first, end, _marker) in enumerate(parts):
            text = " ".join(line.strip() for line in self.content[first:end] if line.strip())
            if index:
                caption += nodes.Text(" ")
            caption += lang_inline(text, text, lang=lang)
        figure += caption
        if "name" in self.options:
            self.add_name(figure)
        return [figure]


def setup(app):
    app.add_directive("bi-figure", BilingualFigureDirective)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
