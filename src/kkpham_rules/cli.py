"""The ``kkpham`` command: list, show, template, validate, evaluate, explain, compare, verify.

Errors and warnings are written for the regional staff who read them first: in
plain Indonesian, or English with ``--lang en`` (every command takes ``--lang``;
the default is the ``KKPHAM_LANG`` environment variable, else ``id``), each with
its place and a suggestion (:mod:`kkpham_rules.messages`). The same problem in
many records is shown once, with a count and example places. Errors go to
standard error, as JSON with ``--json`` (every problem listed, each with its
``localized_message`` beside the English ``message``); no traceback reaches
the user.

Exit status:

====  ==========================================================================
code  meaning
====  ==========================================================================
0     success (``verify``: the record is reproduced)
1     ``verify`` only: the record is *not* reproduced (the causes are listed)
2     the input is not acceptable: a file, an option, a regulation name, a year
      (every problem is listed); also a usage error, and a record ``verify``
      cannot read
3     an installed regulation plugin is broken (``regulations`` lists it)
70    an internal error: a bug in kkpham-rules, please report it
====  ==========================================================================
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TextIO

from . import __version__
from .errors import (
    InputError,
    KkphamError,
    NoRegulationInForceError,
    PluginError,
    Problem,
    SubmissionError,
)
from .messages import LANGS, Lang, collapse, default_lang, headline, place, render
from .messages import text as _phrase

if TYPE_CHECKING:
    from .result import Evaluation
    from .simulate import Simulation
    from .submission import Submission

# Each command imports what it needs inside its function: ``kkpham evaluate``
# must not pay at start-up for numpy, openpyxl, jinja2 or tqdm, which only
# other commands use.

__all__ = ["main"]

EXIT_OK = 0
EXIT_NOT_REPRODUCED = 1
EXIT_INVALID_INPUT = 2
EXIT_BROKEN_PLUGIN = 3
EXIT_INTERNAL_ERROR = 70

_EXIT_CODES = """\
exit status:
  0   success (verify: the record is reproduced)
  1   verify: the record is not reproduced
  2   the input is not acceptable (a file, an option, a regulation name,
      a year; every problem is listed), or a usage error
  3   an installed regulation plugin is broken
  70  internal error (a bug: please report it)

messages are in Indonesian, or English with --lang en; the default is the
KKPHAM_LANG environment variable (id or en), else id."""


def _dump(data: Any, stream: TextIO) -> None:
    stream.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def _read(path: str) -> Submission:
    from .submission import load_submission

    try:
        return load_submission(Path(path))
    except SubmissionError as error:
        if error.problems and error.problems[0].code in ("unreadable_file", "too_large"):
            raise SubmissionError(f"cannot read {path}", error.problems) from error
        raise


def _write(path: str | Path, write: Any) -> None:
    """Run ``write(Path)``; an output that cannot be written is bad input (exit 2)."""
    try:
        write(Path(path))
    except OSError as error:
        raise InputError(
            f"cannot write {path}",
            [
                Problem(
                    "unwritable_file",
                    "",
                    f"{error.strerror or error}: {path}",
                    "a writable file",
                    str(path),
                )
            ],
        ) from error


def _write_text(path: str | Path, text: str) -> None:
    _write(path, lambda target: target.write_text(text, encoding="utf-8"))


def _regulations(args: argparse.Namespace) -> int:
    from .registry import default_registry

    registry = default_registry()
    if args.json:
        _dump(
            {
                "regulations": [
                    {
                        "id": r.id,
                        "short_name": r.short_name,
                        "revision": r.revision,
                        "title": r.title,
                        "governs": {"first": r.governs.first, "last": r.governs.last},
                        "rights": len(r.rights),
                        "indicators_encoded": len(r.indicators),
                        "indicators_declared": r.declared_indicator_total,
                        "catalogue_complete": r.catalogue_complete,
                        "content_hash": r.content_hash,
                    }
                    for r in registry.regulations
                ],
                "broken_plugins": [problem.to_dict() for problem in registry.problems],
            },
            sys.stdout,
        )
    else:
        for r in registry.regulations:
            years = f"{r.governs.first}-{r.governs.last or 'now'}"
            declared = r.declared_indicator_total
            print(
                f"{r.id:<24} {r.short_name:<9} data years {years:<10} {len(r.rights):>2} rights  "
                f"indicators {len(r.indicators)}/{_count(declared)} encoded"
            )
        for problem in registry.problems:
            _print_error(problem, args.lang, _phrase("broken", args.lang))
    return EXIT_BROKEN_PLUGIN if registry.problems else EXIT_OK


def _count(number: int | None) -> str:
    return "?" if number is None else str(number)


def _trim(decimal: str) -> str:
    return decimal.rstrip("0").rstrip(".") if "." in decimal else decimal


def _show(args: argparse.Namespace) -> int:
    from .describe import describe_regulation
    from .registry import default_registry

    regulation = default_registry().get(args.regulation)
    described = describe_regulation(regulation)
    if args.json:
        _dump(described, sys.stdout)
        return EXIT_OK
    print(regulation.title)
    print(f"id {regulation.id}, revision {regulation.revision} ({regulation.revision_date})")
    print(
        f"governs data years {regulation.governs.first}-{regulation.governs.last or 'now'}"
        f"  [{regulation.governs.citation.label()}]"
    )
    points = described["scoring"]["dimension_points"]
    print(
        f"points per right: struktur {points['struktur']}, proses {points['proses']}, "
        f"hasil {points['hasil']}; total = mean over rights"
        f"  [{regulation.scoring.citation.label()}]"
    )
    print("categories:")
    for category in described["categories"]:
        upper = category["upper"] or "max"
        print(
            f"  {category['label_' + args.lang]:<20} {category['lower']:>4} <= score < {upper:<4}"
            f"{'  (awarded)' if category['awarded'] else ''}  [{category['citation']['label']}]"
        )
    print("rights:")
    for right in described["rights"]:
        counts = ", ".join(
            f"{dim} {c['encoded']}/{c['declared'] if c['declared'] is not None else '?'}"
            for dim, c in right["indicators"].items()
        )
        print(f"  {right['id']:<22} {right['name_' + args.lang]}  (indicators {counts})")
    catalogue = described["catalogue"]
    print(
        f"indicators encoded: {catalogue['indicators_encoded']} of "
        f"{catalogue['indicators_declared'] or '?'}"
        f"{'' if catalogue['complete'] else ' (catalogue incomplete)'}"
    )
    for indicator in described["indicators"]:
        wording = indicator["wording_" + args.lang]
        print(f"  {indicator['id']:<28} {indicator['dimension']:<9} {wording}")
        print(f"  {'':<28} {indicator['rule_text']}  [{indicator['citation']['label']}]")
    for note in regulation.notes:
        print(f"note: {note}")
    return EXIT_OK


def _import(args: argparse.Namespace) -> int:
    from .engine import PLACEHOLDER_REGION_CODE

    submissions = _submissions_in(Path(args.file))
    lines = [
        json.dumps(
            s.model_dump(mode="json", by_alias=True, exclude_none=True),
            ensure_ascii=False,
            indent=None if len(submissions) > 1 else 2,
        )
        for s in submissions
    ]
    _write_text(args.out, "\n".join(lines) + "\n")
    for submission in submissions:
        if submission.region.code == PLACEHOLDER_REGION_CODE:
            warning = _phrase(
                "placeholder", args.lang, file=args.file, code=PLACEHOLDER_REGION_CODE
            )
            print(f"{_phrase('warning', args.lang)}: {warning}", file=sys.stderr)
    kind = "JSON Lines" if len(submissions) > 1 else "JSON"
    print(
        _phrase(
            "imported", args.lang, file=args.file, count=len(submissions), out=args.out, kind=kind
        )
    )
    return EXIT_OK


def _export(args: argparse.Namespace) -> int:
    from .engine import evaluate
    from .export import evaluation_rows, rows_csv, rows_xlsx

    submissions = [s for path in args.files for s in _submissions_in(Path(path))]
    evaluations = [evaluate(s, args.regulation) for s in submissions]
    rows = evaluation_rows(evaluations, args.lang)
    if args.format == "xlsx":
        _write(args.out, lambda target: rows_xlsx(rows, target))
    elif args.format == "csv":
        _write_text(args.out, rows_csv(rows))
    else:
        dumped = [e.model_dump(mode="json") for e in evaluations]
        _write_text(args.out, json.dumps(dumped, ensure_ascii=False, indent=2) + "\n")
    print(_phrase("exported", args.lang, count=len(evaluations), out=args.out, format=args.format))
    return EXIT_OK


def _submissions_in(path: Path) -> list[Submission]:
    if path.suffix.lower() == ".xlsx":
        from .spreadsheet import is_template_workbook, read_cohort_workbook, read_workbook

        # a template workbook (Info, indicators, dimensions) or a cohort in the row layout
        return [read_workbook(path)] if is_template_workbook(path) else read_cohort_workbook(path)
    if path.suffix.lower() == ".json":
        return [_read(str(path))]
    from .cohort import load_cohort

    return load_cohort(path)


def _simulation_in(path: Path) -> Simulation | None:
    """Return the simulation summary (``kkpham simulate``'s) in ``path``, or None if not one."""
    if path.suffix.lower() != ".json":
        return None
    from pydantic import ValidationError

    from .documents import DocumentProblem, problems_from_validation, read_bounded, read_json
    from .simulate import SIMULATION_FORMAT, Simulation

    try:
        data = read_json(read_bounded(path))
    except DocumentProblem:
        return None  # the submission reader reports what is wrong with it
    if not isinstance(data, dict) or data.get("format") != SIMULATION_FORMAT:
        return None
    try:
        return Simulation.model_validate(data)
    except ValidationError as error:
        problems = problems_from_validation(error, data, Simulation)
        raise InputError(f"{path.name} is not a readable simulation summary", problems) from error


def _write_report(args: argparse.Namespace) -> int:
    from .engine import evaluate
    from .registry import default_registry
    from .report import cohort_report, scorecard

    simulation = _simulation_in(Path(args.file))
    out = Path(args.out)
    if simulation is not None:
        from .report import simulation_report

        _write(out, lambda target: target.mkdir(parents=True, exist_ok=True))
        base = (
            default_registry().get(
                simulation.base.regulation, simulation.variants[0].lineage["base"]["revision"]
            )
            if simulation.variants
            else default_registry().get(simulation.base.regulation)
        )
        page = out / "simulation.html"
        _write_text(page, simulation_report(simulation, base, args.lang))
        print(_phrase("wrote", args.lang, out=page))
        return EXIT_OK
    submissions = _submissions_in(Path(args.file))
    evaluations = [evaluate(s, args.regulation) for s in submissions]
    _write(out, lambda target: target.mkdir(parents=True, exist_ok=True))
    registry = default_registry()
    first = evaluations[0].regulation
    regulation = registry.get(first.id, first.revision)
    if len(evaluations) == 1:
        page = out / "scorecard.html"
        _write_text(page, scorecard(evaluations[0], regulation, args.lang, not args.no_charts))
    else:
        problems = []
        if any(e.regulation.id != first.id for e in evaluations):
            problems.append(
                Problem("mixed_regulations", "/regulation", "name one with --regulation")
            )
        if len({e.assessment_year for e in evaluations}) > 1:
            problems.append(
                Problem("mixed_years", "/assessment_year", "a cohort report covers one data year")
            )
        codes = [e.region.code for e in evaluations]
        problems += [
            Problem("duplicate_region", "/region/code", f"{code} appears twice", received=code)
            for code in sorted({c for c in codes if codes.count(c) > 1})
        ]
        if problems:
            raise SubmissionError("the cohort cannot be reported as one", problems)
        page = out / "cohort.html"
        _write_text(page, cohort_report(evaluations, regulation, args.lang, not args.no_charts))
    print(_phrase("wrote", args.lang, out=page))
    return EXIT_OK


def _template(args: argparse.Namespace) -> int:
    from .describe import csv_template_rows, submission_template
    from .export import rows_csv
    from .registry import default_registry

    if args.year is not None and not 1990 <= args.year <= 2200:
        raise SubmissionError(
            "--year is out of range",
            [
                Problem(
                    "year_out_of_range",
                    "/assessment_year",
                    "a data year from 1990 to 2200",
                    "1990 to 2200",
                    str(args.year),
                )
            ],
        )
    regulation = default_registry().get(args.regulation)
    if args.format == "xlsx":
        if not args.out:
            raise SubmissionError(
                "--format xlsx needs --out FILE",
                [Problem("missing_out", "", "a workbook is written to a file", "--out FILE")],
            )
        from .spreadsheet import template_workbook

        _write(args.out, template_workbook(regulation, args.year, args.lang).save)
        print(_phrase("wrote", args.lang, out=args.out))
        return EXIT_OK
    if args.format == "csv":
        text = rows_csv(csv_template_rows(regulation, args.year))
    else:
        text = json.dumps(submission_template(regulation, args.year), ensure_ascii=False, indent=2)
        text += "\n"
    if args.out:
        _write_text(args.out, text)
    else:
        sys.stdout.write(text)
    return EXIT_OK


def _validate(args: argparse.Namespace) -> int:
    from .engine import evaluate

    evaluation = evaluate(_read(args.file), args.regulation)
    if args.json:
        _dump(
            {
                "valid": True,
                "regulation": evaluation.regulation.id,
                "lang": args.lang,
                "warnings": [
                    {
                        **w.model_dump(),
                        "localized_message": render(w, args.lang, evaluation=evaluation),
                    }
                    for w in evaluation.warnings
                ],
            },
            sys.stdout,
        )
    else:
        print(
            _phrase(
                "valid",
                args.lang,
                file=args.file,
                regulation=evaluation.regulation.short_name,
                count=len(evaluation.warnings),
            )
        )
        _print_warnings(evaluation, args.lang, "  ")
    return EXIT_OK


def _evaluate(args: argparse.Namespace) -> int:
    from .engine import evaluate

    submission = _read(args.file)
    evaluation = evaluate(submission, args.regulation)
    if args.record:
        from .audit import make_record

        record = make_record(submission, evaluation)
        _write_text(args.record, record.to_json())
    if args.json:
        sys.stdout.write(evaluation.to_json())
    else:
        _print_evaluation(evaluation, args.lang)
    return EXIT_OK


def _verify(args: argparse.Namespace) -> int:
    from .audit import verify

    report = verify(Path(args.record))
    if args.json:
        _dump(report.model_dump(mode="json"), sys.stdout)
    else:
        lang = args.lang
        print(f"{args.record}: {_phrase(report.status, lang)}")
        for check in report.checks:
            print(f"  {'ok  ' if check.passed else 'FAIL'} {check.name}: {check.detail}")
        for cause in report.causes:
            print(f"  {_phrase('cause', lang)}: {_phrase(cause, lang)}")
        for difference in report.differences:
            recorded, recomputed = repr(difference.recorded), repr(difference.recomputed)
            print(
                "  "
                + _phrase(
                    "differs",
                    lang,
                    pointer=difference.pointer,
                    recorded=recorded,
                    recomputed=recomputed,
                )
            )
    return EXIT_OK if report.reproduced else EXIT_NOT_REPRODUCED


def _compare(args: argparse.Namespace) -> int:
    from .compare import cohort_csv, cohort_rows, compare_cohort, is_cohort_number
    from .registry import default_registry

    names = [name.strip() for name in args.regulations.split(",") if name.strip()]
    if not names:
        names = [regulation.id for regulation in default_registry().regulations]
    submissions = [s for path in args.files for s in _submissions_in(Path(path))]
    comparisons = compare_cohort(submissions, names)
    if args.json:
        _dump([comparison.model_dump(mode="json") for comparison in comparisons], sys.stdout)
    elif args.csv:
        sys.stdout.write(cohort_csv(comparisons))
    elif args.xlsx:
        from .export import rows_xlsx

        _write(
            args.xlsx,
            lambda target: rows_xlsx(
                cohort_rows(comparisons), target, "Perbandingan", is_cohort_number
            ),
        )
        print(f"wrote {args.xlsx}")
    else:
        for comparison in comparisons:
            region = comparison.region
            print(
                f"{region.name} ({region.code}), data year {comparison.assessment_year}, "
                f"prepared for {comparison.prepared_for}"
            )
            for outcome in comparison.outcomes:
                route = "direct" if outcome.route == "direct" else f"via {outcome.crosswalk}"
                print(
                    f"  {outcome.short_name:<9} {outcome.total_score:>6}  "
                    f"{outcome.category_label:<18} ({route}; {len(outcome.gaps)} gap(s), "
                    f"{len(outcome.estimates)} estimate(s), {len(outcome.ignored)} ignored)"
                )
                for gap in outcome.gaps:
                    print(f"      gap {gap.pointer}: {gap.message}")
            for delta in comparison.deltas:
                print(
                    f"  delta {delta.to_regulation} - {delta.from_regulation}: "
                    f"{delta.total_delta}{' (category changes)' if delta.category_changed else ''}"
                )
    return EXIT_OK


def _crosswalks(args: argparse.Namespace) -> int:
    from .crosswalk import available_crosswalks
    from .registry import default_registry

    registry = default_registry()
    listed: list[dict[str, Any]] = []
    for crosswalk in available_crosswalks():
        a, b = registry.get(crosswalk.a), registry.get(crosswalk.b)
        sides = []
        for coverage in crosswalk.coverage(a, b):
            sides.append(
                {
                    "regulation": coverage.regulation,
                    "rights_mapped": coverage.rights_mapped,
                    "rights_total": coverage.rights_total,
                    "indicators_mapped": coverage.indicators_mapped,
                    "indicators_total": coverage.indicators_total,
                }
            )
        listed.append(
            {
                "id": crosswalk.id,
                "revision": crosswalk.revision,
                "content_hash": crosswalk.content_hash,
                "problems": [p.to_dict() for p in crosswalk.problems_with(a, b)],
                "judgements": sum(
                    1 for m in crosswalk.rights + crosswalk.indicators if m.judgement
                ),
                "coverage": sides,
            }
        )
    if args.json:
        _dump({"crosswalks": listed}, sys.stdout)
        return EXIT_OK
    for item in listed:
        print(
            f"{item['id']} (revision {item['revision']}): {item['judgements']} judgement(s), "
            f"{len(item['problems'])} problem(s)"
        )
        for side in item["coverage"]:
            print(
                f"  {side['regulation']:<24} rights {side['rights_mapped']}/{side['rights_total']} "
                f"mapped, indicators {side['indicators_mapped']}/{side['indicators_total']} mapped"
            )
    return EXIT_OK


def _synth(args: argparse.Namespace) -> int:
    from .registry import default_registry
    from .synth import synthetic_cohort

    problems = []
    if not 1 <= args.regions <= 100_000:
        problems.append(
            Problem(
                "bad_option", "/regions", "1 to 100000 regions", "1 to 100000", str(args.regions)
            )
        )
    if args.seed < 0:
        problems.append(
            Problem("bad_option", "/seed", "the seed is 0 or more", ">= 0", str(args.seed))
        )
    if problems:
        raise InputError("kkpham synth: bad options", problems)
    regulation = default_registry().get(args.regulation)
    submissions = synthetic_cohort(regulation, args.regions, args.seed, args.year)
    lines = [
        json.dumps(s.model_dump(mode="json", by_alias=True, exclude_none=True), ensure_ascii=False)
        for s in submissions
    ]
    _write_text(args.out, "\n".join(lines) + "\n")
    print(f"wrote {len(lines)} synthetic submissions for {regulation.short_name} to {args.out}")
    return EXIT_OK


def _simulate(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    from .charts import simulation_charts
    from .cohort import load_cohort
    from .registry import default_registry
    from .report import simulation_report, simulation_text
    from .simulate import simulate, write_regions_csv
    from .variants import load_variant

    base = default_registry().get(args.base)
    variants = [load_variant(Path(path)) for path in args.variant]
    submissions = load_cohort(args.cohort)
    out = Path(args.out)
    _write(out, lambda target: target.mkdir(parents=True, exist_ok=True))
    with tqdm(
        total=len(variants), desc="variants", disable=not args.progress, file=sys.stderr
    ) as bar:

        def advance(done: int, _total: int) -> None:
            bar.update(done - bar.n)

        result = simulate(submissions, base, variants, fast=not args.exact, progress=advance)
    (out / "summary.json").write_text(result.to_json(), encoding="utf-8")
    write_regions_csv(result, out / "regions.csv")
    (out / "report.html").write_text(simulation_report(result, base, args.lang), encoding="utf-8")
    charts = (
        []
        if args.no_charts
        else _optional_charts(lambda: simulation_charts(result, out), args.lang)
    )
    sys.stdout.write(simulation_text(result, base, args.lang))
    names = ", ".join(str(out / name) for name in ("summary.json", "regions.csv", "report.html"))
    print(_phrase("simulated", args.lang, names=names, charts=len(charts)))
    return EXIT_OK


def _optional_charts(draw: Callable[[], list[Path]], lang: Lang) -> list[Path]:
    """Return the chart files ``draw`` writes; without matplotlib, say so in one line.

    Charts are an extra: a plain install still writes every other output and exits 0.
    """
    from .charts import PlotUnavailableError

    try:
        return draw()
    except PlotUnavailableError:
        print(_phrase("charts_skipped", lang))
        return []


def _sensitivity(args: argparse.Namespace) -> int:
    from .charts import sensitivity_chart
    from .cohort import load_cohort
    from .registry import default_registry
    from .sensitivity import sensitivity

    base = default_registry().get(args.base)
    submissions = load_cohort(args.cohort)
    result = sensitivity(
        submissions, base, samples=args.samples, seed=args.seed, spread=args.spread
    )
    out = Path(args.out)
    _write(out, lambda target: target.mkdir(parents=True, exist_ok=True))
    (out / "sensitivity.json").write_text(
        json.dumps(result.model_dump(mode="json"), ensure_ascii=False, indent=2) + "\n",
        encoding="utf-8",
    )
    charts = (
        []
        if args.no_charts
        else _optional_charts(lambda: sensitivity_chart(result, out / "sensitivity"), args.lang)
    )
    top = result.parameters[0]
    print(
        f"{result.samples} samples: {top.parameter} moves the awarded count most "
        f"(r = {top.with_awarded_regions}); wrote {out / 'sensitivity.json'} and "
        f"{len(charts)} chart file(s)"
    )
    return EXIT_OK


def _explain(args: argparse.Namespace) -> int:
    from .engine import evaluate
    from .explain import explain
    from .registry import default_registry

    evaluation = evaluate(_read(args.file), args.regulation)
    regulation = default_registry().get(evaluation.regulation.id, evaluation.regulation.revision)
    sys.stdout.write(explain(evaluation, regulation))
    return EXIT_OK


_WORDS = {
    "id": {
        "year": "tahun data",
        "regulation": "peraturan",
        "revision": "revisi",
        "total": "nilai total",
        "awarded": "  - mendapat penghargaan",
    },
    "en": {
        "year": "data year",
        "regulation": "regulation",
        "revision": "revision",
        "total": "total",
        "awarded": "  - awarded",
    },
}


def _print_evaluation(evaluation: Evaluation, lang: Lang) -> None:
    # in English the regulation's own (Indonesian) category label is kept beside the English one
    words = _WORDS[lang]
    region = evaluation.region
    regulation = evaluation.regulation
    category = evaluation.category
    label = category.label_id if lang == "id" else f"{category.label_id} ({category.label_en})"
    print(f"{region.name} ({region.code}), {words['year']} {evaluation.assessment_year}")
    print(
        f"{words['regulation']} {regulation.short_name} ({regulation.id}, "
        f"{words['revision']} {regulation.revision})"
    )
    print(
        f"{words['total']} {evaluation.total_score} / {evaluation.max_score}: {label}"
        f"{words['awarded'] if category.awarded else ''}"
    )
    for right in evaluation.rights:
        parts = "  ".join(
            f"{d.dimension} {_trim(d.points_earned)}/{_trim(d.points_available)}"
            for d in right.dimensions
        )
        name = right.name_en if lang == "en" else right.name_id
        print(f"  {right.score:>6}  {name:<45} {parts}")
    _print_warnings(evaluation, lang)


def _print_warnings(evaluation: Evaluation, lang: Lang, indent: str = "") -> None:
    """Print the evaluation's warnings in ``lang``, each with its place."""
    word = _phrase("warning", lang)
    for warning in evaluation.warnings:
        sentence = render(warning, lang, evaluation=evaluation)
        where = place(warning, lang)  # empty for the whole submission
        print(f"{indent}{word}{' ' + where if where else ''}: {sentence}")


def _print_error(error: KkphamError, lang: Lang, word: str | None = None) -> None:
    """Print an error to standard error: what it is about, then its problems, repeats folded."""
    print(f"{word or _phrase('error', lang)}: {headline(error, lang)}", file=sys.stderr)
    for line in collapse(getattr(error, "problems", ()), lang):
        print(f"  {line}", file=sys.stderr)


def _error_data(error: KkphamError, lang: Lang) -> dict[str, Any]:
    """Return the error as JSON-ready data: the library's fields, with localized messages added."""
    data = error.to_dict()
    data["lang"] = lang
    data["localized_message"] = headline(error, lang)
    problems: Sequence[Problem] = getattr(error, "problems", ())
    if "problems" in data:
        data["problems"] = [
            {**item, "localized_message": render(problem, lang)}
            for item, problem in zip(data["problems"], problems, strict=True)
        ]
    return data


class _Parser(argparse.ArgumentParser):
    """An argument parser whose usage errors are JSON when ``--json`` was asked for."""

    def error(self, message: str) -> NoReturn:
        if "--json" in sys.argv[1:]:
            _dump({"error": "usage", "message": message, "problems": []}, sys.stderr)
            raise SystemExit(EXIT_INVALID_INPUT)
        super().error(message)


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="kkpham",
        description="Score Kabupaten/Kota Peduli HAM submissions under a regulation version.",
        epilog=_EXIT_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"kkpham-rules {__version__}")
    commands = parser.add_subparsers(
        dest="command", required=True, metavar="COMMAND", parser_class=_Parser
    )

    listing = commands.add_parser("regulations", help="list the installed regulations")
    listing.add_argument("--json", action="store_true", help="machine-readable output")
    listing.set_defaults(run=_regulations)

    show = commands.add_parser("show", help="show what a regulation declares")
    show.add_argument("regulation", metavar="REG", help="id or alias, e.g. 22/2021")
    show.add_argument("--json", action="store_true", help="machine-readable output")
    show.set_defaults(run=_show)

    template = commands.add_parser("template", help="print an empty submission as JSON")
    template.add_argument("regulation", metavar="REG", help="id or alias, e.g. 22/2021")
    template.add_argument("--year", type=int, help="assessment (data) year to put in")
    template.add_argument("--format", choices=("json", "xlsx", "csv"), default="json")
    template.add_argument("--out", metavar="FILE", help="write to FILE (needed for xlsx)")
    template.add_argument(
        "--json", action="store_true", help="errors as JSON (output is JSON anyway)"
    )
    template.set_defaults(run=_template)

    for name, run, text in (
        ("validate", _validate, "check a submission file without printing scores"),
        ("evaluate", _evaluate, "score a submission file"),
        ("explain", _explain, "show how every point was earned or lost, with its legal basis"),
    ):
        command = commands.add_parser(name, help=text)
        command.add_argument("file", metavar="FILE", help="submission JSON file")
        command.add_argument(
            "--regulation", metavar="REG", help="score under this regulation (id[@revision])"
        )
        command.add_argument("--json", action="store_true", help="machine-readable output")
        if name == "evaluate":
            command.add_argument(
                "--record", metavar="OUT", help="also write a self-contained audit record"
            )
        command.set_defaults(run=run)

    importing = commands.add_parser("import", help="read a workbook, CSV or JSON Lines file")
    importing.add_argument(
        "file", metavar="FILE", help=".xlsx template, dimension-level .csv or .jsonl"
    )
    importing.add_argument(
        "--out", required=True, metavar="OUT", help="JSON (or JSON Lines) to write"
    )
    importing.add_argument("--json", action="store_true", help="errors as JSON")
    importing.set_defaults(run=_import)

    exporting = commands.add_parser("export", help="evaluate files and write a table")
    exporting.add_argument("files", metavar="FILE", nargs="+", help=".json, .jsonl, .csv or .xlsx")
    exporting.add_argument("--format", choices=("csv", "xlsx", "json"), default="csv")
    exporting.add_argument("--out", required=True, metavar="OUT")
    exporting.add_argument("--regulation", metavar="REG")
    exporting.add_argument("--json", action="store_true", help="errors as JSON")
    exporting.set_defaults(run=_export)

    reporting = commands.add_parser("report", help="HTML scorecard (one region) or cohort report")
    reporting.add_argument("file", metavar="FILE", help=".json, .jsonl, .csv or .xlsx")
    reporting.add_argument("--out", required=True, metavar="DIR")
    reporting.add_argument("--regulation", metavar="REG")
    reporting.add_argument("--no-charts", action="store_true", help="plain HTML bars only")
    reporting.add_argument("--json", action="store_true", help="errors as JSON")
    reporting.set_defaults(run=_write_report)

    joining = commands.add_parser("crosswalks", help="list crosswalks and their coverage")
    joining.add_argument("--json", action="store_true", help="machine-readable output")
    joining.set_defaults(run=_crosswalks)

    comparing = commands.add_parser("compare", help="compare submissions across regulations")
    comparing.add_argument(
        "files", metavar="FILE", nargs="+", help="submission .json, or cohort .jsonl/.csv/.xlsx"
    )
    comparing.add_argument(
        "--regulations",
        metavar="REG,REG",
        default="",
        help="regulations to compare, first is the baseline (default: all installed)",
    )
    output = comparing.add_mutually_exclusive_group()
    output.add_argument("--json", action="store_true", help="full comparisons as JSON")
    output.add_argument("--csv", action="store_true", help="one row per region as CSV")
    output.add_argument("--xlsx", metavar="OUT", help="one row per region, as a workbook")
    comparing.set_defaults(run=_compare)

    synth = commands.add_parser("synth", help="write a synthetic cohort (JSON Lines)")
    synth.add_argument("--regulation", required=True, metavar="REG")
    synth.add_argument(
        "--regions",
        type=int,
        default=514,
        help="cohort size, 1 to 100000 (514; region codes repeat, in named rounds, beyond 3762)",
    )
    synth.add_argument("--seed", type=int, default=1)
    synth.add_argument("--year", type=int)
    synth.add_argument("--out", required=True, metavar="FILE")
    synth.add_argument("--json", action="store_true", help="errors as JSON")
    synth.set_defaults(run=_synth)

    simulating = commands.add_parser("simulate", help="what-if variants over a cohort")
    simulating.add_argument(
        "cohort", metavar="COHORT", help="folder of JSON files or a .jsonl file"
    )
    simulating.add_argument("--base", required=True, metavar="REG")
    simulating.add_argument(
        "--variant",
        required=True,
        action="append",
        metavar="FILE",
        help="variant YAML/JSON file (repeat for several)",
    )
    simulating.add_argument("--out", required=True, metavar="DIR")
    simulating.add_argument("--exact", action="store_true", help="use the exact path, not arrays")
    simulating.add_argument("--no-charts", action="store_true", help="skip the PNG/SVG charts")
    simulating.add_argument("--progress", action="store_true", help="show a progress bar")
    simulating.add_argument("--json", action="store_true", help="errors as JSON")
    simulating.set_defaults(run=_simulate)

    sensing = commands.add_parser("sensitivity", help="Monte-Carlo sensitivity over a cohort")
    sensing.add_argument("cohort", metavar="COHORT", help="folder of JSON files or a .jsonl file")
    sensing.add_argument("--base", required=True, metavar="REG")
    sensing.add_argument("--samples", type=int, default=1000)
    sensing.add_argument("--seed", type=int, default=1)
    sensing.add_argument("--spread", type=float, default=0.1)
    sensing.add_argument("--out", required=True, metavar="DIR")
    sensing.add_argument("--no-charts", action="store_true", help="skip the PNG/SVG chart")
    sensing.add_argument("--json", action="store_true", help="errors as JSON")
    sensing.set_defaults(run=_sensitivity)

    check = commands.add_parser(
        "verify",
        help="re-compute an audit record and compare",
        epilog="exit status: 0 reproduced, 1 not reproduced, 2 the record cannot be read, "
        "3 a regulation plugin is broken",
    )
    check.add_argument("record", metavar="RECORD", help="audit record JSON file")
    check.add_argument("--json", action="store_true", help="machine-readable output")
    check.set_defaults(run=_verify)
    for command in commands.choices.values():
        command.add_argument(
            "--lang",
            choices=LANGS,
            help="language of messages and labels: id (Indonesian) or en "
            "(default: $KKPHAM_LANG, else id)",
        )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``kkpham`` command line; return the exit status (see the module docstring)."""
    args = _parser().parse_args(argv)
    args.lang = args.lang or default_lang()
    try:
        status: int = args.run(args)
    except BrokenPipeError:
        # the reader (e.g. `| head`) closed the pipe: stop quietly, as Unix tools do
        sys.stderr.close()
        return EXIT_OK
    except (InputError, NoRegulationInForceError) as error:
        _report(error, args)
        return EXIT_INVALID_INPUT
    except PluginError as error:
        _report(error, args)
        return EXIT_BROKEN_PLUGIN
    except KkphamError as error:  # e.g. no crosswalk joins two regulations
        _report(error, args)
        return EXIT_INVALID_INPUT
    except Exception as error:  # a bug: say so plainly instead of a traceback
        detail = f"{type(error).__name__}: {error}"
        if args.json:
            message = _phrase("internal_error", "en", detail=detail)
            localized = _phrase("internal_error", args.lang, detail=detail)
            data = {"error": "internal_error", "message": message, "lang": args.lang}
            _dump({**data, "localized_message": localized}, sys.stderr)
        else:
            message = _phrase("internal_error", args.lang, detail=detail)
            print(f"{_phrase('error', args.lang)}: {message}", file=sys.stderr)
        return EXIT_INTERNAL_ERROR
    return status


def _report(error: KkphamError, args: argparse.Namespace) -> None:
    if args.json:
        _dump(_error_data(error, args.lang), sys.stderr)
    else:
        _print_error(error, args.lang)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
