"""Model invariants: cells, the body of each template, coordinates."""

from __future__ import annotations

import decimal

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import govdisclosure as gd
from govdisclosure.coordinates import MISSING, _walk, resolve
from govdisclosure.model import Cell, CellStatus, Template

from .conftest import EXAMPLES
from .strategies import reports


def test_zero_blank_slash_and_not_applicable_are_different_values() -> None:
    cells = [0, Cell(CellStatus.BLANK), Cell(CellStatus.SLASH, "/"), Cell(CellStatus.NOT_APPLICABLE, "不适用")]
    assert len({repr(c) for c in cells}) == 4
    assert [gd.number(c) for c in cells] == [0, None, None, None]
    assert gd.number(Cell(CellStatus.NUMBER, "251000元", 251000)) == 251000


def test_a_cell_keeps_its_text_when_not_a_clean_number() -> None:
    with pytest.raises(ValueError, match="printed text"):
        Cell(CellStatus.TEXT)
    with pytest.raises(ValueError, match="value exactly"):
        Cell(CellStatus.NUMBER, "12件")
    with pytest.raises(ValueError, match="value exactly"):
        Cell(CellStatus.BLANK, value=0)


def test_model_objects_are_frozen() -> None:
    report = gd.load(EXAMPLES / "valid" / "shuyang-county-government-2025.json")
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        report.year = 2024  # type: ignore[misc]
    changed = attrs.evolve(report, year=2024)
    assert changed.year == 2024
    assert report.year == 2025


def test_body_must_match_the_template() -> None:
    report = gd.load(EXAMPLES / "valid" / "shuyang-county-government-2025.json")
    with pytest.raises(TypeError, match="needs a Gb2019Body"):
        attrs.evolve(report, template=gd.Template.GB2019)


def test_money_is_exact() -> None:
    report = gd.load(EXAMPLES / "valid" / "shuyang-county-government-2025.json")
    assert isinstance(report.body, gd.model.Gb2021Body)
    fee = report.body.proactive_disclosure.art20_8.administrative_fees.fee_amount
    assert fee == gd.Money(decimal.Decimal("4068.208"), gd.MoneyUnit.WAN_YUAN)
    assert '"amount": "4068.208"' in gd.dumps(report)


def test_coordinates_read_a_pointer_as_the_printed_table() -> None:
    assert gd.locate("/body/applications/results/denied/third_party_rights/legal_service_org", "gb2021") == (
        "表三 · （三）不予公开 · 4.保护第三方合法权益 · 法律服务机构"
    )
    assert (
        gd.locate("/body/review_litigation/litigation_after_review/pending", "gb2019")
        == "表四 · 行政诉讼 · 复议后起诉 · 尚未审结"
    )
    assert (
        gd.locate("/body/proactive_disclosure/art20_1/rules/in_force", "gb2021")
        == "表二 · 第二十条第（一）项 · 规章 · 现行有效件数"
    )
    assert gd.locate("/body/on_request/replies/2/count", "legacy") == "依申请公开情况 · 申请答复 · 第3项 · 数量"
    assert gd.locate("/body/anything", None) is None


def test_single_row_other_processing_is_kept_and_reported() -> None:
    report = gd.load(EXAMPLES / "valid" / "shuyang-county-government-2025.json")
    assert isinstance(report.body, gd.model.Gb2021Body)
    other = report.body.applications.results.other
    assert other.other is not None
    single = attrs.evolve(
        other, no_correction_overdue=None, fee_not_paid_overdue=None, other=None, subtotal=other.other
    )
    results = attrs.evolve(report.body.applications.results, other=single)
    body = attrs.evolve(report.body, applications=attrs.evolve(report.body.applications, results=results))
    result = gd.validate(gd.unstructure(attrs.evolve(report, body=body)))
    assert result.valid
    assert [f.code for f in result.findings] == ["layout.single_row_other_processing"]
    assert result.report is not None
    assert result.report.body.applications.results.other.subtotal == other.other  # type: ignore[union-attr]


def _pointers(node: object, path: str = "") -> list[str]:
    """Every pointer into a JSON document, and a few that name nothing."""
    out = [path, path + "/nothing_here", path + "/999"]
    if isinstance(node, dict):
        for key, value in node.items():
            out.extend(_pointers(value, f"{path}/{key}"))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            out.extend(_pointers(value, f"{path}/{i}"))
    return out


@pytest.mark.parametrize("template", list(Template))
@settings(max_examples=15, deadline=None)
@given(data=st.data())
def test_compiled_pointers_resolve_like_the_step_by_step_walk(template: Template, data: st.DataObject) -> None:
    report = data.draw(reports(template))
    pointers = _pointers(gd.unstructure(report))
    for pointer in pointers:
        assert resolve(report, pointer) == _walk(report, pointer), pointer
    # present values are found, absent ones are missing, whichever way
    assert any(resolve(report, p) is not MISSING for p in pointers if p.count("/") > 1)
    assert resolve(report, "/body/nothing_here") is MISSING


def test_every_exception_the_library_raises_is_a_govdisclosure_error() -> None:
    """One root to catch (attrs's style): every public exception class of every module."""
    import importlib
    import inspect
    import pkgutil

    import govdisclosure

    found = []
    for module in pkgutil.walk_packages(govdisclosure.__path__, "govdisclosure."):
        if module.name.endswith(("_extract_cli", "__main__")):
            continue
        loaded = importlib.import_module(module.name)
        for name, value in vars(loaded).items():
            ours = inspect.isclass(value) and issubclass(value, BaseException) and value.__module__ == loaded.__name__
            # internal signals, always caught: the fast path's Fallback, the batch audit's _NeedObjects
            if ours and name not in ("Fallback", "_NeedObjects"):
                found.append(value)
    assert {"AuditError", "FieldStructureError", "ParquetError", "InvalidReportError"} <= {c.__name__ for c in found}
    assert [c.__name__ for c in found if not issubclass(c, govdisclosure.GovDisclosureError)] == []


def test_no_public_module_is_shadowed_by_a_name_of_the_top_level() -> None:
    """``import govdisclosure.X`` gives the module X wherever X is a public module."""
    import importlib
    import inspect
    import pkgutil

    import govdisclosure

    public = [m.name for m in pkgutil.iter_modules(govdisclosure.__path__) if not m.name.startswith("_")]
    assert "parquet" in public
    assert "audit" not in public
    for name in public:
        value = getattr(govdisclosure, name, None)
        assert value is None or inspect.ismodule(value), f"govdisclosure.{name} is {value!r}, not the module"
    for name in ("audit", "ratios", "audit_collection", "ratios_table"):
        assert callable(getattr(govdisclosure, name))
        with pytest.raises(ModuleNotFoundError):
            importlib.import_module(f"govdisclosure.{name}")


def test_legacy_breakdown_keys_are_declared_once_with_their_labels() -> None:
    """The canonical keys of a legacy breakdown are enums with the rows' labels; the field's
    description, the ratios and the extraction read them from there."""
    from govdisclosure import RATIOS, _introspect
    from govdisclosure.extraction import _legacy
    from govdisclosure.model import BREAKDOWN_KEYS, Breakdown, ChannelKey, RefusalReasonKey, ReplyKey

    description = _introspect.description(_introspect.fields_by_name(Breakdown)["key"])
    for keys in BREAKDOWN_KEYS.values():
        assert all(key.value in description and key.label_zh for key in keys)
    ratios = {d.id: d for d in RATIOS}
    assert all(ratios[f"channel_share_{k.value}"].name_zh == f"{k.label_zh}占比" for k in ChannelKey)
    assert all(ratios[f"reply_share_{k.value}"].name_zh == f"{k.label_zh}占比" for k in ReplyKey)
    assert [key for key, _ in _legacy._CHANNELS] == [k.value for k in ChannelKey]
    assert {key for key, _ in _legacy._REPLIES} == {k.value for k in ReplyKey}
    assert [key for key, _ in _legacy._REASONS] == [k.value for k in RefusalReasonKey]


def test_the_ratios_tables_and_charts_add_cells_without_the_audit() -> None:
    """The term engine sits below the audit: what only adds up cells does not import it."""
    import ast
    import pathlib

    import govdisclosure

    package = pathlib.Path(govdisclosure.__file__).parent
    for name in ("_ratios.py", "tables.py", "plot.py", "rules.py", "_terms.py"):
        tree = ast.parse((package / name).read_text(encoding="utf-8"))
        imported = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
        assert "govdisclosure._audit" not in imported, name
    assert "govdisclosure._terms" in {
        node.module
        for node in ast.walk(ast.parse((package / "_ratios.py").read_text(encoding="utf-8")))
        if isinstance(node, ast.ImportFrom)
    }
