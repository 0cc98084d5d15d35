"""Samplers of admissible weight vectors.

Three schemes, each drawing whole chunks with numpy:

``"uniform"``
    Exactly uniform over a ``"simplex"`` space ``{lower <= w <= upper, sum w = 1}``.
    Uniform points of the shifted simplex ``{w >= lower, sum w = 1}`` (normalised
    exponentials, i.e. Dirichlet(1), mapped affinely) are kept when they also
    respect the upper bounds: rejection sampling, exact, with acceptance equal to
    the volume ratio (about 22% for the 2017 weights +/-25%).
``"jrc"``
    The JRC/COINr audit scheme for a ``"factors"`` space: each factor uniform and
    independent within its bounds, then renormalised. Not uniform on the simplex:
    it is uniform on the box of factors, which is what Sobol indices assume.
``"dirichlet"``
    Dirichlet with mean at the reference weights and concentration ``kappa``
    (``alpha = kappa * reference``), restricted to the space by rejection.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
from numpy.typing import NDArray

from idx.errors import IdxError, SpaceError
from idx.space import WeightSpace

__all__ = ["SAMPLERS", "Sampler", "default_sampler", "sample_weights"]

Sampler = Literal["uniform", "jrc", "dirichlet"]
SAMPLERS: tuple[Sampler, ...] = ("uniform", "jrc", "dirichlet")

# Below this acceptance rate rejection would take too long: the space is almost empty
# relative to what is proposed, and a clear error beats a silent hang.
_MIN_ACCEPTANCE = 1e-4


def default_sampler(space: WeightSpace) -> Sampler:
    """``"uniform"`` for a simplex space, ``"jrc"`` for a factors space."""
    return "uniform" if space.mode == "simplex" else "jrc"


def _check(space: WeightSpace, sampler: str) -> None:
    if sampler not in SAMPLERS:
        msg = f"'sampler' must be one of {', '.join(SAMPLERS)} (got {sampler!r})"
        raise IdxError(msg)
    if sampler == "uniform" and space.mode != "simplex":
        msg = "sampler 'uniform' needs a 'simplex' space; sample a 'factors' space with 'jrc'"
        raise SpaceError(msg)
    if sampler == "jrc" and space.mode != "factors":
        msg = (
            "sampler 'jrc' draws independent factors and renormalises, which can leave a "
            "'simplex' space; use a 'factors' space (WeightSpace.around(..., mode='factors'))"
        )
        raise SpaceError(msg)


def _propose(
    space: WeightSpace, sampler: Sampler, size: int, rng: np.random.Generator, kappa: float
) -> NDArray[np.float64]:
    m = space.n_pillars
    if sampler == "jrc":
        f = rng.uniform(space.lower, space.upper, size=(size, m))
        out: NDArray[np.float64] = f / f.sum(axis=1, keepdims=True)
        return out
    if sampler == "uniform":
        e = rng.standard_exponential((size, m))
        v = e / e.sum(axis=1, keepdims=True)
        out = space.lower + (1.0 - space.lower.sum()) * v
        return out
    alpha = kappa * np.asarray(space.reference)
    out = rng.dirichlet(alpha, size=size)
    return out


def sample_weights(
    space: WeightSpace,
    n: int,
    *,
    sampler: Sampler | None = None,
    seed: int | np.random.Generator | None = None,
    kappa: float = 100.0,
) -> NDArray[np.float64]:
    """Draw ``n`` admissible weight vectors.

    Parameters
    ----------
    space : WeightSpace
    n : int
    sampler : {"uniform", "jrc", "dirichlet"}, optional
        Default: ``"uniform"`` for a simplex space, ``"jrc"`` for a factors space.
    seed : int, Generator or None
    kappa : float
        Dirichlet concentration (``"dirichlet"`` only).

    Returns
    -------
    ndarray, shape (n, n_pillars)

    References
    ----------
    .. [1] Rubinstein, R. Y. and Kroese, D. P. (2016). Simulation and the Monte Carlo
       Method, 3rd ed., sections 2.5 (rejection) and 4.3 (uniform on the simplex).
    .. [2] Saisana, M., Saltelli, A. and Tarantola, S. (2005). Uncertainty and
       sensitivity analysis techniques as tools for the quality assessment of
       composite indicators. J. R. Stat. Soc. A 168(2), 307-323.
    """
    rng = np.random.default_rng(seed)
    return _draw(space, n, sampler or default_sampler(space), rng, kappa)


def _draw(
    space: WeightSpace, n: int, sampler: Sampler, rng: np.random.Generator, kappa: float
) -> NDArray[np.float64]:
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n <= 0:
        msg = f"'n' must be a positive integer (got {n!r})"
        raise IdxError(msg)
    _check(space, sampler)
    if not np.isfinite(kappa) or kappa <= 0:
        msg = f"'kappa' must be > 0 (got {kappa!r})"
        raise IdxError(msg)
    if sampler == "jrc":
        return _propose(space, sampler, int(n), rng, kappa)
    kept: list[NDArray[np.float64]] = []
    have = proposed = 0
    batch = max(int(n), 1024)
    while have < n:
        w = _propose(space, sampler, batch, rng, kappa)
        proposed += batch
        # uniform proposals already sum to 1 and respect the lower bounds by construction
        inside = (w <= space.upper).all(axis=1) if sampler == "uniform" else space.contains(w)
        w = w[inside]
        kept.append(w)
        have += len(w)
        if proposed >= 1_000_000 and have / proposed < _MIN_ACCEPTANCE:
            msg = (
                f"sampler {sampler!r} accepts only {have / proposed:.2g} of its proposals "
                "in this space; widen the bounds or use another sampler"
            )
            raise SpaceError(msg)
        rate = max(have / proposed, _MIN_ACCEPTANCE)
        batch = int(min(4_000_000, max(1024, 1.2 * (n - have) / rate)))
    return np.concatenate(kept)[:n]
