"""The message catalogue (messages.toml) and the choice of language."""
import os
import string
import sys
import tomllib

from grader.paths import CATALOGUE_FILE

LANGUAGES = ("ko", "en")


def choose_language(requested=None, environ=None):
    """``--lang``, else ``GRADE_LANG``, else the locale (LC_ALL, LC_MESSAGES, LANG: the first
    one set decides, as in POSIX); Korean when it starts with ``ko``, English otherwise."""
    environ = os.environ if environ is None else environ
    if requested:
        return requested
    chosen = environ.get("GRADE_LANG", "").strip().lower()
    if chosen in LANGUAGES:
        return chosen
    if chosen:
        print(f"grader: ignoring GRADE_LANG={chosen!r} (use ko or en)", file=sys.stderr)
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(variable, "")
        if value:
            return "ko" if value.lower().startswith("ko") else "en"
    return "en"


class _Blank(dict):
    """Missing fields format as nothing rather than failing the report."""

    def __missing__(self, key):
        return ""


class Catalogue:
    def __init__(self, path=CATALOGUE_FILE):
        with open(path, "rb") as f:
            data = tomllib.load(f)
        self.messages = data["messages"]
        self.checks = data["checks"]
        self.questions = data["questions"]
        self.ui = data["ui"]

    def message(self, key, lang, params=None):
        """(text, hint) of a message, with its fields filled in."""
        entry = self.messages.get(key) or self.messages["common.grader_error"]
        fields = _Blank(params or {})
        formatter = string.Formatter()
        text = formatter.vformat(entry[lang], (), fields)
        hint = formatter.vformat(entry.get(f"hint_{lang}", ""), (), fields)
        return text, hint

    def check_title(self, check_id, lang):
        return self.checks.get(check_id, {}).get(lang, check_id)

    def question_title(self, question, lang):
        return self.questions.get(question, {}).get(lang, question)

    def word(self, name, lang):
        return self.ui[f"{name}.{lang}"]
