"""Self-check questions for the entropy chapter (data for :func:`helpers.quiz.show`)."""

import numpy as np
import sympy as sp

from helpers import info
from helpers.quiz import Choice, MultipleChoice, Numeric, WrongValue

_P = np.array([0.5, 0.25, 0.25])
_Q = np.array([1 / 3, 1 / 3, 1 / 3])


def _entropy_by_sympy() -> float:
    """H(1/2, 1/4, 1/4) in bits, exactly: a route independent of ``info.entropy``."""
    p = [sp.Rational(1, 2), sp.Rational(1, 4), sp.Rational(1, 4)]
    return float(-sum(pi * sp.log(pi, 2) for pi in p))


def _kl_asymmetric() -> int:
    """Option index: 1 if D(p||q) != D(q||p) for this pair (computed exactly with sympy)."""
    p = [sp.Rational(1, 2), sp.Rational(1, 4), sp.Rational(1, 4)]
    q = [sp.Rational(1, 3)] * 3
    d_pq = sum(a * sp.log(a / b) for a, b in zip(p, q, strict=True))
    d_qp = sum(b * sp.log(b / a) for a, b in zip(p, q, strict=True))
    return 1 if sp.simplify(d_pq - d_qp) != 0 else 0


QUESTIONS = (
    Numeric(
        "What is the entropy, in bits, of the distribution $(1/2, 1/4, 1/4)$? Give three digits.",
        value=float(info.entropy(_P, base=2)),
        feedback="$H = \\tfrac12 \\cdot 1 + 2 \\cdot \\tfrac14 \\cdot 2 = 1.5$ bits.",
        wrong=(
            WrongValue(
                float(info.entropy(_P, base=np.e)),
                "That is the entropy in nats (natural log); "
                "the question asks for bits (log base 2).",
            ),
            WrongValue(
                float(np.log2(3)),
                "That is $\\log_2 3$, the entropy of the uniform distribution on three outcomes, "
                "the maximum; this distribution is not uniform.",
            ),
        ),
        check=_entropy_by_sympy,
    ),
    MultipleChoice(
        "For $p = (1/2, 1/4, 1/4)$ and the uniform $q$ on three outcomes, which is true?",
        (
            Choice(
                "$D(p\\,\\|\\,q) = D(q\\,\\|\\,p)$",
                "KL divergence is not a distance: swapping the arguments changes it in general, "
                "and here it does.",
            ),
            Choice(
                "$D(p\\,\\|\\,q) \\ne D(q\\,\\|\\,p)$",
                "Right: KL divergence is not symmetric; here the two directions differ.",
                correct=True,
            ),
            Choice(
                "$D(p\\,\\|\\,q) < 0$ because $p$ has lower entropy than $q$",
                "KL divergence is never negative (Gibbs' inequality), whatever the entropies.",
            ),
        ),
        check=_kl_asymmetric,
    ),
    Numeric(
        "What is the cross-entropy $H(p, q)$ in bits for $p = (1/2, 1/4, 1/4)$ and the uniform "
        "$q$ on three outcomes? Give three digits.",
        value=float(info.cross_entropy(_P, _Q, base=2)),
        feedback=(
            "$H(p, q) = -\\sum_x p(x) \\log_2 q(x) = \\log_2 3$ for every $p$ when $q$ is uniform."
        ),
        wrong=(
            WrongValue(
                float(info.entropy(_P, base=2)),
                "That is $H(p)$; the cross-entropy adds $D(p\\,\\|\\,q) > 0$ since $p \\ne q$.",
            ),
        ),
        check=lambda: float(info.entropy(_P, base=2) + info.kl_divergence(_P, _Q, base=2)),
    ),
    MultipleChoice(
        "Which distribution on $K$ outcomes has the largest entropy?",
        (
            Choice(
                "A point mass",
                "A point mass has the smallest entropy, $H = 0$: the outcome is certain.",
            ),
            Choice(
                "The uniform distribution, with $H = \\log K$",
                "Right: $0 \\le H \\le \\log K$.",
                True,
            ),
            Choice(
                "It depends on how the outcomes are labelled",
                "Entropy depends only on the probabilities, not on the labels.",
            ),
        ),
        check=lambda: int(
            np.argmax([info.entropy([1.0, 0, 0, 0]), info.entropy(np.full(4, 0.25)), 0.0])
        ),
    ),
    MultipleChoice(
        "If $q(x) = 0$ for some $x$ with $p(x) > 0$, then $D(p\\,\\|\\,q)$ is",
        (
            Choice("$+\\infty$", "Right: $p(x) \\log(p(x)/0) = +\\infty$.", correct=True),
            Choice(
                "$0$", "The convention $0 \\log 0 = 0$ applies to $p(x) = 0$, not to $q(x) = 0$."
            ),
            Choice(
                "undefined",
                "It is defined, and infinite: $q$ cannot explain an outcome it rules out.",
            ),
        ),
        check=lambda: 0 if np.isinf(info.kl_divergence([0.5, 0.5], [1.0, 0.0])) else 1,
    ),
)
