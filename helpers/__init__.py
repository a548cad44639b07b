"""Numeric kernels for the book *Likelihood, information and learning*.

One module per topic, named for what it computes:

- :mod:`helpers.info`: entropy, cross-entropy, KL divergence (discrete and Gaussian)
- :mod:`helpers.coding`: Shannon and Huffman code lengths
- :mod:`helpers.gaussian_fit`: one Gaussian fitted to a mixture by forward or reverse KL
- :mod:`helpers.numdiff`: finite-difference gradients and Hessians, to check derivations
- :mod:`helpers.plotting`: the book's figure style; :mod:`helpers.widgets`: slider figures
"""

from helpers import coding, gaussian_fit, info, numdiff

__all__ = ["coding", "gaussian_fit", "info", "numdiff"]
__version__ = "0.1.0"
