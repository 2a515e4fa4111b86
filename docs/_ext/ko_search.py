"""Korean full-text search for Sphinx HTML builds with ``language = "ko"``.

Sphinx ships no Korean search language, so a ``ko`` build indexes with the
English splitter: particles stay glued to words (``회귀는``, ``딥러닝의``) and a
query for ``회귀`` misses them. This extension registers one:

* index side: each Hangul word is analysed with kiwipiepy and indexed under its
  content morphemes (nouns and their compound parts, verb/adjective stems,
  roots, foreign words) and under the word with its trailing particles and
  endings removed (``학습률은`` -> ``학습률``, ``학습``). Particles are never terms.
  Latin-script words are stemmed exactly as Sphinx's English search does, so
  the English half of a side-by-side page stays searchable in English.
* query side: a JavaScript stemmer strips a trailing particle or ending from a
  Hangul query word with the rules below, and runs Sphinx's own English
  stemmer (read from the installed Sphinx at build time) on Latin words.

Enable with ``extensions = ["ko_search"]`` (this folder on ``sys.path``).
"""

from __future__ import annotations

import functools
import json
import re

from sphinx import package_dir
from sphinx.search.en import SearchEnglish

# Particles (조사) with two forms, chosen by the syllable before them: the first
# follows a final consonant (받침), the second a vowel (손을, 회귀를).
PAIRED_PARTICLES = [
    ("을", "를"), ("은", "는"), ("이", "가"), ("과", "와"), ("으로", "로"),
    ("으로는", "로는"), ("으로도", "로도"), ("으로서", "로서"), ("으로써", "로써"),
    ("이나", "나"), ("이란", "란"), ("이라는", "라는"), ("이라고", "라고"),
    ("과의", "와의"), ("과는", "와는"), ("과도", "와도"),
]
# Particles with one form, after either.
OTHER_PARTICLES = (
    "의 에 에서 에게 에게서 에는 에서는 에게는 에도 에서도 에서의 에의 도 만 뿐 "
    "까지 부터 보다 처럼 마다 만큼 밖에 조차 께서 한테 "
    "이다 입니다 이며 이고 이지만"
).split()
# Common verb and adjective endings, so 간결한 -> 간결 and 사용하는 -> 사용.
ENDINGS = (
    "다 하다 하는 하고 하여 하면 하기 하지 해서 해야 했다 한다 합니다 했습니다 "
    "한 할 함 되다 되는 되고 되어 되면 된다 됩니다 되었다 됐다 된 될 시킨다"
).split()

# Particles alone are never index terms, and the search page ignores them as
# query words, as it does English stopwords.
KOREAN_STOPWORDS = frozenset(
    [form for pair in PAIRED_PARTICLES for form in pair] + OTHER_PARTICLES
)

# kiwipiepy tags (Sejong tag set; irregular forms add a suffix like "VV-I").
CONTENT_TAGS = ("NNG", "NNP", "VV", "VA", "XR", "SL", "SH", "SN")
# What may trail a word's meaning: particles (J…), endings (E…), the copula
# 이다/아니다, auxiliary verbs and the 하다/되다 suffixes (사용 + 하 + 는).
TRAILING_TAGS = ("J", "E", "VCP", "VCN", "VX", "XSV", "XSA")

HANGUL = re.compile("[\uac00-\ud7a3]")
WORD = re.compile(r"\w+")  # Sphinx's own word pattern (SearchLanguage._word_re)

STEMMER_JS = """
/* Korean query stemmer from ko_search: maps a query word to the form the index
 * holds. Hangul words lose a trailing particle or ending; Latin words go
 * through Sphinx's English stemmer (defined above). */
var Stemmer = function () {
  const english = new EnglishStemmer();
  // [suffix, what it may follow], longest suffix first.
  const rules = __RULES__;
  const hangul = /[\\uac00-\\ud7a3]/;
  // Final consonant of a Hangul syllable: 0 none, 8 is ㄹ; -1 if not a syllable
  // (after a Latin letter either form of a particle is accepted).
  const coda = (ch) => {
    const i = ch.charCodeAt(0) - 0xac00;
    return i >= 0 && i < 11172 ? i % 28 : -1;
  };
  const fits = {
    C: (c) => c !== 0,
    V: (c) => c <= 0,
    "C-ㄹ": (c) => c !== 0 && c !== 8, // 으로 follows a consonant other than ㄹ
    "V+ㄹ": (c) => c <= 0 || c === 8, // 로 follows a vowel or ㄹ
    "*": () => true,
  };
  // Search._index is the index searchtools.js loaded; queries run only after it is in.
  const inIndex = (term) => {
    const index = typeof Search === "undefined" ? null : Search._index;
    // A key with no documents is a leftover of an incremental build, not a hit.
    const found = (terms) => Object.prototype.hasOwnProperty.call(terms, term)
      && [].concat(terms[term]).length > 0;
    return !!index && [index.terms, index.titleterms].some(found);
  };
  const toTerm = (form) => (hangul.test(form) ? form : english.stemWord(form));

  this.stemWord = (word) => {
    if (!hangul.test(word)) return english.stemWord(word);
    const stripped = [];
    for (const [suffix, after] of rules) {
      const rest = word.slice(0, word.length - suffix.length);
      // A one-syllable rest only after a particle whose form matches it
      // (손을 -> 손), never after one that could end a noun (정의 stays 정의).
      const minimum = after === "*" ? 2 : 1;
      if (word.endsWith(suffix) && rest.length >= minimum
          && fits[after](coda(rest.slice(-1))))
        stripped.push(toTerm(rest));
    }
    // A word the index holds as it is (정확도) is kept; else the first
    // stripped form the index holds; else the longest strip.
    return [toTerm(word), ...stripped].find(inIndex) ?? stripped[0] ?? word;
  };
};
"""


def stemmer_rules() -> list[tuple[str, str]]:
    """Suffix rules for the JS stemmer, longest suffix first."""
    rules = []
    for after_consonant, after_vowel in PAIRED_PARTICLES:
        ro = after_vowel.startswith("로")
        rules.append((after_consonant, "C-ㄹ" if ro else "C"))
        rules.append((after_vowel, "V+ㄹ" if ro else "V"))
    rules += [(suffix, "*") for suffix in OTHER_PARTICLES + ENDINGS]
    return sorted(dict.fromkeys(rules), key=lambda rule: -len(rule[0]))


@functools.cache
def kiwi():
    """The analyser, loaded once per process and only when Hangul shows up.

    Without its two optional dictionaries it loads in half the time (1.4 s instead of 3 s
    here), and the chapter's index is byte for byte the same: the typo dictionary adds
    informal internet endings (-ㅁ니다 for -ㅂ니다), the multi-word one 250,000 proper names
    from WikiData, neither of which a textbook's edited text holds. No worker threads
    (num_workers=0): tools/build_site.py loads it before forking the Korean views, and a
    forked child would not have the threads."""
    from kiwipiepy import Kiwi

    return Kiwi(num_workers=0, load_typo_dict=False, load_multi_dict=False)


def word_terms(text: str, start: int, end: int, tokens) -> list[str]:
    """Index terms for the Hangul word text[start:end], given its morphemes."""
    terms = [t.form for t in tokens if t.tag.startswith(CONTENT_TAGS)]
    if not terms:  # pronouns, determiners, bound nouns (그, 것): like stopwords
        return []
    meaning = [t for t in tokens if not t.tag.startswith(TRAILING_TAGS)]
    # The word up to its last meaningful morpheme: 학습률은 -> 학습률.
    terms.insert(0, text[start : min(meaning[-1].end, end)])
    return list(dict.fromkeys(terms))


class SearchKorean(SearchEnglish):
    lang = "ko"
    language_name = "Korean"
    stopwords = SearchEnglish.stopwords | KOREAN_STOPWORDS
    # Empty: our stemmer JS is in js_stemmer_code, not a file of Sphinx's.
    js_stemmer_rawcode = ""

    def __init__(self, options: dict[str, str]) -> None:
        super().__init__(options)
        minified = package_dir.joinpath("search", "minified-js")
        self.js_stemmer_code = "\n".join((
            minified.joinpath("base-stemmer.js").read_text(encoding="utf-8"),
            minified.joinpath("english-stemmer.js").read_text(encoding="utf-8"),
            STEMMER_JS.replace(
                "__RULES__", json.dumps(stemmer_rules(), ensure_ascii=False)
            ),
        ))

    def split(self, input: str) -> list[str]:
        words: list[str] = []
        tokens = None
        next_token = 0
        for match in WORD.finditer(input):
            word = match.group()
            if not HANGUL.search(word):
                words.append(word)
                continue
            if word in KOREAN_STOPWORDS:
                # A bare particle, as after inline code (`init`을): Kiwi would
                # misread it without its noun (를 -> 르), and it is no term.
                continue
            if tokens is None:  # analyse the whole text once, for context
                tokens = kiwi().tokenize(input)
            # Kiwi reports character offsets into input; take this word's morphemes.
            while next_token < len(tokens) and tokens[next_token].start < match.start():
                next_token += 1
            first = next_token
            while next_token < len(tokens) and tokens[next_token].start < match.end():
                next_token += 1
            words += word_terms(input, match.start(), match.end(), tokens[first:next_token])
        return words

    def stem(self, word: str) -> str:
        # Hangul terms come out of split() in their final form.
        return word if HANGUL.search(word) else super().stem(word)


def setup(app):
    app.add_search_language(SearchKorean)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
