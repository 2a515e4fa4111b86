"""Korean particles after any value (grader/korean.py), and every message of the catalogue
rendered in both languages with values of every kind a check can produce."""
import re

import pytest

from grader import korean
from grader.catalogue import Catalogue

CATALOGUE = Catalogue()


@pytest.mark.parametrize(("value", "particle", "expected"), [
    # Hangul: the last syllable's final consonant; ㄹ takes 로.
    ("가중치", "을", "를"), ("편향", "이", "이"), ("모델", "로", "로"), ("학습 속도", "로", "로"),
    ("손실", "은", "은"), ("그래디언트", "와", "와"), ("층", "과", "과"),
    # Numbers by their Korean reading.
    ("136", "을", "을"), ("1", "을", "을"), ("2", "을", "를"), ("3", "이", "이"),
    ("6", "을", "을"), ("7", "로", "로"), ("8", "로", "로"), ("9", "를", "를"), ("0", "이", "이"),
    ("10", "을", "을"), ("20", "이", "이"), ("100", "을", "을"), ("1000", "이", "이"),
    ("10000", "이", "이"), ("100000", "이", "이"), ("120", "을", "을"), ("512", "를", "를"),
    ("3.74", "를", "를"), ("0.315", "으로", "로"), ("1.218", "이어야", "이어야"),
    ("-4", "가", "가"), ("(24, 24)", "이", "가"), ("(2,)", "을", "를"),
    # Latin letters and code, by their usual reading.
    ("label", "이", "가"), ("float", "으로", "로"), ("step", "을", "을"), (".mean()", "로", "으로"),
    ("trainer.step(1)", "을", "을"), ("trainer.step(1)", "로", "로"), ("L2Loss", "을", "를"),
    ("HuberLoss", "이", "가"), ("NDArray", "을", "를"), ("None", "을", "을"), ("X", "을", "를"),
    ("model", "로", "로"), ("numpy", "이", "가"), ("SIGSEGV", "로", "로"), ("rho", "와", "와"),
    ("'abc'", "을", "를"), ("", "을", "를"),
])
def test_particle(value, particle, expected):
    assert korean.particle(value, particle) == expected


# Values of every kind the checks put in a message: numbers, names, code, Korean, junk.
_SAMPLES = [
    {"batch": 13, "got": "'{x.}'", "type": "NoneType", "size": 24, "shape": "(24, 24)",
     "rho": "0.5", "count": 3, "total": 16, "examples": "L1Loss, L2Loss", "lr": "0.1",
     "loss": "L2Loss", "error": "ValueError: {b.}", "trace": "\n  q1.py:3: x", "at": "",
     "module": "q1_mean_loss", "function": "train", "code": "3", "signal": "SIGSEGV",
     "seconds": "15", "idle_seconds": "10", "cpu_used": "14.9", "where_at": " (q2_huber.py:7)",
     "reason": "eval()", "steps": "1, 12", "expected": "0.25", "bias_error": "3.7",
     "weight_error": "0.2", "num_epochs": 4, "batch_size": 8, "example_kind": "huber",
     "pred": "1.5", "label": "-2.0", "learner_output": "printed"},
    {"batch": 2, "got": 120, "type": "list", "size": 6, "rho": 1, "count": 10, "total": 20,
     "lr": 0.03, "loss": "L1Loss", "error": None, "reason": "sys.modules",
     "expected": float("nan"), "example_kind": "make_loss", "pred": 0, "label": 7},
    {},
]
_PARTICLES = "|".join(sorted(korean.PAIRS, key=len, reverse=True))
_AFTER_CODE = re.compile(rf"`([^`]+)`({_PARTICLES})(?![가-힣])")


@pytest.mark.parametrize("key", sorted(CATALOGUE.messages))
@pytest.mark.parametrize("params", _SAMPLES, ids=["kinds", "numbers", "none"])
def test_every_message_renders_in_both_languages(key, params):
    for lang in ("ko", "en"):
        text, hint = CATALOGUE.message(key, lang, params)
        for rendered in (text, hint):
            assert "을(를)" not in rendered and "이(가)" not in rendered
            assert "(으)로" not in rendered and "(와)" not in rendered
            assert not re.search(r"\{[a-z_]+(?:[:|][가-힣]+)?\}", rendered), rendered


@pytest.mark.parametrize("key", sorted(CATALOGUE.messages))
def test_particles_after_code_follow_its_reading(key):
    """In the templates, a particle after a code span is attached and is the right one."""
    entry = CATALOGUE.messages[key]
    for field in ("ko", "hint_ko"):
        template = entry.get(field, "")
        assert not re.search(rf"[`}}] ({_PARTICLES})(?![가-힣])", template), (key, template)
        for code, particle in _AFTER_CODE.findall(template):
            if "{" in code:
                continue  # a field inside the code: its value decides, through {name|...}
            assert korean.particle(code, particle) == particle, (key, code, particle)
