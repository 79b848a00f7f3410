"""The audit over the seed, every example and every sample, with every finding asserted.

The examples are the samples of ../shared/samples encoded (and the seed):
shanghai-government-office-2019 (gb2019), shanghai-government-office-2025,
shanghai-science-commission-2024, shuyang-county-government-2025 and
shuyang-development-reform-bureau-2023 (gb2021), chenzhou-2015 (legacy, the seed).
"""

from __future__ import annotations

import decimal
import json
from collections import Counter

import attrs
import pytest

import govdisclosure as gd
from govdisclosure.findings import Outcome
from govdisclosure.rules import RULES, instances_for

from .conftest import EXAMPLES

D = decimal.Decimal


def load(name: str) -> gd.AnnualReport:
    return gd.load(EXAMPLES / "valid" / f"{name}.json")


def outcomes(findings: tuple[gd.Finding, ...]) -> Counter[str]:
    return Counter(f.outcome.value for f in findings if f.outcome is not None)


def not_passing(findings: tuple[gd.Finding, ...]) -> set[tuple[str, str | None, str]]:
    return {(f.code, f.instance, f.outcome.value) for f in findings if f.outcome not in (None, Outcome.PASS)}


def test_the_seed_comes_out_exactly_right() -> None:
    findings = gd.audit(load("chenzhou-2015"))
    by_instance = {f.instance: f for f in findings if f.code == "SF-1"}
    # 办结率93.28% against 1611 of 1680 cases (95.89%) fails.
    failed = by_instance["penalty_completion_rate"]
    assert failed.outcome is Outcome.FAIL
    assert (failed.expected, failed.actual, failed.difference) == (D("95.89"), D("93.28"), D("-2.61"))
    assert "1611 / 1680 is 95.89%" in failed.message_en
    # 8.5% for 79 of 921 applications is truncated, not rounded (8.58 → 8.6).
    truncated = by_instance["channel_online_share"]
    assert truncated.outcome is Outcome.TRUNCATED
    assert truncated.expected == D("8.6")
    assert not truncated.is_error
    # Every other rate the seed states, where its counts are given, passes.
    passing = {k for k, f in by_instance.items() if f.outcome is Outcome.PASS}
    assert passing == {
        "mayor_mailbox_reply_rate",
        "approvals_completion_rate",
        "channel_in_person_share",
        "channel_fax_share",
        "channel_letter_share",
        "reply_already_public_share",
        "reply_granted_share",
        "reply_partially_granted_share",
        "reply_refused_share",
        "reply_not_this_agency_share",
        "reply_does_not_exist_share",
        "reply_asked_to_amend_share",
    }
    assert not_passing(findings) == {
        ("SF-1", "penalty_completion_rate", "fail"),
        ("SF-1", "channel_online_share", "truncated"),
    }
    # The on-request statistics add up: 921 = Σ channels = 232 + 689; 903 = Σ replies; 16 = Σ reasons.
    assert {(f.code, f.outcome.value) for f in findings if f.code.startswith("L-")} == {
        ("L-1", "pass"),
        ("L-1b", "pass"),
        ("L-3", "pass"),
        ("L-4", "pass"),
    }
    # Numbers restating the statistics (921件, 903件, 18件, ...) agree: 25 restatements.
    assert Counter((f.code, f.outcome.value) for f in findings if f.code == "SF-2") == {("SF-2", "pass"): 25}


# Every example's findings: outcome counts, and every finding that is not a pass.
EXPECTED = {
    "chenzhou-2015": (
        {"pass": 41, "fail": 1, "truncated": 1},
        {
            ("SF-1", "penalty_completion_rate", "fail"),
            ("SF-1", "channel_online_share", "truncated"),
        },
    ),
    # Blank cells everywhere but in a few rows: 38 rules are not assessable, none fails.
    "shanghai-government-office-2019": ({"pass": 14, "not_assessable": 38}, None),
    "shanghai-government-office-2025": ({"pass": 54}, set()),
    # 四、结转下年度继续办理 · 总计 is blank in the sample: the three rules reading it are not assessable.
    "shanghai-science-commission-2024": (
        {"pass": 48, "not_assessable": 3},
        {
            ("T3-1", "carried_forward", "not_assessable"),
            ("T3-3", "total", "not_assessable"),
            ("SF-2", "carried_forward", "not_assessable"),
        },
    ),
    "shuyang-county-government-2025": ({"pass": 44}, set()),
    # The organisation columns were printed empty: every rule reading them is not assessable.
    "shuyang-development-reform-bureau-2023": ({"pass": 8, "not_assessable": 35}, None),
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_every_example_and_sample_is_audited_without_false_alarms(name: str) -> None:
    findings = gd.audit(load(name))
    counts, expected = EXPECTED[name]
    assert outcomes(findings) == counts
    if expected is not None:
        assert not_passing(findings) == expected
    # No failure in the examples but the seed's one real inconsistency.
    assert {(f.code, f.instance) for f in findings if f.outcome is Outcome.FAIL} <= {
        ("SF-1", "penalty_completion_rate")
    }
    for finding in findings:
        if finding.outcome is Outcome.NOT_ASSESSABLE:
            assert "blank" in finding.message_en
            assert "空白" in finding.message_zh


def test_a_failure_names_its_cells_three_ways() -> None:
    report = load("shuyang-county-government-2025")
    body = report.body
    assert isinstance(body, gd.model.Gb2021Body)
    denied = body.applications.results.denied
    broken = attrs.evolve(denied, third_party_rights=attrs.evolve(denied.third_party_rights, legal_service_org=4))
    results = attrs.evolve(body.applications.results, denied=broken)
    report = attrs.evolve(
        report, body=attrs.evolve(body, applications=attrs.evolve(body.applications, results=results))
    )
    failures = {(f.code, f.instance): f for f in gd.audit(report) if f.outcome is Outcome.FAIL}
    # Exactly the rules that read the cell: its row total and its column's outcome total.
    assert set(failures) == {("T3-1", "results.denied.third_party_rights"), ("T3-2", "legal_service_org")}
    row = failures[("T3-1", "results.denied.third_party_rights")]
    assert (row.expected, row.actual, row.difference) == (6, 2, -4)
    assert row.severity is gd.Severity.ERROR
    cell = next(c for c in row.cells if c.pointer.endswith("third_party_rights/legal_service_org"))
    assert cell.pointer == "/body/applications/results/denied/third_party_rights/legal_service_org"
    assert cell.location == "表三 · （三）不予公开 · 4.保护第三方合法权益 · 法律服务机构"
    assert cell.column_name == "applications__results__denied__third_party_rights__legal_service_org"
    assert cell.value == 4
    column = failures[("T3-2", "legal_service_org")]
    assert (column.expected, column.actual) == (9, 5)


def test_a_failure_names_its_own_cells_when_another_report_failed_with_the_same_sums() -> None:
    """Two reports whose outcome column adds to the same wrong sums through different cells:
    each failure names the report's own cells (a pass may be shared by equal sums, a
    failure never)."""
    report = load("shanghai-government-office-2025")
    body = report.body
    assert isinstance(body, gd.model.Gb2021Body)
    results = body.applications.results
    granted, partial = results.granted.natural_person, results.partially_granted.natural_person
    assert isinstance(granted, int)
    assert isinstance(partial, int)

    def with_cells(granted_cell: int, partial_cell: int) -> gd.AnnualReport:
        changed = attrs.evolve(
            results,
            granted=attrs.evolve(results.granted, natural_person=granted_cell),
            partially_granted=attrs.evolve(results.partially_granted, natural_person=partial_cell),
        )
        applications = attrs.evolve(body.applications, results=changed)
        return attrs.evolve(report, body=attrs.evolve(body, applications=applications))

    def column_cells(audited: gd.AnnualReport) -> dict[str, object]:
        failure = next(f for f in gd.audit(audited) if (f.code, f.instance) == ("T3-2", "natural_person"))
        assert failure.outcome is Outcome.FAIL
        return {
            c.pointer.split("/")[-2]: c.value for c in failure.cells if c.pointer.endswith("granted/natural_person")
        }

    first = column_cells(with_cells(granted + 5, partial))
    second = column_cells(with_cells(granted, partial + 5))
    assert first == {"granted": granted + 5, "partially_granted": partial}
    assert second == {"granted": granted, "partially_granted": partial + 5}


def test_blank_or_slash_is_never_a_silent_zero() -> None:
    report = load("shuyang-county-government-2025")
    body = report.body
    assert isinstance(body, gd.model.Gb2021Body)
    review = attrs.evolve(body.review_litigation.administrative_review, other=gd.Cell(gd.CellStatus.SLASH, "/"))
    report = attrs.evolve(
        report,
        body=attrs.evolve(body, review_litigation=attrs.evolve(body.review_litigation, administrative_review=review)),
    )
    (finding,) = [f for f in gd.audit(report) if f.code == "T4-1" and f.instance == "administrative_review"]
    assert finding.outcome is Outcome.NOT_ASSESSABLE
    assert '"/"' in finding.message_en


def test_single_row_other_processing_still_counts_in_the_outcome_total() -> None:
    report = load("shuyang-county-government-2025")
    body = report.body
    assert isinstance(body, gd.model.Gb2021Body)
    other = body.applications.results.other
    single = gd.model.ApplicantRow(158, 1, 0, 0, 0, 0, 159)  # 9 + 7 + 142, 1
    results = attrs.evolve(body.applications.results, other=gd.model.OtherProcessing(subtotal=single))
    report = attrs.evolve(
        report, body=attrs.evolve(body, applications=attrs.evolve(body.applications, results=results))
    )
    findings = gd.audit(report)
    assert {f.outcome for f in findings if f.code == "T3-2"} == {Outcome.PASS}
    assert other.other is not None


def test_validate_with_rules_gives_one_list() -> None:
    result = gd.validate(EXAMPLES / "valid" / "chenzhou-2015.json", rules=True)
    assert result.valid  # a failed warning does not make a report invalid
    assert {f.code for f in result.findings} >= {"SF-1", "SF-2", "L-1"}
    assert all(f.source == str(EXAMPLES / "valid" / "chenzhou-2015.json") for f in result.findings)


def test_a_failed_error_rule_makes_validation_with_rules_fail() -> None:
    data = gd.unstructure(load("shuyang-county-government-2025"))
    data["body"]["review_litigation"]["administrative_review"]["total"] = 62
    plain = gd.validate(data)
    assert plain.valid
    result = gd.validate(data, rules=True)
    assert not result.valid
    assert result.report is None
    assert [f.instance for f in result.findings if f.is_error] == ["administrative_review"]


# --------------------------------------------------------------------------- across reports


def _next_year(report: gd.AnnualReport, **table3: gd.model.ApplicantRow) -> gd.AnnualReport:
    body = report.body
    assert isinstance(body, gd.model.Gb2021Body)
    applications = attrs.evolve(body.applications, **table3)
    return attrs.evolve(report, year=report.year + 1, body=attrs.evolve(body, applications=applications))


def test_carried_over_continues_from_last_year() -> None:
    this_year = load("shuyang-county-government-2025")
    body = this_year.body
    assert isinstance(body, gd.model.Gb2021Body)
    good = _next_year(this_year, carried_over=body.applications.carried_forward)
    c1 = [f for f in gd.audit_collection([this_year, good]) if f.code == "C-1"]
    assert len(c1) == 7
    assert {f.outcome for f in c1} == {Outcome.PASS}
    bad = _next_year(
        this_year, carried_over=attrs.evolve(body.applications.carried_forward, natural_person=30, total=30)
    )
    failed = {
        f.instance: f for f in gd.audit_collection([this_year, bad]) if f.outcome is Outcome.FAIL and f.code == "C-1"
    }
    assert set(failed) == {"沭阳县人民政府 2026 · 自然人", "沭阳县人民政府 2026 · 总计"}
    assert failed["沭阳县人民政府 2026 · 总计"].expected == 31
    assert failed["沭阳县人民政府 2026 · 总计"].actual == 30


def test_documents_in_force_continue_from_last_year() -> None:
    this_year = load("shuyang-county-government-2025")  # 行政规范性文件: 6 issued, 1 repealed, 32 in force
    body = this_year.body
    assert isinstance(body, gd.model.Gb2021Body)
    item = body.proactive_disclosure.art20_1
    later_docs = gd.model.DocumentCounts2021(issued=4, repealed=2, in_force=34)
    later_body = attrs.evolve(
        body,
        proactive_disclosure=attrs.evolve(
            body.proactive_disclosure, art20_1=attrs.evolve(item, normative_documents=later_docs)
        ),
    )
    later = attrs.evolve(this_year, year=2026, body=later_body)
    c2 = {f.instance: f.outcome for f in gd.audit_collection([this_year, later]) if f.code == "C-2"}
    assert c2 == {
        "沭阳县人民政府 2026 · 表二 · 第二十条第（一）项 · 规章": Outcome.PASS,
        "沭阳县人民政府 2026 · 表二 · 第二十条第（一）项 · 行政规范性文件": Outcome.PASS,
    }
    wrong = attrs.evolve(
        later,
        body=attrs.evolve(
            later_body,
            proactive_disclosure=attrs.evolve(
                later_body.proactive_disclosure,
                art20_1=attrs.evolve(item, normative_documents=attrs.evolve(later_docs, in_force=40)),
            ),
        ),
    )
    failed = [f for f in gd.audit_collection([this_year, wrong]) if f.outcome is Outcome.FAIL and f.code == "C-2"]
    assert [(f.expected, f.actual, f.difference) for f in failed] == [(34, 40, 6)]


def test_an_aggregate_is_at_least_the_sum_of_its_parts() -> None:
    county = load("shuyang-county-government-2025")  # aggregate: 713 new applications
    bureau = attrs.evolve(
        load("shuyang-county-government-2025"),
        scope=gd.model.Scope.SELF,
        agency=attrs.evolve(county.agency, name="沭阳县某局", kind=gd.model.AgencyKind.DEPARTMENT),
    )
    findings = [f for f in gd.audit_collection([county, bureau]) if f.code == "C-4"]
    assert [f.outcome for f in findings] == [Outcome.PASS] * 3  # equal counts: the bureau is the whole county here
    findings = [
        f
        for f in gd.audit_collection(
            [county, bureau, attrs.evolve(bureau, agency=attrs.evolve(bureau.agency, name="沭阳县另一局"))]
        )
        if f.code == "C-4"
    ]
    assert next((f.outcome, f.expected, f.actual) for f in findings) == (Outcome.FAIL, 1426, 713)


# --------------------------------------------------------------------------- the catalogue


def test_every_rule_has_code_severity_formula_messages_and_pointers() -> None:
    codes = [rule.code for rule in RULES]
    assert len(codes) == len(set(codes))
    for rule in RULES:
        assert all((rule.title_zh, rule.title_en, rule.formula, rule.message_zh, rule.message_en))
        for template in rule.templates:
            for instance in instances_for(rule, template):
                assert instance.pointers
                assert all(p.startswith("/body/") for p in instance.pointers)


def test_table3_rules_cover_every_cell_of_both_templates() -> None:
    for template, rows in ((gd.Template.GB2021, 25), (gd.Template.GB2019, 23)):
        t31 = instances_for(next(r for r in RULES if r.code == "T3-1"), template)
        printed = [inst for inst in t31 if not inst.requires]
        assert len(printed) == rows
        cells = {p for inst in printed for p in inst.pointers}
        assert len(cells) == rows * 7
        # and the subtotal rows a report may print: 小计, （六）其他处理 as one row
        subtotals = {inst.instance for inst in t31 if inst.requires}
        groups = {"denied", "unable_to_provide", "not_processed"} | ({"other"} if rows == 25 else set())
        assert subtotals == {f"results.{g}.subtotal" for g in groups}


def test_other_processing_printed_as_one_row_is_checked_across_its_columns() -> None:
    data = json.loads((EXAMPLES / "valid" / "shuyang-county-government-2025.json").read_text(encoding="utf-8"))
    other = data["body"]["applications"]["results"]["other"]
    columns = ["natural_person", "commercial_enterprise", "research_institution"]
    columns += ["social_welfare_org", "legal_service_org", "other_org", "total"]
    row = {c: sum(other[leaf][c] for leaf in other) for c in columns}
    row["natural_person"] += 1  # its total no longer adds up
    data["body"]["applications"]["results"]["other"] = {"subtotal": row}
    report = gd.structure(data)
    findings = [f for f in gd.audit(report) if f.code == "T3-1" and f.instance == "results.other.subtotal"]
    assert [f.outcome for f in findings] == [Outcome.FAIL]
    assert (findings[0].expected, findings[0].actual) == (row["total"] + 1, row["total"])


def test_the_statistical_annex_is_checked_by_canonical_keys() -> None:
    from govdisclosure.model import AnnexRow, StatisticalAnnex

    seed = load("chenzhou-2015")
    rows = (
        AnnexRow("（一）主动公开政府信息数（不同渠道和方式公开相同信息计1条）", (100,), "条", "proactive.total"),
        AnnexRow("其中：主动公开规范性文件数", (120,), "条", "proactive.normative_documents"),
        AnnexRow("1.政府公报公开政府信息数", (30,), "条", "proactive.channels.gazette"),
        AnnexRow("2.政府网站公开政府信息数", (90,), "条", "proactive.channels.website"),
        AnnexRow("（三）从事政府信息公开工作人员数", (5,), "人", "capacity.staff"),
        AnnexRow("1.专职人员数（不包括政府公报及政府网站工作人员数）", (2,), "人", "capacity.staff.full_time"),
        AnnexRow("2.兼职人员数", (2,), "人", "capacity.staff.part_time"),
        AnnexRow("某地方自设指标", (7,), "项", None),  # an unknown row fits and is left alone
    )
    report = attrs.evolve(seed, body=attrs.evolve(seed.body, annex=StatisticalAnnex(rows)))
    annex = {(f.code, f.instance): f for f in gd.audit(report) if f.code in ("L-6", "L-7", "L-8", "L-9")}
    assert {k: (f.outcome, f.expected, f.actual) for k, f in annex.items()} == {
        ("L-6", "capacity.staff"): (Outcome.FAIL, 4, 5),  # 5 staff, 2 full-time + 2 part-time
        ("L-7", "proactive.total"): (Outcome.PASS, 120, 100),  # 100 items over 30 + 90 channel entries
        ("L-9", "proactive.normative_documents"): (Outcome.FAIL, 100, 120),  # 其中 more than its parent
    }
    cell = next(c for c in annex[("L-6", "capacity.staff")].cells if c.pointer.endswith("/4/values/0"))
    assert cell.location == "统计附表 · 统计行 · 第5项 · 统计数 · 第1项"


def test_checks_across_reports_are_published_as_data_and_the_audit_runs_what_is_published() -> None:
    """C-1 … C-4 carry their instances in the catalogue (``schemas/rules.json``): which cells of
    which report (this one, the year before, the parts of an aggregate) each compares."""
    from govdisclosure.rules import CROSS_REPORTS, catalogue, cross_instances

    published = {entry["code"]: entry for entry in catalogue()["rules"]}
    across = [rule for rule in RULES if rule.scope == "collection"]
    assert [rule.code for rule in across] == ["C-1", "C-2", "C-3", "C-4"]
    for rule in across:
        entry = published[rule.code]
        assert set(entry["instances"]) == {t.value for t in rule.templates}
        for template in rule.templates:
            instances = cross_instances(rule, template)
            assert len(entry["instances"][template.value]) == len(instances) > 0
            for inst in entry["instances"][template.value]:
                assert {term["report"] for term in inst["lhs"] + inst["rhs"]} <= set(CROSS_REPORTS)
                assert [term["report"] for term in inst["lhs"]] == ["this"]
    # the audit's findings are the published instances, one per instance, at the instance's cell
    base = gd.load(EXAMPLES / "valid" / "shuyang-county-government-2025.json")
    earlier = attrs.evolve(base, year=2024)
    found = [f for f in gd.audit_collection([earlier, base]) if f.code == "C-1"]
    c1 = next(rule for rule in across if rule.code == "C-1")
    instances = cross_instances(c1, base.template)
    assert [f.pointer for f in found] == [i.lhs.pointer for i in instances]
    assert [tuple(c.pointer for c in f.cells) for f in found] == [i.pointers for i in instances]


@pytest.mark.parametrize(
    "context",
    [
        decimal.Context(prec=3, rounding=decimal.ROUND_FLOOR),  # rounds every sum, cuts every rate
        decimal.Context(traps=[decimal.Inexact, decimal.Rounded]),  # a rate is never exact
    ],
    ids=["low-precision", "inexact-trapped"],
)
def test_the_callers_decimal_context_changes_nothing(context: decimal.Context) -> None:
    """Found by hand: under a caller's 3-digit context the audit of the seed raised
    ``decimal.InvalidOperation`` and the key totals were rounded (1,295 applications read as
    1,290); extraction gave an internal error. The library's arithmetic runs in its own context; the caller's is left as it was."""
    from govdisclosure.parquet import to_table

    reports = [gd.load(path) for path in sorted((EXAMPLES / "valid").glob("*.json"))]
    published = sorted((EXAMPLES / "published").glob("*.html"))

    def everything() -> list[object]:
        table = to_table(reports)
        return [
            [gd.audit(r) for r in reports],
            gd.audit_collection(reports),
            [gd.ratios(r) for r in reports],
            gd.audit_batch(table).to_pylist(),
            gd.ratios_batch(table).to_pylist(),
            gd.tables.indicators_table(reports).to_pylist(),
            gd.tables.ratios_table(reports).to_pylist(),
            [gd.extract(path) for path in published],  # money in 万元, check sums of the tables read
        ]

    expected = everything()
    with decimal.localcontext(context) as inside:
        assert everything() == expected
        assert decimal.getcontext() is inside
        assert (inside.prec, inside.rounding) == (context.prec, context.rounding)


def test_stated_figures_that_cannot_be_assessed_say_why_and_show_the_cells() -> None:
    """A rate over a missing figure or a denominator of 0, and a restatement of a cell that
    printed no number: not assessable, pointing at the figure, the cells read shown."""
    seed = load("chenzhou-2015")
    figures = list(seed.stated_figures)
    rate = next(i for i, f in enumerate(figures) if f.id == "mayor_mailbox_reply_rate")
    same = next(i for i, f in enumerate(figures) if f.id == "applications_received")
    on_request = seed.body.on_request
    blank = gd.Cell(gd.CellStatus.BLANK, "")
    for numerator, denominator, received, reason_zh, reason_en in [
        ("no_such_figure", "mayor_mailbox_letters", 921, "文中数据“no_such_figure”不存在", "does not exist"),
        ("mayor_mailbox_replies", "/body/on_request/completed", 921, "分母为0", "the denominator is 0"),
        ("mayor_mailbox_replies", "mayor_mailbox_letters", blank, None, None),
    ]:
        changed = list(figures)
        changed[rate] = attrs.evolve(figures[rate], numerator=numerator, denominator=denominator)
        body = attrs.evolve(
            seed.body,
            on_request=attrs.evolve(
                on_request, received=received, completed=0 if reason_zh == "分母为0" else on_request.completed
            ),
        )
        report = attrs.evolve(seed, body=body, stated_figures=tuple(changed))
        by_pointer = {(f.code, f.pointer): f for f in gd.audit(report)}
        if reason_zh is None:  # the restated cell is blank: SF-2 cannot be assessed
            finding = by_pointer[("SF-2", f"/stated_figures/{same}")]
            assert finding.outcome is Outcome.NOT_ASSESSABLE
            assert finding.location == f"文中数据 · {figures[same].subject or figures[same].id}"
            assert [(c.pointer, c.value) for c in finding.cells] == [
                ("/body/on_request/received", {"status": "blank", "text": "", "value": None})
            ]
            assert finding.message_zh.startswith("无法判断（")
            continue
        finding = by_pointer[("SF-1", f"/stated_figures/{rate}")]
        assert finding.outcome is Outcome.NOT_ASSESSABLE
        assert finding.instance == "mayor_mailbox_reply_rate"
        assert finding.expected is None
        assert finding.actual is None
        assert reason_zh in finding.message_zh
        assert reason_en in finding.message_en
