"""Bulk conversion: JSON documents to the reports table straight from the fast path's
decoded Structs, never building the model's objects.

The fast path's decoder (``_fastcodec``) checks a document against every constraint of
the schema and the model and leaves it as msgspec Structs, one per model class, with the
model's field names; a field the document leaves out is ``UNSET`` and reads as the
model's default. The column builder of :mod:`govdisclosure.arrow` reads those Structs
through :class:`StructReading` exactly as it reads the model's objects, so the table is
the one :func:`govdisclosure.arrow.to_table` gives for the same reports (the tests compare
them byte for byte, and the files written from them).
"""

from __future__ import annotations

import collections
import concurrent.futures
import contextlib
import datetime
import functools
import itertools
import multiprocessing
import os
import shutil
import tempfile
import typing
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import IO, TYPE_CHECKING, Any

import attrs
import pyarrow as pa

from govdisclosure import _fast, _gc, _introspect
from govdisclosure._defaults import DEFAULT_BATCH_SIZE
from govdisclosure._fastcodec import UNSET, _CountCell, _SignedCell, _struct_reader, _wire_default
from govdisclosure.arrow import (
    _has_counts,
    _Reading,
    _same,
    _SectionColumns,
    build_table,
    to_table,
)
from govdisclosure.model import Section, Template
from govdisclosure.model._meta import LabelledEnum
from govdisclosure.parquet import (
    _PARTITION_PATHS,
    Identity,
    TableBatch,
    _column_partition,
    _row_identities,
    reports_batch,
    table_batch,
    with_province,
)
from govdisclosure.validation import (
    DEFAULT_MAX_BYTES,
    ValidationResult,
    _finish,
    _iter_validate,
    _validate_bytes_safely,
)

if TYPE_CHECKING:
    from govdisclosure._audit import CrossRecord

__all__ = ["Converted", "StructReading", "convert_batches", "convert_documents", "default_jobs", "reports_table"]


def _cell_value(cell: Any) -> int | None:
    value = cell.value
    return None if value is UNSET else value


def _text(cell: Any) -> str | None:
    text = cell.text
    return None if text is UNSET else text


def _decimal(text: str) -> str:
    """The table's text of a decimal: what the model's ``Decimal`` of it prints as. For the
    texts the fast path lets through (the schema's decimal pattern: no exponent, no sign but a
    minus, no leading zero) that is the text itself (a property the tests prove)."""
    return text


_SECTION_TEXT = _wire_default(_introspect.fields_by_name(Section)["text"])


def _section_rows(sections: Any, level: int, columns: _SectionColumns) -> None:
    keys, headings, texts, levels = columns
    for section in sections:
        keys.append(section.key)
        headings.append(section.heading)
        text = section.text
        texts.append(_SECTION_TEXT if text is UNSET else text)
        levels.append(level)
        subsections = section.subsections
        if subsections is not UNSET and subsections:
            _section_rows(subsections, level + 1, columns)


# ----------------------------------------------------------------------------- values one by one


def _count(value: Any, pointer: str, side: list[tuple[str, Any]]) -> Any:
    if type(value) is int or value is None:
        return value
    side.append((pointer, value))
    return _cell_value(value)


def _money(value: Any, pointer: str, side: Any) -> Any:
    if value is None:
        return None
    if value.amount is not UNSET:
        return {"amount": _decimal(value.amount), "unit": value.unit, "text": _text(value), "status": None,
                "value": None}  # fmt: skip
    return {"amount": None, "unit": None, "text": _text(value), "status": value.status, "value": _cell_value(value)}


def _annex(value: Any, pointer: str, side: Any) -> Any:
    if type(value) is int:
        return {"integer": value, "decimal": None, "status": None, "text": None, "value": None}
    if type(value) is str:
        return {"integer": None, "decimal": _decimal(value), "status": None, "text": None, "value": None}
    return {"integer": None, "decimal": None, "status": value.status, "text": _text(value),
            "value": _cell_value(value)}  # fmt: skip


def _model_encoder(cls: type) -> Callable[[Any, str, Any], Any]:
    """A Struct of model class ``cls`` as its row dict, absent fields read as defaults."""
    parts = []
    for field in _introspect.fields(cls):
        default = UNSET if field.default is attrs.NOTHING else _wire_default(field)
        counts = _has_counts(typing.cast(Any, field.type))
        parts.append((field.name, default, _STRUCTS.encoder(field.type), counts))

    def encode(value: Any, pointer: str, side: Any) -> Any:
        row = {}
        for name, default, encode_field, counts in parts:
            item = getattr(value, name)
            row[name] = encode_field(default if item is UNSET else item, f"{pointer}/{name}" if counts else "", side)
        return row

    return encode


class StructReading(_Reading):
    """The column builder's reading of the fast path's decoded Structs."""

    cell_types = (_CountCell, _SignedCell)

    def fields(self, cls: type, name: str, nulls: bool) -> Callable[[Sequence[Any]], list[Any]]:
        return _struct_reader(cls, name, nulls)

    def cell_value(self, cell: Any) -> int | None:
        return _cell_value(cell)

    def cell_columns(self, cells: list[Any]) -> tuple[list[Any], list[Any], list[Any]]:
        return [c.status for c in cells], list(map(_text, cells)), list(map(_cell_value, cells))

    def dates(self, values: list[Any]) -> list[Any]:
        return [None if v is None else datetime.date.fromisoformat(v) for v in values]

    def decimals(self, values: list[Any]) -> list[str | None]:
        return [None if v is None else _decimal(v) for v in values]

    def enums(self, tp: type[LabelledEnum], values: list[Any]) -> list[Any]:
        return values  # the decoded value is the enum's value; defaults are read as values

    def section_rows(self, sections: Any, level: int, columns: _SectionColumns) -> None:
        _section_rows(sections, level, columns)

    encode_count = staticmethod(_count)
    encode_money = staticmethod(_money)
    encode_annex = staticmethod(_annex)
    encode_decimal = staticmethod(_same)  # see _decimal
    encode_enum = staticmethod(_same)

    @staticmethod
    def encode_date(value: Any, pointer: str, side: Any) -> Any:
        return datetime.date.fromisoformat(value)

    def encode_model(self, cls: type) -> Callable[[Any, str, Any], Any]:
        return _model_encoder(cls)


_STRUCTS = StructReading()


def reports_table(decoded: Sequence[tuple[Template, Any]]) -> pa.Table:
    """The reports table (:func:`govdisclosure.arrow.arrow_schema`) of documents the fast
    path decoded and checked (``FastDecoder.check``): the table ``to_table`` gives for
    their reports, without building them."""
    with _gc.paused():
        return build_table([struct for _, struct in decoded], [template for template, _ in decoded], _STRUCTS)


# ----------------------------------------------------------------------------- documents → batches


@attrs.frozen
class _Document:
    """A document's bytes and where they were found, validated where the batch is converted."""

    raw: bytes
    source: str | None
    line: int | None
    max_bytes: int
    #: An invalid document's result carries the findings of the rules it could be checked by.
    rules: bool = False


def _defer(raw: bytes, source: str | None, line: int | None, max_bytes: int, fast: bool | None, rules: bool) -> Any:
    return _Document(raw, source, line, max_bytes, rules)


@attrs.frozen
class Converted:
    """A batch of documents converted: the reports table (derived columns included) of its
    valid reports in input order, and the results of the documents that are no valid
    report (with every finding, as :func:`govdisclosure.iter_validate` gives them)."""

    data: pa.Table | None
    reports: int
    invalid: tuple[ValidationResult, ...]
    #: For a table other than the reports table: the identities and partition values of its
    #: reports, read from their reports table before it was turned into this one.
    identities: list[Identity] | None = None
    partitions: dict[str, list[Any]] | None = None
    #: Per document of the batch, in input order: whether it is a valid report (the next row
    #: of ``data``) or not (the next of ``invalid``).
    kinds: tuple[bool, ...] = ()
    #: Per valid report (row of ``data``): its result without the report (where it was found,
    #: and its findings, none an error: notes and warnings).
    accepted: tuple[ValidationResult, ...] = ()
    #: For the findings (``"findings"``): what the checks across reports need of each report.
    records: tuple[CrossRecord, ...] | None = None


#: The tables the bulk path writes: the reports table, and the indicators derived from it
#: by the columnar engine (``gd.ratios_batch`` without the statuses: the indicators table).
TABLES = ("reports", "indicators")


def convert_documents(items: Sequence[_Document | ValidationResult], table: str = "reports") -> Converted:
    """Convert one batch: a document the fast path finds valid (no finding of severity
    error) becomes columns straight from its decoded Structs; any other goes through the
    full validation, and its report, when valid, through the model's objects. ``table``:
    ``reports``, ``indicators`` (computed from the reports table's columns), or ``findings``
    (``gd.audit_batch`` of the reports table, with the reports' identities and
    :class:`~govdisclosure.CrossRecord` s: what ``govdisclosure audit`` prints)."""
    decoded: list[tuple[Template, Any]] = []
    objects: list[Any] = []
    order: list[int] = []  # per valid report: its row in the struct table, or -1 - its row in the objects' table
    invalid: list[ValidationResult] = []
    accepted: list[ValidationResult] = []
    kinds: list[bool] = []
    for item in items:
        if isinstance(item, _Document):
            checked = _fast.fast_struct(item.raw) if len(item.raw) <= item.max_bytes else None
            if checked is not None and not any(f.is_error for f in checked[2]):
                order.append(len(decoded))
                decoded.append((checked[0], checked[1]))
                accepted.append(_finish(item.source, (checked[2], None), item.line))
                kinds.append(True)
                continue
            item = _validate_bytes_safely(item.raw, item.source, item.line, item.max_bytes, None, item.rules)
        kinds.append(item.report is not None)
        if item.report is not None:
            order.append(-1 - len(objects))
            objects.append(item.report)
            accepted.append(attrs.evolve(item, report=None))
        else:
            invalid.append(item)
    data = _table(decoded, objects, order)
    done = Converted(data, len(order), tuple(invalid), kinds=tuple(kinds), accepted=tuple(accepted))
    if table == "reports" or data is None:
        return done
    if table == "findings":  # the audit's: the batch audit's rows, and what the checks across reports read
        from govdisclosure._columnar import audit_batch, cross_records

        records = tuple(cross_records(data))
        return attrs.evolve(done, data=audit_batch(data), identities=_row_identities(data), records=records)
    identities = _row_identities(data)
    partitions = {name: _column_partition(name, data) for name in _PARTITION_PATHS}
    return attrs.evolve(done, data=_indicators(data), identities=identities, partitions=partitions)


def _indicators(reports: pa.Table) -> pa.Table:
    """The indicators table of a batch of the reports table: ``gd.ratios_batch`` without the
    statuses (proven equal to the objects' indicators table)."""
    from govdisclosure._columnar import ratios_batch
    from govdisclosure.tables import indicators_schema

    schema = indicators_schema()
    rows = ratios_batch(reports).combine_chunks()
    return pa.Table.from_arrays([rows.column(name) for name in schema.names], schema=schema)


def _table(decoded: list[tuple[Template, Any]], objects: list[Any], order: list[int]) -> pa.Table | None:
    if not order:
        return None
    if not objects:
        return with_province(reports_table(decoded))
    if not decoded:
        return with_province(to_table(objects))
    both = pa.concat_tables([reports_table(decoded), to_table(objects)]).combine_chunks()
    rows = [k if k >= 0 else len(decoded) - 1 - k for k in order]
    return with_province(both.take(pa.array(rows, pa.int64())).combine_chunks())


def default_jobs() -> int:
    """Worker processes for a bulk conversion: the CPUs this process may use, at most 8."""
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cpus = os.cpu_count() or 1
    return max(1, min(cpus, 8))


def convert_batches(
    inputs: Iterable[str | os.PathLike[str]],
    *,
    invalid: Callable[[ValidationResult], None],
    batch_size: int = DEFAULT_BATCH_SIZE,
    jobs: int = 1,
    stdin: IO[bytes] | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    table: str = "reports",
) -> Iterator[TableBatch]:
    """The reports table of every valid report of ``inputs`` (files, folders, ``-``, as
    :func:`govdisclosure.iter_validate` reads them), batch by batch in input order, for
    :func:`govdisclosure.parquet.write_batches` or ``write_dataset_batches``; each document
    that is no valid report is given to ``invalid``, in input order. With ``jobs`` above 1
    the batches are converted by that many worker processes. ``table``: one of :data:`TABLES`."""
    if table not in TABLES:
        raise ValueError(f"the bulk path writes the {' or '.join(TABLES)} table, not {table!r}")
    documents = _iter_validate(inputs, max_bytes, None, stdin, False, _defer)
    batches = _chunks(documents, batch_size)
    for converted in _converted(batches, jobs, table):
        for result in converted.invalid:
            invalid(result)
        if converted.data is None:
            continue
        if converted.identities is None or converted.partitions is None:
            yield reports_batch(converted.data, converted.reports)
        else:
            yield _derived_batch(converted, converted.identities, converted.partitions)


def _derived_batch(converted: Converted, identities: list[Identity], partitions: dict[str, list[Any]]) -> TableBatch:
    assert converted.data is not None
    return table_batch(converted.data, converted.reports, lambda: identities, partitions.__getitem__)


def _chunks(items: Iterator[Any], size: int) -> Iterator[list[Any]]:
    while chunk := list(itertools.islice(items, size)):
        yield chunk


def _converted(batches: Iterator[list[Any]], jobs: int, table: str = "reports") -> Iterator[Converted]:
    """The batches converted in order: here, or by ``jobs`` workers when there is more than one batch."""
    first = next(batches, None)
    second = next(batches, None) if first is not None else None
    if jobs <= 1 or second is None:
        yield from (convert_documents(batch, table) for batch in _some(first, second, batches))
        return
    folder = tempfile.mkdtemp(prefix="govdisclosure-convert-", dir=_exchange_folder())
    pool = concurrent.futures.ProcessPoolExecutor(jobs, mp_context=_context())
    try:
        window: collections.deque[concurrent.futures.Future[tuple[Converted, str | None]]] = collections.deque()
        for number, batch in enumerate(_some(first, second, batches)):
            window.append(pool.submit(_convert_to_file, batch, os.path.join(folder, f"{number}.arrow"), table))
            if len(window) >= 2 * jobs:  # a bounded number of batches in flight
                yield _read_back(*window.popleft().result())
        while window:
            yield _read_back(*window.popleft().result())
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
        shutil.rmtree(folder, ignore_errors=True)


#: Where the workers leave their tables for the main process: memory, not disk, where there is
#: enough of it (a container's /dev/shm is often 64 MB), else the temporary folder.
_SHARED_MEMORY = "/dev/shm"
_SHARED_MEMORY_NEEDED = 2 << 30


def _exchange_folder() -> str | None:
    try:
        stats = os.statvfs(_SHARED_MEMORY)
    except (AttributeError, OSError):  # not on Linux
        return None
    enough = stats.f_bavail * stats.f_frsize >= _SHARED_MEMORY_NEEDED
    return _SHARED_MEMORY if enough and os.access(_SHARED_MEMORY, os.W_OK) else None


def _convert_to_file(items: Sequence[Any], path: str, table: str = "reports") -> tuple[Converted, str | None]:
    """In a worker: :func:`convert_documents`, its table written to ``path`` as an Arrow IPC
    file (the main process maps it rather than unpickling a copy); where the file cannot be
    written (no space left), the table goes back to the main process pickled."""
    converted = convert_documents(items, table)
    if converted.data is None:
        return converted, None
    try:
        with pa.OSFile(path, "wb") as sink, pa.ipc.new_file(sink, converted.data.schema) as writer:
            writer.write_table(converted.data)
    except (OSError, pa.ArrowIOError):
        with contextlib.suppress(OSError):
            os.unlink(path)
        return converted, None
    return attrs.evolve(converted, data=None), path


def _read_back(converted: Converted, path: str | None) -> Converted:
    if path is None:
        return converted
    if os.name == "posix":  # mapped, then unlinked: the mapping lasts as long as the table
        data = pa.ipc.open_file(pa.memory_map(path)).read_all()
    else:
        with pa.OSFile(path) as source:
            data = pa.ipc.open_file(source).read_all()
    os.unlink(path)
    return attrs.evolve(converted, data=data)


def _some(first: list[Any] | None, second: list[Any] | None, rest: Iterator[list[Any]]) -> Iterator[list[Any]]:
    if first is not None:
        yield first
    if second is not None:
        yield second
    yield from rest


@functools.cache
def _context() -> Any:
    """Workers started from a clean server process with the library imported (never a fork of
    a process running threads); where there is no fork server, started afresh."""
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["govdisclosure._bulk"])
        return context
    return multiprocessing.get_context("spawn")
