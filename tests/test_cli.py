"""The ``kkpham`` command, run as a user runs it: in a separate process."""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
EXAMPLE = ROOT / "examples" / "kota-contoh-2022.json"
# the command installed beside the running interpreter (a venv need not be activated)
KKPHAM = (
    shutil.which("kkpham", path=str(Path(sys.executable).parent))
    or shutil.which("kkpham")
    or pytest.fail("the kkpham command is not installed")
)


def run(
    *args: str, stdin: str | None = None, lang: str | None = None
) -> subprocess.CompletedProcess[str]:
    # messages are Indonesian unless KKPHAM_LANG (or --lang) says otherwise: the
    # tests choose, whatever the environment they run in
    env = {key: value for key, value in os.environ.items() if key != "KKPHAM_LANG"}
    if lang is not None:
        env["KKPHAM_LANG"] = lang
    return subprocess.run(
        [KKPHAM, *args], capture_output=True, text=True, input=stdin, check=False, env=env
    )


def test_regulations_lists_both_with_rights_counted() -> None:
    result = run("regulations", "--json")
    assert result.returncode == 0, result.stderr
    listed = {r["id"]: r for r in json.loads(result.stdout)["regulations"]}
    assert listed["permenkumham-34-2016"]["rights"] == 7
    assert listed["permenkumham-22-2021"]["rights"] == 10
    assert listed["permenkumham-34-2016"]["indicators_declared"] == 83
    assert listed["permenkumham-22-2021"]["indicators_declared"] == 120


def test_show_human_and_json() -> None:
    human = run("show", "34/2016")
    assert human.returncode == 0
    assert "Hak atas Lingkungan yang Berkelanjutan" in human.stdout
    data = json.loads(run("show", "22/2021", "--json").stdout)
    assert [r["id"] for r in data["rights"]][:4] == [
        "bantuan-hukum",
        "informasi",
        "pemerintahan",
        "keberagaman",
    ]


@pytest.mark.parametrize(("reg", "rights"), [("34/2016", 7), ("22/2021", 10)])
def test_template_filled_best_and_worst(tmp_path: Path, reg: str, rights: int) -> None:
    template = json.loads(run("template", reg).stdout)
    assert len(template["dimensions"]) == rights
    assert all(set(d) == {"struktur", "proses", "hasil"} for d in template["dimensions"].values())
    template["region"] = {"code": "72.71", "name": "Kota Uji"}
    for value, total, category in ((100, "100.00", "peduli-ham"), (0, "0.00", "kurang-peduli-ham")):
        for right in template["dimensions"].values():
            for key in right:
                right[key] = value
        path = tmp_path / f"filled-{value}.json"
        path.write_text(json.dumps(template))
        result = run("evaluate", str(path), "--json")
        assert result.returncode == 0, result.stderr
        evaluation = json.loads(result.stdout)
        assert (evaluation["total_score"], evaluation["category"]["code"]) == (total, category)


def test_evaluate_is_byte_identical_across_processes() -> None:
    first = run("evaluate", str(EXAMPLE), "--json")
    second = run("evaluate", str(EXAMPLE), "--json")
    assert first.returncode == 0
    assert first.stdout == second.stdout
    assert json.loads(first.stdout)["total_score"] == "81.22"


def test_human_output() -> None:
    result = run("evaluate", str(EXAMPLE))
    assert result.returncode == 0
    assert "total 81.22 / 100.00: Peduli HAM" in result.stdout


def test_validate() -> None:
    result = run("validate", str(EXAMPLE), "--lang", "en")
    assert result.returncode == 0
    assert "valid for 22/2021" in result.stdout
    assert "sah untuk 22/2021" in run("validate", str(EXAMPLE)).stdout


@pytest.mark.parametrize(
    ("content", "pointers"),
    [
        (
            '{"region": {"code": "72.71", "name": "X"}, "assessment_year": 2022,'
            ' "dimensions": {"kesehatan": {"hasil": 120}, "hak-terbang": {"hasil": 1}}}',
            ["/dimensions/kesehatan/hasil"],
        ),
        (
            '{"region": {"code": "72.71", "name": "X"}, "assessment_year": 2022,'
            ' "dimensions": {"hak-terbang": {"hasil": 1}}, "indicators": {"x.y": true}}',
            ["/indicators/x.y", "/dimensions/hak-terbang"],
        ),
        (
            '{"region": {"code": "72.71", "name": "X"}, "assessment_year": 2010}',
            ["/assessment_year"],
        ),
        ("{broken", [""]),
    ],
)
def test_malformed_files_exit_2_with_pointers(
    tmp_path: Path, content: str, pointers: list[str]
) -> None:
    path = tmp_path / "bad.json"
    path.write_text(content)
    result = run("evaluate", str(path), "--json")
    assert result.returncode == 2
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    error = json.loads(result.stderr)
    found = [p["pointer"] for p in error.get("problems", [])] or (
        ["/assessment_year"] if error["error"] == "no_regulation_in_force" else []
    )
    assert found == pointers


def test_human_errors_and_missing_file() -> None:
    result = run("evaluate", "/nonexistent/file.json", "--lang", "en")
    assert result.returncode == 2
    assert result.stderr.startswith("error: cannot read /nonexistent/file.json")
    assert "Traceback" not in result.stderr
    indonesian = run("evaluate", "/nonexistent/file.json")
    assert indonesian.stderr.startswith("kesalahan: tidak dapat membaca /nonexistent/file.json")
    assert "(tidak ditemukan)" in indonesian.stderr
    unknown = run("show", "99/2099", lang="en")
    assert unknown.returncode == 2
    assert "no installed regulation is called '99/2099'" in unknown.stderr


def test_module_entry_point_matches_command() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "kkpham_rules.cli", "regulations"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0
    assert "permenkumham-22-2021" in result.stdout


def test_record_then_verify_in_a_fresh_process(tmp_path: Path) -> None:
    record = tmp_path / "record.json"
    result = run("evaluate", str(EXAMPLE), "--record", str(record))
    assert result.returncode == 0
    verified = run("verify", str(record), "--json")
    assert verified.returncode == 0, verified.stdout
    assert json.loads(verified.stdout)["status"] == "reproduced"
    text = record.read_text()
    record.write_text(text.replace('"hasil": "80"', '"hasil": "81"', 1))
    tampered = run("verify", str(record), "--lang", "en")
    assert tampered.returncode == 1
    assert "not reproduced" in tampered.stdout
    assert "cause: submission altered" in tampered.stdout
    record.write_text("{}")
    assert run("verify", str(record)).returncode == 2


def test_explain_names_points_and_basis() -> None:
    result = run("explain", str(ROOT / "examples" / "kabupaten-contoh-2019.json"), "--lang", "en")
    assert result.returncode == 0
    assert "Hak atas Perumahan yang Layak (perumahan): 60.00 of 100.00" in result.stdout
    assert (
        "struktur: 0 of 10 points, 10 lost; 0% achievement given at dimension level"
        in result.stdout
    )
    assert "Category: Cukup Peduli HAM (65 <= total < 75)" in result.stdout


def test_compare_from_the_command_line() -> None:
    files = [str(ROOT / "examples" / "kabupaten-contoh-2019.json"), str(EXAMPLE)]
    human = run("compare", *files, "--regulations", "34/2016,22/2021", lang="en")
    assert human.returncode == 0, human.stderr
    assert (
        "delta permenkumham-22-2021 - permenkumham-34-2016: -25.91 (category changes)"
        in human.stdout
    )
    table = run("compare", *files, "--regulations", "34/2016,22/2021", "--csv")
    assert table.stdout.splitlines()[2].endswith(
        ",81.04,peduli-ham,translated,0,81.22,peduli-ham,direct,0,0.18"
    )
    data = json.loads(run("compare", *files, "--regulations", "34/2016,22/2021", "--json").stdout)
    assert [c["prepared_for"] for c in data] == ["permenkumham-34-2016", "permenkumham-22-2021"]
    assert run("compare", *files, "--regulations", "34/2016,99/2099").returncode == 2


def test_crosswalk_coverage_from_the_command_line() -> None:
    result = run("crosswalks", "--json")
    assert result.returncode == 0
    [crosswalk] = json.loads(result.stdout)["crosswalks"]
    assert crosswalk["problems"] == []
    coverage = {side["regulation"]: side for side in crosswalk["coverage"]}
    assert coverage["permenkumham-34-2016"]["rights_mapped"] == 7
    assert coverage["permenkumham-22-2021"]["rights_mapped"] == 10
    assert "rights 10/10 mapped" in run("crosswalks", "--lang", "en").stdout
    assert "hak 10/10 terpetakan" in run("crosswalks").stdout


def test_synth_simulate_and_sensitivity_from_the_command_line(tmp_path: Path) -> None:
    cohort = tmp_path / "cohort.jsonl"
    made = run(
        "synth", "--regulation", "22/2021", "--regions", "514", "--seed", "1", "--out", str(cohort)
    )
    assert made.returncode == 0, made.stderr
    assert len(cohort.read_text().splitlines()) == 514
    variants = sorted((ROOT / "examples" / "variants").glob("*.yaml"))
    for variant in variants:
        out = tmp_path / variant.stem
        result = run(
            "simulate",
            "--base",
            "22/2021",
            "--variant",
            str(variant),
            str(cohort),
            "--out",
            str(out),
            "--no-charts",
        )
        assert result.returncode == 0, result.stderr
        rows = (out / "regions.csv").read_text().splitlines()
        assert rows[0] == (
            "variant,region_code,region_name,base_score,base_category,"
            "variant_score,variant_category,delta,changed"
        )
        assert len(rows) == 515
        moved = sum(row.endswith(",true") for row in rows[1:])
        assert f"{moved} dari 514 kabupaten/kota pindah kategori" in result.stdout
        assert "Perpindahan kategori" in result.stdout
        page = (out / "report.html").read_text()
        assert f"Kabupaten/kota yang pindah kategori ({moved})" in page
        again = run(
            "report", str(out / "summary.json"), "--out", str(out / "again"), "--lang", "en"
        )
        assert again.returncode == 0, again.stderr
        assert "Category transitions" in (out / "again" / "simulation.html").read_text()
        summary = json.loads((out / "summary.json").read_text())
        assert summary["regions"] == 514
        assert summary["variants"][0]["lineage"]["variant"] == variant.stem
    exact = tmp_path / "exact"
    run(
        "simulate",
        "--base",
        "22/2021",
        "--variant",
        str(variants[0]),
        str(cohort),
        "--out",
        str(exact),
        "--no-charts",
        "--exact",
    )
    fast_rows = (tmp_path / variants[0].stem / "regions.csv").read_text()
    assert (exact / "regions.csv").read_text() == fast_rows
    sens = run(
        "sensitivity",
        "--base",
        "22/2021",
        str(cohort),
        "--samples",
        "30",
        "--out",
        str(tmp_path / "sens"),
        "--no-charts",
    )
    assert sens.returncode == 0, sens.stderr
    assert json.loads((tmp_path / "sens" / "sensitivity.json").read_text())["samples"] == 30


def test_bad_variant_file_exits_2(tmp_path: Path) -> None:
    cohort = tmp_path / "cohort.jsonl"
    run("synth", "--regulation", "22/2021", "--regions", "3", "--out", str(cohort))
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "format: kkpham-variant/1\nid: x\ntitle: t\nbase: 22/2021\nchanges:\n"
        "  - {op: remove_indicator, indicator: tidak-ada}\n"
    )
    result = run(
        "simulate",
        "--base",
        "22/2021",
        "--variant",
        str(bad),
        str(cohort),
        "--out",
        str(tmp_path / "o"),
        "--json",
    )
    assert result.returncode == 2
    assert json.loads(result.stderr)["problems"][0]["pointer"] == "/changes/0/indicator"


def test_report_from_the_command_line(tmp_path: Path) -> None:
    result = run("report", str(EXAMPLE), "--out", str(tmp_path), "--no-charts", "--lang", "en")
    assert result.returncode == 0, result.stderr
    assert "Score per right" in (tmp_path / "scorecard.html").read_text()


def test_labels_follow_lang() -> None:
    default = run("evaluate", str(EXAMPLE)).stdout
    assert "Hak atas Bantuan Hukum" in default  # the regulation's own label by default
    assert "Right to legal aid" in run("evaluate", str(EXAMPLE), "--lang", "en").stdout
    indonesian = run("evaluate", str(EXAMPLE), "--lang", "id").stdout
    assert "nilai total 81.22 / 100.00: Peduli HAM" in indonesian


def test_commands_without_matplotlib_write_the_rest_and_succeed(tmp_path: Path) -> None:
    """On a plain install (no [plot] extra) charts are skipped with one line, exit 0."""
    cohort = tmp_path / "cohort.jsonl"
    made = run("synth", "--regulation", "22/2021", "--regions", "40", "--out", str(cohort))
    assert made.returncode == 0, made.stderr
    variant = ROOT / "examples" / "variants" / "bound-80.yaml"
    commands = {
        "sim": ["simulate", "--base", "22/2021", "--variant", str(variant), str(cohort)],
        "sens": ["sensitivity", "--base", "22/2021", str(cohort), "--samples", "20"],
    }
    for name, command in commands.items():
        out = tmp_path / name
        code = (
            "import sys; sys.modules['matplotlib'] = None\n"  # as if it were not installed
            "from kkpham_rules.cli import main\n"
            f"sys.exit(main({[*command, '--out', str(out), '--lang', 'en']!r}))"
        )
        result = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=False
        )
        assert result.returncode == 0, result.stderr
        assert "charts skipped: they need matplotlib" in result.stdout
        assert not list(out.glob("*.png"))
        assert list(out.glob("*.json"))


def test_python_dash_m_runs_the_command() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "kkpham_rules", "evaluate", str(EXAMPLE), "--json"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["total_score"] == "81.22"


# --- one reader and consistent options (issue 9) ---------------------------------------------

READING_COMMANDS = ("evaluate", "validate", "explain", "compare", "report")


def in_process(
    argv: list[str], capsys: pytest.CaptureFixture[str], stdin: bytes | None = None
) -> tuple[int, str, str]:
    """Run the command in this process (fast, for the many combinations); return its output."""
    import io

    from kkpham_rules.cli import main

    saved = sys.stdin
    if stdin is not None:
        sys.stdin = io.TextIOWrapper(io.BytesIO(stdin))
    try:
        status = main(argv)
    finally:
        sys.stdin = saved
    out, err = capsys.readouterr()
    return status, out, err


def _argv(command: str, file: str, tmp_path: Path) -> list[str]:
    extra = ["--out", str(tmp_path / "report")] if command == "report" else []
    if command == "compare":
        extra = ["--regulation", "22/2021", "--regulation", "34/2016"]
    return [command, file, *extra, "--lang", "en"]


@pytest.mark.parametrize("command", READING_COMMANDS)
def test_every_reading_command_reads_every_format_and_stdin(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str
) -> None:
    from .test_reading import KINDS, example_as

    for kind in KINDS:
        path = example_as(kind, tmp_path)
        for file, stdin in ((str(path), None), ("-", path.read_bytes())):
            status, out, err = in_process(_argv(command, file, tmp_path), capsys, stdin)
            assert status == 0, (kind, file, err)
            if command == "evaluate":
                assert "total 81.22 / 100.00" in out
            elif command == "compare":
                assert "22/2021    81.22" in out


def test_stdin_with_an_explicit_format(tmp_path: Path) -> None:
    from .test_reading import csv_text

    result = run("evaluate", "-", "--input-format", "csv", "--json", stdin=csv_text())
    assert result.returncode == 0, result.stderr
    [evaluation] = json.loads(result.stdout)  # a table is a list, even of one region
    assert evaluation["total_score"] == "81.22"
    wrong = run("evaluate", "-", "--input-format", "yaml", "--json", stdin=csv_text())
    assert wrong.returncode == 2


def test_one_or_many_follows_the_kind_of_file(tmp_path: Path) -> None:
    cohort = tmp_path / "cohort.jsonl"
    run("synth", "--regulation", "22/2021", "--regions", "3", "--out", str(cohort))
    many = run("evaluate", str(cohort), "--json")
    assert [e["region"]["code"] for e in json.loads(many.stdout)] == ["11.01", "12.01", "13.01"]
    assert json.loads(run("validate", str(cohort), "--json").stdout)[2]["valid"] is True
    assert len(json.loads(run("explain", str(cohort), "--json").stdout)) == 3
    single = json.loads(run("validate", str(EXAMPLE), "--json").stdout)
    assert (single["valid"], single["region"]["code"]) == (True, "72.71")
    assert "3 data sah untuk 22/2021" in run("validate", str(cohort)).stdout
    record = run("evaluate", str(cohort), "--record", str(tmp_path / "r.json"), "--lang", "en")
    assert record.returncode == 2
    assert record.stderr.startswith("error: --record writes the audit record of one submission")


def test_a_file_of_the_wrong_kind_is_named(tmp_path: Path) -> None:
    cohort = tmp_path / "cohort.jsonl"
    run("synth", "--regulation", "22/2021", "--regions", "5", "--out", str(cohort))
    variant = str(ROOT / "examples" / "variants" / "bound-80.yaml")
    out = tmp_path / "sim"
    done = run("simulate", "--regulation", "22/2021", "--variant", variant, str(cohort),
               "--out", str(out), "--no-charts")  # fmt: skip
    assert done.returncode == 0, done.stderr
    summary = str(out / "summary.json")
    for command in ("evaluate", "validate", "explain", "compare"):
        result = run(command, summary)
        assert result.returncode == 2
        assert result.stderr.splitlines() == [
            f"kesalahan: {summary} bukan data penilaian",
            "  ini ringkasan simulasi, bukan data penilaian; "
            "berkas ini dibaca oleh `kkpham report`",
        ]
    english = run("evaluate", summary, "--lang", "en")
    assert "  this is a simulation summary, not a submission" in english.stderr
    record = tmp_path / "record.json"
    run("evaluate", str(EXAMPLE), "--record", str(record))
    error = json.loads(run("report", str(record), "--out", str(tmp_path / "r"), "--json").stderr)
    assert error["problems"][0]["code"] == "wrong_document"
    assert error["problems"][0]["received"] == "kkpham-audit-record/1"
    assert error["localized_message"] == f"{record} bukan data penilaian ataupun ringkasan simulasi"
    bad_variant = run("simulate", "--base", "22/2021", "--variant", str(EXAMPLE), str(cohort),
                      "--out", str(out))  # fmt: skip
    assert bad_variant.returncode == 2
    assert "ini data penilaian, bukan berkas varian" in bad_variant.stderr


def _json_commands(tmp_path: Path) -> dict[str, list[str]]:
    """Return a command line of every command, with --json, that succeeds."""
    cohort, record = str(tmp_path / "cohort.jsonl"), str(tmp_path / "record.json")
    variant = str(ROOT / "examples" / "variants" / "bound-80.yaml")
    key, archive = str(tmp_path / "issuer"), ["--database", str(tmp_path / "archive.sqlite3")]
    return {
        "keys new": ["keys", "new", "--out", key],
        "regulations": ["regulations"],
        "show": ["show", "--regulation", "22/2021"],
        "crosswalks": ["crosswalks"],
        "template": ["template", "22/2021", "--format", "xlsx", "--out", str(tmp_path / "t.xlsx")],
        "synth": ["synth", "--regulation", "22/2021", "--regions", "5", "--out", cohort],
        "validate": ["validate", str(EXAMPLE)],
        "evaluate": ["evaluate", str(EXAMPLE), "--record", record, "--sign", key],
        "verify": ["verify", record, "--trusted", f"{key}.pub"],
        "archive add": ["archive", "add", record, *archive],
        "archive verify": ["archive", "verify", "--trusted", f"{key}.pub", *archive],
        "archive history": ["archive", "history", "72.71", *archive],
        "archive export": ["archive", "export", "--out", str(tmp_path / "exported"), *archive],
        "explain": ["explain", cohort],
        "import": ["import", cohort, "--out", str(tmp_path / "imported.json")],
        "export": ["export", cohort, "--out", str(tmp_path / "table.csv")],
        "report": ["report", cohort, "--out", str(tmp_path / "report")],
        "compare": ["compare", str(EXAMPLE), "--regulation", "22/2021"],
        "simulate": [
            "simulate",
            cohort,
            "--regulation",
            "22/2021",
            "--variant",
            variant,
            "--out",
            str(tmp_path / "sim"),
            "--no-charts",
        ],
        "sensitivity": [
            "sensitivity",
            cohort,
            "--base",
            "22/2021",
            "--samples",
            "5",
            "--out",
            str(tmp_path / "sens"),
            "--no-charts",
        ],
        "catalogue template": [
            "catalogue",
            "template",
            "22/2021",
            "--out",
            str(tmp_path / "l.xlsx"),
        ],
        "catalogue import": [
            *["catalogue", "import", str(ROOT / "examples" / "catalogue" / "lampiran-25-2013.csv")],
            *["--regulation", "Contoh 25/2013", "--out", str(tmp_path / "lampiran" / "2.yaml")],
            *["--date", "2026-12-11"],
        ],
        "catalogue diff": ["catalogue", "diff", "22/2021@1", "22/2021@2"],
    }


@pytest.fixture
def catalogue_example(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The catalogue's example regulation on KKPHAM_REGULATION_PATH (for `catalogue import`)."""
    from kkpham_rules.registry import default_registry

    folder = tmp_path / "lampiran"
    folder.mkdir()
    shutil.copy(ROOT / "examples" / "catalogue" / "revisions" / "1.yaml", folder)
    monkeypatch.setenv("KKPHAM_REGULATION_PATH", str(folder))
    default_registry.cache_clear()
    yield folder
    monkeypatch.delenv("KKPHAM_REGULATION_PATH")
    default_registry.cache_clear()


@pytest.mark.usefixtures("catalogue_example")
def test_json_prints_the_result_as_json_on_every_command(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from kkpham_rules import cli

    commands = _json_commands(tmp_path)
    # a new command needs a line here; serve runs until stopped (tests/test_service.py)
    assert set(commands) | {"serve"} == set(cli.leaf_commands(cli._parser()))
    writers: tuple[str, ...] = ("template", "synth", "import", "export", "report", "simulate")
    writers += ("sensitivity", "keys new", "archive export", "catalogue template")
    for name, argv in commands.items():  # in order: synth and evaluate write what others read
        status, out, err = in_process([*argv, "--json"], capsys)
        assert status == 0, (name, err)
        result = json.loads(out)
        if name in (*writers, "catalogue import"):
            assert all(Path(path).exists() for path in result["wrote"]), name
    status, out, _ = in_process(["simulate", *commands["simulate"][1:], "--json"], capsys)
    assert json.loads(out)["regions_moved"] == {"bound-80": 0}


def test_json_needs_a_json_result(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = in_process(["template", "22/2021", "--format", "csv", "--json"], capsys)
    assert (status, out) == (2, "")
    assert json.loads(err)["problems"][0]["code"] == "json_needs_out"


def test_regulation_is_named_alike_on_every_command() -> None:
    from kkpham_rules import cli

    commands = cli.leaf_commands(cli._parser())
    # they score under none; archive verify and export choose records by regulation
    without = {"regulations", "crosswalks", "import", "verify", "keys new", "archive add"}
    without.add("archive history")  # a region's history is every regulation's
    without.add("catalogue diff")  # its arguments are the two revisions
    for name, command in commands.items():
        if name == "serve":
            continue  # it serves every regulation and prints no result: neither option fits
        options = {o: a for a in command._actions for o in a.option_strings}
        assert ("--regulation" in options) is (name not in without), name
        assert "--json" in options, name
    compare = {o: a for a in commands["compare"]._actions for o in a.option_strings}
    assert isinstance(compare["--regulation"], argparse._AppendAction)
    assert "deprecated" in (compare["--regulations"].help or "")


def test_repeated_regulation_and_the_deprecated_list_agree() -> None:
    files = [str(ROOT / "examples" / "kabupaten-contoh-2019.json"), str(EXAMPLE)]
    repeated = run(
        "compare", *files, "--regulation", "34/2016", "--regulation", "22/2021", "--lang", "en"
    )
    listed = run("compare", *files, "--regulations", "34/2016,22/2021", "--lang", "en")
    assert repeated.returncode == listed.returncode == 0
    assert repeated.stdout == listed.stdout
    assert repeated.stderr == ""
    assert listed.stderr == "warning: the option --regulations is deprecated; use --regulation\n"
    quiet = run("compare", *files, "--regulations", "34/2016,22/2021", "--json")
    assert quiet.stderr == ""


def test_stdin_is_read_once(tmp_path: Path) -> None:
    result = run("compare", "-", "-", "--json", stdin="{}")
    assert result.returncode == 2
    assert "standard input (-) can be read once" in json.loads(result.stderr)["message"]


def test_show_and_template_take_the_regulation_either_way() -> None:
    assert run("show", "--regulation", "22/2021").stdout == run("show", "22/2021").stdout
    both = run("template", "22/2021", "--regulation", "34/2016")
    assert both.returncode == 2
    assert "name one regulation" in both.stderr
    assert run("show").returncode == 2


def test_region_warnings_are_messages_and_json_with_json(tmp_path: Path) -> None:
    from kkpham_rules.files.cohort import CSV_COLUMNS

    path = tmp_path / "old.csv"
    path.write_text(
        ",".join(CSV_COLUMNS) + "\n91.01,Kabupaten Merauke,2022,kesehatan,100,90,80\n",
        encoding="utf-8",
    )
    text = run("evaluate", str(path))
    assert text.returncode == 0
    assert text.stderr == (
        "peringatan baris 2, kolom region_code: 91.01 adalah kode lama, sebelum provinsinya "
        "dimekarkan; kode sekarang 93.01\n"
    )
    data = run("evaluate", str(path), "--json")
    [warning] = json.loads(data.stderr)["warnings"]
    assert (warning["code"], warning["location"]) == (
        "former_region_code",
        "line 2, column region_code",
    )
    failed = run("evaluate", str(path), "--regulation", "99/2099", "--json")
    error = json.loads(failed.stderr)  # one document: the error, with the warnings read before it
    assert (error["error"], len(error["warnings"])) == ("regulation_not_found", 1)


def test_import_warns_of_the_placeholder_through_the_messages(tmp_path: Path) -> None:
    template = tmp_path / "template.json"
    template.write_text(run("template", "22/2021").stdout, encoding="utf-8")
    result = run("import", str(template), "--out", str(tmp_path / "out.json"))
    assert result.returncode == 0
    assert result.stderr.startswith(
        "peringatan /region/code: kode wilayah masih kode contoh dari templat (00.00)"
    )


def test_evaluate_reports_every_bad_region_of_a_cohort(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    bad = {**good, "dimensions": {"no-such-right": {"hasil": 1}}}
    cohort = tmp_path / "cohort.jsonl"
    cohort.write_text("\n".join(json.dumps(r) for r in (bad, good, bad)) + "\n", encoding="utf-8")
    status, out, err = in_process(["evaluate", str(cohort), "--json"], capsys)
    assert (status, out) == (2, "")
    pointers = [p["pointer"] for p in json.loads(err)["problems"]]
    assert pointers == ["/0/dimensions/no-such-right", "/2/dimensions/no-such-right"]


def test_template_prints_the_library_bytes(capsys: pytest.CaptureFixture[str]) -> None:
    from kkpham_rules import get_regulation
    from kkpham_rules.files.template import template_bytes

    for form in ("json", "csv"):
        status, out, _ = in_process(["template", "22/2021", "--format", form], capsys)
        assert status == 0
        assert out.encode("utf-8") == template_bytes(get_regulation("22/2021"), form)
