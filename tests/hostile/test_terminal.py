"""Escape sequences in untrusted text never reach the terminal (issue 8, item 12): clipboard writes
(OSC 52), hyperlinks (OSC 8), screen clears, C1 controls and bidi overrides are stripped from
everything the CLI prints; the stored record and files written with -o keep the data as it is."""

# SQLite only: terminal output is under test; the database is incidental.

from __future__ import annotations

import io
import json
import re

import pytest

from hostile.conftest import PLAIN_RECORD, make_db, run_cli
from litwatch.terminal import escape_json_controls, strip_controls, terminal_safe

E = "\x1b"
CLIPBOARD = f"{E}]52;c;ZWNobyBwd25lZA=={E}\\"  # OSC 52: put "echo pwned" on the clipboard
HYPERLINK = f"{E}]8;;http://evil.example/{E}\\click{E}]8;;{E}\\"  # OSC 8 hyperlink
CLEAR = f"{E}[2J{E}[H"  # clear the screen, cursor home
TITLE = f"{E}]0;pwned\x07"  # set the window title
HOSTILE_RECORD = f"""\
PMID- 99000012
TI  - Ketamine {CLIPBOARD}for depression {CLEAR}{HYPERLINK} trial\x07.
AB  - A single infusion of ketamine 0.5 mg/kg rapidly reduced depression{E}[8m scores\x9b2J in
      patients with treatment-resistant depression within 24 hours\u202e.
JT  - Journal of {TITLE}Hostile Psychiatry
DP  - 2024 Jan
PT  - Randomized Controlled Trial
OT  - [link=http://markup.example/]markup[/link]
FAU - Evil, Eve{E}c
AU  - Evil E{E}c
"""
# Anything a terminal would act on: C0 but newline, DEL, C1, bidi embedding/override/isolate.
UNSAFE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


@pytest.fixture(scope="module")
def hostile_db(tmp_path_factory):
    folder = tmp_path_factory.mktemp("terminal")
    return make_db(folder, HOSTILE_RECORD + "\n" + PLAIN_RECORD, name=f"evil{E}]0;x\x07.nbib")


@pytest.mark.parametrize(
    ("command", "visible"),
    [
        (["show", "99000012"], ["Ketamine for depression click trial.", "Journal of Hostile Psychiatry."]),
        (["search", "ketamine"], ["for depression"]),
        (["evidence", "dose-0-5-mg-kg"], ["reduced depression scores in patients"]),
        (["status"], ["ingest", "evil"]),
        (["claims"], ["dose-0-5-mg-kg"]),
    ],
)
def test_no_control_sequence_reaches_the_terminal(hostile_db, command, visible):
    result = run_cli(*command, "--db", hostile_db)
    assert result.exit_code == 0, result.output
    printed = result.stdout
    assert not UNSAFE.search(printed), repr(UNSAFE.search(printed))
    assert "evil.example" not in printed  # the OSC 8 target is gone, not just its ESC
    assert "52;c" not in printed and "pwned" not in printed
    flat = " ".join(printed.split())
    for text in visible:
        assert text in flat


def test_markup_in_data_is_printed_as_text_not_a_hyperlink(hostile_db):
    result = run_cli("show", "99000012", "--db", hostile_db)
    assert "Keywords: [link=http://markup.example/]markup[/link]" in result.stdout


def test_show_json_keeps_the_data_but_escapes_every_control(hostile_db):
    result = run_cli("show", "99000012", "--json", "--db", hostile_db)
    assert result.exit_code == 0
    assert not UNSAFE.search(result.stdout.replace("\n", ""))
    record = json.loads(result.stdout)
    assert record["title"] == f"Ketamine {CLIPBOARD}for depression {CLEAR}{HYPERLINK} trial\x07."
    assert "\x9b2J" in record["sections"][0]["text"] and "\u202e" in record["sections"][0]["text"]


def test_export_to_a_pipe_keeps_the_data(hostile_db):
    result = run_cli("export", "--format", "ris", "--db", hostile_db)
    assert f"TI  - Ketamine {CLIPBOARD}for depression" in result.stdout  # not a terminal: data as stored


def test_files_written_with_o_keep_the_data(hostile_db, tmp_path):
    out = tmp_path / "records.jsonl"
    assert run_cli("export", "-o", out, "--db", hostile_db).exit_code == 0
    titles = {json.loads(line)["pmid"]: json.loads(line)["title"] for line in out.read_text().splitlines()}
    assert titles["99000012"] == f"Ketamine {CLIPBOARD}for depression {CLEAR}{HYPERLINK} trial\x07."


def test_hostile_claims_file_text_is_cleaned_too(build_db, tmp_path):
    hostile_db = build_db(HOSTILE_RECORD)  # its own: tagging against another claims file writes
    claims = tmp_path / "evil.toml"
    claims.write_text(
        'name = "evil"\ntitle = "Evil \\u001b[2J article"\nsource = "x"\n'
        "[terms]\nketamine = ['\\bketamine\\b']\n"
        '[[claims]]\nid = "works"\nstatement = "Ketamine works \\u001b]52;c;cHduZWQ=\\u0007 fast."\n'
        'article_quote = "It works."\nrequires = ["ketamine"]\n'
        '  [[claims.match]]\n  name = "any"\n  all = ["ketamine"]\n',
        encoding="utf-8",
    )
    assert run_cli("tag", "--claims", claims, "--db", hostile_db).exit_code == 0
    for command in (["claims"], ["evidence", "works"]):
        result = run_cli(*command, "--claims", claims, "--db", hostile_db)
        assert result.exit_code == 0, result.output
        assert not UNSAFE.search(result.stdout) and "cHduZWQ" not in result.stdout
    assert "works: Ketamine works  fast." in run_cli("claims", "--claims", claims, "--db", hostile_db).stdout


def test_errors_on_stderr_are_cleaned(tmp_path):
    result = run_cli("ingest", tmp_path / f"missing{CLEAR}.xml", "--db", tmp_path / "x.db")
    assert result.exit_code != 0 and not UNSAFE.search(result.stderr)


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        (f"a{CLIPBOARD}b", "ab"),
        (f"a{HYPERLINK}b", "aclickb"),
        (f"a{CLEAR}b", "ab"),
        (f"a{TITLE}b", "ab"),
        ("a\x9b31mb\x9d0;t\x9cc", "abc"),  # 8-bit CSI and OSC
        (f"a{E}cb{E}", "ab"),  # RIS reset, lone ESC
        ("a\tb\r\nc\x00d\x7fe", "a b\ncde"),  # tab -> space, newline kept
        ("left \u202eright\u2066 x\u2069", "left right x"),
        (f"a{E}]0;never terminated\nnext line", "a\nnext line"),  # an open OSC ends at the line
        (
            "plain text: ketamine 0.5 mg/kg, ±2 h, β-arrestin",
            "plain text: ketamine 0.5 mg/kg, ±2 h, β-arrestin",
        ),
    ],
)
def test_strip_controls(raw, clean):
    assert strip_controls(raw) == clean


def test_escape_json_controls_is_lossless():
    text = json.dumps({"t": "a\x9bb\u202ec\x7f\u2028"}, ensure_ascii=False)
    escaped = escape_json_controls(text)
    assert not UNSAFE.search(escaped) and json.loads(escaped) == {"t": "a\x9bb\u202ec\x7f\u2028"}


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_raw_output_is_cleaned_only_when_stdout_is_a_terminal():
    tty, pipe = FakeTerminal(), io.StringIO()
    terminal_safe(tty).write(f"TI  - a{CLEAR}b\r\n")
    terminal_safe(pipe).write(f"TI  - a{CLEAR}b\r\n")
    assert tty.getvalue() == "TI  - ab\n"
    assert pipe.getvalue() == f"TI  - a{CLEAR}b\r\n"
