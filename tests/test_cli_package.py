"""The CLI package as a new user meets it: help in workflow order with whole summaries, choices
that list themselves and suggest the right value, one-line errors from one boundary, `show`
with the record's tags, counts in good English, and commands that load only what they use."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from litwatch.cli import app
from litwatch.cli import choices as cli_choices
from litwatch.cli.app import WORKFLOW, suggest_choice
from litwatch.grammar import format_count

runner = CliRunner()
FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    from litwatch.services.demo import run_demo

    folder = tmp_path_factory.mktemp("demo")
    run_demo(db_path=folder / "demo.db", report_path=folder / "demo.html")
    return str(folder / "demo.db")


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_help_lists_commands_in_workflow_order_with_whole_summaries():
    code, out, _ = run("--help")
    assert code == 0
    listed = out[out.index("Commands:") :].splitlines()[1:]
    names = [line.split()[0] for line in listed if line.startswith("  ") and not line.startswith("   ")]
    assert names == list(WORKFLOW)
    assert out.startswith("Usage: litwatch [OPTIONS] COMMAND [ARGS]...\n")
    assert "..." not in out[out.index("Commands:") :]  # no summary is cut short
    flat = " ".join(out.split())
    assert (
        "check Write the claim-by-claim report: how to read it, the summary, then per claim its verdict, "
        "the top counted records as formatted references, charts and the evidence table."
    ) in flat
    assert flat.index("demo Build") < flat.index("ingest Store") < flat.index("tag Tag stored")


def test_help_shows_choices_and_no_python_types():
    _, ingest, _ = run("ingest", "--help")
    assert "list[" not in ingest and "FILE <path>..." in ingest
    _, evidence, _ = run("evidence", "--help")
    assert "--stance <supports|contradicts|mixed|no-direction>" in evidence
    assert "--format <text|json|csv|ris|bibtex|citation>" in evidence
    assert "<meta-analysis|systematic-review|rct|" in evidence
    _, review, _ = run("review", "--help")
    assert "decision <accept|reject>" in review


def test_choice_enums_match_the_values_the_services_take():
    """The CLI's enums have the domain enums' values (claims/evidence.py), so one can replace the
    other; the CLI keeps its own so `--help` does not import the tagger."""
    from litwatch.claims.evidence import Decision, Design, Stance
    from litwatch.formats.citation import STYLES
    from litwatch.report.changes import FORMATS as CHANGES_FORMATS
    from litwatch.report.render import FORMATS as REPORT_FORMATS
    from litwatch.services.cite import EVIDENCE_FORMATS
    from litwatch.services.drafting import FORMATS as DRAFT_FORMATS
    from litwatch.services.export import FORMATS as EXPORT_FORMATS

    pairs = [
        (cli_choices.Stance, tuple(Stance)),
        (cli_choices.Design, tuple(Design)),
        (cli_choices.Decision, tuple(Decision)),
        (cli_choices.CitationStyle, tuple(STYLES)),
        (cli_choices.EvidenceFormat, EVIDENCE_FORMATS),
        (cli_choices.ExportFormat, EXPORT_FORMATS),
        (cli_choices.ReportFormat, tuple(REPORT_FORMATS)),
        (cli_choices.ChangesFormat, CHANGES_FORMATS),
        (cli_choices.DraftFormat, DRAFT_FORMATS),
    ]
    for enum, values in pairs:
        assert tuple(e.value for e in enum) == tuple(values), enum.__name__


@pytest.mark.parametrize(
    ("value", "choices", "expected"),
    [
        ("support", ["supports", "contradicts", "mixed", "no-direction"], "supports"),
        ("RCT", ["meta-analysis", "rct", "cohort"], "rct"),
        ("bib", ["text", "json", "bibtex"], "bibtex"),
        ("markdown", ["text", "md", "html", "json"], "md"),
        ("contradict", ["supports", "contradicts"], "contradicts"),
        ("metaanalysis", ["meta-analysis", "rct"], "meta-analysis"),
        ("pdf", ["text", "json", "csv"], None),
    ],
)
def test_suggest_choice(value, choices, expected):
    assert suggest_choice(value, choices) == expected


def test_a_wrong_choice_is_one_line_naming_the_right_one(demo_db):
    code, _, err = run("evidence", "reduces-depression", "--db", demo_db, "--stance", "support")
    assert code == 2
    assert err == (
        "litwatch: error: invalid value for '--stance': 'support' is not one of supports, contradicts, "
        "mixed, no-direction; did you mean 'supports'?\n"
    )
    code, _, err = run("search", "ketamine", "--db", demo_db, "--design", "trial")
    assert (
        code == 2 and err.count("\n") == 1 and err.startswith("litwatch: error: invalid value for '--design'")
    )
    code, _, err = run("evidence", "--db", demo_db)
    assert (code, err) == (2, "litwatch: error: missing argument 'claim' (see `litwatch evidence --help`)\n")
    code, _, err = run("nosuch")
    assert (code, err) == (2, "litwatch: error: no such command 'nosuch' (see `litwatch --help`)\n")


def test_choices_are_case_insensitive(demo_db):
    code, out, _ = run(
        "evidence", "onset-within-hours", "--db", demo_db, "--design", "RCT", "--stance", "Supports",
        "--format", "JSON", "--limit", "2",
    )  # fmt: skip
    assert code == 0
    assert [(r["design"], r["stance"]) for r in json.loads(out)] == [("rct", "supports")] * 2


def test_against_lists_what_says_otherwise_counted_first(demo_db):
    code, out, _ = run("evidence", "side-effects-mild", "--db", demo_db, "--against", "--format", "json")
    rows = json.loads(out)
    assert code == 0 and rows
    assert {r["stance"] for r in rows} == {"contradicts", "mixed"}
    counted = [r["counted"] for r in rows]
    assert counted == sorted(counted, reverse=True) and counted[0]  # counted records come first
    _, every, _ = run("evidence", "side-effects-mild", "--db", demo_db, "--format", "json")
    assert rows == [r for r in json.loads(every) if r["stance"] in ("contradicts", "mixed")]
    code, _, err = run("evidence", "side-effects-mild", "--db", demo_db, "--against", "--stance", "mixed")
    assert (code, err) == (
        1,
        "litwatch: error: --against already means --stance contradicts or mixed: give one of them\n",
    )


def test_review_takes_one_decision_and_still_reads_the_old_flags(demo_db, tmp_path):
    import shutil

    db = str(tmp_path / "copy.db")
    shutil.copy(demo_db, db)
    code, out, _ = run("review", "39184713", "reduces-depression", "Reject", "--db", db, "--reviewer", "ann")
    assert (code, out) == (0, "39184713 / reduces-depression: rejected — rejected in review by ann\n")
    legacy = ["--accept", "39184713", "reduces-depression", "--stance", "mixed", "--reviewer", "bo"]
    code, out, _ = run("review", *legacy, "--db", db)
    assert (code, out) == (0, "39184713 / reduces-depression: accepted (mixed) — accepted in review by bo\n")


SHOW_TEXT_TAIL = """\
Keywords: alzheimer's disease; anti-inflammatory; dementia; early-onset dementia; intravenous; iv ketamine; \
neurology; treatment-resistant

Tagged as: case-report (evidence level 5), human, intravenous racemic ketamine
Claims (ketamine-depression) this record bears on, and why:
  reduces-depression: supports; not counted: evidence level 5 (case-report); only levels 1-3 count; \
rule: match:depression-efficacy; stance:benefit 'notable improvement' supports
    > Following treatment, there was a notable improvement in cognitive function, mood, and daily living \
activities.
"""


def test_show_gives_design_level_and_claim_tags_in_text_and_json(demo_db):
    code, out, _ = run("show", "39184713", "--db", demo_db)
    assert code == 0
    assert out.startswith(
        "Therapeutic Potential of Intravenous Ketamine in Early-Onset Dementia: A Case Report.\n"
        "Tadros M, Lavastida DRente, Hanna A.\n"
        "(no journal). 2024.\n"
        "PMID: 39184713  DOI: 10.7759/cureus.65261  https://pubmed.ncbi.nlm.nih.gov/39184713/\n\n"
        "Abstract\nThis case report discusses the use of intravenous (IV) ketamine"
    )
    assert out.endswith(SHOW_TEXT_TAIL)
    code, out, _ = run("show", "39184713", "--db", demo_db, "--json")
    assert code == 0
    data = json.loads(out)
    assert data["pmid"] == "39184713" and data["title"].startswith("Therapeutic Potential")
    assert data["tags"] == {
        "pmid": "39184713",
        "claim_set": "ketamine-depression",
        "tagged": True,
        "design": "case-report",
        "evidence_level": 5,
        "population": "human",
        "indication": None,
        "routes": ["intravenous"],
        "formulations": ["racemic"],
        "sample_size": None,
        "claims": [
            {
                "claim_id": "reduces-depression",
                "stance": "supports",
                "counted": False,
                "why_not_counted": "evidence level 5 (case-report); only levels 1-3 count",
                "rule": "match:depression-efficacy; stance:benefit 'notable improvement' supports",
                "source": "auto",
                "evidence": [
                    "Following treatment, there was a notable improvement in cognitive function, mood, "
                    "and daily living activities."
                ],
                "note": None,
                "unstated_mentions": [],
            }
        ],
    }


def test_show_of_an_untagged_record_says_so(tmp_path):
    db = str(tmp_path / "t.db")
    source = next(FIXTURES.rglob("*.xml"))
    assert run("ingest", str(source), "--db", db, "--no-tag")[0] == 0
    from litwatch.db.engine import open_database, session_scope
    from litwatch.db.models import Article

    with session_scope(open_database(db)) as session:
        pmid = session.query(Article.pmid).first()[0]
    code, out, _ = run("show", pmid, "--db", db)
    assert code == 0 and out.endswith(
        "\nNot tagged yet: run `litwatch tag` to see its design, evidence level and claims.\n"
    )
    code, out, _ = run("show", pmid, "--db", db, "--json")
    tags = json.loads(out)["tags"]
    assert (tags["tagged"], tags["design"], tags["claims"]) == (False, None, [])


def write_medline(path: Path, pmids: list[str]) -> None:
    records = [f"PMID- {p}\nTI  - Ketamine record {p}.\nAB  - An abstract.\nDP  - 2024 Jan\n" for p in pmids]
    path.write_text("\n".join(records), encoding="utf-8")


def test_many_file_ingest_prints_one_total_and_per_file_lines_only_when_asked(tmp_path):
    files = []
    for i in range(4):
        path = tmp_path / f"part{i}.nbib"
        write_medline(path, [str(90_000_000 + 10 * i + j) for j in range(2)])
        files.append(str(path))
    db = str(tmp_path / "many.db")
    code, out, _ = run("ingest", *files, "--db", db, "--no-tag")
    assert (code, out) == (0, "4 files: 8 new, 0 updated, 0 unchanged, 0 deleted, 0 skipped\n")
    code, out, _ = run("ingest", *files[:2], "--db", db, "--no-tag", "--verbose")
    assert code == 0 and out.splitlines() == [
        f"{files[0]}: 0 new, 0 updated, 2 unchanged, 0 deleted, 0 skipped",
        f"{files[1]}: 0 new, 0 updated, 2 unchanged, 0 deleted, 0 skipped",
        "2 files: 0 new, 0 updated, 4 unchanged, 0 deleted, 0 skipped",
    ]
    code, out, _ = run("ingest", files[0], "--db", db)
    assert code == 0 and out.splitlines() == [
        f"{files[0]}: 0 new, 0 updated, 2 unchanged, 0 deleted, 0 skipped",
        "tagged 8 records against claims 'ketamine-depression'",
    ]


def test_a_gz_file_and_a_plain_file_in_one_ingest(tmp_path):
    plain = tmp_path / "a.nbib"
    write_medline(plain, ["91000001"])
    packed = tmp_path / "b.nbib"
    write_medline(packed, ["91000002"])
    gz = tmp_path / "b.txt.gz"
    gz.write_bytes(gzip.compress(packed.read_bytes()))
    code, out, _ = run("ingest", str(plain), str(gz), "--db", str(tmp_path / "x.db"), "--no-tag")
    assert (code, out) == (0, "2 files: 2 new, 0 updated, 0 unchanged, 0 deleted, 0 skipped\n")


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ((1, "record"), "1 record"),
        ((2, "record"), "2 records"),
        ((0, "record"), "0 records"),
        ((0, "human record", None), "0 human records"),
        ((1, "try"), "1 try"),
        ((3, "try"), "3 tries"),
        ((1, "PMID"), "1 PMID"),
        ((12_345, "PMID"), "12,345 PMIDs"),
        ((2, "analysis", "analyses"), "2 analyses"),
    ],
)
def test_format_count(args, expected):
    assert format_count(*args) == expected


def test_format_count_zero_word():
    assert format_count(0, "human record", zero="no") == "no human records"
    assert format_count(1, "human record", zero="no") == "1 human record"


HEAVY = (
    *("alembic", "citeproc", "lxml", "rich.progress", "jinja2", "requests", "litwatch.pubmed.eutils"),
    "litwatch.claims.tagger",  # compiles about a thousand patterns: only tagging needs it
)


def imported_by(args: list[str]) -> list[str]:
    """Which heavy modules a command loads, run in a fresh interpreter as the console script is."""
    code = (
        "import sys\n"
        "from litwatch.cli import app\n"
        f"try:\n    app({args!r}, prog_name='litwatch')\n"
        "except SystemExit as exc:\n    assert not exc.code, exc.code\n"
        f"print('loaded:' + ','.join(m for m in {HEAVY!r} if m in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    last = done.stdout.splitlines()[-1]
    assert last.startswith("loaded:"), done.stdout[-500:]
    return [m for m in last.removeprefix("loaded:").split(",") if m]


def test_read_commands_load_only_what_they_use(demo_db):
    assert imported_by(["evidence", "onset-within-hours", "--db", demo_db, "--counted", "--limit", "3"]) == []
    assert imported_by(["changes", "--db", demo_db, "--list"]) == []
    assert imported_by(["--help"]) == []


def test_a_database_at_head_opens_without_alembic(demo_db):
    code = (
        "import sys\n"
        "from litwatch.db.engine import open_database\n"
        f"open_database({demo_db!r}, create=False)\n"
        "print('alembic' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"


def test_migration_revisions_read_from_files_match_alembic():
    from litwatch.db.engine import alembic_revisions, litwatch_revisions

    assert litwatch_revisions() == alembic_revisions()


def test_python_dash_m_runs_the_cli():
    done = subprocess.run(
        [sys.executable, "-m", "litwatch.cli", "--version"], capture_output=True, text=True, check=True
    )
    assert done.stdout.startswith("litwatch ")
