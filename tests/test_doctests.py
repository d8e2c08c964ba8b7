"""The examples in docstrings run: every module of the installed ``peacekg`` package."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import peacekg

MODULES = sorted(
    info.name
    for info in pkgutil.walk_packages(peacekg.__path__, prefix="peacekg.")
    if not info.name.startswith(("peacekg.tests", "peacekg.bench", "peacekg.examples"))
)


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples failed in {name}"
