"""Self-check questions for the chapter on EM's convergence (data for :func:`helpers.quiz.show`)."""

import numpy as np
from scipy import stats

from helpers import em, numdiff
from helpers.quiz import Choice, MultipleChoice, Numeric, WrongValue

# Do and Batzoglou's five sets of ten tosses; EM's limit from (0.6, 0.5)
_SETS = ("HTTTHHTHTH", "HHHHTHHHHH", "HTHHHHHTHH", "HTHTTTHHTT", "THHHTHHHTH")
_HEADS = np.array([s.count("H") for s in _SETS])
_TOSSES = len(_SETS[0])
_HAT = em.coin_em(_HEADS, _TOSSES, (0.6, 0.5), n_steps=400)[-1]
_I_C = em.coin_complete_information(_HEADS, _TOSSES, _HAT)
_J_N = em.coin_observed_information(_HEADS, _TOSSES, _HAT)
_RATE = float(np.max(np.linalg.eigvals(np.linalg.solve(_I_C, _I_C - _J_N)).real))
_SE_LOUIS = np.sqrt(np.diag(np.linalg.inv(_J_N)))
_SE_COMPLETE = np.sqrt(np.diag(np.linalg.inv(_I_C)))
_SE_MISSING = np.sqrt(np.diag(np.linalg.inv(_I_C - _J_N)))

# the one-parameter mixture 1/2 N(-mu, 1) + 1/2 N(mu, 1) at two separations
_SEP_NEAR, _SEP_FAR = 0.7, 3.0
_BOUND_MU0 = 0.0


def _coin_log_lik(t):
    return em.coin_log_likelihood(_HEADS, _TOSSES, t)


def _rate_by_jacobian() -> float:
    """Largest eigenvalue of the finite-difference Jacobian of one EM step at the limit."""
    jac = numdiff.jacobian(lambda t: em.coin_em(_HEADS, _TOSSES, t, n_steps=1)[1], _HAT)
    return float(np.max(np.linalg.eigvals(jac).real))


def _se_by_hessian() -> float:
    """SE of theta_A from a finite-difference Hessian of the log-likelihood."""
    hess = numdiff.hessian(_coin_log_lik, _HAT)
    return float(np.sqrt(np.linalg.inv(-hess)[0, 0]))


def _se_choice() -> int:
    """Option index of the matrix whose inverse gives the finite-difference standard errors."""
    se_fd = np.sqrt(np.diag(np.linalg.inv(-numdiff.hessian(_coin_log_lik, _HAT))))
    options = {0: _SE_COMPLETE, 1: _SE_LOUIS, 2: _SE_MISSING}
    return next(k for k, se in options.items() if np.allclose(se, se_fd, rtol=1e-4))


def _rate_of(sep: float) -> float:
    """EM's rate at the limit of the one-parameter mixture, 1 - J_N / N."""
    x = em.coupled_two_means_sample(sep)
    mu_hat = em.two_means_em(x, 1.0, n_steps=5000)[-1]
    return 1 - em.two_means_observed_information(mu_hat, x) / x.size


def _overlap_slow() -> int:
    """Option index: the rate is closer to 1 when the components overlap."""
    return 2 if _rate_of(_SEP_NEAR) > _rate_of(_SEP_FAR) else 0


def _repelling() -> int:
    """Option index: the slope of the EM map at 0 exceeds 1 when mean(x^2) > 1."""
    x = em.coupled_two_means_sample(_SEP_FAR)
    slope = numdiff.gradient(lambda m: em.two_means_em(x, m[0], n_steps=1)[1], [_BOUND_MU0])[0]
    return 0 if np.mean(x**2) > 1 and slope > 1 else 1


def _em_1d_by_hand(x, start, n_steps, *, prior=None, eps=0.0):
    """Objective values of 1-D EM written out with scipy densities (not ``helpers.em``).

    ``prior = (alpha, psi, nu)`` runs MAP-EM (Dirichlet(alpha) weights, inverse-Wishart(psi, nu)
    variances) and returns the log-posterior; otherwise ``eps`` is added to each variance after
    the M-step (``reg_covar``) and the log-likelihood is returned.
    """
    w, m, v = (np.asarray(a, dtype=float) for a in start)

    def objective():
        ll = np.sum(np.log(np.sum(w * stats.norm.pdf(x[:, None], m, np.sqrt(v)), axis=1)))
        if prior is None:
            return ll
        alpha, psi, nu = prior
        log_prior = stats.dirichlet.logpdf(w, np.full(w.size, alpha))
        return ll + log_prior + sum(stats.invwishart.logpdf(vj, df=nu, scale=psi) for vj in v)

    values = [objective()]
    for _ in range(n_steps):
        joint = w * stats.norm.pdf(x[:, None], m, np.sqrt(v))
        r = joint / joint.sum(axis=1, keepdims=True)
        n_j = r.sum(axis=0)
        m = (r * x[:, None]).sum(axis=0) / n_j
        scatter = (r * (x[:, None] - m) ** 2).sum(axis=0)
        if prior is None:
            w, v = n_j / x.size, scatter / n_j + eps
        else:
            alpha, psi, nu = prior
            w = (n_j + alpha - 1) / (x.size + w.size * (alpha - 1))
            v = (scatter + psi) / (n_j + nu + 2)  # d = 1: N_j + nu + d + 1
        values.append(objective())
    return np.array(values)


def _map_monotone() -> int:
    """Option index: MAP-EM's log-posterior never falls, reg_covar's likelihood does.

    Both runs are written out by hand with scipy densities, independently of ``helpers.em``.
    """
    x = np.array([-1.2, -0.4, 0.1, 0.7, 1.3, 6.0])
    start = ([0.8, 0.2], [0.0, 6.0], [1.0, 0.01])
    post = _em_1d_by_hand(x, start, 300, prior=(2.0, 0.5, 3.0))
    reg = _em_1d_by_hand(x, start, 300, eps=0.1)
    map_ok = np.all(np.diff(post) >= -1e-12 * np.abs(post[:-1]))
    reg_falls = np.any(np.diff(reg) < 0)
    return 3 if map_ok and reg_falls else 0


QUESTIONS = (
    Numeric(
        "For the two coins of the chapter, EM converges linearly. What is its rate, the largest "
        "eigenvalue of $J_M(\\theta^\\star) = \\mathcal I_c^{-1}\\mathcal I_m$ at the limit? "
        "Give three significant digits.",
        value=_RATE,
        feedback=(
            "Each iteration keeps about this fraction of the remaining error; the Jacobian "
            "of one EM step, by finite differences, has the same largest eigenvalue."
        ),
        wrong=(
            WrongValue(
                1 - _RATE,
                "That is the fraction of the error removed per iteration, 1 minus the rate; "
                "the rate is the fraction that remains.",
            ),
        ),
        check=_rate_by_jacobian,
    ),
    Numeric(
        "What is the large-sample standard error of $\\hat\\theta_A$ for the two coins, from "
        "Louis' formula $\\mathcal J_N = \\mathcal I_c - \\mathcal I_m$? Give three significant "
        "digits.",
        value=float(_SE_LOUIS[0]),
        rtol=0.02,
        feedback=(
            "$\\sqrt{(\\mathcal J_N(\\hat\\theta)^{-1})_{AA}}$; a finite-difference Hessian "
            "of $\\ell$ gives the same. With five sets, read it as an illustration."
        ),
        wrong=(
            WrongValue(
                float(_SE_COMPLETE[0]),
                "That comes from $\\mathcal I_c$, as if the labels had been observed: it "
                "ignores the missing information and understates the uncertainty.",
            ),
        ),
        check=_se_by_hessian,
    ),
    MultipleChoice(
        "After EM has converged to an interior, regular maximum $\\hat\\theta$, the standard "
        "errors are the square roots of the diagonal of",
        (
            Choice(
                "$\\mathcal I_c(\\hat\\theta)^{-1}$",
                "The complete-data information treats the labels as observed, so its inverse "
                "is too small: it understates the uncertainty.",
            ),
            Choice(
                "$\\mathcal J_N(\\hat\\theta)^{-1} = (\\mathcal I_c - \\mathcal I_m)^{-1}$",
                "Right: the observed information, by Louis' formula.",
                correct=True,
            ),
            Choice(
                "$\\mathcal I_m(\\hat\\theta)^{-1}$",
                "The missing information alone is not the curvature of $\\ell$; it is what "
                "the labels would have added.",
            ),
        ),
        check=_se_choice,
    ),
    MultipleChoice(
        "In the mixture $\\tfrac12\\mathcal N(-\\mu, 1) + \\tfrac12\\mathcal N(\\mu, 1)$, "
        "when is EM's rate at the maximum close to 1 (slow)?",
        (
            Choice(
                "When the components are well separated",
                "Then the responsibilities are nearly 0 or 1, little information is missing, "
                "and the rate is near 0: EM is fast.",
            ),
            Choice(
                "Never: EM's rate does not depend on the data",
                "The rate $1 - \\mathcal J_N/\\mathcal I_c$ is the fraction of missing "
                "information, which depends on how much the data say about the labels.",
            ),
            Choice(
                "When the components overlap heavily",
                "Right: the data say little about the labels, most information is missing, "
                "and EM crawls.",
                correct=True,
            ),
        ),
        check=_overlap_slow,
    ),
    MultipleChoice(
        "In the same model with $\\overline{x^2} > 1$, the EM map has $M(0) = 0$ and "
        "$M'(0) = \\overline{x^2}$. What kind of fixed point is $\\mu = 0$?",
        (
            Choice(
                "Repelling: a start next to 0 is carried away, though a start at 0 stays",
                "Right: a slope above 1 pushes nearby iterates away; $\\mu = 0$ is a local "
                "minimum of $\\ell$.",
                correct=True,
            ),
            Choice(
                "Attracting, since EM never lowers the likelihood",
                "Monotonicity does not make a fixed point attract; a slope above 1 in "
                "modulus repels.",
            ),
            Choice(
                "Not a fixed point: EM always moves towards the maximum",
                "At $\\mu = 0$ every responsibility is $1/2$ and the M-step returns 0: it is a "
                "fixed point.",
            ),
        ),
        check=_repelling,
    ),
    MultipleChoice(
        "Which of these keeps EM's monotone guarantee?",
        (
            Choice(
                "Both `reg_covar` and MAP-EM, since both bound the variances away from zero",
                "Bounding the variances is not enough: `reg_covar` is the M-step of no fixed "
                "objective, and its likelihood can fall.",
            ),
            Choice(
                "`reg_covar` only",
                "Adding $\\varepsilon I$ after the M-step is no fixed prior; the likelihood "
                "can fall in an iteration.",
            ),
            Choice(
                "Neither: a prior breaks the argument",
                "With a fixed prior, $\\ell + \\log p(\\theta) = Q + \\log p(\\theta) + R$ and "
                "the same argument shows the log-posterior never falls.",
            ),
            Choice(
                "MAP-EM with a fixed prior, for the log-posterior",
                "Right: a fixed prior gives a fixed objective; `reg_covar` does not.",
                correct=True,
            ),
        ),
        check=_map_monotone,
    ),
)
