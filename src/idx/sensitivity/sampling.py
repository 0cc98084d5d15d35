"""Samplers of admissible weight vectors.

Three schemes, each drawing whole chunks with numpy:

``"uniform"``
    Exactly uniform over the set of admissible weights, by rejection.
    In a ``"simplex"`` space ``{lower <= w <= upper, sum w = 1}``, uniform points of
    the shifted simplex ``{w >= lower, sum w = 1}`` (normalised exponentials, i.e.
    Dirichlet(1), mapped affinely) are kept when they also respect the upper bounds;
    the acceptance rate is the volume ratio, about 22% for ``WeightSpace.around``
    with any spread (shrinking the spread shrinks both volumes alike). Pillars with
    ``lower == upper`` are set to that value and the others are uniform on what is
    left, so fixing a pillar does not empty the sample.
    In a ``"factors"`` space the admissible weights ``{f / sum f : lower <= f <=
    upper}`` are a polytope of the simplex too; "uniform" means uniform on that
    polytope (not on the box of factors, which is ``"jrc"``). Proposals are uniform
    on ``{w_j >= lower_j / (lower_j + sum_{k != j} upper_k)}``, which contains it, and
    kept when :meth:`WeightSpace.contains` holds: about 8% acceptance at +/-25%. With
    fewer than ``m - 1`` free factors the polytope has no volume and a
    :class:`SpaceError` says to use ``"jrc"``.
    When the acceptance rate is below ``1e-4`` a :class:`SpaceError` is raised
    rather than sampling for ever (no Markov-chain fallback: see the docs).
``"jrc"``
    The JRC/COINr audit scheme for a ``"factors"`` space: each factor uniform and
    independent within its bounds, then renormalised. Not uniform on the simplex:
    it is uniform on the box of factors, which is what Sobol indices assume.
``"dirichlet"``
    Dirichlet with mean at the reference weights and concentration ``kappa``
    (``alpha = kappa * reference``), restricted to the space by rejection. In a
    simplex space, fixed pillars are held and the Dirichlet is over the free ones.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from idx.errors import SpaceError
from idx.options import Sampler, choices
from idx.space import WeightSpace
from idx.validation import finite_number, one_of, positive_int

__all__ = ["SAMPLERS", "Sampler", "default_sampler", "sample_weights"]

SAMPLERS: tuple[Sampler, ...] = choices(Sampler)

# Below this acceptance rate rejection would take too long: the space is almost empty
# relative to what is proposed, and a clear error beats a silent hang.
_MIN_ACCEPTANCE = 1e-4


def default_sampler(space: WeightSpace) -> Sampler:
    """``"uniform"`` for a simplex space, ``"jrc"`` for a factors space."""
    return "uniform" if space.mode == "simplex" else "jrc"


def _check(space: WeightSpace, sampler: str) -> None:
    one_of("sampler", sampler, Sampler)
    free = int(_free(space).sum())
    if sampler != "jrc" and space.mode == "factors" and free < space.n_pillars - 1:
        msg = (
            f"sampler {sampler!r} needs at least {space.n_pillars - 1} free factors in a "
            f"'factors' space (got {free}): the admissible weights have no volume; use 'jrc'"
        )
        raise SpaceError(msg)
    if sampler == "jrc" and space.mode != "factors":
        msg = (
            "sampler 'jrc' draws independent factors and renormalises, which can leave a "
            "'simplex' space; use a 'factors' space (WeightSpace.around(..., mode='factors'))"
        )
        raise SpaceError(msg)


def _free(space: WeightSpace) -> NDArray[np.bool_]:
    """Pillars whose bounds leave room to move."""
    free: NDArray[np.bool_] = space.upper > space.lower
    return free


def _propose(
    space: WeightSpace, sampler: Sampler, size: int, rng: np.random.Generator, kappa: float
) -> NDArray[np.float64]:
    m = space.n_pillars
    if sampler == "jrc":
        f = rng.uniform(space.lower, space.upper, size=(size, m))
        out: NDArray[np.float64] = f / f.sum(axis=1, keepdims=True)
        return out
    if space.mode == "factors":
        # every admissible weight satisfies w_j >= l_j / (l_j + sum_{k != j} u_k): the
        # smallest share f_j can take when f_j is at its lower bound and the rest at theirs
        floor = space.lower / (space.lower + space.upper.sum() - space.upper)
        if sampler == "uniform":
            drawn: NDArray[np.float64] = floor + (1.0 - floor.sum()) * _uniform_simplex(
                rng, size, m
            )
        else:
            drawn = rng.dirichlet(kappa * np.asarray(space.reference), size=size)
        return drawn
    # simplex mode: fixed pillars are held at their value, the mass left goes to the free ones
    free = _free(space)
    out = np.empty((size, m))
    out[:, ~free] = space.lower[~free]
    left = 1.0 - space.lower.sum()
    k = int(free.sum())
    if k == 0:
        return out
    if sampler == "uniform":
        out[:, free] = space.lower[free] + left * _uniform_simplex(rng, size, k)
    else:
        reference = np.asarray(space.reference)[free]
        if k < m:
            reference = reference / reference.sum()
        share = rng.dirichlet(kappa * reference, size=size)
        out[:, free] = share * (1.0 - space.lower[~free].sum())
    return out


def _uniform_simplex(rng: np.random.Generator, size: int, k: int) -> NDArray[np.float64]:
    """Uniform points of the standard (k - 1)-simplex: normalised exponentials."""
    e = rng.standard_exponential((size, k))
    out: NDArray[np.float64] = e / e.sum(axis=1, keepdims=True)
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
    positive_int("n", n)
    _check(space, sampler)
    finite_number("kappa", kappa, low=0.0, low_open=True)
    if sampler == "jrc":
        return _propose(space, sampler, int(n), rng, kappa)
    kept: list[NDArray[np.float64]] = []
    have = proposed = 0
    batch = max(int(n), 1024)
    while have < n:
        w = _propose(space, sampler, batch, rng, kappa)
        proposed += batch
        if sampler == "uniform" and space.mode == "simplex":
            # proposals sum to 1 and respect the lower bounds and fixed pillars by construction
            inside = (w <= space.upper).all(axis=1)
        else:
            inside = space.contains(w)
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
