"""Korean particles after any value: 을/를, 이/가, 은/는, 와/과, 으로/로.

The choice depends on how the last sound of the word is *read*: Hangul by its last syllable's
final consonant (받침), numbers by their Korean reading (136 → 백삼십육 → 을, 20 → 이십 → 을,
3.74 → 삼 점 칠사 → 를), Latin letters and code by their usual Korean reading (``label`` 레이블 → 이
가 → 가, ``step`` 스텝 → 을, ``float`` 플로트 → 로, ``.mean()`` 민 → 으로). ``(으)로`` takes 로
after ㄹ as after a vowel.

No maintained library covers numbers and code names, so this is a small table-driven function;
``tests/grader/test_grader_korean.py`` tests it on every kind of value.
"""
import re

# The first form goes after a final consonant, the second after a vowel.
PAIRS = {"을": ("을", "를"), "를": ("을", "를"), "이": ("이", "가"), "가": ("이", "가"),
         "은": ("은", "는"), "는": ("은", "는"), "과": ("과", "와"), "와": ("과", "와"),
         "으로": ("으로", "로"), "로": ("으로", "로"), "이어야": ("이어야", "여야"),
         "여야": ("이어야", "여야"), "이에요": ("이에요", "예요")}

_NONE, _RIEUL, _OTHER = 0, 1, 2  # no final consonant; ㄹ; any other final consonant

# Digits as read in Sino-Korean: 영 일 이 삼 사 오 육 칠 팔 구.
_DIGITS = {"0": _OTHER, "1": _RIEUL, "2": _NONE, "3": _OTHER, "4": _NONE, "5": _NONE,
           "6": _OTHER, "7": _RIEUL, "8": _RIEUL, "9": _NONE}
# A number ending in zeros ends with its place: 십 백 천 만 (십만 백만 천만: 만), 억, 조.
_PLACES = [(12, _NONE), (8, _OTHER), (4, _OTHER), (3, _OTHER), (2, _OTHER), (1, _OTHER)]
# Letters read one by one (an acronym, a variable such as `X`): 에이 비 씨 디 이 에프 지 에이치
# 아이 제이 케이 엘 엠 엔 오 피 큐 알 에스 티 유 브이 더블유 엑스 와이 제트(지).
_LETTERS = {letter: _NONE for letter in "abcdefghijkopqstuvwxyz"} | {
    "l": _RIEUL, "r": _RIEUL, "m": _OTHER, "n": _OTHER}
# Words of the exercises and of Python and MXNet whose Korean reading the rules below would get
# wrong, as d2l-ko and Korean Python texts write them.
_WORDS = {
    "label": _NONE,     # 레이블
    "float": _NONE,     # 플로트
    "int": _NONE,       # 인트
    "set": _NONE,       # 세트
    "none": _OTHER,     # 논
    "net": _OTHER,      # 넷 (the seed: "net 을")
    "loss": _NONE,      # 로스
    "ndarray": _NONE,   # 엔디어레이
    "bool": _RIEUL,     # 불
    "exec": _OTHER,     # 이그젝
    "eval": _RIEUL,     # 이밸
}
_HANGUL_START, _HANGUL_END = 0xAC00, 0xD7A3
_FINAL_RIEUL = 8
_NUMBER = re.compile(r"(\d+)(?:\.(\d+))?$")
_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*$")


def _hangul(char):
    final = (ord(char) - _HANGUL_START) % 28
    return _NONE if final == 0 else _RIEUL if final == _FINAL_RIEUL else _OTHER


def _number(whole, fraction):
    if fraction:  # 3.74: 삼 점 칠 사, read digit by digit after the point
        return _DIGITS[fraction[-1]]
    stripped = whole.rstrip("0")
    zeros = len(whole) - len(stripped)
    if not stripped:
        return _DIGITS["0"]  # 영
    if zeros == 0:
        return _DIGITS[stripped[-1]]
    for count, sound in _PLACES:
        if zeros >= count:
            return sound if zeros == count or count in (4, 8, 12) else _OTHER
    return _OTHER


def _latin(word):
    lower = word.lower()
    if lower in _WORDS:
        return _WORDS[lower]
    tail = lower.rsplit("_", 1)[-1] or lower
    if tail in _WORDS:
        return _WORDS[tail]
    for suffix, sound in _WORDS.items():  # L2Loss, HuberLoss: the known word it ends with
        if lower.endswith(suffix) and len(suffix) >= 3:
            return sound
    if len(word) <= 2 or word.isupper():  # read letter by letter: X, L2, NDArray's "ND"
        return _LETTERS.get(lower[-1], _NONE)
    if lower.endswith(("ng",)):
        return _OTHER   # 잉
    if lower[-1] in "mn":
        return _OTHER   # 움, 운
    if lower[-1] == "l" and lower[-2:-1] in set("aeiou"):
        return _RIEUL   # model 모델, pool 풀
    if lower[-1] in "kp" and lower[-2:-1] in set("aeiou"):
        return _OTHER   # stack 스택, step 스텝
    return _NONE        # -t 트, -d 드, -s 스, -x 스, vowels


def final_sound(value):
    """_NONE, _RIEUL or _OTHER: how ``value`` (a word, number or code) ends when read."""
    text = str(value).strip()
    while text and text[-1] in ")]}>.,'\"` ":  # `.mean()`, (24, 24), 'abc'
        text = text[:-2] if text.endswith("()") and len(text) > 2 else text[:-1]
    if not text:
        return _NONE
    last = text[-1]
    if _HANGUL_START <= ord(last) <= _HANGUL_END:
        return _hangul(last)
    number = _NUMBER.search(text)
    if number and not (number.start() and (text[number.start() - 1].isalpha()
                                            or text[number.start() - 1] == "_")):
        return _number(number.group(1), number.group(2))  # 136, (1, 3.74
    if last.isdigit():  # ends a name (L2): read as a digit
        return _DIGITS[last]
    word = _WORD.search(text)
    return _latin(word.group(0)) if word else _NONE


def particle(value, which):
    """The form of particle ``which`` (any of its two forms) that goes after ``value``."""
    after_consonant, after_vowel = PAIRS[which]
    sound = final_sound(value)
    if after_consonant == "으로":
        return "로" if sound in (_NONE, _RIEUL) else "으로"
    return after_vowel if sound == _NONE else after_consonant

