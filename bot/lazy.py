"""Package attributes imported on first use (PEP 562).

A stage's package re-exports its entry points, but importing the package must not import its heavy parts
(scipy, trafilatura, matplotlib, shapely): `frontline-digest --help`, the config and every module that needs one
small submodule would pay for all of them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from importlib import import_module
from typing import Any


def exports(package: str, where: Mapping[str, str]) -> Callable[[str], Any]:
    """A module `__getattr__` for `package` that imports each name from its module (`where`: name -> module)
    when it is first asked for."""

    def attribute(name: str) -> Any:
        module = where.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        return getattr(import_module(module), name)

    return attribute
