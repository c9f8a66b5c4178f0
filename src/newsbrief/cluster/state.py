"""A paused :class:`~.events.EventClusterer`, saved so a stream can go on in another process.

The clusterer is a stream in publication order, so articles that all come after everything it
has read can be fed to it later with exactly the result of feeding everything in one go; the
store saves one (:meth:`newsbrief.store.Store.regroup`) so adding a few articles to a large
archive does not recompute the features of every stored article.

The state is a pickle read back by an unpickler that builds only the classes a clusterer is
made of (this package's records, NumPy arrays, datasketch's LSH index, a few builtins) and
refuses anything else, so a store file from elsewhere cannot run code when it is opened; a
state made by other code or parameters (:func:`fingerprint`) is refused too, and the caller
then starts over from the articles.
"""

from __future__ import annotations

import hashlib
import io
import pickle
from typing import Any

from .events import EventClusterer
from .params import ClusterParams

FORMAT = 1  # bump when the clusterer's attributes change

# (module, name) the state may name; classes are built, the functions are called by pickle
_ALLOWED = {
    ("builtins", "list"), ("builtins", "set"), ("builtins", "frozenset"), ("builtins", "dict"),
    ("builtins", "tuple"),
    ("collections", "defaultdict"), ("collections", "deque"), ("collections", "OrderedDict"),
    ("datetime", "date"),
    ("numpy", "dtype"), ("numpy", "ndarray"), ("numpy._core.numeric", "_frombuffer"),
    ("numpy.core.numeric", "_frombuffer"), ("numpy._core.multiarray", "_reconstruct"),
    ("numpy.core.multiarray", "_reconstruct"), ("numpy._core.multiarray", "scalar"),
    ("datasketch.lean_minhash", "LeanMinHash"), ("datasketch.lsh", "MinHashLSH"),
    ("datasketch.minhash", "MinHash"), ("datasketch.storage", "DictListStorage"),
    ("datasketch.storage", "DictSetStorage"),
    ("newsbrief.cluster.dedup", "Deduplicator"), ("newsbrief.cluster.events", "EventClusterer"),
    ("newsbrief.cluster.events", "_Group"), ("newsbrief.cluster.features", "Features"),
    ("newsbrief.cluster.features", "Featurizer"), ("newsbrief.cluster.features", "identity"),
    ("newsbrief.cluster.online", "Level"), ("newsbrief.cluster.online", "Vector"),
    ("newsbrief.cluster.online", "_Cluster"), ("newsbrief.cluster.params", "ClusterParams"),
    ("newsbrief.cluster.params", "DedupParams"), ("newsbrief.cluster.params", "LevelParams"),
}
# datasketch's index pickles one bound method of itself
_ATTRIBUTES = {"_byteswap", "_hashed_byteswap"}


class StateError(ValueError):
    """The saved state cannot be used (damaged, foreign, or made by other code)."""


def fingerprint(params: ClusterParams | None = None) -> str:
    """What a state must have been made with: this format, this version, these parameters."""
    from .. import __version__

    text = f"{FORMAT}|{__version__}|{params or ClusterParams()!r}"
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _getattr(obj: object, name: str) -> Any:
    from datasketch import MinHashLSH

    if isinstance(obj, MinHashLSH) and name in _ATTRIBUTES:
        return getattr(obj, name)
    raise StateError(f"unexpected attribute {name!r} in a clusterer state")


class _Unpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> Any:
        if (module, name) == ("builtins", "getattr"):
            return _getattr
        if (module, name) not in _ALLOWED:
            raise StateError(f"unexpected {module}.{name} in a clusterer state")
        return super().find_class(module, name)


def dumps(clusterer: EventClusterer) -> bytes:
    """The clusterer's state (its progress callback left out); it is not changed."""
    return pickle.dumps(clusterer, protocol=5)


def loads(blob: bytes) -> EventClusterer:
    """A clusterer back from :func:`dumps`; :class:`StateError` when it is anything else."""
    try:
        clusterer = _Unpickler(io.BytesIO(blob)).load()
    except StateError:
        raise
    except Exception as exc:  # noqa: BLE001  (a damaged blob can fail in many ways)
        raise StateError(f"damaged clusterer state ({type(exc).__name__})") from None
    if not isinstance(clusterer, EventClusterer):
        raise StateError("the saved state is not an event clusterer")
    return clusterer
