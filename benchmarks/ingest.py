"""Ingest benchmark: litwatch against a bare lxml pass (the floor) and a naive hand-written script.

Builds a PubMed XML file of N records from the real records in shared/data (each copy gets a new
PMID, the record bytes are otherwise unchanged), then runs each stage in its own subprocess, which
reports its wall time, CPU time (its own process only) and peak RSS (its own plus its children's):

  floor     lxml iterparse over the records, clear() + drop read siblings, nothing else
  parse     litwatch's streaming parser only (iter_records_in_file), no database
  ingest    litwatch's ingest_file into a fresh SQLite file (parser + store, per-batch commits)
  cli       `litwatch ingest FILE --db NEW.db --no-tag` end to end: the storage pipeline
  cli+tag   `litwatch ingest FILE --db NEW.db` with the automatic tagging afterwards (tagging speed
            has its own benchmark, benchmarks/tagging.py; shown for the whole picture)
  naive     Bio.Entrez.read of the whole file, then row-by-row SQLAlchemy ORM inserts
            (session.add per row, one commit) into the same schema: what one writes by hand

`ingest` also runs on 10,000 and 25,000 record prefixes of the file to check that peak RSS is
flat as the input grows. `--profile` adds cProfile runs of `ingest` and `cli` and prints where time goes.

Usage: python benchmarks/ingest.py [--records 50000] [--data ../shared/data] [--profile] [--keep]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DATA = REPO.parent / "shared" / "data"
SOURCES = ("pubmed_xml/samples/*.xml", "pubmed_xml/ketamine/*.xml", "eutils/metapub_pmid_xml/*.xml")
HEADER = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<!DOCTYPE PubmedArticleSet PUBLIC "-//NLM//DTD PubMedArticle, 1st January 2025//EN" '
    '"https://dtd.nlm.nih.gov/ncbi/pubmed/out/pubmed_250101.dtd">\n<PubmedArticleSet>\n'
)
FOOTER = "</PubmedArticleSet>\n"
PLACEHOLDER = "@@PMID@@"
FIRST_PMID = 90_000_001
RECORD_TAGS = ("PubmedArticle", "PubmedBookArticle")
TARGETS = {"rate": 2000.0, "floor_ratio": 3.0, "naive_speedup": 5.0, "rss_mb": 250.0, "rss_growth": 1.15}


# --- building the input ---------------------------------------------------------------------


def find_sources(data: Path) -> list[Path]:
    return sorted(p for pattern in SOURCES for p in data.glob(pattern))


def load_templates(files: list[Path]) -> list[str]:
    """Each distinct real record once, serialised with its PMID (citation + pubmed id) as a placeholder."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    seen: set[str] = set()
    templates = []
    for path in files:
        for el in etree.parse(str(path), parser).getroot():
            if el.tag not in RECORD_TAGS:
                continue
            pmid_el = (
                el.find("MedlineCitation/PMID") if el.tag == "PubmedArticle" else el.find("BookDocument/PMID")
            )
            if pmid_el is None or pmid_el.text in seen:
                continue
            seen.add(pmid_el.text)
            pmid_el.text = PLACEHOLDER
            for aid in el.iterfind("*/ArticleIdList/ArticleId[@IdType='pubmed']"):
                aid.text = PLACEHOLDER
            el.tail = "\n"
            templates.append(etree.tostring(el, encoding="unicode"))
    return templates


def build_file(path: Path, templates: list[str], records: int) -> int:
    """Write `records` records cycling through the templates, PMIDs FIRST_PMID, FIRST_PMID+1, ..."""
    with path.open("w", encoding="utf-8") as fh:
        fh.write(HEADER)
        for i in range(records):
            fh.write(templates[i % len(templates)].replace(PLACEHOLDER, str(FIRST_PMID + i)))
        fh.write(FOOTER)
    return path.stat().st_size


# --- stages (each runs in a child process) --------------------------------------------------


def stage_floor(xml: Path, db: Path) -> int:
    from lxml import etree

    count = 0
    context = etree.iterparse(
        str(xml), events=("end",), tag=RECORD_TAGS, resolve_entities=False, no_network=True, load_dtd=False
    )
    for _, el in context:
        count += 1
        el.clear(keep_tail=True)
        parent = el.getparent()
        while el.getprevious() is not None:
            del parent[0]
    return count


def stage_parse(xml: Path, db: Path) -> int:
    from litwatch.pubmed.files import iter_records_in_file
    from litwatch.record import Record

    return sum(1 for item in iter_records_in_file(xml) if isinstance(item, Record))


def stage_ingest(xml: Path, db: Path) -> int:
    from litwatch.db.engine import open_database
    from litwatch.services.ingest import ingest_file

    summary = ingest_file(xml, engine=open_database(db))
    return summary.records


def stage_naive(xml: Path, db: Path) -> int:
    """What a user writes by hand: Entrez.read the whole file, then ORM objects row by row."""
    from datetime import datetime

    from Bio import Entrez
    from sqlalchemy.orm import Session

    from litwatch.db import models as m
    from litwatch.db.engine import open_database

    with xml.open("rb") as fh:
        data = Entrez.read(fh)
    engine = open_database(db)
    now = datetime.now()
    count = 0
    with Session(engine) as session:
        for art in data["PubmedArticle"]:
            mc = art["MedlineCitation"]
            a = mc["Article"]
            pmid = str(mc["PMID"])
            sections = a.get("Abstract", {}).get("AbstractText", [])
            year = a["Journal"]["JournalIssue"]["PubDate"].get("Year")
            doi = next(
                (str(i) for i in art["PubmedData"]["ArticleIdList"] if i.attributes["IdType"] == "doi"), None
            )
            session.add(
                m.Article(
                    pmid=pmid, version=1, kind="article", title=str(a["ArticleTitle"]),
                    abstract=" ".join(str(s) for s in sections), year=int(year) if year else None,
                    journal=str(a["Journal"].get("Title", "")), doi=doi, content_hash="",
                    record_json=json.dumps(art), created_at=now, updated_at=now,
                )
            )  # fmt: skip
            count += 1
        session.commit()
    return count


def stage_cli(xml: Path, db: Path, *options: str) -> int:
    """The real `litwatch ingest` command (Typer app, in this process)."""
    from litwatch.cli import app

    app(["ingest", str(xml), "--db", str(db), *options], standalone_mode=False)
    from litwatch.db.engine import open_database
    from litwatch.services.browse import read_status

    return read_status(engine=open_database(db, create=False)).records


STAGES = {
    "floor": stage_floor,
    "parse": stage_parse,
    "ingest": stage_ingest,
    "cli": lambda xml, db: stage_cli(xml, db, "--no-tag"),
    "cli+tag": stage_cli,
    "naive": stage_naive,
}


def peak_rss_mb() -> float:
    """Peak RSS of this stage: its own VmHWM plus the largest child it waited for (ingest parses in
    a child process). VmHWM, unlike wait4's ru_maxrss, does not carry the parent's peak across
    fork + exec, so a stage measures only itself; the sum is an upper bound of the joint peak."""
    import resource

    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                own = int(line.split()[1]) / 1024
    except OSError:
        pass
    return own + resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def run_child_stage(name: str, xml: Path, db: Path, profile: Path | None) -> None:
    """Child side: run one stage, print {"records", "seconds", "cpu", "rss_mb"} as JSON on stdout."""
    func = STAGES[name]
    start, cpu_start = time.perf_counter(), time.process_time()
    if profile is not None:
        import cProfile

        profiler = cProfile.Profile()
        records = profiler.runcall(func, xml, db)
        profiler.dump_stats(str(profile))
    else:
        records = func(xml, db)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu_start
    sys.stdout.flush()
    print("\n" + json.dumps({"records": records, "seconds": seconds, "cpu": cpu, "rss_mb": peak_rss_mb()}))


# --- parent side ------------------------------------------------------------------------------


@dataclass
class Result:
    label: str
    records: int
    seconds: float
    rss_mb: float
    error: str | None = None
    cpu: float = 0.0

    @property
    def rate(self) -> float:
        return self.records / self.seconds if self.seconds and not self.error else 0.0


def _wait(proc: subprocess.Popen) -> tuple[int, float, str, str]:
    """Read all output, then reap the child with wait4 (its ru_maxrss is only a fallback)."""
    out, err = proc.stdout.read(), proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    return proc.returncode, usage.ru_maxrss / 1024, out, err


def run_stage(label: str, name: str, xml: Path, db: Path, profile: Path | None = None) -> Result:
    cmd = [sys.executable, str(Path(__file__).resolve()), "--stage", name, "--xml", str(xml), "--db", str(db)]
    if profile is not None:
        cmd += ["--profile-out", str(profile)]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    code, rss, out, err = _wait(proc)
    if code != 0:
        return Result(label, 0, 0.0, rss, error=(err.strip().splitlines() or [f"exit {code}"])[-1])
    data = json.loads(out.strip().splitlines()[-1])
    return Result(label, data["records"], data["seconds"], data.get("rss_mb", rss), cpu=data.get("cpu", 0.0))


def print_table(results: list[Result], floor: Result, naive: Result | None) -> None:
    head = f"{'records':>8}{'wall s':>8}{'cpu s':>8}{'rec/s':>7}{'x floor':>8}{'vs naive':>9}{'peak RSS':>10}"
    print(f"\n{'stage':<38}{head}")
    for r in results:
        if r.error:
            print(f"{r.label:<38}  failed: {r.error}")
            continue
        ratio = floor.rate / r.rate if r.rate else float("nan")
        speed = f"{r.rate / naive.rate:.1f}x" if naive and naive.rate else "-"
        numbers = f"{r.records:>8}{r.seconds:>8.1f}{r.cpu:>8.1f}{r.rate:>7.0f}{ratio:>7.1f}x{speed:>9}"
        numbers += f"{r.rss_mb:>7.0f} MB"
        print(f"{r.label:<38}{numbers}")


def print_profile(path: Path, label: str) -> None:
    """Where the time goes: litwatch functions and SQLite calls by cumulative time, then own time."""
    import pstats

    stats = pstats.Stats(str(path))
    total = stats.total_tt
    print(f"\nprofile of `{label}` ({total:.1f} s under cProfile, which inflates Python-heavy code):")
    print("  cumulative time, litwatch functions and SQLite calls taking >= 2%:")
    rows = sorted(stats.stats.items(), key=lambda kv: -kv[1][3])
    for (file, line, func), (_cc, calls, _tt, cumulative, _callers) in rows:
        ours = "/litwatch/" in file and "site-packages" not in file
        sqlite = file == "~" and "sqlite3" in func
        if (ours or sqlite) and cumulative >= 0.02 * total:
            where = f"{file.split('/litwatch/')[-1]}:{line}" if ours else "sqlite3"
            print(f"  {cumulative:8.1f} s {cumulative / total:5.0%}  {func:<32} calls {calls:<9} {where}")
    print("\n  top 12 functions by own time:")
    stats.sort_stats("tottime").print_stats(12)


def check_targets(
    ingest: Result, cli: Result, floor: Result, naive: Result | None, rss: dict[int, float]
) -> None:
    best = cli if cli.rate and not cli.error else ingest
    print("\ntargets:")
    checks = [
        (
            f"end to end >= {TARGETS['rate']:.0f} records/s",
            best.rate >= TARGETS["rate"],
            f"{best.rate:.0f}/s",
        ),
        (
            f"within {TARGETS['floor_ratio']:.0f}x of the bare lxml pass",
            ingest.rate and floor.rate / ingest.rate <= TARGETS["floor_ratio"],
            f"{floor.rate / ingest.rate:.1f}x" if ingest.rate else "-",
        ),
        (
            f">= {TARGETS['naive_speedup']:.0f}x the naive baseline",
            bool(naive and naive.rate and ingest.rate / naive.rate >= TARGETS["naive_speedup"]),
            f"{ingest.rate / naive.rate:.1f}x" if naive and naive.rate else "not measured",
        ),
        (
            f"peak RSS <= {TARGETS['rss_mb']:.0f} MB",
            max(rss.values()) <= TARGETS["rss_mb"],
            f"{max(rss.values()):.0f} MB",
        ),
        (
            "peak RSS flat as the file grows (spread <= 15% or 20 MB)",
            max(rss.values()) - min(rss.values())
            <= max(20.0, min(rss.values()) * (TARGETS["rss_growth"] - 1)),
            ", ".join(f"{n // 1000}k: {mb:.0f} MB" for n, mb in sorted(rss.items())),
        ),
    ]
    for text, ok, value in checks:
        print(f"  [{'ok' if ok else 'MISS'}] {text}: {value}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--records", type=int, default=50_000, help="records in the main file (default 50000)")
    ap.add_argument(
        "--data", type=Path, default=DEFAULT_DATA, help=f"shared data folder (default {DEFAULT_DATA})"
    )
    ap.add_argument("--workdir", type=Path, help="where to write the XML and databases (default: a temp dir)")
    ap.add_argument("--keep", action="store_true", help="keep the work folder")
    ap.add_argument("--skip-naive", action="store_true", help="skip the slow, memory-hungry naive baseline")
    ap.add_argument("--skip-cli", action="store_true", help="skip the CLI subprocess run")
    ap.add_argument("--profile", action="store_true", help="also profile `ingest` and `cli` with cProfile")
    ap.add_argument("--stage", choices=sorted(STAGES), help=argparse.SUPPRESS)
    ap.add_argument("--xml", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--db", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--profile-out", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.stage:
        run_child_stage(args.stage, args.xml, args.db, args.profile_out)
        return 0

    sources = find_sources(args.data) if args.data.is_dir() else []
    if not sources:
        print(
            f"benchmark data missing: no PubMed XML under {args.data} ({', '.join(SOURCES)}); "
            "pass --data DIR pointing at shared/data",
            file=sys.stderr,
        )
        return 2
    work = args.workdir or Path(tempfile.mkdtemp(prefix="litwatch-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        templates = load_templates(sources)
        sizes = sorted({n for n in (10_000, 25_000, args.records) if n <= args.records})
        files = {}
        for n in sizes:
            files[n] = work / f"pubmed_{n}.xml"
            mb = build_file(files[n], templates, n) / 1e6
            print(f"built {files[n]}: {n} records from {len(templates)} distinct real ones, {mb:.0f} MB")
        main_xml = files[args.records]
        load_start = os.getloadavg()[0]
        floor = run_stage("lxml iterparse + clear (floor)", "floor", main_xml, work / "unused.db")
        parse = run_stage("litwatch parse only", "parse", main_xml, work / "unused.db")
        ingest = run_stage("litwatch ingest_file (library)", "ingest", main_xml, work / "ingest.db")
        results = [floor, parse, ingest]
        cli = Result("litwatch ingest (CLI)", 0, 0.0, 0.0, error="skipped")
        if not args.skip_cli:
            cli = run_stage("litwatch ingest CLI --no-tag", "cli", main_xml, work / "cli.db")
            tagged = run_stage("litwatch ingest CLI + tagging", "cli+tag", main_xml, work / "cli-tag.db")
            results += [cli, tagged]
        naive = None
        if not args.skip_naive:
            naive = run_stage("naive: Entrez.read + ORM row by row", "naive", main_xml, work / "naive.db")
            results.append(naive)
        rss = {args.records: ingest.rss_mb}
        for n in sizes:
            if n != args.records:
                small = run_stage(
                    f"litwatch ingest_file, {n} records", "ingest", files[n], work / f"ingest_{n}.db"
                )
                results.append(small)
                rss[n] = small.rss_mb
        print_table(results, floor, naive if naive and not naive.error else None)
        load_end = os.getloadavg()[0]
        print(
            f"\nmachine: {os.cpu_count()} CPUs, 1-min load {load_start:.1f} at start, {load_end:.1f} at end"
            " (ingest parses in a second process: on a busy machine wall times are pessimistic; "
            "cpu s counts the stage's own process only)"
        )
        check_targets(ingest, cli, floor, naive if naive and not naive.error else None, rss)
        if args.profile:
            for stage in ("ingest", *(() if args.skip_cli else ("cli",))):
                prof = work / f"{stage}.prof"
                run_stage(f"{stage} (profiled)", stage, main_xml, work / f"profiled_{stage}.db", profile=prof)
                print_profile(prof, stage)
    finally:
        if args.keep or args.workdir:
            print(f"\nwork files kept in {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
