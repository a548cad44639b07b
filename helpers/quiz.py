"""Self-check quizzes: question data, the checks the build runs on it, and its display.

Each chapter's questions live as data in ``helpers/quizzes/<chapter>.py`` (a tuple
``QUESTIONS`` of :class:`MultipleChoice` and :class:`Numeric`), so that Binder, Colab and the
built book all find them with the installed package. Numeric answers are computed there from
``helpers`` kernels, never typed; a question may carry a ``check``: an independent route
(sympy, a simulation, a closed form) that must agree with the answer the data marks correct.

:func:`show` validates a chapter's questions (a failed check stops the build) and displays
them. In the HTML book and in JupyterLab the quiz is interactive (rendered by ``jupyterquiz``'s
JavaScript, embedded in the page: no kernel and no network needed); the PDF edition gets the
``text/markdown`` part of the same output: the questions, then their answers.
"""

from __future__ import annotations

import html
import importlib
import math
import string
from collections.abc import Callable
from dataclasses import dataclass, field

__all__ = [
    "Choice",
    "MultipleChoice",
    "Numeric",
    "WrongValue",
    "load",
    "show",
    "to_jupyterquiz",
    "to_markdown",
    "validate",
]

MIN_QUESTIONS, MAX_QUESTIONS = 5, 8


@dataclass(frozen=True)
class Choice:
    """One option of a multiple-choice question.

    Parameters
    ----------
    text : str
        The option, MyST-free text with ``$...$`` math.
    feedback : str
        What the reader sees after choosing it; for a wrong option, why it is wrong.
    correct : bool
        Whether this is the right option (exactly one per question).
    """

    text: str
    feedback: str
    correct: bool = False


@dataclass(frozen=True)
class WrongValue:
    """A wrong numeric answer readers are likely to give, with the reason it is wrong.

    Parameters
    ----------
    value : float
        The wrong value (computed, like the answer).
    feedback : str
        Why a reader might arrive at it and why it is wrong.
    """

    value: float
    feedback: str


@dataclass(frozen=True)
class MultipleChoice:
    """A question with several options, exactly one of them correct.

    Parameters
    ----------
    question : str
        The question, with ``$...$`` math.
    choices : tuple of Choice
        The options; each wrong option's feedback says why it is wrong.
    check : callable, optional
        ``check() -> int``: the index of the correct option, found by an independent route
        (a computation or a sympy check). :func:`validate` requires it to agree with the data.
    """

    question: str
    choices: tuple[Choice, ...]
    check: Callable[[], int] | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Numeric:
    """A question whose answer is a number, accepted within a relative tolerance.

    Parameters
    ----------
    question : str
        The question, with ``$...$`` math; say how many digits are expected.
    value : float
        The answer, computed from ``helpers``.
    feedback : str
        Shown for a right answer: the short derivation.
    rtol : float
        Accepted relative error (answers in ``value * (1 +- rtol)`` are right).
    wrong : tuple of WrongValue
        Likely wrong answers with their feedback.
    hint : str
        Shown for any other wrong answer.
    check : callable, optional
        ``check() -> float``: the answer by an independent route; :func:`validate` requires it
        to agree with ``value`` within ``rtol``.
    """

    question: str
    value: float
    feedback: str
    rtol: float = 0.01
    wrong: tuple[WrongValue, ...] = ()
    hint: str = "Not quite. Check the definition and try again."
    check: Callable[[], float] | None = field(default=None, compare=False)

    def accepts(self, x: float) -> bool:
        """Whether ``x`` counts as the right answer.

        Parameters
        ----------
        x : float
            A reader's answer.

        Returns
        -------
        bool
            ``|x - value| <= rtol * |value|`` (or ``<= rtol`` when the value is 0).
        """
        return abs(x - self.value) <= self.rtol * max(
            abs(self.value), 1.0 if self.value == 0 else 0
        )

    def interval(self) -> tuple[float, float]:
        """The accepted interval ``[lo, hi)``.

        Returns
        -------
        tuple of float
            ``value -+ rtol * |value|`` (``-+ rtol`` when the value is 0).
        """
        half = self.rtol * (abs(self.value) if self.value != 0 else 1.0)
        return (self.value - half, self.value + half)


Question = MultipleChoice | Numeric


def load(chapter: str) -> tuple[Question, ...]:
    """The questions of a chapter: ``helpers.quizzes.<chapter>.QUESTIONS``.

    Parameters
    ----------
    chapter : str
        The chapter's notebook name, e.g. ``"fisher"``.

    Returns
    -------
    tuple of MultipleChoice or Numeric
        The chapter's questions, in order.

    Examples
    --------
    >>> qs = load("entropy")
    >>> 5 <= len(qs) <= 8
    True
    """
    if not chapter.isidentifier():
        raise ValueError(f"chapter must be a notebook name such as 'fisher'; got {chapter!r}")
    try:
        module = importlib.import_module(f"helpers.quizzes.{chapter}")
    except ModuleNotFoundError as exc:
        raise ValueError(
            f"no quiz data for chapter {chapter!r} (helpers/quizzes/{chapter}.py)"
        ) from exc
    return tuple(module.QUESTIONS)


def _math_balanced(text: str) -> bool:
    return text.replace("\\$", "").count("$") % 2 == 0


def validate(questions) -> list[str]:
    """Check a chapter's questions; return the list of problems (empty when all is well).

    Checked: 5 to 8 questions; every text has balanced ``$`` math; a multiple-choice question
    has at least three options, exactly one marked correct, feedback on every option, and a
    ``check`` (if given) that picks the same option; a numeric answer is finite, its ``check``
    (if given) agrees within ``rtol``, and no listed wrong value would be accepted as right.

    Parameters
    ----------
    questions : sequence of MultipleChoice or Numeric
        A chapter's questions.

    Returns
    -------
    list of str
        One message per problem.

    Examples
    --------
    >>> q = MultipleChoice("Is $0 < 1$?", (Choice("yes", "Right.", True), Choice("no", "No.")))
    >>> validate([q])[:2]
    ['5 to 8 questions wanted; got 1', 'question 1: at least three options wanted; got 2']
    """
    out = []
    n = len(questions)
    if not MIN_QUESTIONS <= n <= MAX_QUESTIONS:
        out.append(f"{MIN_QUESTIONS} to {MAX_QUESTIONS} questions wanted; got {n}")
    for i, q in enumerate(questions, 1):
        where = f"question {i}"
        if not q.question.strip():
            out.append(f"{where}: empty question text")
        texts = [q.question]
        if isinstance(q, MultipleChoice):
            if len(q.choices) < 3:
                out.append(f"{where}: at least three options wanted; got {len(q.choices)}")
            right = [k for k, c in enumerate(q.choices) if c.correct]
            if len(right) != 1:
                out.append(f"{where}: exactly one correct option wanted; got {len(right)}")
            for k, c in enumerate(q.choices):
                texts += [c.text, c.feedback]
                if not c.feedback.strip():
                    out.append(f"{where}, option {k + 1}: no feedback")
            if len({c.text for c in q.choices}) != len(q.choices):
                out.append(f"{where}: two options have the same text")
            if q.check is not None and len(right) == 1:
                got = q.check()
                if got != right[0]:
                    out.append(
                        f"{where}: the data marks option {right[0] + 1} correct, "
                        f"but its check computes option {got + 1}"
                    )
        elif isinstance(q, Numeric):
            texts += [q.feedback, q.hint] + [w.feedback for w in q.wrong]
            if not math.isfinite(q.value):
                out.append(f"{where}: the answer is not a finite number ({q.value})")
            elif not 0 < q.rtol < 0.5:
                out.append(f"{where}: rtol must be in (0, 0.5); got {q.rtol}")
            else:
                if q.check is not None:
                    got = float(q.check())
                    if not q.accepts(got):
                        out.append(
                            f"{where}: the answer is {q.value!r}, its check computes {got!r}"
                        )
                for w in q.wrong:
                    if q.accepts(w.value):
                        out.append(
                            f"{where}: the wrong value {w.value!r} would be accepted as right"
                        )
        else:
            out.append(f"{where}: not a MultipleChoice or Numeric ({type(q).__name__})")
            continue
        for t in texts:
            if not _math_balanced(t):
                out.append(f"{where}: unbalanced $ in {t[:60]!r}")
    # the printed (PDF) order is the data's: vary where the right option sits
    positions = [
        [c.correct for c in q.choices].index(True)
        for q in questions
        if isinstance(q, MultipleChoice) and sum(c.correct for c in q.choices) == 1
    ]
    if len(positions) >= 3 and len(set(positions)) == 1:
        out.append(f"the right option is always option {positions[0] + 1}: vary its position")
    return out


def _fmt(x: float) -> str:
    return f"{x:.4g}"


def to_jupyterquiz(questions) -> list[dict]:
    """The questions in ``jupyterquiz``'s JSON format.

    Parameters
    ----------
    questions : sequence of MultipleChoice or Numeric
        A chapter's questions.

    Returns
    -------
    list of dict
        ``{"question", "type": "multiple_choice" | "numeric", "answers": [...]}`` per question;
        a numeric answer is accepted on the interval :meth:`Numeric.interval`.

    Examples
    --------
    >>> q = Numeric("What is $2 + 2$?", 4.0, "Four.", rtol=0.01)
    >>> to_jupyterquiz([q])[0]["answers"][0]
    {'type': 'range', 'range': [3.96, 4.04], 'correct': True, 'feedback': 'Four.'}
    """
    out = []
    for q in questions:
        if isinstance(q, MultipleChoice):
            answers = [
                {"answer": c.text, "correct": c.correct, "feedback": c.feedback} for c in q.choices
            ]
            out.append({"question": q.question, "type": "multiple_choice", "answers": answers})
        else:
            lo, hi = q.interval()
            answers = [
                {"type": "range", "range": [lo, hi], "correct": True, "feedback": q.feedback}
            ]
            for w in q.wrong:
                wlo, whi = Numeric("", w.value, "", rtol=q.rtol).interval()
                answers.append(
                    {"type": "range", "range": [wlo, whi], "correct": False, "feedback": w.feedback}
                )
            answers.append({"type": "default", "feedback": q.hint})
            out.append({"question": q.question, "type": "numeric", "answers": answers})
    return out


def to_markdown(questions) -> str:
    """The questions and then their answers as MyST markdown (the PDF edition's quiz).

    Parameters
    ----------
    questions : sequence of MultipleChoice or Numeric
        A chapter's questions.

    Returns
    -------
    str
        A numbered list of questions (options lettered), then "Answers": the right option or
        value and its feedback.

    Examples
    --------
    >>> print(to_markdown([Numeric("What is $2 + 2$?", 4.0, "Four.")]))
    **Self-check questions.**
    <BLANKLINE>
    1. What is $2 + 2$?
    <BLANKLINE>
    **Answers.**
    <BLANKLINE>
    1. $4$ (within 1%). Four.
    """
    letters = string.ascii_lowercase
    qs, ans = ["**Self-check questions.**", ""], ["**Answers.**", ""]
    for i, q in enumerate(questions, 1):
        qs.append(f"{i}. {q.question}")
        if isinstance(q, MultipleChoice):
            for k, c in enumerate(q.choices):
                qs.append(f"   - ({letters[k]}) {c.text}")
                if c.correct:
                    ans.append(f"{i}. ({letters[k]}) {c.feedback}")
        else:
            ans.append(f"{i}. ${_fmt(q.value)}$ (within {q.rtol:.0%}). {q.feedback}")
    return "\n".join([*qs, "", *ans])


# Runs jupyterquiz's script: on the book's page while it is parsed, with no typesetter (the
# page's typesetting pass, KaTeX in vendor/book-math.js, typesets the quiz); in a live
# notebook once the page's MathJax (if any) has started. The quiz never sees a MathJax that
# is not ready (it would otherwise try to load one from a CDN).
_WRAPPER = """<script type="text/javascript">
(function () {{
  // jupyterquiz reads a global MathJax and its version; JupyterLab may define a MathJax
  // object without them (its own typesetter), which made the quiz throw. In a live notebook
  // the quiz sees the page's MathJax 3 only when it is ready (see ready()), else none; on
  // the book's page it sees the book's typesetter in MathJax 3's shape (typeset(elements)).
  var setMathJax = function () {{}};
  function ready() {{
    var mj = window.MathJax;
    return mj && mj.version && mj.typeset ? mj : undefined;
  }}
  function run(mj) {{
    var MathJax = mj;
    setMathJax = function (value) {{ MathJax = value; }};
{script}
  }}
  // accessible names for the inputs jupyterquiz leaves unlabelled (axe: "label")
  function label() {{
    var root = document.getElementById("{div_id}");
    if (!root) return;
    root.querySelectorAll(".Quiz").forEach(function (q, i) {{
      q.querySelectorAll("input[type=radio]").forEach(function (r, k) {{
        var text = r.parentElement ? r.parentElement.textContent.trim() : "";
        r.setAttribute("aria-label", "Question " + (i + 1) + ", option " + (k + 1) + ": " + text);
      }});
      q.querySelectorAll("input[type=text]").forEach(function (t) {{
        t.setAttribute("aria-label", "Question " + (i + 1) + ": your numeric answer");
      }});
    }});
  }}
  if (document.readyState === "loading") {{
    // The book's page, still being parsed: build the quiz now, with no typesetter, so that
    // the page's typesetting pass (after the parse) typesets the quiz's math with the rest
    // of the page. A second pass of its own would make the browser lay out the whole page
    // again before the reader sees any math (issue 17: time to typeset). The feedback that
    // a click shows later is typeset by the quiz once the typesetter is ready.
    run(undefined);
    label();
    document.addEventListener("DOMContentLoaded", function () {{
      // the book's typesetter (vendor/book-math.js, KaTeX) has typeset the page by now;
      // jupyterquiz typesets its feedback through MathJax 3's typeset([element])
      var bm = window.bookMath;
      if (bm) {{
        setMathJax({{ version: "3", typeset: function (els) {{ bm.typeset(els); }} }});
      }}
    }});
  }} else {{
    // A live notebook (JupyterLab): the page is loaded; the quiz typesets its own math
    // when a MathJax 3 is ready.
    var mj = window.MathJax;
    var go = function () {{ run(ready()); label(); }};
    if (mj && mj.startup && mj.startup.promise) {{
      mj.startup.promise.then(go);
    }} else {{
      go();
    }}
  }}
}})();
</script>"""


# WCAG AA contrast (axe): dark text on a white answer box, darker feedback colours
_CONTRAST = """<style>
.book-quiz .Input-text { color: #101010; background-color: #ffffff; border: 1px solid #555555; }
.book-quiz .Input-text:focus { background-color: #ffffff; }
.book-quiz .Input-text.correctButton, .book-quiz .Input-text.incorrectButton { color: #ffffff; }
.book-quiz .correct { color: #006b1b; }
.book-quiz .incorrect { color: #b00000; }
</style>"""


def _html(questions, div_id: str) -> str:
    from jupyterquiz.dynamic.loader import load_questions_script
    from jupyterquiz.dynamic.renderer import build_script, build_styles, render_div

    prefix, static, url = load_questions_script(to_jupyterquiz(questions), div_id)
    # options shuffled on every page load: the position of the right one gives nothing away
    div = render_div(div_id, False, True, False, 1_000_000, 700, 10, "left")
    colors = {
        "--jq-multiple-choice-bg": "#1f4e79",
        "--jq-numeric-bg": "#1f4e79",
        "--jq-numeric-input-bg": "#ffffff",
        "--jq-correct-color": "#006b1b",
        "--jq-incorrect-color": "#b00000",
    }
    styles = build_styles(div_id, _palette(colors))
    script = build_script(prefix, static, url, div_id, True)
    label = html.escape(f"Self-check quiz ({len(questions)} questions)")
    # book-math-process: the book's typesetter (vendor/book-math.js) typesets the math in
    # the quiz's text (the quiz leaves its math to the page)
    return (
        f'<section class="book-quiz book-math-process" aria-label="{label}">'
        f"{div}</div>{styles}{_CONTRAST}"
        + _WRAPPER.format(script=script, div_id=div_id)
        + "</section>"
    )


def _palette(overrides: dict) -> dict:
    """jupyterquiz's default colours with the book's overrides.

    Parameters
    ----------
    overrides : dict
        CSS variable name to colour.

    Returns
    -------
    dict
        The full palette.

    Examples
    --------
    >>> _palette({"--jq-numeric-bg": "#000"})["--jq-numeric-bg"]
    '#000'
    """
    palette = {
        "--jq-multiple-choice-bg": "#392061",
        "--jq-mc-button-bg": "#fafafa",
        "--jq-mc-button-border": "#e0e0e0e0",
        "--jq-mc-button-inset-shadow": "#555555",
        "--jq-many-choice-bg": "#f75c03ff",
        "--jq-numeric-bg": "#392061ff",
        "--jq-numeric-input-bg": "#c0c0c0",
        "--jq-numeric-input-label": "#101010",
        "--jq-numeric-input-shadow": "#999999",
        "--jq-string-bg": "#4c1a57",
        "--jq-incorrect-color": "#c80202",
        "--jq-correct-color": "#009113",
        "--jq-text-color": "#fafafa",
        "--jq-link-color": "#9abafa",
    }
    palette.update(overrides)
    return palette


class _QuizOutput:
    """A display object with the interactive quiz (HTML) and its printable form (markdown)."""

    def __init__(self, questions, div_id):
        self.questions, self.div_id = questions, div_id

    def _repr_mimebundle_(self, include=None, exclude=None):
        return {
            "text/html": _html(self.questions, self.div_id),
            "text/markdown": to_markdown(self.questions),
            "text/plain": f"<self-check quiz: {len(self.questions)} questions>",
        }


def show(chapter: str):
    """Validate a chapter's quiz and return it for display (the last line of a cell).

    Parameters
    ----------
    chapter : str
        The chapter's notebook name, e.g. ``"fisher"``.

    Returns
    -------
    object
        A display object: the interactive quiz in HTML and JupyterLab, the questions and
        answers as markdown in the PDF.

    Raises
    ------
    AssertionError
        If :func:`validate` finds a problem (so a wrong answer key stops the build).

    Examples
    --------
    >>> show("entropy")._repr_mimebundle_()["text/plain"].startswith("<self-check quiz")
    True
    """
    questions = load(chapter)
    problems = validate(questions)
    assert not problems, f"quiz {chapter!r}:\n" + "\n".join(problems)
    # a fixed id per chapter: the page is reproducible and the browser test can find it
    return _QuizOutput(questions, f"quiz{chapter.replace('_', '')}")
