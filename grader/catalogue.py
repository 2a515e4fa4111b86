"""The message catalogue (messages.toml) and the choice of language."""
import os
import re
import sys
import tomllib

from grader import korean
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


# Only {identifier}, {identifier:particle} and {identifier|particle} are fields; any other brace
# (a set literal in a hint, a learner's string in a parameter) is text. Parameters are inserted
# as text and never parsed again. {batch:을} is the value followed by 을 or 를, whichever its
# reading takes; {reason|이} is that particle alone (after a closing backtick: `{reason}`{reason|이}).
_FIELD = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)(?:([:|])(" + "|".join(korean.PAIRS) + r"))?\}")


def _text(value):
    try:
        return value if isinstance(value, str) else str(value)
    except Exception:  # noqa: BLE001 - an object whose str() fails
        return "?"


def fill(template, params):
    """``template`` with each field replaced by its parameter as text (missing: empty), the
    particle attached. Never raises, whatever the parameters hold."""
    def value(match):
        text = _text(params.get(match.group(1), ""))
        if not match.group(2):
            return text
        particle = korean.particle(text, match.group(3))
        return text + particle if match.group(2) == ":" else particle
    return _FIELD.sub(value, template)


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
        params = dict(params) if isinstance(params, dict) else {}
        example = self.ui.get(f"example_{params.get('example_kind')}.{lang}")
        if example:  # a counterexample sentence, itself filled from the same parameters
            params["example"] = fill(example, params)
        return fill(entry[lang], params), fill(entry.get(f"hint_{lang}", ""), params)

    def check_title(self, check_id, lang):
        return self.checks.get(check_id, {}).get(lang, check_id)

    def question_title(self, question, lang):
        return self.questions.get(question, {}).get(lang, question)

    def word(self, name, lang):
        return self.ui[f"{name}.{lang}"]
