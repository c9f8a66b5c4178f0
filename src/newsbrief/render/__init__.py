"""Render a :class:`~newsbrief.types.Brief` as Markdown, JSON or a self-contained HTML page."""

from __future__ import annotations

import importlib

from ..types import Brief

__all__ = ["render"]


def render(brief: Brief, fmt: str = "markdown") -> str:
    module = {"markdown": "markdown", "md": "markdown", "json": "json", "html": "html"}.get(fmt)
    if module is None:
        raise ValueError(f"unknown format {fmt!r}; choose markdown, json or html")
    return importlib.import_module(f"newsbrief.render.{module}").render(brief)
