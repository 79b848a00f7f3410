"""The fast path's decoder: msgspec Structs derived from the model, and generated
code that turns them into the model's attrs objects.

Every constraint of the JSON Schema is either expressed in the Struct types
(types, bounds, patterns, lengths, enums as literals, required fields, unknown
fields forbidden, the body chosen by ``template``) or checked while converting
(cell rules, money or cell, the years of each template, every key counted so a
duplicate key is seen). Whatever is not certain raises :class:`Fallback`, and the
reference path judges the document.
"""

from __future__ import annotations

import datetime
import decimal
import functools
import re
import sys
import types
from collections.abc import Callable, Sequence
from typing import Annotated, Any, Literal

import attrs
import msgspec

from govdisclosure import _codegen, _introspect
from govdisclosure._introspect import CellType, EnumType, JsonObject, ListOf, MapOf, ModelClass, Scalar
from govdisclosure._patterns import DATE_PATTERN, DECIMAL_PATTERN, DICT_KEY_PATTERN, NON_NEGATIVE_DECIMAL_PATTERN
from govdisclosure.coordinates import split_pointer
from govdisclosure.model import BODY_TYPES, TEMPLATE_ALLOWED_YEARS, AnnualReport, Template
from govdisclosure.model._meta import LabelledEnum
from govdisclosure.model.cells import INT64_MAX, INT64_MIN, Cell, CellKind, CellStatus, Money, MoneyUnit
from govdisclosure.model.narrative import FIGURE_ID_PATTERN, REFERENCE_PATTERN

UNSET: Any = msgspec.UNSET
#: A colon after a byte that is neither a quote nor JSON whitespace: inside a string.
#: (Written to start with the colon, so that the pattern engine searches for it.)
_COLON_IN_STRING = re.compile(rb":(?<=[^\"\t\n\r ]:)")


class Fallback(Exception):
    """The fast path is not certain; the reference path decides."""


_NONNEG = Annotated[int, msgspec.Meta(ge=0, le=INT64_MAX)]
_SIGNED = Annotated[int, msgspec.Meta(ge=INT64_MIN, le=INT64_MAX)]
_STATUS = Literal[tuple(s.value for s in CellStatus)]  # type: ignore[valid-type]
_UNIT = Literal[tuple(u.value for u in MoneyUnit)]  # type: ignore[valid-type]

_NAMESPACE = types.ModuleType("govdisclosure._fastcodec_structs")
sys.modules[_NAMESPACE.__name__] = _NAMESPACE


def _struct(name: str, fields: list[Any], **options: Any) -> Any:
    struct = msgspec.defstruct(
        name, fields, forbid_unknown_fields=True, kw_only=True, gc=False, module=_NAMESPACE.__name__, **options
    )
    setattr(_NAMESPACE, name, struct)
    return struct


_CountCell = _struct(
    "CountCell", [("status", _STATUS), ("text", str, UNSET), ("value", _NONNEG | msgspec.UnsetType, UNSET)]
)
_SignedCell = _struct(
    "SignedCell", [("status", _STATUS), ("text", str, UNSET), ("value", _SIGNED | msgspec.UnsetType, UNSET)]
)
_MoneyOrCell = _struct(
    "MoneyOrCell",
    [
        ("amount", str | msgspec.UnsetType, UNSET),
        ("unit", _UNIT | msgspec.UnsetType, UNSET),
        ("text", str, UNSET),
        ("status", _STATUS | msgspec.UnsetType, UNSET),
        ("value", _SIGNED | msgspec.UnsetType, UNSET),
    ],
)

_BLANK = Cell(CellStatus.BLANK)
_SHARED = {s.value: Cell(s) for s in CellStatus if s not in (CellStatus.NUMBER, CellStatus.TEXT)}
_STATUSES = {s.value: s for s in CellStatus}
_UNITS = {u.value: u for u in MoneyUnit}


def _cell(s: Any, n: list[int]) -> Cell:
    _cell_ok(s, n)
    status, text = s.status, s.text
    if status == "number":
        return Cell(CellStatus.NUMBER, text, s.value)
    return _SHARED[status] if text is UNSET else Cell(_STATUSES[status], text)


def _raise() -> Any:
    raise Fallback


def _money_cell(s: Any, n: list[int]) -> Money | Cell:
    if s.amount is not UNSET:
        _money_cell_ok(s, n)
        return Money(decimal.Decimal(s.amount), _UNITS[s.unit], None if s.text is UNSET else s.text)
    if s.status is UNSET or s.unit is not UNSET or s.status == "number":
        raise Fallback
    return _cell(s, n)


def _annex(v: Any, n: list[int]) -> Any:
    if type(v) is int:
        return v
    if type(v) is str:
        if not _is_decimal(v):
            raise Fallback
        return decimal.Decimal(v)
    return _cell(v, n)


def _cell_ok(s: Any, n: list[int]) -> None:
    """:func:`_cell` without building the cell: the same checks, the same keys counted."""
    status, text, value = s.status, s.text, s.value
    n[0] += 1 + (text is not UNSET) + (value is not UNSET)
    if status == "number":
        if value is UNSET or text is UNSET:
            raise Fallback
    elif value is not UNSET or (text is UNSET and status == "text"):
        raise Fallback


def _money_cell_ok(s: Any, n: list[int]) -> None:
    if s.amount is not UNSET:
        if s.unit is UNSET or s.status is not UNSET or s.value is not UNSET or not _is_decimal(s.amount, False):
            raise Fallback
        n[0] += 2 + (s.text is not UNSET)
        return
    if s.status is UNSET or s.unit is not UNSET or s.status == "number":
        raise Fallback
    _cell_ok(s, n)


def _annex_ok(v: Any, n: list[int]) -> None:
    if type(v) is int:
        return
    if type(v) is str:
        if not _is_decimal(v):
            raise Fallback
        return
    _cell_ok(v, n)


def _str_type(extras: dict[str, Any]) -> Any:
    if "minLength" in extras:
        return Annotated[str, msgspec.Meta(min_length=extras["minLength"])]
    return str


def _fullmatch(pattern: str) -> Callable[[str], Any]:
    """A compiled full match for an anchored schema pattern (``^...$``).

    A full match is stricter than the schema's search for ``^...$`` (which lets a
    final newline through), so it never accepts what the schema rejects.
    """
    return re.compile(pattern.removeprefix("^").removesuffix("$")).fullmatch


_decimal_match = _fullmatch(DECIMAL_PATTERN)
_non_negative_decimal_match = _fullmatch(NON_NEGATIVE_DECIMAL_PATTERN)
_is_date = _fullmatch(DATE_PATTERN)
_is_key = _fullmatch(DICT_KEY_PATTERN)
_is_id = _fullmatch(FIGURE_ID_PATTERN)


def _is_decimal(s: str, signed: bool = True) -> bool:
    return (_decimal_match if signed else _non_negative_decimal_match)(s) is not None


#: Conservative checks for the schema's patterns: never true where the pattern
#: fails; where they are false and the pattern might hold, the reference decides.
_CHECKS: dict[str, Callable[[str], Any]] = {
    REFERENCE_PATTERN: lambda s: s.startswith("/") or _is_id(s),
    r"^/.*": lambda s: s.startswith("/"),
}


def _checker(pattern: str) -> Callable[[str], Any]:
    """A check for a schema pattern: truthy only where the pattern holds."""
    if pattern in _CHECKS:
        return _CHECKS[pattern]
    if pattern.startswith("^") and pattern.endswith("$"):
        return _fullmatch(pattern)
    compiled = re.compile(pattern)
    return compiled.search


class _Builder:
    """Generates one Struct and one converter function per model class.

    The converters are compiled into one shared namespace, so they call each other
    by name (``conv_ApplicantRow(...)``), recursion included.
    """

    def __init__(self) -> None:
        self.structs: dict[Any, Any] = {}
        self.defaults: dict[Any, dict[str, Any]] = {}  # per Struct: the model's defaults of its fields
        self.in_progress: set[type] = set()
        self.env: dict[str, Any] = {
            "UNSET": UNSET,
            "_cell": _cell,
            "_money_cell": _money_cell,
            "_annex": _annex,
            "_raise": _raise,
            "_cell_ok": _cell_ok,
            "_money_cell_ok": _money_cell_ok,
            "_annex_ok": _annex_ok,
            "_count_keys": _count_keys,
            "Decimal": decimal.Decimal,
            "_date": datetime.date.fromisoformat,
        }
        self.counter = 0

    def name(self, prefix: str, value: Any) -> str:
        self.counter += 1
        key = f"_{prefix}{self.counter}"
        self.env[key] = value
        return key

    def struct_type(self, tp: Any, extras: dict[str, Any]) -> Any:
        match _introspect.shape(tp):
            case CellType(CellKind.COUNT):
                return _NONNEG | _CountCell
            case CellType(CellKind.SIGNED):
                return _SIGNED | _SignedCell
            case CellType(CellKind.MONEY):
                return _MoneyOrCell
            case CellType(CellKind.ANNEX):
                return _SIGNED | str | _SignedCell
            case Scalar("str"):
                return _str_type(extras)
            case Scalar("int"):
                bounds = msgspec.Meta(ge=extras.get("minimum", INT64_MIN), le=extras.get("maximum", INT64_MAX))
                return Annotated[int, bounds]
            case Scalar("float"):
                return Annotated[float, msgspec.Meta(ge=extras["minimum"], le=extras["maximum"])] if extras else float
            case Scalar("decimal" | "date"):
                return str
            case EnumType(enum):
                return Literal[tuple(m.value for m in enum)]
            case ModelClass(cls):
                return self.build(cls)
            case ListOf(item):
                items = list[self.struct_type(item, {})]  # type: ignore[misc,valid-type]
                if "minItems" in extras or "maxItems" in extras:  # a fixed-size list (a bounding box)
                    bounds = msgspec.Meta(min_length=extras.get("minItems"), max_length=extras.get("maxItems"))
                    return Annotated[items, bounds]
                return items
            case JsonObject():
                return dict[str, Any]
            case MapOf(value):
                return dict[str, self.struct_type(value, {})]  # type: ignore[misc]
        raise TypeError(f"no fast decoding for {tp!r}")

    def convert_expr(self, tp: Any, var: str, extras: dict[str, Any]) -> str:
        """Python source turning the Struct value ``var`` (a plain name) into the model value."""
        match _introspect.shape(tp):
            case CellType(CellKind.COUNT | CellKind.SIGNED):
                return f"({var} if type({var}) is int else _cell({var}, n))"
            case CellType(CellKind.MONEY):
                return f"_money_cell({var}, n)"
            case CellType(CellKind.ANNEX):
                return f"_annex({var}, n)"
            case Scalar("int"):
                return var
            case Scalar("float"):
                return f"float({var})"
            case Scalar("str"):
                if "pattern" in extras:
                    return f"({var} if {self.name('check', _checker(extras['pattern']))}({var}) else _raise())"
                return var
            case Scalar("decimal"):
                check = self.name("check", _checker(extras.get("pattern", DECIMAL_PATTERN)))
                return f"Decimal({var} if {check}({var}) else _raise())"
            case Scalar("date"):
                return f"_date({var} if {self.name('check', _is_date)}({var}) else _raise())"
            case EnumType(enum):
                return f"{self.name('enum', {m.value: m for m in enum})}[{var}]"
            case ModelClass(cls):
                self.build(cls)
                return f"conv_{cls.__name__}({var}, n)"
            case ListOf(item):
                item_expr = self.convert_expr(item, "x", {})
                return f"tuple({var})" if item_expr == "x" else f"tuple([{item_expr} for x in {var}])"
            case JsonObject():
                return f"({var} if not {var} else _raise())"  # extensions: the reference path reads them
            case MapOf(value):
                key_check = self.name("check", _is_key)
                value_expr = self.convert_expr(value, "x", {})
                return (
                    f"_count_keys({{(k if {key_check}(k) else _raise()): {value_expr} for k, x in {var}.items()}}, n)"
                )
        raise TypeError(f"no fast conversion for {tp!r}")

    def check_lines(self, tp: Any, var: str, extras: dict[str, Any], depth: int = 0) -> list[str]:
        """Python statements making the checks :meth:`convert_expr` makes on ``var``, and
        counting the same keys, without building any object."""
        match _introspect.shape(tp):
            case CellType(CellKind.COUNT | CellKind.SIGNED):
                return [f"if type({var}) is not int: _cell_ok({var}, n)"]
            case CellType(CellKind.MONEY):
                return [f"_money_cell_ok({var}, n)"]
            case CellType(CellKind.ANNEX):
                return [f"_annex_ok({var}, n)"]
            case Scalar("int" | "float") | EnumType():
                return []  # the Struct's types and literals checked them
            case Scalar("str"):
                if "pattern" in extras:
                    return [f"if not {self.name('check', _checker(extras['pattern']))}({var}): _raise()"]
                return []
            case Scalar("decimal"):
                check = self.name("check", _checker(extras.get("pattern", DECIMAL_PATTERN)))
                return [f"if not {check}({var}): _raise()"]
            case Scalar("date"):
                return [f"_date({var} if {self.name('check', _is_date)}({var}) else _raise())"]
            case ModelClass(cls):
                self.build(cls)
                return [f"chk_{cls.__name__}({var}, n)"]
            case ListOf(item):
                name = f"x{depth}"
                inner = self.check_lines(item, name, {}, depth + 1)
                return [f"for {name} in {var}:", *(f"    {line}" for line in inner)] if inner else []
            case JsonObject():
                return [f"if {var}: _raise()"]  # extensions: the reference path reads them
            case MapOf(value):
                key, item = f"k{depth}", f"x{depth}"
                key_check = self.name("check", _is_key)
                inner = self.check_lines(value, item, {}, depth + 1)
                return [
                    f"n[0] += len({var})",
                    f"for {key}, {item} in {var}.items():",
                    f"    if not {key_check}({key}): _raise()",
                    *(f"    {line}" for line in inner),
                ]
        raise TypeError(f"no fast check for {tp!r}")

    def build(
        self, cls: type, *, name: str | None = None, overrides: dict[str, Any] | None = None, tag: str | None = None
    ) -> Any:
        key: Any = name or cls
        if key in self.structs:
            return self.structs[key]
        if cls in self.in_progress and name is None:
            return cls.__name__  # a forward reference (Section.subsections)
        self.in_progress.add(cls)
        overrides = overrides or {}
        fields: list[Any] = []
        required = 0 if tag is None else 1  # the tag key ("template") is in the document too
        present: list[str] = []
        args: list[str] = []
        keywords: list[str] = []  # keyword-only fields go last, by name
        checks: list[str] = []
        for field in _introspect.fields(cls):
            if tag is not None and field.name == "template":
                args.append(self.name("template", Template(tag)))  # msgspec read the tag to choose the variant
                continue
            tp, _optional = _introspect.strip_optional(field.type)
            extras = _introspect.schema_extras(field)
            stype = overrides.get(field.name) or self.struct_type(tp, extras)
            model_tp = overrides.get(f"{field.name}__model") or tp
            expr = self.convert_expr(model_tp, "v", extras)
            checked = self.check_lines(model_tp, "v", extras)
            if checked and field.default is attrs.NOTHING:
                checks += [f"v = s.{field.name}", *checked]
            elif checked:
                checks += [f"if (v := s.{field.name}) is not UNSET:", *(f"    {line}" for line in checked)]
            if field.default is attrs.NOTHING:
                fields.append((field.name, stype))
                required += 1
                args.append(_bind(expr, f"s.{field.name}"))
            else:
                fields.append((field.name, stype | msgspec.UnsetType, UNSET))
                present.append(f"(s.{field.name} is not UNSET)")
                default: Any = field.default
                if isinstance(default, attrs.Factory):  # type: ignore[arg-type]
                    fallback = f"{self.name('factory', default.factory)}()"
                else:
                    fallback = self.name("default", default)
                value = f"({fallback} if (v := s.{field.name}) is UNSET else {expr})"
                if field.kw_only:
                    keywords.append(f"{field.name}={value}")
                else:
                    args.append(value)
        count = f"    n[0] += {' + '.join([str(required), *present])}\n"
        source = (
            f"def conv_{name or cls.__name__}(s, n):\n{count}"
            f"    return {self.name('cls', cls)}({', '.join(args + keywords)})\n"
            f"def chk_{name or cls.__name__}(s, n):\n{count}" + "".join(f"    {line}\n" for line in checks)
        )
        options: dict[str, Any] = {"tag_field": "template", "tag": tag} if tag is not None else {}
        struct = _struct(name or cls.__name__, fields, **options)
        self.structs[key] = struct
        self.defaults[struct] = {
            f.name: _default(f.default) for f in _introspect.fields(cls) if f.default is not attrs.NOTHING
        }
        _codegen.run(source, self.env, f"fast-path converter of {name or cls.__name__}")
        self.in_progress.discard(cls)
        return struct

    def converter(self, name: str) -> Callable[..., Any]:
        function: Callable[..., Any] = self.env[f"conv_{name}"]
        return function

    def checker(self, name: str) -> Callable[..., Any]:
        function: Callable[..., Any] = self.env[f"chk_{name}"]
        return function


def _default(default: Any) -> Any:
    """A field's default value (a factory called)."""
    return default.factory() if isinstance(default, attrs.Factory) else default  # type: ignore[arg-type]


def _bind(expr: str, source: str) -> str:
    """``expr`` (reading the name ``v``) reading ``source`` instead, evaluated once."""
    if expr == "v":
        return source
    # ``(v if CHECK(v) else ...)``: the condition is evaluated first, so bind there.
    first = re.search(r"\bif ([\w.]+)\(v\)", expr)
    if first:
        return f"{expr[: first.start()]}if {first.group(1)}(v := {source}){expr[first.end() :]}"
    if len(re.findall(r"\bv\b", expr)) == 1:
        return re.sub(r"\bv\b", source, expr)
    return f"((v := {source}), {expr})[1]"


def _count_keys(mapping: dict[str, Any], n: list[int]) -> dict[str, Any]:
    n[0] += len(mapping)
    return mapping


class FastDecoder:
    """Decodes report bytes straight into the model, or raises :class:`Fallback`."""

    def __init__(self) -> None:
        builder = _Builder()
        variants = []
        self._convert: dict[type, Callable[..., AnnualReport]] = {}
        self._check: dict[type, tuple[Template, Callable[..., None]]] = {}
        for template, body in BODY_TYPES.items():
            struct = builder.build(
                AnnualReport,
                name=f"AnnualReport_{template.value}",
                overrides={"body": builder.build(body), "body__model": body},
                tag=template.value,
            )
            variants.append(struct)
            self._convert[struct] = builder.converter(f"AnnualReport_{template.value}")
            self._check[struct] = (template, builder.checker(f"AnnualReport_{template.value}"))
        self._years = {template.value: TEMPLATE_ALLOWED_YEARS[template] for template in Template}
        self._defaults = builder.defaults
        self._fields = {tp: frozenset(tp.__struct_fields__) for tp in builder.defaults}
        union = variants[0] | variants[1] | variants[2]
        self._decoder = msgspec.json.Decoder(union)

    def decode(self, raw: bytes) -> AnnualReport:
        try:
            struct = self._decoder.decode(raw)
        except Exception as exc:  # DecodeError, UnicodeDecodeError, RecursionError: the reference explains
            raise Fallback from exc
        n = [0]
        try:
            report = self._convert[type(struct)](struct, n)
        except Exception as exc:  # Fallback, a date that does not exist, ...
            raise Fallback from exc
        first, last = self._years[report.template.value]
        if report.year < first or (last is not None and report.year > last):
            raise Fallback
        if not _no_duplicate_keys(raw, n[0]):
            raise Fallback
        return report

    def check(self, raw: bytes) -> tuple[Template, Any]:
        """The template and the decoded Structs of a document that is certainly valid
        under the schema and the model's checks, without building the model; or
        :class:`Fallback`. The same decisions as :meth:`decode`."""
        try:
            struct = self._decoder.decode(raw)
        except Exception as exc:
            raise Fallback from exc
        n = [0]
        template, check = self._check[type(struct)]
        try:
            check(struct, n)
        except Exception as exc:
            raise Fallback from exc
        first, last = self._years[template.value]
        if struct.year < first or (last is not None and struct.year > last):
            raise Fallback
        if not _no_duplicate_keys(raw, n[0]):
            raise Fallback
        return template, struct

    def resolves(self, struct: Any, pointer: str) -> bool:
        """Whether ``pointer`` names something present in the report the Structs stand
        for, as ``coordinates.resolve`` on that report answers (an absent field reads as
        its default, ``template`` is the tag)."""
        node: Any = struct
        for depth, part in enumerate(_pointer_parts(pointer)):
            node = self._step(node, part, depth)
            if node is _GONE:
                return False
        return True

    def resolver(self, struct: Any) -> Callable[[str], bool]:
        """:meth:`resolves` on one document, for many pointers: the node above each pointer's
        last step is kept, so the references of a report's figures (many into the same rows
        and groups) walk their common part once."""
        parents: dict[tuple[str, ...], Any] = {}
        step = self._step

        def resolves(pointer: str) -> bool:
            parts = _pointer_parts(pointer)
            if not parts:
                return True
            above = parts[:-1]
            node = parents.get(above, _UNSEEN)
            if node is _UNSEEN:
                node = struct
                for depth, part in enumerate(above):
                    node = step(node, part, depth)
                    if node is _GONE:
                        break
                parents[above] = node
            return node is not _GONE and step(node, parts[-1], len(above)) is not _GONE

        return resolves

    def _step(self, node: Any, part: str, depth: int) -> Any:
        """The node ``part`` names below ``node`` (at ``depth`` steps from the top), or ``_GONE``."""
        fields = self._fields.get(type(node))
        if fields is None and isinstance(node, msgspec.Struct):  # a cell's Struct: not a model class
            fields = self._fields[type(node)] = frozenset(node.__struct_fields__)
        if fields is not None:  # a Struct
            if depth == 0 and part == "template":
                return "template"
            if part not in fields:
                return _GONE
            value = getattr(node, part)
            value = self._defaults.get(type(node), {}).get(part) if value is UNSET else value
            return _GONE if value is None else value
        if isinstance(node, (list, tuple)):
            if not part.isdigit() or int(part) >= len(node):
                return _GONE
            return node[int(part)]
        if attrs.has(type(node)):
            if part not in _introspect.fields_by_name(type(node)):  # type: ignore[arg-type]
                return _GONE
            value = getattr(node, part)
            return _GONE if value is None else value
        if isinstance(node, dict) and part in node:
            return node[part]
        return _GONE


_GONE = object()  # nothing at this step: the pointer names nothing
_UNSEEN = object()


@functools.lru_cache(maxsize=4096)
def _pointer_parts(pointer: str) -> tuple[str, ...]:
    """:func:`split_pointer`, once per pointer (the same references recur report after report)."""
    return tuple(split_pointer(pointer))


def _no_duplicate_keys(raw: bytes, keys: int) -> bool:
    """Whether the input held exactly the ``keys`` keys that were read (msgspec,
    like most decoders, keeps the last of two equal keys without a word).

    Every key is followed by one colon outside any string, so as many colons as
    keys read proves it. Where strings hold colons too (a URL, a time of day): a
    key's colon follows its closing quote, perhaps after whitespace, so a colon
    after any other byte is inside a string; if the colons left when those are
    taken away are as many as the keys read, that proves it too. Anything else
    (a colon in a string right after a quote or a space) is left to the
    reference path.
    """
    colons = raw.count(b":")
    return colons == keys or colons - len(_COLON_IN_STRING.findall(raw)) == keys


# --------------------------------------------------------------------------- reading the Structs


def _wire_default(field: Any) -> Any:
    """A field's default as the decoded document would hold it (an enum as its value)."""
    default = field.default
    if isinstance(default, attrs.Factory):  # type: ignore[arg-type]
        default = default.factory()
    if isinstance(default, LabelledEnum):
        return default.value
    return default


@functools.cache
def _struct_reader(cls: type, name: str, nulls: bool) -> Callable[[Sequence[Any]], list[Any]]:
    """A function reading one field over a list of Structs of model class ``cls``: an
    absent field reads as the model's default (``None`` stays ``None``)."""
    field = _introspect.fields_by_name(cls)[name]
    if field.default is attrs.NOTHING:
        return _codegen.field_reader(f"Struct {cls.__name__}", name, nulls)
    return _codegen.field_reader(f"Struct {cls.__name__}", name, nulls, _wire_default(field), UNSET)
