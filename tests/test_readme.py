"""The README documents every command, and CI runs exactly the README's test command."""

from __future__ import annotations

import re
from pathlib import Path

import typer.main

from litwatch.cli import app

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def list_command_paths() -> list[str]:
    """Every leaf command as typed, e.g. 'ingest', 'query add'."""
    group = typer.main.get_command(app)
    paths: list[str] = []

    def walk(cmd, prefix: str) -> None:
        subs = getattr(cmd, "commands", None)
        if subs:
            for name, sub in subs.items():
                walk(sub, f"{prefix} {name}".strip())
        else:
            paths.append(prefix)

    walk(group, "")
    return sorted(paths)


def test_every_command_has_a_readme_section_and_an_example():
    commands = list_command_paths()
    assert {"ingest", "demo", "status", "show", "search", "export"} <= set(commands)
    group = typer.main.get_command(app)
    for path in commands:
        assert f"litwatch {path}" in README, f"README lacks `litwatch {path}`"
        cmd = group
        for part in path.split():
            cmd = cmd.commands[part]
        assert re.search(r"Example: litwatch " + re.escape(path), cmd.help or ""), f"{path}: no example"


def test_ci_runs_the_readme_test_command():
    blocks = re.findall(r"```bash\n(.*?)\n```", README, flags=re.S)
    test_command = next(b for b in blocks if "pytest" in b)
    assert test_command in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert any("litwatch demo" in b for b in blocks)


def test_readme_tables_match_the_code():
    import sys

    sys.path.insert(0, str(ROOT))
    from litwatch.claims.verdict import verdict_rules_markdown
    from tools.readme_tables import evidence_levels_markdown

    assert evidence_levels_markdown() in README
    assert verdict_rules_markdown().strip() in README


def test_readme_claims_file_example_loads(tmp_path):
    from litwatch.claims import load_claims

    block = re.search(r"```toml\n(.*?)\n```", README, flags=re.S).group(1)
    path = tmp_path / "my-leaflet.toml"
    path.write_text(block, encoding="utf-8")
    claims = load_claims(path)
    assert (claims.name, [c.id for c in claims.claims]) == ("my-leaflet", ["works-within-a-day"])


def test_readme_worked_example_runs_the_writers_task_in_four_commands(tmp_path, monkeypatch):
    """The writer's task (check the onset sentence, pick 3 counted studies, take them away as
    Vancouver references and as RIS) is the README's worked example, run here command by command."""
    import shlex

    from typer.testing import CliRunner

    section = README[README.index("## Worked example") :]
    block = re.search(r"```bash\n(.*?)\n```", section, flags=re.S).group(1)
    commands = [shlex.split(line) for line in block.splitlines() if line.strip()]
    assert len(commands) <= 4 and all(c[0] == "litwatch" for c in commands)
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("LITWATCH_DB", raising=False)
    runner = CliRunner()
    outputs = []
    for command in commands:
        result = runner.invoke(app, command[1:], catch_exceptions=False)
        assert result.exit_code == 0, (command, result.output)
        outputs.append(result.stdout)
    demo, text, citations, _ris = outputs
    assert "report written to litwatch-report.html" in demo
    # the onset sentence: the claim, the article's words and the verdict come first
    assert text.startswith("onset-within-hours: Ketamine reduces depressive symptoms within about 2 hours")
    assert "\nVerdict: " in text and "showing 3, counted first" in text
    assert text.count("; COUNTED") == 3
    shown = re.findall(r"^(\d+)  \d{4}  level", text, flags=re.M)
    assert len(shown) == 3
    refs = citations.strip().splitlines()
    assert [r.split(". ", 1)[0] for r in refs] == ["1", "2", "3"]
    assert all(f"PubMed PMID: {pmid}." in ref for pmid, ref in zip(shown, refs, strict=True))
    ris = (tmp_path / "onset.ris").read_text(encoding="utf-8")
    assert ris.count("TY  - JOUR") == 3 and ris.count("ER  - ") == 3
    assert all(f"UR  - https://pubmed.ncbi.nlm.nih.gov/{pmid}/" in ris for pmid in shown)
