"""Numeric kernels for the book *Likelihood, information and learning*.

One module per topic, named for what it computes:

- :mod:`helpers.probability`: finite probability spaces with exact fractions, Bertrand's
  chords, Chebyshev, Hoeffding and Chernoff bounds
- :mod:`helpers.regression`: Gaussian and Laplace log-likelihoods, least squares, least
  absolute deviations, sandwich covariances, logistic regression by IRLS
- :mod:`helpers.info`: entropy, cross-entropy, KL divergence, joint and conditional entropy,
  mutual information (discrete and Gaussian)
- :mod:`helpers.coding`: Shannon and Huffman code lengths
- :mod:`helpers.gaussian_fit`: one Gaussian fitted to a mixture by forward or reverse KL
- :mod:`helpers.linear_algebra`: norms, subspaces, projections, change of basis, least
  squares by QR and by the normal equations
- :mod:`helpers.numdiff`: finite-difference and complex-step derivatives
- :mod:`helpers.optimize`: gradient descent, Newton, line searches, BFGS,
  Levenberg-Marquardt, test problems
- :mod:`helpers.constrained`: Lagrange and KKT solutions, dual functions
- :mod:`helpers.families`: Bernoulli, Poisson, Exponential, Normal (score, Hessian, Fisher)
- :mod:`helpers.fisher`: observed information, empirical Fisher, logistic curvature
- :mod:`helpers.asymptotics`: the MLE in large samples (Wald/score/LR, misspecification)
- :mod:`helpers.jensen`: chords and Jensen gaps
- :mod:`helpers.em`: EM for two coins and for Gaussian mixtures, MAP-EM, Louis' observed
  information
- :mod:`helpers.plotting`: the book's figure style; :mod:`helpers.widgets`: slider figures

Modules are imported on demand (``from helpers import em``), so ``import helpers`` stays
light.
"""

import importlib

__all__ = [
    "ConvergenceWarning",
    "asymptotics",
    "coding",
    "constrained",
    "em",
    "families",
    "fisher",
    "gaussian_fit",
    "info",
    "jensen",
    "linear_algebra",
    "numdiff",
    "optimize",
    "plotting",
    "probability",
    "regression",
    "widgets",
]
__version__ = "0.1.0"


def __getattr__(name):
    """Import a topic module on first use: ``helpers.em`` works after ``import helpers``."""
    if name == "ConvergenceWarning":
        from helpers._validate import ConvergenceWarning

        return ConvergenceWarning
    if name in __all__:
        return importlib.import_module(f"helpers.{name}")
    raise AttributeError(f"module 'helpers' has no attribute {name!r}")
