"""Samplers of admissible weight vectors.

Three schemes, each drawing whole chunks with numpy:

``"uniform"``
    Exactly uniform over the set of admissible weights.

    In a ``"simplex"`` space ``{lower <= w <= upper, sum w = 1}`` the bounds are first
    tightened against each other (``upper_j <= 1 - sum of the other lowers``, and
    likewise for the lowers); pillars left with no room are held at their value and
    ``c`` is what the others share. Two exact proposals are compared and the one with
    the higher acceptance is used:

    - *elimination*: the free weights other than the widest one are uniform in their
      boxes and the widest is ``c - sum(others)``, kept when it is within its bounds.
      Dropping one coordinate of the hyperplane ``sum w = c`` is an affine map with a
      constant Jacobian, so the kept points are exactly uniform. Its acceptance is
      ``P(c - upper_k <= S <= c - lower_k)`` for S the sum of the other uniforms: the
      CDF of a sum of uniforms, by inclusion-exclusion (:func:`_sum_of_uniforms_cdf`);
      about 0.79 for ``WeightSpace.around`` with any spread up to 100%.
    - *Dirichlet(1)*: uniform points of the shifted simplex ``{w >= lower, sum w =
      c}`` (normalised exponentials, mapped affinely), kept when ``w <= upper``: the
      better choice on the whole simplex, where it accepts everything.

    In a ``"factors"`` space the admissible weights ``{f / sum f : lower <= f <=
    upper}`` are a polytope of the simplex; "uniform" means uniform on that polytope
    (not on the box of factors, which is ``"jrc"``). Every ray from 0 through the box
    leaves it through exactly one upper face ``f_j = upper_j``, so the upper faces,
    projected onto the simplex, tile the polytope. Each face is cut into simplices by
    Kuhn's triangulation (one per order of the other free factors: ``m!`` simplices
    with ``m`` free factors, ``(m - 1)!`` when one factor is fixed and the box itself
    is the face); central projection maps each to a simplex of the polytope, whose
    volume is proportional to ``|det|`` of its normalised vertices. A draw picks a
    simplex with probability proportional to its volume (``Generator.choice``) and a
    uniform point in it (barycentric coordinates from the spacings of sorted
    uniforms): exactly uniform, nothing rejected. With 9 or more free factors
    (``9! = 362,880`` simplices) idx falls back to rejection: proposals uniform on
    ``{w_j >= lower_j / (lower_j + sum_{k != j} upper_k)}``, kept when
    :meth:`WeightSpace.contains` holds (about 8% acceptance at +/-25%). With fewer
    than ``m - 1`` free factors the polytope has no volume and a :class:`SpaceError`
    says to use ``"jrc"``.
``"jrc"``
    The JRC/COINr audit scheme for a ``"factors"`` space: each factor uniform and
    independent within its bounds, then renormalised. Not uniform on the simplex:
    it is uniform on the box of factors, which is what Sobol indices assume.
``"dirichlet"``
    Dirichlet with mean at the reference weights and concentration ``kappa``
    (``alpha = kappa * reference``), restricted to the space by rejection. In a
    simplex space, fixed pillars are held and the Dirichlet is over the free ones.

Wherever rejection is used and the acceptance rate is below ``1e-4`` a
:class:`SpaceError` is raised rather than sampling for ever (no Markov-chain fallback:
see the docs). The acceptance of the uniform samplers is known before any draw, so
that error comes up front.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from idx.errors import SpaceError
from idx.options import Sampler, choices
from idx.space import WeightSpace
from idx.validation import finite_number, one_of, positive_int, random_seed

__all__ = ["SAMPLERS", "Sampler", "default_sampler", "plan", "sample_weights"]

SAMPLERS: tuple[Sampler, ...] = choices(Sampler)

# Below this acceptance rate rejection would take too long: the space is almost empty
# relative to what is proposed, and a clear error beats a silent hang.
_MIN_ACCEPTANCE = 1e-4

# Kuhn's triangulation has m! simplices with m free factors: 40,320 for 8 (a 20 MB
# table), 362,880 for 9. From 9 free factors on, rejection is used instead.
_MAX_KUHN_FREE = 8

# Inclusion-exclusion over 2**k subsets gives the elimination sampler's acceptance
# exactly up to k = 12 other free pillars; beyond, both acceptances are estimated from
# a fixed pilot sample (so the choice is still a function of the space alone).
_MAX_EXACT_TERMS = 12
_PILOT = 20_000

# Proposals drawn at once are capped at this many cells (16 MiB of float64), so a
# space with many pillars or a low acceptance never allocates more.
_PROPOSAL_CELLS = 1 << 21


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


def _row_sums(a: NDArray[np.float64], skip: int = -1) -> NDArray[np.float64]:
    """Each row's sum, column by column from the left (leaving out column ``skip``).

    The same bits as ``a.sum(axis=1)`` for rows of fewer than 8 (numpy sums short
    rows left to right), several times faster on narrow arrays.
    """
    columns = [j for j in range(a.shape[1]) if j != skip]
    if a.shape[1] >= 8:
        # numpy sums 8 or more in pairs: leave it to numpy to keep its bits
        if skip < 0:
            summed: NDArray[np.float64] = a.sum(axis=1)
            return summed
        rest: NDArray[np.float64] = a[:, columns].sum(axis=1)
        return rest
    total: NDArray[np.float64] = a[:, columns[0]].copy()
    for j in columns[1:]:
        total += a[:, j]
    return total


def _uniform_simplex(rng: np.random.Generator, size: int, k: int) -> NDArray[np.float64]:
    """Uniform points of the standard (k - 1)-simplex: normalised exponentials."""
    e: NDArray[np.float64] = rng.standard_exponential((size, k))
    e /= e.sum(axis=1, keepdims=True)
    return e


def _sum_of_uniforms_cdf(t: float, widths: NDArray[np.float64]) -> float:
    """``P(U_1 + ... + U_k <= t)`` for independent ``U_j ~ U[0, widths_j]``.

    Inclusion-exclusion over the subsets J of the uniforms:
    ``sum_J (-1)^|J| max(t - sum_J widths, 0)^k / (k! prod widths)``.
    """
    k = len(widths)
    if k == 0:
        return 1.0 if t >= 0 else 0.0
    total = float(widths.sum())
    if t <= 0:
        return 0.0
    if t >= total:
        return 1.0
    terms = []
    for size in range(k + 1):
        for subset in itertools.combinations(range(k), size):
            rest = t - float(widths[list(subset)].sum())
            if rest > 0:
                terms.append((-1) ** size * rest**k)
    value = math.fsum(terms) / (math.factorial(k) * math.prod(float(a) for a in widths))
    return min(1.0, max(0.0, value))


@dataclass(frozen=True)
class _SamplerPlan:
    """Everything a sampler needs, worked out once per space: drawing is then cheap.

    ``method`` names the proposal: ``"jrc"``, ``"elimination"``, ``"dirichlet1"``
    (uniform via Dirichlet(1)), ``"kuhn"``, ``"rejection"`` (uniform on a factors space
    by rejection) or ``"dirichlet"``. ``acceptance`` is the exact (or, beyond 12 free
    pillars, estimated) share of proposals kept, 1.0 where nothing is rejected.
    """

    space: WeightSpace
    sampler: Sampler
    method: str
    acceptance: float
    kappa: float = 100.0
    lower: NDArray[np.float64] = field(default_factory=lambda: np.zeros(0))
    upper: NDArray[np.float64] = field(default_factory=lambda: np.zeros(0))
    free: NDArray[np.intp] = field(default_factory=lambda: np.zeros(0, dtype=np.intp))
    eliminated: int = -1
    share: float = 1.0
    vertices: NDArray[np.float64] = field(default_factory=lambda: np.zeros((0, 0, 0)))
    probabilities: NDArray[np.float64] = field(default_factory=lambda: np.zeros(0))
    alias: NDArray[np.intp] = field(default_factory=lambda: np.zeros(0, dtype=np.intp))

    width: NDArray[np.float64] = field(default_factory=lambda: np.zeros(0))
    base: NDArray[np.float64] = field(default_factory=lambda: np.zeros(0))

    def __post_init__(self) -> None:
        if self.method == "elimination" and len(self.width) == 0:
            # the range of each drawn weight: 0 for held ones and the eliminated one
            width = np.zeros(self.space.n_pillars)
            others = self.free[self.free != self.eliminated]
            width[others] = self.upper[others] - self.lower[others]
            base = self.lower.copy()
            if self.eliminated >= 0:
                base[self.eliminated] = 0.0
            object.__setattr__(self, "width", width)
            object.__setattr__(self, "base", base)

    def draw(self, n: int, rng: np.random.Generator) -> NDArray[np.float64]:
        """``n`` admissible weight vectors from ``rng``."""
        if self.method == "kuhn":
            return self._kuhn(n, rng)
        if self.method == "jrc":
            return self._propose(n, rng)
        kept: list[NDArray[np.float64]] = []

        def take(batch: int, need: int) -> int:
            w = self._propose(batch, rng)
            w = np.compress(self._inside(w), w, axis=0)
            kept.append(w)
            return len(w)

        self.rejection_loop(n, take)
        out: NDArray[np.float64] = kept[0][:n] if len(kept) == 1 else np.concatenate(kept)[:n]
        return out

    def rejection_loop(self, n: int, take: Callable[[int, int], int]) -> None:
        """Propose in batches until ``n`` are kept.

        ``take(batch, need)`` draws one batch of proposals and returns how many it
        kept (all of them, even beyond the ``need`` still wanted). Batch sizes follow
        the acceptance seen so far, so the stream of draws depends on the space and n
        alone: the compiled kernel replays exactly this loop on the same draws.
        """
        have = proposed = 0
        rate = max(self.acceptance, _MIN_ACCEPTANCE)
        cap = max(1024, _PROPOSAL_CELLS // self.space.n_pillars)
        while have < n:
            batch = int(min(cap, max(1024, 1.1 * (n - have) / rate + 64)))
            have += take(batch, n - have)
            proposed += batch
            if proposed >= 1_000_000 and have / proposed < _MIN_ACCEPTANCE:
                msg = (
                    f"sampler {self.sampler!r} accepts only {have / proposed:.2g} of its "
                    "proposals in this space; widen the bounds or use another sampler"
                )
                raise SpaceError(msg)
            rate = max(have / proposed, _MIN_ACCEPTANCE)

    def _inside(self, w: NDArray[np.float64]) -> NDArray[np.bool_]:
        if self.method == "elimination":
            k = self.eliminated
            keep: NDArray[np.bool_] = (w[:, k] >= self.lower[k]) & (w[:, k] <= self.upper[k])
            return keep
        if self.method == "dirichlet1":
            # proposals sum to 1 and respect the lower bounds and fixed pillars by construction
            inside: NDArray[np.bool_] = np.all(w[:, self.free] <= self.upper[self.free], axis=1)
            return inside
        contained: NDArray[np.bool_] = self.space.contains(w)
        return contained

    def _propose(self, size: int, rng: np.random.Generator) -> NDArray[np.float64]:
        space = self.space
        m = space.n_pillars
        if self.method == "jrc":
            # the same bits as rng.uniform(lower, upper, size) (low + range * u), which
            # holds the GIL with array bounds, and as f / f.sum(axis=1, keepdims=True)
            f = rng.random((size, m))
            f *= space.upper - space.lower
            f += space.lower
            f /= _row_sums(f)[:, None]
            return f
        if self.method == "elimination":
            # one uniform per pillar; the held and the eliminated pillar have width 0
            # (their draws are unused), which keeps every step a whole-array operation
            out = rng.random((size, m))
            out *= self.width
            out += self.base
            k = self.eliminated
            if k >= 0:
                np.subtract(1.0, _row_sums(out, skip=k), out=out[:, k])
            return out
        if self.method == "dirichlet1":
            out = np.empty((size, m))
            out[:] = self.lower
            left = self.share - self.lower[self.free].sum()
            out[:, self.free] += left * _uniform_simplex(rng, size, len(self.free))
            return out
        if self.method == "rejection":
            # every admissible weight satisfies w_j >= l_j / (l_j + sum_{k != j} u_k): the
            # smallest share f_j can take when f_j is at its lower bound and the rest at theirs
            floor = space.lower / (space.lower + space.upper.sum() - space.upper)
            drawn_f: NDArray[np.float64] = floor + (1.0 - floor.sum()) * _uniform_simplex(
                rng, size, m
            )
            return drawn_f
        # "dirichlet" around the reference weights
        if space.mode == "factors":
            dirichlet: NDArray[np.float64] = rng.dirichlet(
                self.kappa * np.asarray(space.reference), size=size
            )
            return dirichlet
        free = _free(space)
        out = np.empty((size, m))
        out[:, ~free] = space.lower[~free]
        k = int(free.sum())
        if k == 0:
            return out
        reference = np.asarray(space.reference)[free]
        if k < m:
            reference = reference / reference.sum()
        share = rng.dirichlet(self.kappa * reference, size=size)
        out[:, free] = share * (1.0 - space.lower[~free].sum())
        return out

    def _kuhn(self, n: int, rng: np.random.Generator) -> NDArray[np.float64]:
        m = self.space.n_pillars
        out = np.empty((n, m))
        step = max(1024, _PROPOSAL_CELLS // (m * m))
        for start in range(0, n, step):
            size = min(step, n - start)
            which = _alias_draw(self.probabilities, self.alias, size, rng)
            # normalised exponentials: uniform barycentric coordinates (Dirichlet(1))
            bary = rng.standard_exponential((size, m))
            bary /= _row_sums(bary)[:, None]
            np.einsum("sr,srj->sj", bary, self.vertices[which], out=out[start : start + size])
        return out


def plan(space: WeightSpace, sampler: Sampler, kappa: float = 100.0) -> _SamplerPlan:
    """Check ``sampler`` against ``space`` and work out how to draw from it.

    Raises a :class:`SpaceError` up front when the acceptance is known to be below
    ``1e-4``.
    """
    _check(space, sampler)
    finite_number("kappa", kappa, low=0.0, low_open=True)
    if sampler == "jrc":
        return _SamplerPlan(space, sampler, "jrc", 1.0, kappa)
    if sampler == "dirichlet":
        return _SamplerPlan(space, sampler, "dirichlet", 0.0, kappa)
    chosen = _simplex_plan(space) if space.mode == "simplex" else _factors_plan(space)
    if chosen.acceptance < _MIN_ACCEPTANCE:
        msg = (
            f"sampler 'uniform' would accept only {chosen.acceptance:.2g} of its proposals "
            "in this space; widen the bounds or use another sampler"
        )
        raise SpaceError(msg)
    return chosen


def _simplex_plan(space: WeightSpace) -> _SamplerPlan:
    lo, hi = space.lower, space.upper
    sum_lo, sum_hi = math.fsum(lo), math.fsum(hi)
    # each bound tightened against all the others
    lower = np.maximum(lo, 1.0 - (sum_hi - hi))
    upper = np.minimum(hi, 1.0 - (sum_lo - lo))
    upper = np.maximum(upper, lower)
    free = np.flatnonzero(upper > lower)
    held = np.setdiff1d(np.arange(space.n_pillars), free)
    share = 1.0 - math.fsum(lower[held])
    if len(free) <= 1:
        # at most one free weight: it takes what the held ones leave, nothing to reject
        lower, upper = lower.copy(), upper.copy()
        lower[free] = upper[free] = share
        return _SamplerPlan(space, "uniform", "elimination", 1.0, 100.0, lower, upper, free, -1)
    widths = upper[free] - lower[free]
    eliminated = int(free[np.argmax(widths)])
    others = free[free != eliminated]
    a = upper[others] - lower[others]
    start = share - math.fsum(lower[others])
    q = len(others)
    if q <= _MAX_EXACT_TERMS:
        p_elim = _sum_of_uniforms_cdf(start - lower[eliminated], a) - _sum_of_uniforms_cdf(
            start - upper[eliminated], a
        )
        # the same volume over the shifted simplex's, both in the coordinates of `others`:
        # volume of the space = p_elim * prod(a); of {w_O >= lower_O, sum w_O <= share -
        # lower_k} = (share - sum of the free lowers)^q / q!
        room = share - math.fsum(lower[free])
        p_dir = p_elim * math.prod(float(v) for v in a) * math.factorial(q) / room**q
    else:
        pilot = np.random.default_rng(0)
        probe = _SamplerPlan(
            space, "uniform", "elimination", 1.0, 100.0, lower, upper, free, eliminated, share
        )
        p_elim = float(probe._inside(probe._propose(_PILOT, pilot)).mean())
        probe = _SamplerPlan(
            space, "uniform", "dirichlet1", 1.0, 100.0, lower, upper, free, -1, share
        )
        p_dir = float(probe._inside(probe._propose(_PILOT, pilot)).mean())
    if p_dir > p_elim:
        return _SamplerPlan(
            space, "uniform", "dirichlet1", min(1.0, p_dir), 100.0, lower, upper, free, -1, share
        )
    return _SamplerPlan(
        space, "uniform", "elimination", p_elim, 100.0, lower, upper, free, eliminated, share
    )


def _factors_plan(space: WeightSpace) -> _SamplerPlan:
    m = space.n_pillars
    free = np.flatnonzero(_free(space))
    fixed = np.setdiff1d(np.arange(m), free)
    q = len(free)
    # one fixed factor at 0 leaves a polytope of lower dimension: rejection handles it
    degenerate = len(fixed) == 1 and space.lower[fixed[0]] == 0
    if q > _MAX_KUHN_FREE or degenerate:
        return _SamplerPlan(space, "uniform", "rejection", _rejection_acceptance(space))
    vertices = _kuhn_vertices(space, free)
    normalised = vertices / vertices.sum(axis=2, keepdims=True)
    # the cone over each simplex from 0 has volume |det| / m!; on the plane sum w = 1
    # the simplices' volumes are in the same proportions
    volume = np.abs(np.linalg.det(normalised))
    keep = volume > 0
    normalised, volume = normalised[keep], volume[keep]
    threshold, alias = _alias_table(volume / volume.sum())
    return _SamplerPlan(
        space,
        "uniform",
        "kuhn",
        1.0,
        100.0,
        vertices=np.ascontiguousarray(normalised),
        probabilities=threshold,
        alias=alias,
    )


def _alias_table(p: NDArray[np.float64]) -> tuple[NDArray[np.float64], NDArray[np.intp]]:
    """Walker's alias table for the probabilities ``p`` (Vose's construction).

    Draw ``i`` uniform in ``range(len(p))`` and ``u`` uniform in [0, 1): the outcome is
    ``i`` if ``u < threshold[i]``, else ``alias[i]``. Each outcome then has probability
    ``p``, in O(1) per draw; ``Generator.choice(p=...)`` searches the cumulative sums,
    which took most of the sampler's time with 720 simplices.

    References
    ----------
    .. [1] Vose, M. D. (1991). A linear algorithm for generating random numbers with
       a given distribution. IEEE Trans. Software Engineering 17(9), 972-975.
    """
    k = len(p)
    scaled = p * k
    threshold = np.ones(k)
    alias = np.arange(k, dtype=np.intp)
    small = [i for i in range(k) if scaled[i] < 1.0]
    large = [i for i in range(k) if scaled[i] >= 1.0]
    while small and large:
        s, g = small.pop(), large.pop()
        threshold[s] = scaled[s]
        alias[s] = g
        scaled[g] = (scaled[g] + scaled[s]) - 1.0
        (small if scaled[g] < 1.0 else large).append(g)
    # what is left has probability 1 up to rounding
    return threshold, alias


def _alias_draw(
    threshold: NDArray[np.float64], alias: NDArray[np.intp], size: int, rng: np.random.Generator
) -> NDArray[np.intp]:
    k = len(threshold)
    slot = rng.random(size)
    slot *= k
    which = slot.astype(np.intp)
    np.minimum(which, k - 1, out=which)
    # the fractional part is a fresh uniform in [0, 1), independent of the slot
    slot -= which
    chosen: NDArray[np.intp] = np.where(slot < threshold[which], which, alias[which])
    return chosen


def _kuhn_vertices(space: WeightSpace, free: NDArray[np.intp]) -> NDArray[np.float64]:
    """Kuhn simplices of the factor box's upper faces (or of the box, one factor fixed).

    Each simplex is ``m`` vertices: a start vertex, then the same with the factors of
    one order raised to their upper bounds one after the other.
    """
    m = space.n_pillars
    lo, hi = space.lower, space.upper
    faces: list[tuple[NDArray[np.float64], list[int]]] = []
    if len(free) == m:
        for j in range(m):
            start = lo.copy()
            start[j] = hi[j]
            faces.append((start, [int(k) for k in free if k != j]))
    else:
        faces.append((lo.copy(), [int(k) for k in free]))
    blocks = []
    for start, coords in faces:
        orders = np.array(list(itertools.permutations(coords)), dtype=np.intp)
        simplices = np.empty((len(orders), len(coords) + 1, m))
        simplices[:, 0, :] = start
        for r in range(len(coords)):
            simplices[:, r + 1, :] = simplices[:, r, :]
            rows = np.arange(len(orders))
            simplices[rows, r + 1, orders[:, r]] = hi[orders[:, r]]
        blocks.append(simplices)
    return np.concatenate(blocks)


def _rejection_acceptance(space: WeightSpace) -> float:
    """The rejection sampler's acceptance on a factors space, from a fixed pilot sample."""
    probe = _SamplerPlan(space, "uniform", "rejection", 1.0)
    w = probe._propose(_PILOT, np.random.default_rng(0))
    return float(space.contains(w).mean())


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
        An int >= 0 or a Generator; the draws are the Generator's next ones (for an int,
        those of ``numpy.random.default_rng(seed)``).
    kappa : float
        Dirichlet concentration (``"dirichlet"`` only).

    Returns
    -------
    ndarray, shape (n, n_pillars)

    References
    ----------
    .. [1] Rubinstein, R. Y. and Kroese, D. P. (2016). Simulation and the Monte Carlo
       Method, 3rd ed., sections 2.5 (rejection) and 4.3 (uniform on the simplex).
    .. [2] Kuhn, H. W. (1960). Some combinatorial lemmas in topology. IBM Journal of
       Research and Development 4(5), 518-524 (the triangulation of a cube).
    .. [3] Saisana, M., Saltelli, A. and Tarantola, S. (2005). Uncertainty and
       sensitivity analysis techniques as tools for the quality assessment of
       composite indicators. J. R. Stat. Soc. A 168(2), 307-323.
    """
    rng = np.random.default_rng(random_seed("seed", seed))
    return _draw(space, n, sampler or default_sampler(space), rng, kappa)


def _draw(
    space: WeightSpace, n: int, sampler: Sampler, rng: np.random.Generator, kappa: float
) -> NDArray[np.float64]:
    positive_int("n", n)
    return plan(space, sampler, kappa).draw(int(n), rng)
