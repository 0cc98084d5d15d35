"""Seeds, per-chunk random streams and workers: what makes sampled output repeatable.

Seeds
-----
Every random method records the integer seed it used (:func:`seed_used`): an int is
kept; a ``numpy.random.Generator`` gives one draw of ``integers(2**63)``; None gives
fresh entropy (``SeedSequence().entropy``, a 128-bit integer). Passing the recorded
seed back repeats the run exactly.

Streams
-------
Scenario chunk ``i`` draws from its own stream, ``SeedSequence(seed, spawn_key=(i,))``,
which is the ``i``-th child of ``SeedSequence(seed).spawn(...)``: keyed by the chunk's
index, not by who computes it or when, so the output is the same for any number of
workers and any map.

Workers
-------
``workers`` follows scipy's convention (``scipy.optimize.differential_evolution``):
``1`` runs in the calling thread, an int ``k > 1`` uses a pool of ``k`` threads
(``-1``: one per CPU), and any map-like callable (``multiprocessing.Pool(4).map``,
``concurrent.futures.ProcessPoolExecutor().map``, a Dask client's map wrapped in a
function) is called as ``workers(func, iterable)``; its results must come back in
order, as the built-in ``map`` returns them. Threads suffice for the heavy work: numpy
releases the GIL in its large array operations and the compiled kernel runs
without it.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from contextlib import contextmanager
from typing import Any, TypeVar

import numpy as np

from idx.errors import IdxError
from idx.validation import got, random_seed

__all__ = ["MapLike", "chunk_rng", "mapper", "seed_used", "worker_count"]

_T = TypeVar("_T")
_R = TypeVar("_R")

#: A map-like callable: ``workers(func, iterable)`` returns ``func``'s results in order.
MapLike = Callable[[Callable[[Any], Any], Iterable[Any]], Iterable[Any]]


def seed_used(seed: object) -> int:
    """The integer seed a run uses for ``seed`` (int, Generator or None), validated."""
    checked = random_seed("seed", seed)
    if isinstance(checked, np.random.Generator):
        return int(checked.integers(2**63))
    if checked is None:
        entropy = np.random.SeedSequence().entropy
        assert isinstance(entropy, int)
        return entropy
    return checked


def chunk_rng(seed: int, chunk: int) -> np.random.Generator:
    """The generator of scenario chunk ``chunk``: child ``chunk`` of ``SeedSequence(seed)``."""
    return np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(chunk,)))


def worker_count(workers: object) -> int | None:
    """The number of threads an int ``workers`` asks for; None for a map-like callable.

    Raises an :class:`IdxError` for anything else (0, -2, 1.5, "2").
    """
    if callable(workers):
        return None
    if isinstance(workers, bool) or not isinstance(workers, (int, np.integer)):
        pass
    elif workers == -1:
        return os.cpu_count() or 1
    elif workers >= 1:
        return int(workers)
    msg = (
        "'workers' must be a positive integer, -1 (one per CPU) or a map-like callable "
        f"(got {got(workers)})"
    )
    raise IdxError(msg)


@contextmanager
def mapper(
    workers: object, *, processes: bool = False
) -> Iterator[Callable[[Callable[[_T], _R], Iterable[_T]], Iterable[_R]]]:
    """A map for ``workers`` (see the module documentation); a pool is shut down on exit.

    ``processes=True`` makes an int ask for a process pool instead of threads, for
    work that holds the GIL or a process-wide resource (the LP/MILP solvers' silenced
    stdout is one file descriptor per process).
    """
    count = worker_count(workers)
    if count is None:
        yield workers  # type: ignore[misc]
    elif count == 1:
        yield map
    elif processes:
        with ProcessPoolExecutor(max_workers=count) as processes_pool:
            yield processes_pool.map
    else:
        with ThreadPoolExecutor(max_workers=count) as pool:
            yield pool.map
