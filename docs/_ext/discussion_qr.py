"""``{discussion-qr}``: a link to the section's discussion thread and a QR code for it.

The QR code is drawn at build time from ``discussion_url`` (so it can never point
somewhere the link does not) and embedded as an SVG image with alt text.
"""

from __future__ import annotations

import base64
import html

import qrcode
import qrcode.image.svg
from docutils import nodes
from sphinx.util.docutils import SphinxDirective

from bilingual import LANGUAGES, bi_unit, lang_block

TEXT = {
    "ko": ("이 절에 대한 질문과 의견은 토론 게시판에 남겨 주세요: ", "QR 코드를 스캔하면 같은 주소로 이동합니다."),
    "en": ("Questions and comments about this section are welcome on the discussion forum: ",
           "Scanning the QR code opens the same address."),
}
ALT = {"ko": "토론 게시판 주소 {url} 로 가는 QR 코드", "en": "QR code for the discussion forum at {url}"}


def qr_svg(url: str) -> bytes:
    """An SVG QR code for ``url``; deterministic, so rebuilds produce the same page."""
    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8, border=2)
    return image.to_string(encoding="unicode").encode("utf-8")


class DiscussionDirective(SphinxDirective):
    def run(self):
        url = self.config.discussion_url
        view = self.config.bilingual_view
        unit = bi_unit(ids=["discussion"], classes=["bi-added"])
        for lang in LANGUAGES:
            block = lang_block(lang=lang)
            paragraph = nodes.paragraph()
            paragraph += nodes.Text(TEXT[lang][0])
            paragraph += nodes.reference(url, url, refuri=url)
            paragraph += nodes.Text(" " + TEXT[lang][1])
            block += paragraph
            unit += block
        alt_lang = "ko" if view == "both" else view
        data = base64.b64encode(qr_svg(url)).decode("ascii")
        image = nodes.raw(
            "",
            f'<p class="discussion-qr"><img src="data:image/svg+xml;base64,{data}" '
            f'width="164" height="164" alt="{html.escape(ALT[alt_lang].format(url=url))}"></p>\n',
            format="html",
        )
        return [unit, image]


def setup(app):
    app.add_config_value("discussion_url", "", "env", types=[str])
    app.add_directive("discussion-qr", DiscussionDirective)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
