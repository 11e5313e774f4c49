"""The ``kkpham`` command: a thin shell over the library, one function per command.

Every command that reads submissions (``validate``, ``evaluate``, ``explain``,
``compare``, ``report``, ``import``, ``export``, ``simulate``,
``sensitivity``) reads them through the one reader,
:func:`kkpham_rules.files.reading.read_contents`: a ``.json``, ``.yaml``/``.yml``,
``.jsonl``, ``.csv`` or ``.xlsx`` file, a folder of ``.json`` files, or ``-``
for standard input (its format given with ``--input-format``, else recognised
from the content). A document of another kind (an evaluation, a simulation
summary, an audit record...) is named as such.

The options mean the same on every command: ``--regulation REG`` names the
regulation (repeatable on ``compare``, where several are compared; ``--base``
is the same option on ``simulate`` and ``sensitivity``; ``show`` and
``template`` also take it as their argument); ``--json`` prints the command's
result as JSON on standard output (the data, or for a command that writes
files, the files written) and its errors and warnings as JSON on standard
error; ``--lang`` chooses the language of messages and of the human output (the
JSON is the same in every language).

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
1     ``verify``, ``archive verify``: a record is *not* reproduced, or not
      signed by a trusted key (the causes are listed); ``archive add``: a
      record is refused (and nothing is added)
2     the input is not acceptable: a file, an option, a regulation name, a year,
      a key file, an archive that cannot be opened (every problem is listed);
      also a usage error, and a record ``verify`` or ``archive add`` cannot read
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
    ArchiveError,
    InputError,
    KkphamError,
    NoRegulationInForceError,
    PluginError,
    Problem,
    SubmissionError,
)
from .messages import (
    LANGS,
    Lang,
    check_detail,
    citation_text,
    collapse,
    default_lang,
    gap_text,
    headline,
    label,
    place,
    render,
)
from .messages import text as _phrase
from .rounding import trimmed

if TYPE_CHECKING:
    from .archive import Archive
    from .archive.models import AddOutcome, ArchivedRecord, RecordCheck
    from .audit import Check
    from .files.reading import Contents
    from .result import Evaluation
    from .signing import PublicKey, SigningKey
    from .submission import Submission

# Each command imports what it needs inside its function: ``kkpham evaluate``
# must not pay at start-up for numpy, openpyxl, jinja2 or tqdm, which only
# other commands use.

__all__ = ["leaf_commands", "main"]

EXIT_OK = 0
EXIT_NOT_REPRODUCED = 1
EXIT_INVALID_INPUT = 2
EXIT_BROKEN_PLUGIN = 3
EXIT_INTERNAL_ERROR = 70

_EXIT_CODES = """\
exit status:
  0   success (verify: the record is reproduced)
  1   verify: the record is not reproduced (archive verify: one is not;
      archive add: one is refused, and nothing is added)
  2   the input is not acceptable (a file, an option, a regulation name,
      a year, a key file, the archive; every problem is listed), or a
      usage error
  3   an installed regulation plugin is broken
  70  internal error (a bug: please report it)

input files: .json, .yaml/.yml, .jsonl, .csv or .xlsx, a folder of .json
files, or - for standard input (--input-format names its format, else it is
recognised from the content).

--json prints the result as JSON on standard output, and errors and warnings
as JSON on standard error.

messages are in Indonesian, or English with --lang en; the default is the
KKPHAM_LANG environment variable (id or en), else id."""

_SIMULATION = "kkpham-simulation/1"
"""The format of ``kkpham simulate``'s summary, which ``report`` reads beside submissions."""


# --- output ------------------------------------------------------------------------------


def _dump(data: Any, stream: TextIO) -> None:
    stream.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


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


def _folder(path: str | Path) -> Path:
    """Return the output folder ``path``, made if need be."""
    _write(path, lambda target: target.mkdir(parents=True, exist_ok=True))
    return Path(path)


def _done(args: argparse.Namespace, wrote: Sequence[str | Path], said: str, **data: Any) -> None:
    """Say what a command wrote: the sentence, or with ``--json`` the files and ``data``."""
    if args.json:
        _dump({"wrote": [str(path) for path in wrote], **data}, sys.stdout)
    else:
        print(said)


# --- input -------------------------------------------------------------------------------


def _read(args: argparse.Namespace, file: str, accept: Sequence[str] = ()) -> Contents:
    """Return what ``file`` (``-``: standard input) holds; its region warnings are noted."""
    from .files.reading import STDIN, read_contents

    found: list[Problem] = []
    contents = read_contents(
        sys.stdin.buffer if file == "-" else Path(file),
        format=args.input_format,
        accept=accept,
        name=STDIN if file == "-" else file,
        notices=found,
    )
    _note(args, found)
    return contents


def _submissions(args: argparse.Namespace, files: Sequence[str]) -> list[Submission]:
    """Return the submissions of every file, in order."""
    return [s for file in files for s in _read(args, file).submissions]


def _note(args: argparse.Namespace, warnings: Sequence[Problem]) -> None:
    """Keep warnings for the end (``--json``), else print them now on standard error."""
    args.notices.extend(warnings)
    if not args.json:
        word = _phrase("warning", args.lang)
        for warning in warnings:
            where = place(warning, args.lang)
            sentence = render(warning, args.lang)
            print(f"{word}{' ' + where if where else ''}: {sentence}", file=sys.stderr)


def _notice_data(args: argparse.Namespace) -> list[dict[str, Any]]:
    return [
        {**warning.to_dict(), "localized_message": render(warning, args.lang)}
        for warning in args.notices
    ]


# --- listing regulations and crosswalks ---------------------------------------------------


def _regulations(args: argparse.Namespace) -> int:
    from .registry import default_registry

    registry = default_registry()
    if args.json:
        from .describe import regulation_listing

        _dump(regulation_listing(registry), sys.stdout)
    else:
        now = label("regulations.now", args.lang)
        for r in registry.regulations:
            print(
                label(
                    "regulations.line",
                    args.lang,
                    id=r.id,
                    short_name=r.short_name,
                    years=f"{r.governs.first}-{r.governs.last or now}",
                    rights=len(r.rights),
                    encoded=len(r.indicators),
                    declared=_count(r.declared_indicator_total),
                )
            )
        for problem in registry.problems:
            _print_error(problem, args.lang, _phrase("broken", args.lang))
    return EXIT_BROKEN_PLUGIN if registry.problems else EXIT_OK


def _count(number: int | None) -> str:
    return "?" if number is None else str(number)


def _show(args: argparse.Namespace) -> int:
    from .describe import describe_regulation
    from .registry import default_registry

    regulation = default_registry().get(args.regulation)
    described = describe_regulation(regulation)
    if args.json:
        _dump(described, sys.stdout)
        return EXIT_OK
    lang: Lang = args.lang

    def cited(text: str) -> str:
        return citation_text(text, lang)

    print(regulation.title)
    revision = {"id": regulation.id, "revision": regulation.revision}
    print(label("show.revision", lang, **revision, date=regulation.revision_date))
    years = (
        f"{regulation.governs.first}-{regulation.governs.last or label('regulations.now', lang)}"
    )
    print(
        label(
            "show.governs", lang, years=years, citation=cited(regulation.governs.citation.label())
        )
    )
    points = described["scoring"]["dimension_points"]
    print(label("show.points", lang, **points, citation=cited(regulation.scoring.citation.label())))
    print(label("show.categories", lang))
    for category in described["categories"]:
        print(
            label(
                "show.category",
                lang,
                label=category["label_" + lang],
                lower=category["lower"],
                upper=category["upper"] or label("show.max", lang),
                awarded=label("show.awarded", lang) if category["awarded"] else "",
                citation=cited(category["citation"]["label"]),
            )
        )
    print(label("show.rights", lang))
    for right in described["rights"]:
        counts = ", ".join(
            f"{dim} {c['encoded']}/{c['declared'] if c['declared'] is not None else '?'}"
            for dim, c in right["indicators"].items()
        )
        print(label("show.right", lang, id=right["id"], name=right["name_" + lang], counts=counts))
    catalogue = described["catalogue"]
    print(
        label(
            "show.encoded",
            lang,
            encoded=catalogue["indicators_encoded"],
            declared=catalogue["indicators_declared"] or "?",
            incomplete="" if catalogue["complete"] else label("show.incomplete", lang),
        )
    )
    for indicator in described["indicators"]:
        wording = indicator["wording_" + lang]
        print(f"  {indicator['id']:<28} {indicator['dimension']:<9} {wording}")
        where = cited(indicator["citation"]["label"])
        print(f"  {'':<28} {indicator['rule_text']}  [{where}]")
    for note in regulation.notes:
        print(label("show.note", lang, note=note))
    return EXIT_OK


def _crosswalks(args: argparse.Namespace) -> int:
    from .registry import default_registry
    from .versions.crosswalk import available_crosswalks

    registry = default_registry()
    listed: list[dict[str, Any]] = []
    for crosswalk in available_crosswalks():
        a, b = registry.get(crosswalk.a), registry.get(crosswalk.b)
        sides = [
            {
                "regulation": coverage.regulation,
                "rights_mapped": coverage.rights_mapped,
                "rights_total": coverage.rights_total,
                "indicators_mapped": coverage.indicators_mapped,
                "indicators_total": coverage.indicators_total,
            }
            for coverage in crosswalk.coverage(a, b)
        ]
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
            label(
                "crosswalks.head",
                args.lang,
                id=item["id"],
                revision=item["revision"],
                judgements=item["judgements"],
                problems=len(item["problems"]),
            )
        )
        for side in item["coverage"]:
            print(label("crosswalks.side", args.lang, **side))
    return EXIT_OK


# --- one region at a time: template, validate, evaluate, explain ---------------------------


def _template(args: argparse.Namespace) -> int:
    from .files.template import check_template_year, template_bytes
    from .registry import default_registry

    check_template_year(args.year)
    if args.json and args.format != "json" and not args.out:
        raise InputError(
            f"--json prints JSON: write the {args.format} template with --out",
            [Problem("json_needs_out", "/json", "", "--out FILE", args.format)],
        )
    regulation = default_registry().get(args.regulation)
    if args.format == "xlsx" and not args.out:
        raise SubmissionError(
            "--format xlsx needs --out FILE",
            [Problem("missing_out", "", "a workbook is written to a file", "--out FILE")],
        )
    data = template_bytes(regulation, args.format, args.year, args.lang)
    if not args.out:
        sys.stdout.write(data.decode("utf-8"))
        return EXIT_OK
    _write(args.out, lambda target: target.write_bytes(data))
    if args.format == "xlsx":
        _done(args, [args.out], _phrase("wrote", args.lang, out=args.out), format="xlsx")
    elif args.json:
        _done(args, [args.out], "", format=args.format)
    return EXIT_OK


def _evaluations(args: argparse.Namespace, contents: Contents) -> list[Evaluation]:
    """Return each submission's evaluation under ``--regulation`` (else the one in force).

    A cohort's problems are reported all at once, each under its record's position.
    """
    from .engine import evaluate, evaluate_each

    if contents.single:
        return [evaluate(contents.submissions[0], args.regulation)]
    return evaluate_each(contents.submissions, args.regulation)


def _validate(args: argparse.Namespace) -> int:
    contents = _read(args, args.file)
    evaluations = _evaluations(args, contents)
    if args.json:
        results = [_validity(evaluation, args.lang) for evaluation in evaluations]
        _dump(results[0] if contents.single else results, sys.stdout)
        return EXIT_OK
    names = ", ".join(dict.fromkeys(e.regulation.short_name for e in evaluations))
    warnings = sum(len(e.warnings) for e in evaluations)
    if contents.single:
        print(_phrase("valid", args.lang, file=args.file, regulation=names, count=warnings))
        _print_warnings(evaluations[0], args.lang, "  ")
        return EXIT_OK
    count = len(evaluations)
    print(
        _phrase(
            "valid_many",
            args.lang,
            file=args.file,
            count=count,
            regulation=names,
            warnings=warnings,
        )
    )
    for evaluation in evaluations:
        if evaluation.warnings:
            print(f"  {evaluation.region.name} ({evaluation.region.code}):")
            _print_warnings(evaluation, args.lang, "    ")
    return EXIT_OK


def _validity(evaluation: Evaluation, lang: Lang) -> dict[str, Any]:
    """Return ``validate --json``'s answer for one submission."""
    return {
        "valid": True,
        "region": evaluation.region.model_dump(mode="json"),
        "regulation": evaluation.regulation.id,
        "lang": lang,
        "warnings": [
            {**w.model_dump(), "localized_message": render(w, lang, evaluation=evaluation)}
            for w in evaluation.warnings
        ],
    }


def _evaluate(args: argparse.Namespace) -> int:
    from ._json import json_text

    key = _signing_key(args)  # a key that cannot be used stops the command before any work
    contents = _read(args, args.file)
    evaluations = _evaluations(args, contents)
    if args.record:
        if len(evaluations) != 1:
            from .files.reading import one_submission_only

            raise InputError(
                "--record writes the audit record of one submission",
                [one_submission_only(len(evaluations))],
            )
        from .audit import make_record

        record = make_record(contents.submissions[0], evaluations[0])
        if key is not None:
            from .signing import sign_record

            record = sign_record(record, key)
        _write_text(args.record, record.to_json())
    if args.json and contents.single:
        sys.stdout.write(evaluations[0].to_json())
    elif args.json:
        sys.stdout.write(json_text([e.model_dump(mode="json") for e in evaluations]))
    else:
        for number, evaluation in enumerate(evaluations):
            if number:
                print()  # a blank line between regions
            _print_evaluation(evaluation, args.lang)
    return EXIT_OK


def _signing_key(args: argparse.Namespace) -> SigningKey | None:
    """Return the key ``--sign`` names (``None`` without it); it needs ``--record``."""
    if args.sign is None:
        return None
    if not args.record:
        raise InputError(
            "--sign needs --record: it signs the audit record",
            [Problem("sign_needs_record", "/sign", "", "--record FILE", args.sign)],
        )
    record = Path(args.record).resolve()
    keys = (Path(args.sign), Path(args.sign + ".pub"))
    if any(record == key.resolve() or _same_file(record, key) for key in keys):
        raise InputError(
            "--record would overwrite the signing key",
            [Problem("record_is_key", "/record", "", "another file than the key", args.record)],
        )
    from .signing import load_private_key

    return load_private_key(args.sign)


def _same_file(one: Path, other: Path) -> bool:
    """Return whether two existing paths are the same file (a hard link included)."""
    try:
        return one.samefile(other)
    except OSError:
        return False  # one of them does not exist yet


def _explain(args: argparse.Namespace) -> int:
    from .explain import explain
    from .registry import default_registry

    contents = _read(args, args.file)
    registry = default_registry()
    texts = []
    for evaluation in _evaluations(args, contents):
        regulation = registry.get(evaluation.regulation.id, evaluation.regulation.revision)
        # the JSON keeps the English account it always had; people read it in --lang
        said = explain(evaluation, regulation, "en" if args.json else args.lang)
        texts.append((evaluation, said))
    if args.json:
        results = [
            {
                "region": evaluation.region.model_dump(mode="json"),
                "assessment_year": evaluation.assessment_year,
                "regulation": evaluation.regulation.id,
                "explanation": text,
            }
            for evaluation, text in texts
        ]
        _dump(results[0] if contents.single else results, sys.stdout)
    else:
        sys.stdout.write("\n".join(text for _, text in texts))
    return EXIT_OK


# --- files in and out: import, export, report ---------------------------------------------


def _import(args: argparse.Namespace) -> int:
    from .engine import PLACEHOLDER_REGION_CODE

    contents = _read(args, args.file)
    submissions = contents.submissions
    many = len(submissions) > 1
    lines = [
        json.dumps(
            s.model_dump(mode="json", by_alias=True, exclude_none=True),
            ensure_ascii=False,
            indent=None if many else 2,
        )
        for s in submissions
    ]
    _write_text(args.out, "\n".join(lines) + "\n")
    placeholders = [
        Problem(
            "placeholder_region",
            f"/{index}/region/code" if many else "/region/code",
            f"the region code is still the template's placeholder ({PLACEHOLDER_REGION_CODE})",
            received=PLACEHOLDER_REGION_CODE,
        )
        for index, s in enumerate(submissions)
        if s.region.code == PLACEHOLDER_REGION_CODE
    ]
    _note(args, placeholders)
    kind = "JSON Lines" if many else "JSON"
    said = _phrase(
        "imported", args.lang, file=args.file, count=len(submissions), out=args.out, kind=kind
    )
    _done(args, [args.out], said, submissions=len(submissions), format="jsonl" if many else "json")
    return EXIT_OK


def _export(args: argparse.Namespace) -> int:
    from .engine import evaluate
    from .files.export import evaluation_rows, rows_csv, rows_xlsx

    evaluations = [evaluate(s, args.regulation) for s in _submissions(args, args.files)]
    rows = evaluation_rows(evaluations, args.lang)
    if args.format == "xlsx":
        _write(args.out, lambda target: rows_xlsx(rows, target))
    elif args.format == "csv":
        _write_text(args.out, rows_csv(rows))
    else:
        dumped = [e.model_dump(mode="json") for e in evaluations]
        _write_text(args.out, json.dumps(dumped, ensure_ascii=False, indent=2) + "\n")
    count = len(evaluations)
    said = _phrase("exported", args.lang, count=count, out=args.out, format=args.format)
    _done(args, [args.out], said, evaluations=count, format=args.format)
    return EXIT_OK


def _write_report(args: argparse.Namespace) -> int:
    from .files.cohort import check_one_cohort
    from .files.report import cohort_report, scorecard
    from .registry import default_registry

    contents = _read(args, args.file, accept=[_SIMULATION])
    if contents.kind == _SIMULATION:
        return _simulation_page(args, contents)
    evaluations = _evaluations(args, contents)
    if len(evaluations) > 1:
        check_one_cohort(evaluations)
    first = evaluations[0].regulation
    regulation = default_registry().get(first.id, first.revision)
    charts = not args.no_charts
    if len(evaluations) == 1:
        page = _folder(args.out) / "scorecard.html"
        _write_text(page, scorecard(evaluations[0], regulation, args.lang, charts))
    else:
        page = _folder(args.out) / "cohort.html"
        _write_text(page, cohort_report(evaluations, regulation, args.lang, charts))
    kind = page.stem
    _done(args, [page], _phrase("wrote", args.lang, out=page), report=kind)
    return EXIT_OK


def _simulation_page(args: argparse.Namespace, contents: Contents) -> int:
    """Write the HTML report of a simulation summary ``contents`` holds."""
    from .files.reading import read_simulation, simulation_base
    from .files.report import simulation_report

    simulation = read_simulation(contents)
    base = simulation_base(simulation)
    page = _folder(args.out) / "simulation.html"
    _write_text(page, simulation_report(simulation, base, args.lang))
    _done(args, [page], _phrase("wrote", args.lang, out=page), report="simulation")
    return EXIT_OK


# --- across regulations: compare, verify ---------------------------------------------------


def _compare(args: argparse.Namespace) -> int:
    from .registry import default_registry
    from .versions.compare import (
        cohort_csv,
        cohort_rows,
        compare_cohort,
        comparisons_json,
        is_cohort_number,
    )

    if args.deprecated and not args.json:
        said = _phrase("deprecated_option", args.lang, old="--regulations", new="--regulation")
        print(f"{_phrase('warning', args.lang)}: {said}", file=sys.stderr)
    names = args.regulation or [regulation.id for regulation in default_registry().regulations]
    comparisons = compare_cohort(_submissions(args, args.files), names)
    if args.json:
        sys.stdout.write(comparisons_json(comparisons))
    elif args.csv:
        sys.stdout.write(cohort_csv(comparisons))
    elif args.xlsx:
        from .files.export import rows_xlsx

        rows = cohort_rows(comparisons)
        _write(args.xlsx, lambda target: rows_xlsx(rows, target, "Perbandingan", is_cohort_number))
        print(_phrase("wrote", args.lang, out=args.xlsx))
    else:
        _print_comparisons(comparisons, args.lang)
    return EXIT_OK


def _print_comparisons(comparisons: Sequence[Any], lang: Lang) -> None:
    for comparison in comparisons:
        region = comparison.region
        print(
            label(
                "compare.region",
                lang,
                name=region.name,
                code=region.code,
                year=comparison.assessment_year,
                prepared_for=comparison.prepared_for,
            )
        )
        for outcome in comparison.outcomes:
            route = (
                label("compare.direct", lang)
                if outcome.route == "direct"
                else label("compare.via", lang, crosswalk=outcome.crosswalk)
            )
            print(
                label(
                    "compare.outcome",
                    lang,
                    short_name=outcome.short_name,
                    score=outcome.total_score,
                    category=outcome.category_label,
                    route=route,
                    gaps=len(outcome.gaps),
                    estimates=len(outcome.estimates),
                    ignored=len(outcome.ignored),
                )
            )
            for gap in outcome.gaps:
                message = gap_text(gap.code, gap.message, lang)
                print(label("compare.gap", lang, pointer=gap.pointer, message=message))
        for delta in comparison.deltas:
            changed = label("compare.changed", lang) if delta.category_changed else ""
            print(
                label(
                    "compare.delta",
                    lang,
                    to=delta.to_regulation,
                    frm=delta.from_regulation,
                    delta=delta.total_delta,
                    changed=changed,
                )
            )


def _verify(args: argparse.Namespace) -> int:
    from .audit import verify

    trusted = _trusted(args)
    report = verify(Path(args.record), trusted=trusted)
    if args.json:
        _dump(report.model_dump(mode="json"), sys.stdout)
        return EXIT_OK if report.reproduced else EXIT_NOT_REPRODUCED
    lang = args.lang
    print(f"{args.record}: {_phrase(report.status, lang)}")
    signed = label("signature." + report.signature, lang, key_id=report.signer)
    print(f"  {label('verify.signature', lang)}: {signed}")
    _print_checks(report.checks, lang, "  ")
    for cause in report.causes:
        print(f"  {_phrase('cause', lang)}: {_phrase(cause, lang)}")
    for difference in report.differences:
        recorded, recomputed = repr(difference.recorded), repr(difference.recomputed)
        said = _phrase(
            "differs", lang, pointer=difference.pointer, recorded=recorded, recomputed=recomputed
        )
        print(f"  {said}")
    return EXIT_OK if report.reproduced else EXIT_NOT_REPRODUCED


def _print_checks(
    checks: Sequence[Check], lang: Lang, indent: str, only_failed: bool = False
) -> None:
    """Print each check (or each failed one) with its outcome and its detail in ``lang``."""
    passed, failed = label("verify.passed", lang), label("verify.failed", lang)
    width = max(len(passed), len(failed))
    for check in checks:
        if only_failed and check.passed:
            continue
        word = passed if check.passed else failed
        name = label("verify." + check.name, lang)
        print(f"{indent}{word:<{width}} {name}: {check_detail(check.detail, lang)}")


def _trusted(args: argparse.Namespace) -> list[PublicKey] | None:
    """Return the keys ``--trusted`` names (``None`` without it: no signer is required)."""
    if not args.trusted:
        return None
    from .signing import load_public_keys

    return load_public_keys(args.trusted)


# --- signing keys: keys new --------------------------------------------------------------


def _keys_new(args: argparse.Namespace) -> int:
    from .signing import new_key, write_key_pair

    key = new_key()
    private, public = write_key_pair(key, args.out)
    key_id = key.public_key.key_id
    said = label("keys.wrote", args.lang, private=private, public=public, key_id=key_id)
    _done(args, [private, public], said, key_id=key_id)
    return EXIT_OK


# --- the archive: archive add, verify, history, export -----------------------------------


def _archive(args: argparse.Namespace, create: bool = False) -> Archive:
    """Return the archive ``--database`` names; only ``add`` makes a new one."""
    from .archive import Archive

    return Archive(args.database, create=create)


def _record_files(names: Sequence[str]) -> list[Path]:
    """Return the files named, a folder standing for the ``.json`` files in it."""
    files: list[Path] = []
    empty: list[Problem] = []
    for name in map(Path, names):
        found = sorted(name.glob("*.json")) if name.is_dir() else [name]
        if not found:
            empty.append(Problem("no_record_files", "", "", "*.json files", str(name)))
        files += found
    if empty:
        raise InputError("no audit record to add", empty)
    return files


def _archive_add(args: argparse.Namespace) -> int:
    trusted = _trusted(args)
    files = _record_files(args.records)  # no archive is made for nothing to add
    with _archive(args, create=True) as archive:
        outcomes = archive.add_all(files, trusted=trusted)
        where = archive.location
    statuses = ("added", "already_archived", "signature_added", "refused", "not_added")
    counts = {status: 0 for status in statuses}
    for outcome in outcomes:
        counts[outcome.status] += 1
    refused = [outcome for outcome in outcomes if outcome.status == "refused"]
    status = EXIT_OK
    if refused:
        unreadable = any("invalid_record" in outcome.causes for outcome in refused)
        status = EXIT_INVALID_INPUT if unreadable else EXIT_NOT_REPRODUCED
    if args.json:
        records = [outcome.model_dump(mode="json") for outcome in outcomes]
        _dump({"archive": where, **counts, "records": records}, sys.stdout)
        return status
    for outcome in outcomes:
        _print_added(outcome, args.lang)
    print(
        label(
            "archive.add_summary",
            args.lang,
            count=len(outcomes),
            added=counts["added"],
            already=counts["already_archived"],
            refused=counts["refused"],
            signed=label("archive.signed_count", args.lang, count=counts["signature_added"])
            if counts["signature_added"]
            else "",
            archive=where,
        )
    )
    if refused:
        print(label("archive.nothing_added", args.lang))
    return status


def _print_added(outcome: AddOutcome, lang: Lang) -> None:
    """Print what became of one record offered to the archive, and why."""
    said = label("archive." + outcome.status, lang)
    if outcome.record is not None:
        said += ": " + _record_line(outcome.record, lang)
    print(f"{outcome.source or outcome.digest}: {said}")
    for cause in outcome.causes:
        print(f"  {_phrase('cause', lang)}: {_phrase(cause, lang)}")
    _print_checks(outcome.checks, lang, "  ", only_failed=True)
    for problem in outcome.problems:
        where = place(problem, lang)
        print(f"  {where + ': ' if where else ''}{render(problem, lang)}")


def _regulation_id(name: str | None) -> str | None:
    """Return the id of the regulation ``name`` names (an alias resolved where installed)."""
    if name is None:
        return None
    from .errors import RegulationNotFoundError
    from .registry import default_registry

    try:
        return default_registry().get(name).id
    except RegulationNotFoundError:
        return name  # an archive keeps records of regulations not installed here


def _archive_verify(args: argparse.Namespace) -> int:
    trusted = _trusted(args)
    regulation = _regulation_id(args.regulation)
    with _archive(args) as archive:
        checked = archive.verify_all(year=args.year, regulation=regulation, trusted=trusted)
    if not checked:
        raise _no_records(args.year, regulation)
    failed = [item for item in checked if item.status != "reproduced"]
    if args.json:
        records = [item.model_dump(mode="json") for item in checked]
        _dump({"records": records, "reproduced": len(checked) - len(failed),
               "not_reproduced": len(failed)}, sys.stdout)  # fmt: skip
        return EXIT_NOT_REPRODUCED if failed else EXIT_OK
    for item in checked:
        _print_record_check(item, args.lang)
    print(
        label(
            "archive.verify_summary",
            args.lang,
            count=len(checked),
            reproduced=len(checked) - len(failed),
            failed=len(failed),
        )
    )
    return EXIT_NOT_REPRODUCED if failed else EXIT_OK


def _no_records(year: int | None, regulation: str | None) -> ArchiveError:
    """Return the error of an archive command that chose no record."""
    chosen = " ".join(
        f"{option} {value}"
        for option, value in (("--year", year), ("--regulation", regulation))
        if value is not None
    )
    return ArchiveError(
        "no record in the archive matches", [Problem("no_records", "", "", None, chosen or None)]
    )


def _record_line(record: ArchivedRecord, lang: Lang) -> str:
    """Return an archived record in a few words: region, year, regulation, score."""
    return label(
        "archive.record",
        lang,
        name=record.region_name,
        code=record.region_code,
        year=record.assessment_year,
        regulation=record.regulation_id,
        revision=record.regulation_revision,
        score=record.total_score,
    )


def _print_record_check(item: RecordCheck, lang: Lang) -> None:
    """Print one archived record verified again: the record, its status, and why."""
    record = item.record
    line = _record_line(record, lang)
    print(f"{record.digest[:19]}  {line}: {_phrase(item.status, lang)}")
    if item.signature is not None and item.signature != "unsigned":
        signed = label("signature." + item.signature, lang, key_id=record.signature_key_id)
        print(f"  {label('verify.signature', lang)}: {signed}")
    for cause in item.causes:
        print(f"  {_phrase('cause', lang)}: {_phrase(cause, lang)}")
    if item.altered_columns:
        print(
            f"  {label('archive.altered_columns', lang, columns=', '.join(item.altered_columns))}"
        )
    if item.verification is not None:
        _print_checks(item.verification.checks, lang, "  ", only_failed=True)
    for problem in item.problems:
        where = place(problem, lang)
        print(f"  {where + ': ' if where else ''}{render(problem, lang)}")


def _archive_history(args: argparse.Namespace) -> int:
    trusted = _trusted(args)
    with _archive(args) as archive:
        entries = archive.history(args.region_code, trusted=trusted)
    # history reports each record's state, failing or not: it is a listing, not a check
    if args.json:
        from .archive.models import History

        sys.stdout.write(History(region_code=args.region_code, entries=entries).to_json())
        return EXIT_OK
    lang = args.lang
    if not entries:
        print(label("archive.history_empty", lang, code=args.region_code))
        return EXIT_OK
    name = entries[-1].region_name
    print(label("archive.history_head", lang, name=name, code=args.region_code, count=len(entries)))
    for entry in entries:
        english = entry.category_label_en or entry.category
        category = entry.category_label_id or entry.category
        if lang == "en":
            category = f"{category} ({english})"
        status = _phrase(entry.status, lang)
        if entry.causes:
            status += " (" + ", ".join(_phrase(cause, lang) for cause in entry.causes) + ")"
        print(
            label(
                "archive.history_line",
                lang,
                year=entry.assessment_year,
                regulation=entry.regulation_short_name or entry.regulation_id,
                revision=entry.regulation_revision,
                score=entry.total_score,
                category=category,
                status=status,
            )
        )
    return EXIT_OK


def _archive_export(args: argparse.Namespace) -> int:
    regulation = _regulation_id(args.regulation)
    with _archive(args) as archive:
        written = _folder_written(args.out, archive, args.year, regulation)
    if not written:
        raise _no_records(args.year, regulation)
    said = label("archive.exported", args.lang, count=len(written), out=args.out)
    _done(args, written, said, records=len(written))
    return EXIT_OK


def _folder_written(
    out: str, archive: Archive, year: int | None, regulation: str | None
) -> list[Path]:
    """Return the files ``archive`` exports into ``out`` (an unwritable folder is bad input)."""
    written: list[Path] = []
    _write(
        out, lambda target: written.extend(archive.export(target, year=year, regulation=regulation))
    )
    return written


# --- cohorts: synth, simulate, sensitivity -------------------------------------------------


def _synth(args: argparse.Namespace) -> int:
    from .policy.synth import synthetic_cohort
    from .registry import default_registry

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
    said = _phrase(
        "synthesized", args.lang, count=len(lines), regulation=regulation.short_name, out=args.out
    )
    _done(args, [args.out], said, submissions=len(lines), regulation=regulation.id)
    return EXIT_OK


def _simulate(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    from .files.charts import simulation_charts
    from .files.report import simulation_report, simulation_text
    from .policy.simulate import simulate, write_regions_csv
    from .policy.variants import load_variant
    from .registry import default_registry

    base = default_registry().get(args.regulation)
    variants = [load_variant(Path(path)) for path in args.variant]
    submissions = _submissions(args, [args.cohort])
    out = _folder(args.out)
    with tqdm(
        total=len(variants), desc="variants", disable=not args.progress, file=sys.stderr
    ) as bar:

        def advance(done: int, _total: int) -> None:
            bar.update(done - bar.n)

        result = simulate(submissions, base, variants, fast=not args.exact, progress=advance)
    written = [out / name for name in ("summary.json", "regions.csv", "report.html")]
    written[0].write_text(result.to_json(), encoding="utf-8")
    write_regions_csv(result, written[1])
    written[2].write_text(simulation_report(result, base, args.lang), encoding="utf-8")
    charts = [] if args.no_charts else _charts(args, lambda: simulation_charts(result, out))
    names = ", ".join(str(path) for path in written)
    said = _phrase("simulated", args.lang, names=names, charts=len(charts))
    if not args.json:
        sys.stdout.write(simulation_text(result, base, args.lang))
    moved = {outcome.lineage["variant"]: len(outcome.movers) for outcome in result.variants}
    _done(
        args,
        [*written, *charts],
        said,
        regions=result.regions,
        regions_moved=moved,
        charts_unavailable=args.charts_skipped,
    )
    return EXIT_OK


def _charts(args: argparse.Namespace, draw: Callable[[], list[Path]]) -> list[Path]:
    """Return the chart files ``draw`` writes; without matplotlib, say so in one line.

    Charts are an extra: a plain install still writes every other output and exits 0.
    """
    from .errors import PlotUnavailableError

    try:
        return draw()
    except PlotUnavailableError:
        args.charts_skipped = True  # with --json, the result says so
        if not args.json:
            print(_phrase("charts_skipped", args.lang))
        return []


def _sensitivity(args: argparse.Namespace) -> int:
    from .files.charts import sensitivity_chart
    from .policy.sensitivity import sensitivity
    from .registry import default_registry

    base = default_registry().get(args.regulation)
    submissions = _submissions(args, [args.cohort])
    result = sensitivity(
        submissions, base, samples=args.samples, seed=args.seed, spread=args.spread
    )
    out = _folder(args.out)
    data = out / "sensitivity.json"
    data.write_text(
        json.dumps(result.model_dump(mode="json"), ensure_ascii=False, indent=2) + "\n",
        encoding="utf-8",
    )
    charts = (
        []
        if args.no_charts
        else _charts(args, lambda: sensitivity_chart(result, out / "sensitivity"))
    )
    top = result.parameters[0]
    said = _phrase(
        "sensitivity_done",
        args.lang,
        samples=result.samples,
        parameter=top.parameter,
        r=top.with_awarded_regions,
        out=data,
        charts=len(charts),
    )
    _done(
        args,
        [data, *charts],
        said,
        samples=result.samples,
        strongest=top.parameter,
        charts_unavailable=args.charts_skipped,
    )
    return EXIT_OK


# --- printing ------------------------------------------------------------------------------


def _print_evaluation(evaluation: Evaluation, lang: Lang) -> None:
    # in English the regulation's own (Indonesian) category label is kept beside the English one
    keys = ("year", "regulation", "revision", "total", "awarded")
    words = {key: label(f"evaluate.{key}", lang) for key in keys}
    region = evaluation.region
    regulation = evaluation.regulation
    category = evaluation.category
    named = category.label_id if lang == "id" else f"{category.label_id} ({category.label_en})"
    print(f"{region.name} ({region.code}), {words['year']} {evaluation.assessment_year}")
    print(
        f"{words['regulation']} {regulation.short_name} ({regulation.id}, "
        f"{words['revision']} {regulation.revision})"
    )
    print(
        f"{words['total']} {evaluation.total_score} / {evaluation.max_score}: {named}"
        f"{words['awarded'] if category.awarded else ''}"
    )
    for right in evaluation.rights:
        parts = "  ".join(
            f"{d.dimension} {trimmed(d.points_earned)}/{trimmed(d.points_available)}"
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


# --- the parser ------------------------------------------------------------------------------


class _Parser(argparse.ArgumentParser):
    """An argument parser whose usage errors are JSON when ``--json`` was asked for."""

    def error(self, message: str) -> NoReturn:
        if "--json" in sys.argv[1:]:
            _dump({"error": "usage", "message": message, "problems": []}, sys.stderr)
            raise SystemExit(EXIT_INVALID_INPUT)
        super().error(message)


class _Deprecated(argparse.Action):
    """``--regulations A,B``: the old spelling of ``--regulation A --regulation B``."""

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: str | Sequence[Any] | None,
        option_string: str | None = None,
    ) -> None:
        names = [name.strip() for name in str(values).split(",") if name.strip()]
        setattr(namespace, self.dest, [*(getattr(namespace, self.dest) or []), *names])
        namespace.deprecated = True


_JSON_RESULT = "print the result as JSON (errors and warnings too, on standard error)"
_JSON_WRITTEN = "print the files written as JSON (errors and warnings too, on standard error)"
_JSON_ONE_OR_LIST = (
    "print the result as JSON: an object for a file of one submission, else a list "
    "(errors and warnings too, on standard error)"
)
_REG = "regulation id or alias, e.g. 22/2021 (id[@revision])"


def _json_option(command: argparse.ArgumentParser, help: str = _JSON_RESULT) -> None:
    command.add_argument("--json", action="store_true", help=help)


def _input_options(command: argparse.ArgumentParser) -> None:
    from .files.reading import FORMATS

    command.add_argument(
        "--input-format",
        choices=FORMATS,
        help="how to read the input when its name does not say (standard input, another "
        "suffix); default: by suffix, else by content",
    )


def _subject_regulation(command: argparse.ArgumentParser) -> None:
    """``REG`` or ``--regulation REG``: the regulation a command is about (show, template)."""
    command.add_argument("reg", metavar="REG", nargs="?", help=_REG)
    command.add_argument("--regulation", metavar="REG", help="the same as REG")


def _listing_commands(commands: Any) -> None:
    listing = commands.add_parser("regulations", help="list the installed regulations")
    _json_option(listing)
    listing.set_defaults(run=_regulations)

    show = commands.add_parser("show", help="show what a regulation declares")
    _subject_regulation(show)
    _json_option(show)
    show.set_defaults(run=_show)

    joining = commands.add_parser("crosswalks", help="list crosswalks and their coverage")
    _json_option(joining)
    joining.set_defaults(run=_crosswalks)

    template = commands.add_parser("template", help="print an empty submission as JSON")
    _subject_regulation(template)
    template.add_argument("--year", type=int, help="assessment (data) year to put in")
    template.add_argument("--format", choices=("json", "xlsx", "csv"), default="json")
    template.add_argument("--out", metavar="FILE", help="write to FILE (needed for xlsx)")
    _json_option(
        template,
        "the JSON template, or with --out the file written, as JSON "
        "(errors too, on standard error)",
    )
    template.set_defaults(run=_template)


def _single_commands(commands: Any) -> None:
    for name, run, text in (
        ("validate", _validate, "check submissions without printing scores"),
        ("evaluate", _evaluate, "score submissions"),
        ("explain", _explain, "show how every point was earned or lost, with its legal basis"),
    ):
        command = commands.add_parser(name, help=text)
        command.add_argument(
            "file", metavar="FILE", help="submission file (.json, .yaml, .jsonl, .csv, .xlsx) or -"
        )
        command.add_argument(
            "--regulation", metavar="REG", help="score under this regulation (id[@revision])"
        )
        _input_options(command)
        _json_option(command, _JSON_ONE_OR_LIST)
        if name == "evaluate":
            command.add_argument(
                "--record", metavar="OUT", help="also write a self-contained audit record"
            )
            command.add_argument(
                "--sign",
                metavar="KEYFILE",
                help="sign the audit record with this private key (from kkpham keys new)",
            )
        command.set_defaults(run=run)


def _file_commands(commands: Any) -> None:
    importing = commands.add_parser("import", help="read a workbook, CSV, YAML or JSON Lines file")
    importing.add_argument(
        "file", metavar="FILE", help=".xlsx template, .csv, .jsonl, .yaml or .json, or -"
    )
    importing.add_argument(
        "--out", required=True, metavar="OUT", help="JSON (or JSON Lines) to write"
    )
    _input_options(importing)
    _json_option(importing, _JSON_WRITTEN)
    importing.set_defaults(run=_import)

    exporting = commands.add_parser("export", help="evaluate files and write a table")
    exporting.add_argument(
        "files", metavar="FILE", nargs="+", help=".json, .yaml, .jsonl, .csv or .xlsx, or -"
    )
    exporting.add_argument("--format", choices=("csv", "xlsx", "json"), default="csv")
    exporting.add_argument("--out", required=True, metavar="OUT")
    exporting.add_argument("--regulation", metavar="REG", help="score under this regulation")
    _input_options(exporting)
    _json_option(exporting, _JSON_WRITTEN)
    exporting.set_defaults(run=_export)

    reporting = commands.add_parser("report", help="HTML scorecard (one region) or cohort report")
    reporting.add_argument(
        "file",
        metavar="FILE",
        help="submissions (.json, .yaml, .jsonl, .csv, .xlsx, or -), or a simulation summary",
    )
    reporting.add_argument("--out", required=True, metavar="DIR")
    reporting.add_argument("--regulation", metavar="REG", help="score under this regulation")
    reporting.add_argument("--no-charts", action="store_true", help="plain HTML bars only")
    _input_options(reporting)
    _json_option(reporting, _JSON_WRITTEN)
    reporting.set_defaults(run=_write_report)


def _compare_command(commands: Any) -> None:
    comparing = commands.add_parser("compare", help="compare submissions across regulations")
    comparing.add_argument(
        "files",
        metavar="FILE",
        nargs="+",
        help="submissions (.json, .yaml, .jsonl, .csv, .xlsx, -)",
    )
    comparing.add_argument(
        "--regulation",
        metavar="REG",
        action="append",
        help="a regulation to compare under; repeat for several, the first is the baseline "
        "(default: all installed)",
    )
    comparing.add_argument(
        "--regulations",
        metavar="REG,REG",
        dest="regulation",
        action=_Deprecated,
        help="deprecated: the same as --regulation REG for each name",
    )
    _input_options(comparing)
    output = comparing.add_mutually_exclusive_group()
    output.add_argument("--json", action="store_true", help="full comparisons as JSON")
    output.add_argument("--csv", action="store_true", help="one row per region as CSV")
    output.add_argument("--xlsx", metavar="OUT", help="one row per region, as a workbook")
    comparing.set_defaults(run=_compare, deprecated=False)

    check = commands.add_parser(
        "verify",
        help="re-compute an audit record and compare",
        epilog="exit status: 0 reproduced, 1 not reproduced, 2 the record cannot be read, "
        "3 a regulation plugin is broken",
    )
    check.add_argument("record", metavar="RECORD", help="audit record JSON file")
    _trusted_option(check)
    _json_option(check)
    check.set_defaults(run=_verify)


_TRUSTED = (
    "a file of trusted public keys, one per line as kkpham keys new writes NAME.pub "
    "(repeat for several files); with it, a record must be signed by one of them"
)


def _trusted_option(command: argparse.ArgumentParser) -> None:
    command.add_argument("--trusted", metavar="KEYS", action="append", help=_TRUSTED)


def _group(commands: Any, name: str, text: str) -> Any:
    """Return the subcommands of a command group such as ``kkpham archive``."""
    group = commands.add_parser(name, help=text, description=text)
    return group.add_subparsers(
        dest=f"{name}_command", required=True, metavar="COMMAND", parser_class=_Parser
    )


def _keys_commands(commands: Any) -> None:
    keys = _group(commands, "keys", "make a key pair to sign audit records with")
    new = keys.add_parser(
        "new",
        help="write a new Ed25519 key pair: NAME (private, PEM, mode 0600) and NAME.pub",
        epilog="NAME.pub is one line, 'ed25519 <base64 key> <key id>'; give it to verifiers, "
        "who list it in the file they pass to --trusted. An existing file is never overwritten.",
    )
    new.add_argument("--out", required=True, metavar="NAME", help="the private key file to write")
    _json_option(new, _JSON_WRITTEN)
    new.set_defaults(run=_keys_new)


_DATABASE = (
    "the archive: a SQLite file, or a URL (sqlite:///FILE, postgresql://USER@HOST/DB); "
    "default: $KKPHAM_DATABASE_URL, else kkpham-archive.sqlite3 in the current folder"
)


def _archive_commands(commands: Any) -> None:
    archive = _group(commands, "archive", "keep audit records in a database, by region and year")
    adding = archive.add_parser(
        "add",
        help="add audit records (all or none: a refused record means nothing is added)",
        epilog="each record's digest, signature and input hash are checked; it is not "
        "re-computed (archive verify does that), so records of regulations not installed here "
        "are kept too. A record already archived is reported and left as it is.",
    )
    adding.add_argument(
        "records", metavar="RECORD", nargs="+", help="audit record files, or folders of them"
    )
    _trusted_option(adding)
    verifying = archive.add_parser(
        "verify", help="verify archived records again (exit 1 if any is not reproduced)"
    )
    verifying.add_argument("--year", type=int, help="only records of this data year")
    verifying.add_argument(
        "--regulation", metavar="REG", help="only records under this regulation (id or alias)"
    )
    _trusted_option(verifying)
    history = archive.add_parser(
        "history", help="a region's records: every year and regulation, and whether each verifies"
    )
    history.add_argument("region_code", metavar="REGION_CODE", help="Kemendagri code, e.g. 72.71")
    _trusted_option(history)
    exporting = archive.add_parser(
        "export", help="write archived records, one file each, exactly as stored"
    )
    exporting.add_argument(
        "--out",
        metavar="DIR",
        default="kkpham-archive-export",
        help="the folder to write to (default: kkpham-archive-export)",
    )
    exporting.add_argument("--year", type=int, help="only records of this data year")
    exporting.add_argument(
        "--regulation", metavar="REG", help="only records under this regulation (id or alias)"
    )
    for command, run in (
        (adding, _archive_add),
        (verifying, _archive_verify),
        (history, _archive_history),
        (exporting, _archive_export),
    ):
        command.add_argument("--database", metavar="URL", help=_DATABASE)
        _json_option(command, _JSON_WRITTEN if run is _archive_export else _JSON_RESULT)
        command.set_defaults(run=run)


def _cohort_commands(commands: Any) -> None:
    synth = commands.add_parser("synth", help="write a synthetic cohort (JSON Lines)")
    synth.add_argument("--regulation", required=True, metavar="REG", help=_REG)
    synth.add_argument(
        "--regions",
        type=int,
        default=514,
        help="cohort size, 1 to 100000 (514; region codes repeat, in named rounds, beyond 3762)",
    )
    synth.add_argument("--seed", type=int, default=1)
    synth.add_argument("--year", type=int)
    synth.add_argument("--out", required=True, metavar="FILE")
    _json_option(synth, _JSON_WRITTEN)
    synth.set_defaults(run=_synth)

    cohort = "submissions: a folder of .json files, .jsonl, .json, .yaml, .csv, .xlsx, or -"
    base = "the base regulation (--base is the same option)"
    simulating = commands.add_parser("simulate", help="what-if variants over a cohort")
    simulating.add_argument("cohort", metavar="COHORT", help=cohort)
    simulating.add_argument("--regulation", "--base", required=True, metavar="REG", help=base)
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
    _input_options(simulating)
    _json_option(simulating, _JSON_WRITTEN + "; the text summary is left out")
    simulating.set_defaults(run=_simulate)

    sensing = commands.add_parser("sensitivity", help="Monte-Carlo sensitivity over a cohort")
    sensing.add_argument("cohort", metavar="COHORT", help=cohort)
    sensing.add_argument("--regulation", "--base", required=True, metavar="REG", help=base)
    sensing.add_argument("--samples", type=int, default=1000)
    sensing.add_argument("--seed", type=int, default=1)
    sensing.add_argument("--spread", type=float, default=0.1)
    sensing.add_argument("--out", required=True, metavar="DIR")
    sensing.add_argument("--no-charts", action="store_true", help="skip the PNG/SVG chart")
    _input_options(sensing)
    _json_option(sensing, _JSON_WRITTEN)
    sensing.set_defaults(run=_sensitivity)


def _serve(args: argparse.Namespace) -> int:
    # uvicorn (and FastAPI, through the app) only here: no other command pays for them
    import uvicorn

    from .service import create_app

    # settings that would stop the application from starting (limits, keys, key files)
    # are reported here as any bad input is, before the server listens
    service = create_app(database=args.database, lang=args.lang)
    if service.state.records.database is not None:
        service.state.records.archive()  # an archive that cannot be opened: said now, not later
    uvicorn.run(service, host=args.host, port=args.port)
    return EXIT_OK


_SERVE_SETTINGS = """\
settings (environment variables; see kkpham_rules.service):
  KKPHAM_MAX_BODY_BYTES    a one-document body, in bytes (default 5 MB; 413)
  KKPHAM_MAX_COHORT_BYTES  a cohort upload, in bytes (default 64 MB; 413)
  KKPHAM_MAX_REGIONS       the regions of one request (default 20000; 413)
  KKPHAM_REQUEST_SECONDS   the work of one request (default 60; 503 with
                           Retry-After; the worker thread is abandoned, not killed)
  KKPHAM_CORS_ORIGINS      comma-separated origins allowed cross-origin calls
                           (default: none)
  KKPHAM_API_KEYS          comma-separated keys for routes that write; or
  KKPHAM_API_KEYS_FILE     a file of them, one a line (default: none, and every
                           write is refused)
  KKPHAM_DATABASE_URL      the archive, as --database (default: none: no archive)
  KKPHAM_SIGNING_KEY       a private key file (kkpham keys new) that signs the
                           records POST /evaluate/record makes (default: unsigned)
  KKPHAM_TRUSTED_KEYS      public key files, separated by ":" (";" on Windows):
                           the only signers POST /archive admits (default: any)
  KKPHAM_LANG              the language of answers to a request whose
                           Accept-Language names neither id nor en, as --lang
                           (default: id); Accept-Language wins when it does"""


def _serve_command(commands: Any) -> None:
    serving = commands.add_parser(
        "serve",
        help="serve KKPHAM over HTTP (JSON; see kkpham_rules.service)",
        epilog=_SERVE_SETTINGS,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    serving.add_argument(
        "--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)"
    )
    serving.add_argument("--port", type=int, default=8000, help="port (default: 8000)")
    serving.add_argument(
        "--database",
        metavar="URL",
        help="the archive GET /archive/regions/{code} reads and POST /archive writes: "
        "sqlite:///FILE or postgresql://user@host/db (default: $KKPHAM_DATABASE_URL, "
        "else no archive)",
    )
    serving.set_defaults(run=_serve, json=False)  # no --json: problems are printed


# --- the law's indicator tables: catalogue template, import, diff ----------------------------


def _catalogue_commands(commands: Any) -> None:
    """``kkpham catalogue template|import|diff``: the lampiran's table, its import, a diff."""
    catalogue = commands.add_parser(
        "catalogue",
        help="the lampiran's indicator table: a template to fill in, its import as the "
        "next revision, and what changes between revisions",
        description="Turn a regulation's lampiran (one row per indicator) into a validated "
        "revision of its data, and compare revisions. The columns, the band notation "
        "(111-140 -> 8, one band a line) and a worked example are in the documentation "
        "(catalogue.rst) and on the workbook's Petunjuk sheet.",
    )
    steps = catalogue.add_subparsers(
        dest="catalogue_step", required=True, metavar="STEP", parser_class=_Parser
    )
    from .catalogue.columns import COLUMN_KEYS  # a table of names: nothing heavy

    template = steps.add_parser(
        "template",
        help="write the table to fill in (workbook, or CSV), pre-filled with the regulation's "
        "rights and any indicators it has",
        epilog="The CSV file has one row per indicator under the header "
        + ",".join(COLUMN_KEYS)
        + ". Bands go one a line in their cell as RANGE -> POINTS (111-140 -> 8, <= 110 -> "
        "10, > 229 -> 0, 0 <= x < 50 -> 0); ordinal levels one a line as code | achievement "
        "| label | English label. The workbook's Petunjuk sheet and docs/catalogue.rst explain "
        "every column.",
    )
    _subject_regulation(template)
    template.add_argument(
        "--format",
        choices=("xlsx", "csv"),
        help="xlsx (a workbook with instructions) or csv (the table only); "
        "default: by --out's suffix, else xlsx",
    )
    template.add_argument("--out", required=True, metavar="FILE", help="the file to write")
    _json_option(template, _JSON_WRITTEN)
    template.set_defaults(run=_catalogue_template)

    importing = steps.add_parser(
        "import",
        help="check a filled-in table (every problem at its cell) and write the regulation's "
        "next revision",
        epilog="The revision written is the latest plus one, dated --date (default: today); "
        "a file that exists is not overwritten. Name its folder in KKPHAM_REGULATION_PATH "
        "(folders and files separated as in PATH), or write it into a plugin's revisions "
        "folder, for evaluate, template, simulate and diff to use it.",
    )
    importing.add_argument("file", metavar="FILE", help="the filled-in table: .xlsx or .csv")
    importing.add_argument(
        "--regulation",
        required=True,
        metavar="REG",
        help="the regulation the table is the lampiran of; its latest revision (or the one "
        "named, id@revision) gives everything else",
    )
    importing.add_argument(
        "--out", required=True, metavar="FILE", help="the revision to write, e.g. revisions/3.yaml"
    )
    importing.add_argument(
        "--date", metavar="YYYY-MM-DD", help="the revision's date (default: today)"
    )
    _json_option(importing, _JSON_WRITTEN)
    importing.set_defaults(run=_catalogue_import)

    diff = steps.add_parser(
        "diff",
        help="indicators added, removed and changed between two revisions; with --cohort, "
        "how many regions change score and category",
    )
    diff.add_argument("before", metavar="BEFORE", help="a revision, e.g. 22/2021@2")
    diff.add_argument("after", metavar="AFTER", help="another revision, e.g. 22/2021@3")
    diff.add_argument(
        "--cohort",
        metavar="FILE",
        help="submissions to score under both (.json, .jsonl, .yaml, .csv, .xlsx, a folder, -)",
    )
    diff.add_argument("--exact", action="store_true", help="use the exact path, not arrays")
    _input_options(diff)
    _json_option(diff)
    diff.set_defaults(run=_catalogue_diff)


def _catalogue_template(args: argparse.Namespace) -> int:
    from .catalogue.template import catalogue_csv, catalogue_workbook
    from .registry import default_registry

    regulation = default_registry().get(args.regulation)
    kind = args.format or ("csv" if args.out.lower().endswith(".csv") else "xlsx")
    if kind == "csv":
        _write_text(args.out, catalogue_csv(regulation, args.lang))
    else:
        from .files.workbooks import save_workbook

        book = catalogue_workbook(regulation, args.lang)
        _write(args.out, lambda target: save_workbook(book, target))
    said = _phrase("wrote", args.lang, out=args.out)
    _done(args, [args.out], said, format=kind, regulation=regulation.id)
    return EXIT_OK


def _revision_date(args: argparse.Namespace) -> Any:
    import datetime as dt

    if args.date is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(args.date)
    except ValueError as error:
        raise InputError(
            "--date is not a date",
            [Problem("bad_option", "/date", "a date YYYY-MM-DD", "YYYY-MM-DD", args.date)],
        ) from error


def _out_problems(out: Path, revision: int) -> list[Problem]:
    """Return why the revision may not be written to ``out`` (it exists, or names another)."""
    problems = []
    if out.exists():
        problems.append(
            Problem("file_exists", "/out", f"{out} exists", f"{revision}.yaml", str(out))
        )
    stem = out.name.removesuffix(".yaml")
    if out.suffix == ".yaml" and stem.isdigit() and int(stem) != revision:
        problems.append(
            Problem(
                "revision_file_name", "/out", f"revision {revision} in {out.name}",
                str(revision), out.name,
            )
        )  # fmt: skip
    return problems


def _catalogue_import(args: argparse.Namespace) -> int:
    from .catalogue.importing import import_catalogue
    from .catalogue.reading import read_table
    from .catalogue.revision import next_revision
    from .errors import CatalogueError
    from .registry import default_registry

    registry = default_registry()
    base = registry.get(args.regulation)
    revision = next_revision(registry, base.id)
    date = _revision_date(args)
    out = Path(args.out)
    problems = _out_problems(out, revision)
    try:
        imported = import_catalogue(read_table(Path(args.file)), base, revision, date)
    except CatalogueError as error:
        raise CatalogueError(error.args[0], [*problems, *error.problems]) from error
    if problems:
        raise CatalogueError(f"cannot write {out}", problems)
    _note(args, imported.warnings)
    _write_text(out, imported.text)
    regulation = imported.regulation
    said = label(
        "catalogue.imported",
        args.lang,
        out=out,
        revision=revision,
        date=date.isoformat(),
        regulation=regulation.id,
        count=len(regulation.indicators),
        content_hash=regulation.content_hash,
    )
    _done(
        args,
        [out],
        said,
        regulation=regulation.id,
        revision=revision,
        revision_date=date.isoformat(),
        indicators=len(regulation.indicators),
        content_hash=regulation.content_hash,
    )
    return EXIT_OK


def _catalogue_diff(args: argparse.Namespace) -> int:
    from .catalogue.diff import diff_revisions
    from .registry import default_registry

    registry = default_registry()
    before, after = registry.get(args.before), registry.get(args.after)
    cohort = _submissions(args, [args.cohort]) if args.cohort else None
    diff = diff_revisions(before, after, cohort, fast=not args.exact)
    if args.json:
        sys.stdout.write(diff.to_json())
        return EXIT_OK
    lang: Lang = args.lang
    print(
        label(
            "catalogue.diff_head",
            lang,
            regulation=after.short_name,
            before=before.revision,
            after=after.revision,
        )
    )
    print(
        label(
            "catalogue.diff_counts",
            lang,
            added=len(diff.added),
            removed=len(diff.removed),
            changed=len(diff.changed),
        )
    )
    for sign, listed in (("+", diff.added), ("-", diff.removed)):
        for item in listed:
            where = f"{item.right}/{item.dimension}"
            print(f"  {sign} {item.id:<30} {where:<28} {item.wording_id}")
    for change in diff.changed:
        fields = ", ".join(field.field for field in change.changes)
        print(f"  ~ {change.id:<30} {label('catalogue.diff_changed_fields', lang, fields=fields)}")
    if diff.counts:
        cells = ", ".join(
            f"{c.right}/{c.dimension} {_count(c.before)} -> {_count(c.after)}" for c in diff.counts
        )
        print(label("catalogue.diff_counts_changed", lang, cells=cells))
    if diff.other_changes:
        print(label("catalogue.diff_other", lang, parts=", ".join(diff.other_changes)))
    if diff.cohort is not None:
        _print_cohort_change(diff.cohort, before, after, lang)
    return EXIT_OK


def _print_cohort_change(change: Any, before: Any, after: Any, lang: Lang) -> None:
    names = {c.code: c.label_id if lang == "id" else c.label_en for c in before.categories}
    names |= {c.code: c.label_id if lang == "id" else c.label_en for c in after.categories}
    print(
        label(
            "catalogue.diff_cohort",
            lang,
            regions=change.regions,
            score_changed=change.score_changed,
            category_changed=change.category_changed,
        )
    )
    if change.ignored_values_before or change.ignored_values_after:
        print(
            label(
                "catalogue.diff_ignored",
                lang,
                before=change.ignored_values_before,
                after=change.ignored_values_after,
                a=before.revision,
                b=after.revision,
            )
        )
    for old, row in change.transitions.items():
        for new, count in row.items():
            if old != new:
                print(
                    label(
                        "catalogue.diff_transition",
                        lang,
                        before=names.get(old, old),
                        after=names.get(new, new),
                        count=count,
                    )
                )
    for mover in change.movers:
        print(
            label(
                "catalogue.diff_mover",
                lang,
                name=mover.region_name,
                code=mover.region_code,
                before=mover.base_score,
                before_category=names.get(mover.base_category, mover.base_category),
                after=mover.variant_score,
                after_category=names.get(mover.variant_category, mover.variant_category),
            )
        )


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
    _listing_commands(commands)
    _single_commands(commands)
    _file_commands(commands)
    _compare_command(commands)
    _cohort_commands(commands)
    _keys_commands(commands)
    _archive_commands(commands)
    _serve_command(commands)
    _catalogue_commands(commands)
    for command in leaf_commands(parser).values():
        command.set_defaults(input_format=None)
        command.add_argument(
            "--lang",
            choices=LANGS,
            help="language of messages and labels: id (Indonesian) or en "
            "(default: $KKPHAM_LANG, else id)",
        )
    return parser


def leaf_commands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    """Return every command that runs, by its name (``"archive add"`` for a group's command).

    >>> sorted(leaf_commands(_parser()))[:3]
    ['archive add', 'archive export', 'archive history']
    """
    found: dict[str, argparse.ArgumentParser] = {}
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, command in action.choices.items():
                inner = leaf_commands(command)
                found.update({f"{name} {sub}": c for sub, c in inner.items()} or {name: command})
    return found


def _arguments(argv: Sequence[str] | None) -> argparse.Namespace:
    """Return the parsed command line, the regulation of ``show``/``template`` settled."""
    parser = _parser()
    args = parser.parse_args(argv)
    if "reg" in vars(args):  # show, template: REG or --regulation REG, one of them
        names = {name for name in (args.reg, args.regulation) if name}
        if len(names) != 1:
            parser.error(f"kkpham {args.command}: name one regulation, as REG or --regulation REG")
        args.regulation = names.pop()
    files = [
        *getattr(args, "files", []),
        getattr(args, "file", None),
        getattr(args, "cohort", None),
    ]
    if files.count("-") > 1:
        parser.error(f"kkpham {args.command}: standard input (-) can be read once")
    args.lang = args.lang or default_lang()
    args.notices = []
    args.charts_skipped = False
    return args


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``kkpham`` command line; return the exit status (see the module docstring)."""
    args = _arguments(argv)
    args.registry_calls = _registry_calls()
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
    _note_refused_revisions(args)
    if args.json and args.notices:  # warnings of a command that succeeded, as one document
        _dump({"warnings": _notice_data(args)}, sys.stderr)
    return status


def _note_refused_revisions(args: argparse.Namespace) -> None:
    """Warn of every revision on ``KKPHAM_REGULATION_PATH`` refused, if the command read any.

    A refused revision is not used, so a command would otherwise go ahead
    quietly under an older one (a result under revision 2 where the user put
    revision 3 on the path). Every command that looked up a regulation warns;
    ``kkpham regulations`` reports them as errors itself.
    """
    from .registry import default_registry, regulation_paths

    if args.run is _regulations or _registry_calls() == args.registry_calls:
        return  # the command never looked a regulation up
    listed = {str(path) for path in regulation_paths()}
    for error in default_registry().problems:
        if error.plugin in listed:
            said = f"the revisions at {error.plugin} (KKPHAM_REGULATION_PATH) are refused, not used"
            lead = Problem("regulation_path_refused", "", said, received=error.plugin)
            _note(args, [lead, *(_at(problem, error.plugin) for problem in error.problems)])


def _registry_calls() -> int:
    """Return how often the installed regulations were asked for so far in this process."""
    from .registry import default_registry

    calls = default_registry.cache_info()
    return calls.hits + calls.misses


def _at(problem: Problem, where: str) -> Problem:
    """Return ``problem`` placed at ``where`` (a file) unless it already has a place."""
    import attrs

    return problem if problem.location else attrs.evolve(problem, location=where)


def _report(error: KkphamError, args: argparse.Namespace) -> None:
    _note_refused_revisions(args)
    if args.json:
        data = _error_data(error, args.lang)
        if args.notices:
            data["warnings"] = _notice_data(args)
        _dump(data, sys.stderr)
    else:
        _print_error(error, args.lang)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
