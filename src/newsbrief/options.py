"""One options object, validated once, shared by the CLI and the Python API."""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

from .types import Budget

FORMATS = ("markdown", "json", "html")


class OptionsError(ValueError):
    """An option has a value that cannot be used."""


@dataclass(frozen=True)
class Options:
    """Settings of a run.

    ``words``/``sentences`` bound the summary (``sentences`` wins when given);
    ``summarizer`` names an entry of :func:`newsbrief.summarize.available`;
    ``query`` focuses the summary on a topic; ``events`` splits many articles
    into events and briefs each (``"auto"``: only when there are more than one).
    """

    words: int = 100
    sentences: int | None = None
    summarizer: str = "newsbrief"
    query: str | None = None
    format: str = "markdown"
    events: str = "auto"  # "auto" | "always" | "never"
    story: bool = True
    cite_threshold: float = 0.5

    def __post_init__(self) -> None:
        if not isinstance(self.words, int) or self.words < 1:
            raise OptionsError(f"words must be a positive integer, got {self.words!r}")
        if self.sentences is not None and (not isinstance(self.sentences, int) or self.sentences < 1):
            raise OptionsError(f"sentences must be a positive integer, got {self.sentences!r}")
        if self.format not in FORMATS:
            raise OptionsError(f"format must be one of {', '.join(FORMATS)}, got {self.format!r}")
        if self.events not in ("auto", "always", "never"):
            raise OptionsError(f"events must be auto, always or never, got {self.events!r}")
        if not 0.0 < self.cite_threshold <= 1.0:
            raise OptionsError(f"cite_threshold must be in (0, 1], got {self.cite_threshold!r}")
        from .summarize import available

        if self.summarizer not in available():
            raise OptionsError(
                f"unknown summarizer {self.summarizer!r}; choose one of {', '.join(available())}"
            )

    @property
    def budget(self) -> Budget:
        if self.sentences is not None:
            return Budget(words=None, sentences=self.sentences)
        return Budget(words=self.words, sentences=None)

    @classmethod
    def from_mapping(cls, values: dict[str, Any]) -> Options:
        """Build options from a mapping (argparse namespace vars, JSON body), ignoring extra keys."""
        names = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in values.items() if k in names and v is not None})
