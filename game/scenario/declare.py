"""The words `model.py` declares the format with, and what each declaration gives.

A record class lists its fields as `name: type = field(shape, default, doc=...)`,
in the order the format documents them. From those lines come:
- the runtime class: `__slots__`, required fields, defaults and factories;
- the pydantic-core schema the loader validates with (`core_schema`), built
  when first needed, with pydantic-core alone (importing pydantic and building
  its models costs about 0.2 s, most of the 0.3 s budget of `rapport validate`);
- the JSON Schema editors use (`json_schema`, finished in `schema.py`);
- the field names that "did you mean" and "allowed here" list (`yaml_names`).

A field whose default is None also accepts `null` (the YAML of an empty value).
Nothing here imports pydantic or knows a field of the format.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar

Schema = dict[str, Any]


class Shape:
    """What a value must look like."""

    def core(self) -> Schema:
        """The pydantic-core schema of the value."""
        raise NotImplementedError

    def json(self, defs: dict[str, Schema]) -> Schema:
        """The JSON Schema of the value; records it refers to are added to `defs`."""
        raise NotImplementedError


def _present(pairs: dict[str, Any]) -> Schema:
    return {k: v for k, v in pairs.items() if v is not None}


@dataclass(frozen=True)
class Str(Shape):
    min_length: int | None = None
    max_length: int | None = None
    pattern: str | None = None

    def core(self) -> Schema:
        return _present({"type": "str", "min_length": self.min_length, "max_length": self.max_length,
                         "pattern": self.pattern})

    def json(self, defs: dict[str, Schema]) -> Schema:
        return _present({"type": "string", "minLength": self.min_length, "maxLength": self.max_length,
                         "pattern": self.pattern})


@dataclass(frozen=True)
class Int(Shape):
    ge: int | None = None
    le: int | None = None

    def core(self) -> Schema:
        return _present({"type": "int", "ge": self.ge, "le": self.le})

    def json(self, defs: dict[str, Schema]) -> Schema:
        return _present({"type": "integer", "minimum": self.ge, "maximum": self.le})


@dataclass(frozen=True)
class Bool(Shape):
    def core(self) -> Schema:
        return {"type": "bool"}

    def json(self, defs: dict[str, Schema]) -> Schema:
        return {"type": "boolean"}


@dataclass(frozen=True)
class OneOf(Shape):
    """One of a few words (a `Literal`)."""

    values: tuple[str, ...]

    def core(self) -> Schema:
        return {"type": "literal", "expected": list(self.values)}

    def json(self, defs: dict[str, Schema]) -> Schema:
        return {"enum": list(self.values), "type": "string"}


@dataclass(frozen=True)
class ListOf(Shape):
    item: Shape
    min_length: int | None = None
    max_length: int | None = None

    def core(self) -> Schema:
        return _present({"type": "list", "items_schema": self.item.core(), "min_length": self.min_length,
                         "max_length": self.max_length})

    def json(self, defs: dict[str, Schema]) -> Schema:
        return _present({"type": "array", "items": self.item.json(defs), "minItems": self.min_length,
                         "maxItems": self.max_length})


@dataclass(frozen=True)
class MapOf(Shape):
    """A mapping; keys with a `pattern` (ids) become JSON Schema `patternProperties`."""

    key: Str
    value: Shape
    min_length: int | None = None

    def core(self) -> Schema:
        return _present({"type": "dict", "keys_schema": self.key.core(), "values_schema": self.value.core(),
                         "min_length": self.min_length})

    def json(self, defs: dict[str, Schema]) -> Schema:
        names = _present({"maxLength": self.key.max_length, "minLength": self.key.min_length})
        out: Schema = {"type": "object"}
        if self.key.pattern is not None:
            out["patternProperties"] = {self.key.pattern: self.value.json(defs)}
        else:
            out["additionalProperties"] = self.value.json(defs)
        out["propertyNames"] = names
        if self.min_length is not None:
            out["minProperties"] = self.min_length
        return out


@dataclass(frozen=True)
class Either(Shape):
    """Any of several shapes, tried in order (a union)."""

    choices: tuple[Shape, ...]

    def core(self) -> Schema:
        return {"type": "union", "choices": [c.core() for c in self.choices]}

    def json(self, defs: dict[str, Schema]) -> Schema:
        return {"anyOf": [c.json(defs) for c in self.choices]}


@dataclass(frozen=True)
class Rec(Shape):
    """A nested record (a mapping with the record's fields)."""

    cls: type[Record]

    def core(self) -> Schema:
        return core_schema(self.cls)

    def json(self, defs: dict[str, Schema]) -> Schema:
        name = self.cls.__name__
        if name not in defs:
            defs[name] = {}  # placeholder first: a record may be reached again while it is being built
            defs[name] = _json_record(self.cls, defs)
        return {"$ref": f"#/$defs/{name}"}


class _Required:
    def __repr__(self) -> str:
        return "REQUIRED"


REQUIRED: Any = _Required()


class Field:
    """One declared field: its shape, its default (or a factory), its YAML name and its help text."""

    __slots__ = ("alias", "default", "doc", "factory", "name", "shape")

    def __init__(self, shape: Shape, default: Any, factory: Callable[[], Any] | None, alias: str | None,
                 doc: str) -> None:
        self.shape, self.default, self.factory, self.alias, self.doc = shape, default, factory, alias, doc
        self.name = ""  # set when the class is made

    @property
    def required(self) -> bool:
        return self.default is REQUIRED and self.factory is None

    @property
    def nullable(self) -> bool:
        return not self.required and self.factory is None and self.default is None

    @property
    def yaml_name(self) -> str:
        return self.alias or self.name


def field(shape: Shape, default: Any = REQUIRED, *, factory: Callable[[], Any] | None = None,
          alias: str | None = None, doc: str) -> Any:
    """Declare a field in a record class body: `text: str = field(Text, doc="...")`."""
    return Field(shape, None if factory is not None else default, factory, alias, doc)


class RecordMeta(type):
    """Turns the `field(...)` lines of a class body into slots, required fields, defaults and factories.

    `EXTRA_SLOTS` in a class body names attributes that are not fields (set by the builder)."""

    def __new__(mcls, name: str, bases: tuple[type, ...], ns: dict[str, Any]) -> RecordMeta:
        declared = {k: v for k, v in ns.items() if isinstance(v, Field)}
        for k, f in declared.items():
            del ns[k]
            f.name = k
        ns["__slots__"] = (*declared, *ns.pop("EXTRA_SLOTS", ()))
        cls = super().__new__(mcls, name, bases, ns)
        cls.DECLARED = declared  # type: ignore[attr-defined]
        cls.REQUIRED = tuple(k for k, f in declared.items() if f.required)  # type: ignore[attr-defined]
        cls.FIELDS = {k: f.default for k, f in declared.items() if not f.required}  # type: ignore[attr-defined]
        cls.FACTORIES = {k: f.factory for k, f in declared.items() if f.factory is not None}  # type: ignore[attr-defined]
        return cls


class Record(metaclass=RecordMeta):
    """A declared record: keyword construction with the declared defaults, equality by value."""

    ABOUT: ClassVar[str] = ""  # what the record is, for hover help
    DECLARED: ClassVar[dict[str, Field]]
    REQUIRED: ClassVar[tuple[str, ...]]
    FIELDS: ClassVar[dict[str, Any]]
    FACTORIES: ClassVar[dict[str, Callable[[], Any]]]
    EXTRA_SLOTS: ClassVar[tuple[str, ...]] = ("fields_set",)

    def __init__(self, **values: Any) -> None:
        missing = [f for f in self.REQUIRED if f not in values]
        if missing:
            raise TypeError(f"{type(self).__name__} needs {', '.join(missing)}")
        unknown = set(values) - set(self.DECLARED)
        if unknown:
            raise TypeError(f"{type(self).__name__} has no field {', '.join(sorted(unknown))}")
        for name in self.REQUIRED:
            setattr(self, name, values[name])
        for name, default in self.FIELDS.items():
            if name in values:
                setattr(self, name, values[name])
            elif name in self.FACTORIES:
                setattr(self, name, self.FACTORIES[name]())
            else:
                setattr(self, name, default)
        self.fields_set: frozenset[str] = frozenset(values)

    def _values(self) -> tuple[Any, ...]:
        return tuple(getattr(self, n) for n in self.DECLARED)

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and self._values() == other._values()

    __hash__ = None  # type: ignore[assignment]  # mutable records

    def __repr__(self) -> str:
        shown = ", ".join(f"{n}={getattr(self, n)!r}" for n in self.DECLARED
                          if n in self.REQUIRED or getattr(self, n) != self.FIELDS.get(n))
        return f"{type(self).__name__}({shown})"


# ----------------------------------------------------------------- what a declaration gives

def yaml_names(cls: type[Record]) -> list[str]:
    """The record's fields as written in YAML (`if`, not `if_`), in the declared order."""
    return [f.yaml_name for f in cls.DECLARED.values()]


def core_schema(cls: type[Record]) -> Schema:
    """The pydantic-core schema of a record: a strict typed dict that refuses unknown keys.

    Fields are validated in name order, so errors come in the same order on every run."""
    fields: Schema = {}
    for name in sorted(cls.DECLARED):
        f = cls.DECLARED[name]
        schema = f.shape.core()
        if f.nullable:
            schema = {"type": "nullable", "schema": schema}
        entry: Schema = {"type": "typed-dict-field", "schema": schema, "required": f.required}
        if f.alias is not None:
            entry["validation_alias"] = f.alias
        fields[name] = entry
    config = {"extra_fields_behavior": "forbid", "strict": True, "title": cls.__name__, "validate_by_alias": True,
              "validate_by_name": True}
    return {"type": "typed-dict", "fields": fields, "extra_behavior": "forbid", "strict": True, "config": config,
            "ref": cls.__name__}


def _described(schema: Schema, text: str) -> Schema:
    if text:
        schema["description"] = text
        schema["markdownDescription"] = text
    return schema


def _json_record(cls: type[Record], defs: dict[str, Schema]) -> Schema:
    props: Schema = {}
    for f in cls.DECLARED.values():
        prop = f.shape.json(defs)
        if f.nullable:
            alternatives = prop["anyOf"] if list(prop) == ["anyOf"] else [prop]
            prop = {"anyOf": [*alternatives, {"type": "null"}]}
        if not f.required and f.factory is None:
            prop["default"] = f.default
        props[f.yaml_name] = _described(prop, f.doc)
    out: Schema = {"additionalProperties": False, "properties": props}
    required = [f.yaml_name for f in cls.DECLARED.values() if f.required]
    if required:
        out["required"] = required
    out["type"] = "object"
    return _described(out, cls.ABOUT)


def json_schema(cls: type[Record]) -> tuple[Schema, dict[str, Schema]]:
    """The JSON Schema of a record, and the records it refers to (by class name, for `$defs`)."""
    defs: dict[str, Schema] = {}
    return _json_record(cls, defs), defs


__all__ = ["REQUIRED", "Bool", "Either", "Field", "Int", "ListOf", "MapOf", "OneOf", "Rec", "Record", "Shape",
           "Str", "core_schema", "field", "json_schema", "yaml_names"]
