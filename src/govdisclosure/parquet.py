"""Parquet files and datasets of reports: lossless, streamed, self-describing, safe.

* :func:`write_parquet` writes reports from any iterable in batches to one file,
  through a temporary file renamed into place, so a crash never leaves a
  half-written file where a good one was.
* :func:`write_dataset` writes a hive-partitioned dataset (``year=2025/province=…/``)
  and appends new files on every call, never rewriting what is there.
* :func:`read_parquet` reads a file or a dataset back as an iterator of reports,
  batch by batch, with filters pushed down to the files.
* :func:`write_batches` and :func:`write_dataset_batches` write batches already converted
  (the bulk conversion's, :func:`convert_batches`).

The analysis tables (:func:`facts_table`, :func:`indicators_table`: one row per reported
cell, one row per report with totals and every ratio) live in :mod:`govdisclosure.tables`
and are re-exported here; ``table="facts"`` or ``"indicators"`` writes them.

Files carry, in their key-value metadata, the schema ``$id`` and version, the
Arrow layout version, the library version and the templates present; a reader
refuses a file of another layout with a clear message.
"""

from __future__ import annotations

import contextlib
import enum
import os
import pathlib
import shutil
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

import attrs
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.dataset as pads
import pyarrow.parquet as pq

from govdisclosure._defaults import DEFAULT_BATCH_SIZE
from govdisclosure._files import umask
from govdisclosure._version import __version__
from govdisclosure.arrow import ARROW_SCHEMA_VERSION, arrow_schema, from_table, to_table
from govdisclosure.errors import GovDisclosureError
from govdisclosure.model import AgencyLevel, AnnualReport
from govdisclosure.model.envelope import identity_of
from govdisclosure.schema import SCHEMA_ID, SCHEMA_VERSION
from govdisclosure.tables import (
    _facts_batch,
    _indicators_batch,
    cell_facts,
    facts_schema,
    facts_table,
    indicators_schema,
    indicators_table,
    province,
    province_of,
)

__all__ = [
    "DEFAULT_BATCH_SIZE",
    "ParquetError",
    "TableBatch",
    "cell_facts",
    "convert_batches",
    "facts_schema",
    "facts_table",
    "indicators_table",
    "partitioning",
    "province",
    "read_batches",
    "read_parquet",
    "write_batches",
    "write_dataset",
    "write_dataset_batches",
    "write_parquet",
]

#: Reports per row group of a file. Each row group's metadata (some 1,700 leaf columns)
#: stays in the writer's memory until the file is closed, so row groups are large:
#: converted batches are gathered as Arrow tables (compact) and written together.
DEFAULT_ROW_GROUP_REPORTS = 5000
_META_LAYOUT = b"govdisclosure.arrow_schema_version"
_META_TEMPLATES = b"govdisclosure.templates"
_META_TABLE = b"govdisclosure.table"


class ParquetError(GovDisclosureError, ValueError):
    """A Parquet file or dataset that cannot be read as reports, or an output that cannot be
    created (its folder is a file, not writable, not there); the message names it as given."""


# --------------------------------------------------------------------------- partition values

#: The columns a dataset may be partitioned by, each declared once: where it is in the reports
#: table (a column, or a field of the ``agency`` struct), which is where the object path reads
#: it too (attribute by attribute; ``province`` by :func:`province`). A value a report does not
#: give is the empty text.
_PARTITION_PATHS: dict[str, tuple[str, ...]] = {
    "year": ("year",),
    "province": ("province",),
    "template": ("template",),
    "scope": ("scope",),
    "region_code": ("agency", "region", "code"),
    "level": ("agency", "level"),
    "kind": ("agency", "kind"),
}


def _report_partition(name: str, report: AnnualReport) -> Any:
    """A partition column's value for one report object (read where :data:`_PARTITION_PATHS` says)."""
    if name == "province":
        return province(report)
    value: Any = report
    for part in _PARTITION_PATHS[name]:
        value = None if value is None else getattr(value, part)  # a part absent on the way: no value
    if isinstance(value, enum.Enum):
        value = value.value
    return "" if value is None else value


#: The type of each partition column read back from folder names: the year an integer, as in
#: every table; everything else text (a region code stays ``110000``).
PARTITION_TYPES = {name: pa.int64() if name == "year" else pa.string() for name in _PARTITION_PATHS}

#: Columns added to every table for partitioning and filtering (derived, not part of the model).
DERIVED = [
    pa.field(
        "province",
        pa.string(),
        metadata={
            b"label_zh": "省级行政区".encode(),
            b"description": b"Derived: the province-level region of the agency.",
        },
    ),
]


def reports_schema() -> pa.Schema:
    """The reports table: the model's columns and the derived ones."""
    schema = arrow_schema()
    for field in DERIVED:
        schema = schema.append(field)
    return schema


# --------------------------------------------------------------------------- writing


def _batches(reports: Iterable[AnnualReport], size: int) -> Iterator[list[AnnualReport]]:
    batch: list[AnnualReport] = []
    for report in reports:
        batch.append(report)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _reports_batch(batch: Sequence[AnnualReport]) -> pa.Table:
    return with_province(to_table(batch))  # the collector is paused while the batch is built


def with_province(table: pa.Table) -> pa.Table:
    """The reports table with its derived columns (:data:`DERIVED`) appended."""
    agency = table.column("agency")
    provinces = map(
        province_of,
        pc.struct_field(agency, ["region", "name"]).to_pylist(),
        pc.struct_field(agency, ["region", "code"]).to_pylist(),
        pc.equal(pc.struct_field(agency, "level"), AgencyLevel.CENTRAL.value).fill_null(False).to_pylist(),
    )
    return table.append_column(DERIVED[0], pa.array(list(provinces), pa.string()))


Identity = tuple[str, str, int, str, str]


@attrs.frozen
class TableBatch:
    """One batch for the writers: the rows of the table being written, and what the writers
    read of the reports behind them (their templates, identities and partition values)."""

    data: pa.Table
    reports: int
    templates: frozenset[str]
    identities: Callable[[], list[Identity]]
    partition: Callable[[str], list[Any]]


def convert_batches(
    inputs: Iterable[str | os.PathLike[str]],
    *,
    invalid: Callable[[Any], None],
    batch_size: int = DEFAULT_BATCH_SIZE,
    jobs: int = 1,
    table: str = "reports",
) -> Iterator[TableBatch]:
    """The reports table of every valid report of ``inputs`` (files, folders, as
    :func:`govdisclosure.iter_validate` reads them), batch by batch in input order, built
    straight from the fast path's decoded documents without report objects; for
    :func:`write_batches` and :func:`write_dataset_batches`. Each input that is no valid report
    is given to ``invalid`` (its :class:`~govdisclosure.ValidationResult`), in input order.
    With ``jobs`` above 1, worker processes convert the batches. ``table``: ``reports`` or
    ``indicators`` (computed from the reports table's columns by the columnar engine)."""
    from govdisclosure._bulk import convert_batches as convert

    return convert(inputs, invalid=invalid, batch_size=batch_size, jobs=jobs, table=table)


def _object_batches(reports: Iterable[AnnualReport], size: int, table: str) -> Iterator[TableBatch]:
    make = _TABLES[table][0]
    from govdisclosure.collection import report_identity

    for batch in _batches(reports, size):
        data = make(batch)
        yield TableBatch(
            data,
            len(batch),
            frozenset(r.template.value for r in batch),
            lambda batch=batch: [report_identity(r) for r in batch],  # type: ignore[misc]
            lambda name, data=data, batch=batch: _partition_values(name, data, batch, table),  # type: ignore[misc]
        )


def reports_batch(data: pa.Table, reports: int | None = None) -> TableBatch:
    """A batch of the reports table (with :func:`with_province`'s columns), its identities
    and partition values read from its columns."""
    return table_batch(data, data.num_rows if reports is None else reports, lambda: _row_identities(data),
                       lambda name: _column_partition(name, data))  # fmt: skip


def table_batch(
    data: pa.Table, reports: int, identities: Callable[[], list[Identity]], partition: Callable[[str], list[Any]]
) -> TableBatch:
    """A batch of a table with a ``template`` column, its reports' identities and partition values given."""
    templates = frozenset(t for t in pc.unique(data.column("template")).to_pylist() if t)
    return TableBatch(data, reports, templates, identities, partition)


def _column_partition(name: str, data: pa.Table) -> list[Any]:
    """A partition column's values read from the reports table (where :data:`_PARTITION_PATHS` says)."""
    if name not in _PARTITION_PATHS:
        raise ValueError(f"cannot partition by {name!r}")
    first, *rest = _PARTITION_PATHS[name]
    column = data.column(first)
    if rest:
        column = pc.struct_field(column, rest).fill_null("")
    values: list[Any] = column.to_pylist()
    return values


def _file_metadata(table_kind: str, templates: Iterable[str]) -> dict[bytes, bytes]:
    return {
        b"govdisclosure.version": __version__.encode(),
        b"govdisclosure.schema_id": SCHEMA_ID.encode(),
        b"govdisclosure.schema_version": SCHEMA_VERSION.encode(),
        _META_LAYOUT: ARROW_SCHEMA_VERSION.encode(),
        _META_TABLE: table_kind.encode(),
        _META_TEMPLATES: ",".join(sorted(templates)).encode(),
    }


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True  # another user's process: alive as far as we can tell
    return True


def _remove_stale_temporaries(path: pathlib.Path) -> None:
    """Temporary files of earlier writes to ``path`` that were killed (their process is
    gone); never those of a writer still running."""
    prefix = f".{path.name}."
    with contextlib.suppress(OSError):
        for entry in path.parent.iterdir():
            name = entry.name
            if not (name.startswith(prefix) and name.endswith(".tmp")):
                continue
            pid = name[len(prefix) :].split(".", 1)[0]
            if pid.isdigit() and int(pid) != os.getpid() and not _alive(int(pid)):
                with contextlib.suppress(OSError):
                    entry.unlink()


@contextlib.contextmanager
def _removed_on_sigterm(temporaries: list[str]) -> Iterator[None]:
    """While a file is written (in the main thread), SIGTERM first removes its temporary
    file, then ends the process as SIGTERM does (or calls the handler the program had set).
    The removal happens in the handler itself: an exception raised there could be lost in
    a finaliser that runs at that moment."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.getsignal(signal.SIGTERM)

    def stop(signum: int, frame: Any) -> None:
        for temporary in temporaries:
            with contextlib.suppress(OSError):
                if os.path.isdir(temporary):
                    shutil.rmtree(temporary)
                else:
                    os.unlink(temporary)
        if callable(previous):
            previous(signum, frame)
            return
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        os.kill(os.getpid(), signal.SIGTERM)

    signal.signal(signal.SIGTERM, stop)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _unwritable(path: pathlib.Path, folders: Iterable[pathlib.Path], exc: OSError) -> ParquetError:
    """The error of an output that cannot be created, named as the caller named it (never
    the temporary file's name): the file among ``folders`` that stands where a folder must
    be, else the system's reason."""
    reason = exc.strerror or str(exc)
    if isinstance(exc, (FileExistsError, NotADirectoryError)):
        blocker = next((f for f in folders if f.exists() and not f.is_dir()), None)
        if blocker is not None:
            reason = f"{blocker} is a file, not a folder"
    return ParquetError(f"{path}: cannot be written ({reason})")


@contextlib.contextmanager
def _safe_target(path: pathlib.Path) -> Iterator[pathlib.Path]:
    """A temporary file beside ``path`` (named after the writing process), renamed over it
    only when writing succeeded, with the permissions the umask gives new files; removed
    when the write fails, is interrupted or is terminated."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise _unwritable(path, path.parents, exc) from exc
    _remove_stale_temporaries(path)
    created: list[str] = []  # the handler is in place before the file exists
    with _removed_on_sigterm(created):
        while True:
            # named (and known to the handler) before it is created: a SIGTERM between
            # the two leaves nothing behind
            temporary = str(path.parent / f".{path.name}.{os.getpid()}.{uuid.uuid4().hex[:8]}.tmp")
            created.append(temporary)
            try:
                fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
                break
            except FileExistsError:
                created.remove(temporary)
            except OSError as exc:  # a folder not writable, or no file system at all (/proc)
                created.remove(temporary)
                raise _unwritable(path, path.parents, exc) from exc
        os.close(fd)
        try:
            yield pathlib.Path(temporary)
            os.chmod(temporary, 0o666 & ~umask())
            os.replace(temporary, path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            raise


def _statistics(schema: pa.Schema) -> list[str]:
    """The columns that keep min/max statistics: short top-level values that filters use.
    (Statistics of narrative text would hold whole paragraphs in the footer, once per
    row group, and grow the writer's memory with the file.)"""
    keep = {
        "report_id",
        "template",
        "year",
        "scope",
        "province",
        "agency",
        "region",
        "region_code",
        "table",
        "row_key",
        "column_key",
    }
    return [f.name for f in schema if f.name in keep and not pa.types.is_nested(f.type)]


def write_parquet(
    reports: Iterable[AnnualReport],
    path: str | os.PathLike[str],
    *,
    table: str = "reports",
    batch_size: int = DEFAULT_BATCH_SIZE,
    row_group_reports: int = DEFAULT_ROW_GROUP_REPORTS,
    compression: str = "zstd",
    progress: Callable[[int], None] | None = None,
) -> int:
    """Write reports to one Parquet file, batch by batch; returns the number written.

    ``table`` is ``reports`` (lossless, one row per report), ``facts`` (one row per
    cell) or ``indicators`` (one row per report, totals and ratios). The file appears
    only once complete.
    """
    return write_batches(
        _object_batches(reports, batch_size, table), path, table=table, row_group_reports=row_group_reports,
        compression=compression, progress=progress,
    )  # fmt: skip


def write_batches(
    batches: Iterable[TableBatch],
    path: str | os.PathLike[str],
    *,
    table: str = "reports",
    row_group_reports: int = DEFAULT_ROW_GROUP_REPORTS,
    compression: str = "zstd",
    progress: Callable[[int], None] | None = None,
) -> int:
    """:func:`write_parquet` of batches already converted (see :class:`TableBatch`)."""
    schema = _TABLES[table][1]
    target = pathlib.Path(path)
    count = 0
    templates: set[str] = set()
    with _safe_target(target) as temporary:
        writer = pq.ParquetWriter(temporary, schema, compression=compression, write_statistics=_statistics(schema))
        pending: list[pa.Table] = []
        pending_rows = 0

        def flush() -> None:
            nonlocal pending, pending_rows
            if pending:
                writer.write_table(pa.concat_tables(pending), row_group_size=max(pending_rows, 1))
            pending, pending_rows = [], 0

        try:
            for batch in batches:
                if not batch.reports:
                    continue
                pending.append(batch.data)
                pending_rows += batch.data.num_rows
                templates.update(batch.templates)
                count += batch.reports
                if count % row_group_reports < batch.reports or pending_rows >= row_group_reports:
                    flush()
                if progress is not None:
                    progress(count)
            flush()
            writer.add_key_value_metadata(_file_metadata(table, templates))
        finally:
            writer.close()
    return count


#: What ``write_dataset`` does with a report already in the dataset (same agency, region, year,
#: template and scope): refuse the whole write, add it again, or put it in place of the old.
MODES = ("error", "append", "replace")


class DuplicateReportError(ParquetError):
    """Reports already in a dataset, written with ``mode="error"``; nothing was written."""

    def __init__(self, directory: pathlib.Path, identities: Sequence[tuple[str, str, int, str, str]]) -> None:
        self.identities = tuple(identities)
        named = "; ".join(
            f"{name or region or '?'} {year} {template} {scope}"
            for name, region, year, template, scope in identities[:5]
        )
        more = f" and {len(identities) - 5} more" if len(identities) > 5 else ""
        super().__init__(
            f"{directory}: already holds {len(identities)} of the reports given ({named}{more}), or they were "
            "given twice; nothing was written. Give mode 'replace' to put them in place of the old "
            "ones, or 'append' to add them again"
        )


def write_dataset(
    reports: Iterable[AnnualReport],
    directory: str | os.PathLike[str],
    *,
    partition: Sequence[str] = ("year", "province"),
    table: str = "reports",
    batch_size: int = DEFAULT_BATCH_SIZE,
    compression: str = "zstd",
    progress: Callable[[int], None] | None = None,
    mode: str = "error",
    rows_per_file: int | None = None,
) -> int:
    """Add reports to a hive-partitioned dataset; returns the number written.

    Rows are gathered per partition across batches and written as files of up to
    ``rows_per_file`` rows (by default 10,000 for the reports table, 100,000 for the
    indicators, 1,000,000 for the facts), so a write makes one file per partition it
    touches, not one per batch; at most 192 MB of rows wait in memory (the fullest partition
    is written out first).

    All or nothing: the files are written under a hidden staging folder in ``directory``
    (which readers skip) and moved into place once every report is written; an error or a
    kill leaves the dataset as it was. ``mode`` says what to do with a report the dataset
    already holds (see :data:`MODES`): ``"error"`` (the default) refuses the write with
    :class:`DuplicateReportError`, ``"append"`` adds it again, ``"replace"`` removes the old
    rows (the files holding them are rewritten without them). A report given twice in one
    write counts as already there.

    Partition folder names stay readable (``province=上海市``): only what is unsafe in a
    path is percent-encoded (separators, ``%``, characters invalid on common file systems,
    control characters, a leading dot), so no agency or region name can make a path
    outside ``directory``.
    """
    return write_dataset_batches(
        _object_batches(reports, batch_size, table), directory, partition=partition, table=table,
        progress=progress, compression=compression, mode=mode, rows_per_file=rows_per_file,
    )  # fmt: skip


def write_dataset_batches(
    batches: Iterable[TableBatch],
    directory: str | os.PathLike[str],
    *,
    partition: Sequence[str] = ("year", "province"),
    table: str = "reports",
    compression: str = "zstd",
    progress: Callable[[int], None] | None = None,
    mode: str = "error",
    rows_per_file: int | None = None,
) -> int:
    """:func:`write_dataset` of batches already converted (see :class:`TableBatch`)."""
    if mode not in MODES:
        raise ValueError(f"mode must be one of {', '.join(MODES)}, not {mode!r}")
    unknown = [p for p in partition if p not in _PARTITION_PATHS]
    if unknown:
        raise ValueError(f"cannot partition by {', '.join(unknown)}; choose from {', '.join(_PARTITION_PATHS)}")
    base = pathlib.Path(directory)
    try:
        base.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise _unwritable(base, (base, *base.parents), exc) from exc
    run = uuid.uuid4().hex
    staging = base / f".staging-{os.getpid()}-{run}"
    _remove_stale_staging(base)
    existing = dataset_identities(base) if mode != "append" else {}
    limit = rows_per_file if rows_per_file is not None else _ROWS_PER_FILE[table]
    if limit < 1:
        raise ValueError(f"rows_per_file must be positive, not {limit}")
    buffer = _PartitionBuffer(staging, f"part-{run}", table, compression, limit)
    seen: set[Identity] = set()
    again: list[Identity] = []
    count = 0
    try:
        with _removed_on_sigterm([str(staging)]):
            for batch in batches:
                if not batch.reports:
                    continue
                if mode != "append":
                    for identity in batch.identities():
                        if identity in seen or (mode == "error" and identity in existing):
                            again.append(identity)
                        seen.add(identity)
                    if again and mode == "error":
                        continue  # keep going only to name every report already there
                data = batch.data
                values = {name: batch.partition(name) for name in partition}
                data = data.drop_columns([name for name in partition if name in data.column_names])
                buffer.add(data, values)
                count += batch.reports
                if progress is not None:
                    progress(count)
            if again:
                raise DuplicateReportError(base, again)
            buffer.flush_all()
            replaced = {i: files for i, files in existing.items() if i in seen} if mode == "replace" else {}
            _rewrite_without(base, staging, replaced, run)
            _commit(base, staging)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
    return count


_ROWS_PER_FILE = {"reports": 10_000, "indicators": 100_000, "facts": 1_000_000}
#: At most this many bytes of Arrow data wait for their files (the fullest partition is written first).
_BUFFER_BYTES = 192 * 1024 * 1024


class _PartitionBuffer:
    """Rows gathered per partition (``year=2025/province=上海市``) and written to the staging
    folder as files of up to ``limit`` rows; when more than :data:`_BUFFER_BYTES` wait, the
    fullest partition is written out. The partition columns live in the folder names."""

    def __init__(self, staging: pathlib.Path, stem: str, table: str, compression: str, limit: int) -> None:
        self.staging, self.stem, self.table, self.compression, self.limit = staging, stem, table, compression, limit
        self.waiting: dict[tuple[tuple[str, str], ...], list[pa.Table]] = {}
        self.rows: dict[tuple[tuple[str, str], ...], int] = {}
        self.bytes: dict[tuple[tuple[str, str], ...], int] = {}
        self.files = 0

    def add(self, data: pa.Table, values: dict[str, list[Any]]) -> None:
        groups: dict[tuple[Any, ...], list[int]] = {}
        keys = zip(*values.values(), strict=True) if values else iter([()] * data.num_rows)
        for index, key in enumerate(keys):
            groups.setdefault(key, []).append(index)
        data = data.replace_schema_metadata(None)
        for key, rows in groups.items():
            folder = tuple((name, _folder_value(value)) for name, value in zip(values, key, strict=True))
            part = data if len(rows) == data.num_rows else data.take(pa.array(rows, pa.int64()))
            self.waiting.setdefault(folder, []).append(part)
            self.rows[folder] = self.rows.get(folder, 0) + part.num_rows
            self.bytes[folder] = self.bytes.get(folder, 0) + part.nbytes
            if self.rows[folder] >= self.limit:
                self.flush(folder)
        while sum(self.bytes.values()) > _BUFFER_BYTES:
            self.flush(max(self.bytes, key=self.bytes.__getitem__))

    def flush(self, folder: tuple[tuple[str, str], ...]) -> None:
        data = pa.concat_tables(self.waiting.pop(folder))
        del self.rows[folder], self.bytes[folder]
        templates = set(data.column("template").to_pylist()) if "template" in data.column_names else set()
        data = data.replace_schema_metadata(_file_metadata(self.table, {t for t in templates if t}))
        target = self.staging.joinpath(*(f"{name}={value}" for name, value in folder))
        target.mkdir(parents=True, exist_ok=True)
        self.files += 1
        pq.write_table(
            data,
            target / f"{self.stem}-{self.files}.parquet",
            compression=self.compression,
            write_statistics=_statistics(data.schema),
        )

    def flush_all(self) -> None:
        for folder in list(self.waiting):
            self.flush(folder)


def compact(directory: str | os.PathLike[str], *, rows_per_file: int | None = None) -> tuple[int, int]:
    """Rewrite the small files of each partition of a dataset as few large ones (up to
    ``rows_per_file`` rows each; see :func:`write_dataset`); returns the number of files
    before and after. All or nothing, as a write: the new files are staged and moved into
    place, then the old ones removed; the rows, their order within a partition and the
    files' metadata are kept. The files of an empty partition value (``province=``, as
    earlier versions wrote it; Spark refuses such a dataset) move to the null folder
    (:data:`NULL_PARTITION`)."""
    base = pathlib.Path(directory)
    if not base.is_dir():
        raise ParquetError(f"{base}: not a dataset folder")
    files = data_files(base)
    by_folder: dict[pathlib.Path, list[pathlib.Path]] = {}
    for file in files:
        by_folder.setdefault(file.parent, []).append(file)
    run = uuid.uuid4().hex
    staging = base / f".staging-{os.getpid()}-{run}"
    _remove_stale_staging(base)
    after = 0
    emptied: list[pathlib.Path] = []
    try:
        with _removed_on_sigterm([str(staging)]):
            for folder, members in sorted(by_folder.items()):
                kinds = {_check_table_kind(f) for f in members}
                if len(kinds) != 1:
                    raise ParquetError(f"{folder}: holds files of different tables ({', '.join(sorted(kinds))})")
                (kind,) = kinds
                limit = rows_per_file if rows_per_file is not None else _ROWS_PER_FILE[kind]
                relative = _null_folders(folder.relative_to(base))
                if relative != folder.relative_to(base):
                    emptied.append(folder)  # an empty value (``province=``): moved to its null folder
                elif len(members) == 1 or limit < 1:
                    after += len(members)
                    continue
                buffer = _PartitionBuffer(
                    staging / relative, f"part-{run}", kind, "zstd", limit if limit >= 1 else _ROWS_PER_FILE[kind]
                )
                for member in members:
                    buffer.add(pq.read_table(member, partitioning=None), {})
                    (staging / ".remove").mkdir(parents=True, exist_ok=True)
                    (staging / ".remove" / uuid.uuid4().hex).write_text(str(member.relative_to(base)), "utf-8")
                buffer.flush_all()
                after += buffer.files
            _commit(base, staging)
            for folder in emptied:  # the folders of empty values, and their parents, left with no files
                for empty in (folder, *folder.parents):
                    if base not in empty.parents:
                        break
                    try:
                        empty.rmdir()
                    except OSError:  # not empty: another partition lives there
                        break
    except (OSError, pa.ArrowException) as exc:
        raise ParquetError(f"{base}: cannot be compacted ({exc})") from exc
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
    return len(files), after


def _null_folders(relative: pathlib.Path) -> pathlib.Path:
    """A partition folder path with every empty value (``province=``, as datasets were written
    before) named :data:`NULL_PARTITION`."""
    parts = [
        f"{part}{NULL_PARTITION}" if part.endswith("=") and part.count("=") == 1 else part for part in relative.parts
    ]
    return pathlib.Path(*parts) if parts else relative


def _check_table_kind(file: pathlib.Path) -> str:
    metadata = pq.read_schema(file).metadata or {}
    if _META_LAYOUT not in metadata:
        raise ParquetError(f"{file}: not a govdisclosure file (no {_META_LAYOUT.decode()} in its metadata)")
    kind: bytes = metadata.get(_META_TABLE, b"reports")
    return kind.decode()


def _path_values(file: pathlib.Path, base: pathlib.Path) -> dict[str, str | None]:
    """The partition values a file's folders name (``key=value``, percent-decoded; ``None``
    for :data:`NULL_PARTITION` and for the empty value earlier versions wrote)."""
    from urllib.parse import unquote

    out: dict[str, str | None] = {}
    for part in file.relative_to(base).parent.parts:
        key, sep, value = part.partition("=")
        if sep:
            out[key] = None if value in (NULL_PARTITION, "") else unquote(value)
    return out


def _remove_stale_staging(base: pathlib.Path) -> None:
    """Remove the staging folders of earlier writes that were killed (never those of a
    writer still running)."""
    for entry in base.glob(".staging-*"):
        pid = entry.name.split("-")[1]
        if pid.isdigit() and int(pid) != os.getpid() and not _alive(int(pid)):
            shutil.rmtree(entry, ignore_errors=True)


_UNSAFE = frozenset('/\\:*?"<>|%')

#: The folder name of a partition whose value is null or empty (an unknown province, a region
#: without a code): the Hive convention, which pyarrow, Spark, DuckDB and Polars all read back
#: as null. Spark refuses a whole dataset that holds an empty folder value (``province=``).
NULL_PARTITION = "__HIVE_DEFAULT_PARTITION__"


def _folder_value(value: Any) -> str:
    """A partition value as its folder name: :data:`NULL_PARTITION` for null or empty; the
    value itself, readable, with only what is unsafe percent-encoded (:func:`_path_safe`)."""
    if value is None or value == "":
        return NULL_PARTITION
    text = str(value)
    if text == NULL_PARTITION:  # a value that reads as null would change on the way back
        return "%5F" + text[1:]
    return str(_path_safe(text))


def _path_safe(value: Any) -> Any:
    """A partition value as a folder name: readable, with only what is unsafe in a path
    percent-encoded (as URI encoding would, so readers decode it the same way)."""
    if not isinstance(value, str):
        return value
    out = []
    for index, char in enumerate(value):
        if char in _UNSAFE or ord(char) < 0x20 or ord(char) == 0x7F or (index == 0 and char == "."):
            out.append("".join(f"%{byte:02X}" for byte in char.encode("utf-8")))
        else:
            out.append(char)
    return "".join(out)


def dataset_identities(directory: str | os.PathLike[str]) -> dict[tuple[str, str, int, str, str], list[pathlib.Path]]:
    """The report identities a dataset holds (agency, region, year, template, scope; see
    ``collection.report_identity``) and the files that hold each; read from the few
    identity columns, never the reports."""
    base = pathlib.Path(directory)
    found: dict[tuple[str, str, int, str, str], list[pathlib.Path]] = {}
    for file in data_files(base):
        try:
            rows = _row_identities(_identity_columns(file, base))
        except (OSError, pa.ArrowException, KeyError, ValueError) as exc:
            raise ParquetError(f"{file}: cannot read the report identities ({exc})") from exc
        for identity in dict.fromkeys(rows):
            found.setdefault(identity, []).append(file)
    return found


def data_files(directory: pathlib.Path) -> list[pathlib.Path]:
    """The Parquet files of a dataset folder, without hidden ones (``.`` or ``_`` at the
    start of any part of the path inside the folder: staging folders, ``_SUCCESS``)."""
    return sorted(
        p
        for p in directory.rglob("*.parquet")
        if p.is_file() and not any(part.startswith((".", "_")) for part in p.relative_to(directory).parts)
    )


def _rewrite_without(
    base: pathlib.Path,
    staging: pathlib.Path,
    replaced: dict[tuple[str, str, int, str, str], list[pathlib.Path]],
    run: str,
) -> None:
    """Stage each file that holds a replaced report again without its rows (the old file
    is removed at commit); a file left with no rows is only removed."""
    if not replaced:
        return
    gone = set(replaced)
    for file in sorted({f for files in replaced.values() for f in files}):
        table = pq.read_table(file, partitioning=None)
        keep = [identity not in gone for identity in _row_identities(_identity_columns(file, base))]
        kept = table.filter(pa.array(keep, pa.bool_()))
        target = staging / file.relative_to(base).parent / f"part-{run}-rewritten-{file.stem}.parquet"
        (staging / ".remove").mkdir(parents=True, exist_ok=True)
        (staging / ".remove" / uuid.uuid4().hex).write_text(str(file.relative_to(base)), "utf-8")
        if kept.num_rows:
            target.parent.mkdir(parents=True, exist_ok=True)
            pq.write_table(kept, target, compression="zstd", write_statistics=_statistics(kept.schema))


def _identity_columns(file: pathlib.Path, base: pathlib.Path) -> pa.Table:
    """The identity columns of a file, those kept in its folder names restored."""
    parquet = pq.ParquetFile(file)
    names = parquet.schema_arrow.names
    wanted = ["agency", "year", "template", "scope"]
    if "agency" in names and not pa.types.is_struct(parquet.schema_arrow.field("agency").type):
        wanted[1:1] = ["region", "region_code"]
    table = parquet.read(columns=[n for n in wanted if n in names])
    for name, value in _path_values(file, base).items():
        if name in wanted and name not in table.column_names:
            typed: Any = int(value) if name == "year" and value is not None else value
            table = table.append_column(
                name, pa.array([typed] * table.num_rows, PARTITION_TYPES.get(name, pa.string()))
            )
    return table


def _row_identities(table: pa.Table) -> list[tuple[str, str, int, str, str]]:
    """:func:`govdisclosure.collection.report_identity` of every row, from the table's columns."""
    if pa.types.is_struct(table.schema.field("agency").type):
        agency = table.column("agency")
        names = pc.struct_field(agency, "name").to_pylist()
        regions = pc.struct_field(agency, ["region", "name"]).to_pylist()
        codes = pc.struct_field(agency, ["region", "code"]).to_pylist()
    else:
        names, regions = table.column("agency").to_pylist(), table.column("region").to_pylist()
        codes = table.column("region_code").to_pylist() if "region_code" in table.column_names else [None] * len(names)
    rest = (table.column(c).to_pylist() for c in ("year", "template", "scope"))
    return list(map(identity_of, names, regions, codes, *rest))


def _commit(base: pathlib.Path, staging: pathlib.Path) -> None:
    """Move the staged files into the dataset, then remove the files they replace."""
    removals = staging / ".remove"
    old = [base / path.read_text("utf-8") for path in sorted(removals.iterdir())] if removals.exists() else []
    for file in sorted(staging.rglob("*.parquet")):
        relative = file.relative_to(staging)
        if relative.parts[0].startswith("."):
            continue
        target = base / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(file, target)
    for path in old:
        with contextlib.suppress(FileNotFoundError):
            path.unlink()


def _partition_values(name: str, data: pa.Table, batch: Sequence[AnnualReport], table: str) -> list[Any]:
    """A partition column's values, one per row: the table's own column, else per report
    (a value the report does not give is the empty text, as :func:`_report_partition` has it)."""
    if name in data.column_names:
        values: list[Any] = pc.fill_null(data.column(name), "" if name != "year" else 0).to_pylist()
        return values
    if table == "facts":
        return _fact_partition(data, name)
    return [_report_partition(name, r) for r in batch]


def _fact_partition(data: pa.Table, name: str) -> list[Any]:
    raise ValueError(f"the facts table cannot be partitioned by {name!r}")


# --------------------------------------------------------------------------- reading


def _check_file(path: pathlib.Path) -> dict[bytes, bytes]:
    try:
        metadata = pq.read_metadata(path).metadata or {}
    except (OSError, pa.ArrowException) as exc:
        raise ParquetError(f"{path}: not a readable Parquet file ({exc})") from exc
    layout = metadata.get(_META_LAYOUT)
    if layout is None:
        raise ParquetError(f"{path}: not a govdisclosure reports file (no {_META_LAYOUT.decode()} in its metadata)")
    if metadata.get(_META_TABLE, b"reports") != b"reports":
        raise ParquetError(
            f"{path}: holds the {metadata[_META_TABLE].decode()} table; only a reports table reads back as reports"
        )
    if layout.decode().split(".")[0] != ARROW_SCHEMA_VERSION.split(".")[0]:
        raise ParquetError(
            f"{path}: written with Arrow layout {layout.decode()}; this version of govdisclosure reads layout "
            f"{ARROW_SCHEMA_VERSION.split('.')[0]}.x"
        )
    return metadata


def dataset_root(path: pathlib.Path) -> pathlib.Path:
    """The dataset folder of a file or partition folder in it (above every ``name=value`` folder)."""
    root = path if path.is_dir() else path.parent
    while "=" in root.name and root.parent != root:
        root = root.parent
    return root


def partitioning(files: Sequence[pathlib.Path | str], root: pathlib.Path | str) -> pads.Partitioning:
    """The hive partitioning of the folders of ``files`` below ``root``, with one type for
    each partition column whatever its values look like: ``year`` an integer (``int64``, as in
    every table), every other column text (a region code stays the text ``110000``)."""
    keys: dict[str, None] = {}
    for file in files:
        for part in pathlib.Path(file).relative_to(root).parent.parts:
            if "=" in part:
                keys.setdefault(part.split("=", 1)[0], None)
    schema = pa.schema([(key, PARTITION_TYPES.get(key, pa.string())) for key in keys])
    return pads.HivePartitioning(schema, segment_encoding="uri")


def read_parquet(
    path: str | os.PathLike[str],
    *,
    filter: pads.Expression | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
) -> Iterator[AnnualReport]:
    """Reports from a file or a hive-partitioned dataset, batch by batch (bounded memory).

    ``filter`` is a ``pyarrow.dataset`` expression, pushed down to the files and the
    partitions, e.g. ``(pc.field("year") == 2025) & (pc.field("province") == "上海市")``.
    """
    source = pathlib.Path(path)
    if not source.exists():
        raise ParquetError(f"{source}: no such file or folder")
    files = data_files(source) if source.is_dir() else [source]
    if not files:
        raise ParquetError(f"{source}: no Parquet files in this folder")
    for file in files:
        _check_file(file)
    try:
        # A partition folder or a file inside a dataset is read with the values its
        # folders name (year=2025/...), as the whole dataset would be.
        root = dataset_root(source)
        dataset = pads.dataset(
            [str(f) for f in files], format="parquet", partitioning=partitioning(files, root),
            partition_base_dir=str(root),
        )  # fmt: skip
        scanner = dataset.scanner(filter=filter, batch_size=batch_size)
        for batch in scanner.to_batches():
            yield from from_table(batch)  # the collector is paused while the batch is built
    except pa.ArrowException as exc:
        raise ParquetError(f"{source}: cannot be read ({exc})") from exc


def read_batches(
    path: str | os.PathLike[str],
    *,
    filter: pads.Expression | None = None,
    batch_size: int = DEFAULT_ROW_GROUP_REPORTS,
) -> Iterator[pa.RecordBatch]:
    """Batches of a reports file, partition folder or hive-partitioned dataset as the batch
    functions (:func:`govdisclosure.audit_batch`, :func:`govdisclosure.ratios_batch`) read
    them: every column they read, the narrative sections (a report's bulk) left on disk,
    partition values as the whole dataset gives them. ``filter``: as :func:`read_parquet`.

    ``pq.read_table`` and ``pyarrow.dataset`` read nested column paths (``body_gb2021.applications``)
    as flat top-level columns, which is not the reports layout; this reads the same columns
    with each body kept one struct column."""
    from govdisclosure._columnar import batch_columns
    from govdisclosure.arrow import BODY_COLUMNS

    source = pathlib.Path(path)
    if not source.exists():
        raise ParquetError(f"{source}: no such file or folder")
    files = data_files(source) if source.is_dir() else [source]
    if not files:
        raise ParquetError(f"{source}: no Parquet files in this folder")
    for file in files:
        _check_file(file)
    try:
        root = dataset_root(source)
        dataset = pads.dataset(
            [str(f) for f in files], format="parquet", partitioning=partitioning(files, root),
            partition_base_dir=str(root),
        )  # fmt: skip
        schema = dataset.schema
        bodies = {name: template for template, name in BODY_COLUMNS.items()}
        columns: dict[str, pads.Expression] = {}
        for name in batch_columns(schema):
            top, _, child = name.partition(".")
            if not child:
                columns[top] = pc.field(top)
        for field in schema:
            if field.name in bodies:
                kept = [child.name for child in field.type if child.name != "sections"]
                columns[field.name] = pc.make_struct(*(pc.field(field.name, child) for child in kept), field_names=kept)
        order = [field.name for field in schema if field.name in columns]
        scanner = dataset.scanner(columns={name: columns[name] for name in order}, filter=filter, batch_size=batch_size)
        for batch in scanner.to_batches():
            yield _with_bodies_of_their_reports(batch, bodies)
    except pa.ArrowException as exc:
        raise ParquetError(f"{source}: cannot be read ({exc})") from exc


def _with_bodies_of_their_reports(batch: pa.RecordBatch, bodies: dict[str, Any]) -> pa.RecordBatch:
    """The batch with each body column null where the report is of another template, as in
    the file (a struct built of some of a column's children is never null itself)."""
    if not batch.num_rows or "template" not in batch.schema.names:
        return batch
    template = batch.column("template")
    arrays = []
    for name, array in zip(batch.schema.names, batch.columns, strict=True):
        if name in bodies:
            other = pc.fill_null(pc.not_equal(template, bodies[name].value), True)
            children = [array.field(i) for i in range(array.type.num_fields)]
            array = pa.StructArray.from_arrays(children, fields=list(array.type), mask=other)
        arrays.append(array)
    return pa.RecordBatch.from_arrays(arrays, schema=batch.schema)


_TABLES: dict[str, tuple[Callable[[Sequence[AnnualReport]], pa.Table], pa.Schema]] = {
    "reports": (_reports_batch, reports_schema()),
    "facts": (_facts_batch, facts_schema()),
    "indicators": (_indicators_batch, indicators_schema()),
}
