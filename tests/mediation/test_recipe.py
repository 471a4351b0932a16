"""The recipe in kind.py's docstring runs as written and earns the example subsidy."""

import textwrap

import casework_mediation.kind as kind
from casework_mediation.subsidy import compute


def test_recipe_runs():
    doc = kind.__doc__ or ""
    code = doc.split("::\n", 1)[1].split("\nEvents are", 1)[0]
    scope: dict = {}
    exec(textwrap.dedent(code).replace('"./book"', '":memory:"'), scope)
    book, case = scope["book"], scope["case"]
    assert book.get(case.id).state == "archived"
    assert compute(book, 2020).total == 150
