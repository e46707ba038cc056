"""A query compiled to SQL once per worker and run with each request's values.

Django compiles a QuerySet to SQL every time it is evaluated. For the routing query (the page
being served, with its ~80 columns in three languages) that compile is about half the CPU the
query costs (docs/benchmarks.md, "What each optimisation bought"). ``CompiledQuery`` builds the
QuerySet once per key with stand-in values, keeps Django's SQL and parameters, and runs that SQL
with the real values through Django's public ``Model.objects.raw()``, which builds the instances
(field converters included) as a normal query would.

It relies on ``Query.sql_with_params()`` passing each value as a parameter of its own (a string
value of a ``startswith`` lookup as a LIKE pattern): compiling refuses, with a RuntimeError,
SQL in which a stand-in is missing from the parameters or written into the SQL text, and
tests/test_compiled_query.py compares its results with the QuerySet's own.
"""

from django.db import connection


def _stand_in(value, index):
    """A value no caller passes and LIKE escaping leaves alone: a number between private-use
    characters, or a positive int far outside the tree's depths and ids (still a 32-bit one)."""
    return f"\ue000{index}\ue000" if isinstance(value, str) else 2_000_000_000 + index


class CompiledQuery:
    """``build(*key, **values)`` returns a QuerySet; ``first(*key, **values)`` returns its first
    row as a model instance (or None), compiling once per `key`. Values are str or int."""

    def __init__(self, build):
        self.build = build
        self._compiled = {}

    def first(self, *key, **values):
        compiled = self._compiled.get(key)
        if compiled is None:
            compiled = self._compiled[key] = self._compile(key, values)
        model, sql, slots = compiled
        params = [param if name is None else _fill(param, stand_in, values[name]) for param, name, stand_in in slots]
        return next(iter(model.objects.raw(sql, params)), None)

    def _compile(self, key, values):
        """The model, Django's SQL, and per parameter: (Django's parameter, the name of the value
        it holds or None, that value's stand-in)."""
        stand_ins = {name: _stand_in(value, index) for index, (name, value) in enumerate(sorted(values.items()))}
        queryset = self.build(*key, **stand_ins)
        sql, params = queryset.query.sql_with_params()
        slots = [(param, *_holding(param, stand_ins)) for param in params]
        found = {name for _param, name, _stand_in in slots if name is not None}
        in_text = [name for name, value in stand_ins.items() if isinstance(value, str) and value in sql]
        if found != set(stand_ins) or in_text:
            raise RuntimeError(
                f"CompiledQuery for {key!r}: values {sorted(set(stand_ins) - found)} are not SQL parameters "
                f"and {in_text} are written into the SQL; check kennisbank/content/compiled_query.py "
                "against the installed Django."
            )
        return queryset.model, sql, slots


def _holding(param, stand_ins):
    """(name, stand-in) of the value a parameter holds, or (None, None) for Django's own."""
    for name, stand_in in stand_ins.items():
        if param == stand_in or (isinstance(stand_in, str) and isinstance(param, str) and stand_in in param):
            return name, stand_in
    return None, None


def _fill(param, stand_in, value):
    """The parameter with the request's value in place of the stand-in: an int keeps the type
    Django gave it (psycopg's Int4); in a LIKE pattern ("<value>%") the value is escaped as
    Django escapes it there."""
    if param == stand_in:
        return type(param)(value)
    return param.replace(stand_in, connection.ops.prep_for_like_query(value))
