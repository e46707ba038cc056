"""A query compiled to SQL once per worker and run with each request's values.

Django compiles a QuerySet to SQL every time it is evaluated. For the routing query (the page
being served, with its ~80 columns in three languages) that compile was about half the CPU the
query cost, and ``Model.objects.raw()`` then spent as much again matching the columns to fields
on every run (docs/benchmarks.md, "What each optimisation bought"). ``CompiledQuery`` builds
the QuerySet once per key with stand-in values and keeps what Django's compiler made of it: the
SQL and parameters, and which columns are which fields, with their converters. A run executes
that SQL with the real values and makes the row an instance as Django's own ``ModelIterable``
does (``Model.from_db`` with every concrete field, then the annotations).

This is the one place that reads Django's SQL compiler (``select``, ``klass_info``,
``annotation_col_map``, ``get_converters``, ``apply_converters``) and relies on each value being
a parameter of its own (a string value of a ``startswith`` lookup as a LIKE pattern): compiling
refuses, with a RuntimeError, SQL in which a stand-in is missing from the parameters or written
into the SQL text, and tests/test_compiled_query.py compares every field of its results with the
QuerySet's own, so an upgrade of Django that changes these fails there.
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
        params = [param if name is None else _fill(param, stand_in, values[name])
                  for param, name, stand_in in compiled.slots]
        with connection.cursor() as cursor:
            cursor.execute(compiled.sql, params)
            row = cursor.fetchone()
        return None if row is None else compiled.instance(row)

    def _compile(self, key, values):
        stand_ins = {name: _stand_in(value, index) for index, (name, value) in enumerate(sorted(values.items()))}
        compiler = self.build(*key, **stand_ins).query.get_compiler(connection.alias)
        sql, params = compiler.as_sql()
        # Per parameter: Django's parameter, the name of the value it holds or None, its stand-in.
        slots = [(param, *_holding(param, stand_ins)) for param in params]
        found = {name for _param, name, _stand_in in slots if name is not None}
        in_text = [name for name, value in stand_ins.items() if isinstance(value, str) and value in sql]
        if found != set(stand_ins) or in_text:
            raise RuntimeError(
                f"CompiledQuery for {key!r}: values {sorted(set(stand_ins) - found)} are not SQL parameters "
                f"and {in_text} are written into the SQL; check kennisbank/content/compiled_query.py "
                "against the installed Django."
            )
        return _Compiled(compiler, sql, slots)


class _Compiled:
    """What Django's compiler made of a QuerySet, and how a row of it becomes an instance (as
    django.db.models.query.ModelIterable does it)."""

    def __init__(self, compiler, sql, slots):
        self.sql, self.slots, self.compiler = sql, slots, compiler
        self.model = compiler.klass_info["model"]
        fields = compiler.klass_info["select_fields"]
        self.start, self.end = fields[0], fields[-1] + 1
        self.field_names = [column.target.attname for column, _sql, _alias in compiler.select[self.start:self.end]]
        self.annotations = compiler.annotation_col_map
        self.converters = compiler.get_converters([expression for expression, _sql, _alias in compiler.select])

    def instance(self, row):
        if self.converters:
            row = next(self.compiler.apply_converters([row], self.converters))
        instance = self.model.from_db(connection.alias, self.field_names, row[self.start:self.end])
        for name, position in self.annotations.items():
            setattr(instance, name, row[position])
        return instance


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
