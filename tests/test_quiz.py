"""The quiz machinery (issue 19): its checks catch wrong answer keys; every quiz is valid."""

from __future__ import annotations

import json

import pytest
from browser import chapters
from conftest import ROOT

from helpers import quiz
from helpers.quiz import Choice, MultipleChoice, Numeric, WrongValue

CHAPTERS = [d.split("/")[-1] for d in chapters() if (ROOT / f"{d}.ipynb").exists()]


def mc(right=0, check=None, n=3):
    choices = tuple(Choice(f"option {k}", f"why {k}", correct=(k == right)) for k in range(n))
    return MultipleChoice("Which?", choices, check=check)


def five(*qs):
    filler = [Numeric(f"q{i}", float(i + 1), "ok") for i in range(5 - len(qs))]
    return [*qs, *filler]


def test_a_valid_quiz_has_no_problems():
    assert quiz.validate(five(mc(0, check=lambda: 0), mc(1), mc(2))) == []


@pytest.mark.parametrize(
    ("questions", "message"),
    [
        (five(mc(0)) * 2, "5 to 8 questions"),
        (
            five(
                MultipleChoice(
                    "Which?", (Choice("a", "x", True), Choice("b", "y", True), Choice("c", "z"))
                )
            ),
            "exactly one correct",
        ),
        (
            five(MultipleChoice("Which?", (Choice("a", "x"), Choice("b", "y"), Choice("c", "z")))),
            "exactly one correct",
        ),
        (five(mc(0, check=lambda: 2)), "its check computes option 3"),
        (
            five(MultipleChoice("Which?", (Choice("a", "x", True), Choice("b", "")))),
            "at least three",
        ),
        (
            five(
                MultipleChoice(
                    "Which?", (Choice("a", "x", True), Choice("b", ""), Choice("c", "z"))
                )
            ),
            "no feedback",
        ),
        (five(Numeric("How much?", 2.0, "ok", check=lambda: 2.5)), "its check computes 2.5"),
        (
            five(Numeric("How much?", 2.0, "ok", wrong=(WrongValue(2.001, "close"),))),
            "would be accepted",
        ),
        (five(Numeric("How much is $x?", 2.0, "ok")), "unbalanced $"),
        (five(Numeric("How much?", float("nan"), "ok")), "not a finite number"),
        (five(mc(0), mc(0), mc(0)), "always option 1"),
    ],
)
def test_validate_catches(questions, message):
    problems = quiz.validate(questions)
    assert any(message in p for p in problems), problems


def test_numeric_interval_and_acceptance_agree():
    q = Numeric("x?", -2.5, "ok", rtol=0.02)
    lo, hi = q.interval()
    assert lo < -2.5 < hi
    assert q.accepts(-2.5 * 1.019) and not q.accepts(-2.5 * 1.021)
    zero = Numeric("x?", 0.0, "ok", rtol=0.01)
    assert zero.accepts(0.005) and not zero.accepts(0.02)


def test_jupyterquiz_json_keeps_the_answer_key():
    qs = [mc(1), Numeric("x?", 3.0, "ok", wrong=(WrongValue(6.0, "doubled"),))]
    out = json.loads(json.dumps(quiz.to_jupyterquiz(qs)))
    assert [a["correct"] for a in out[0]["answers"]] == [False, True, False]
    right, wrong, default = out[1]["answers"]
    assert right["correct"] and right["range"][0] < 3.0 < right["range"][1]
    assert not wrong["correct"] and wrong["range"][0] < 6.0 < wrong["range"][1]
    assert default["type"] == "default"


def test_markdown_lists_questions_then_answers():
    md = quiz.to_markdown([mc(2), Numeric("x?", 3.0, "three")])
    questions, answers = md.split("**Answers.**")
    assert "(c) option 2" in questions and "1. (c) why 2" in answers and "$3$" in answers


def test_show_refuses_a_wrong_key(monkeypatch):
    monkeypatch.setattr(quiz, "load", lambda chapter: five(mc(0, check=lambda: 1)))
    with pytest.raises(AssertionError, match="its check computes option 2"):
        quiz.show("entropy")


def test_output_is_interactive_html_and_printable_markdown():
    bundle = quiz.show("entropy")._repr_mimebundle_()
    assert 'id="quizentropy"' in bundle["text/html"] and "<script" in bundle["text/html"]
    assert "Answers." in bundle["text/markdown"]


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_every_chapter_quiz_is_valid(chapter):
    questions = quiz.load(chapter)
    assert quiz.validate(questions) == []
    kinds = {type(q) for q in questions}
    assert kinds == {MultipleChoice, Numeric}, f"{chapter}: both kinds of question wanted"
