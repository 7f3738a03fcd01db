"""Benchmark the roster import against a plain csv + sqlite3 load of the same file.

Run ``python -m bench.roster_import [--rows N] [--json]``. The import goes into
a fresh SQLite database in a temporary data directory; the baseline reads the
same file with ``csv.reader`` and loads it into a bare table (same column
count, no indexes) with ``executemany`` in one transaction.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import resource
import sqlite3
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

HEADERS = [
    "Employee ID",
    "Name",
    "Work Email",
    "Supervisory Organization",
    "Manager ID",
    "Job Title",
    "Location",
    "Audience",
]
FIRST_NAMES = ["Ada", "Ben", "Chloé", "Dev", "Eva", "Femi", "Grace", "Hiro", "Ines", "Jon", "Kofi", "Lena", "Mo", "Nia"]
LAST_NAMES = ["Okafor", "Smith", "Müller", "Garcia", "Khan", "Nguyen", "Rossi", "Silva", "Kowalski", "Tanaka", "Ali"]
JOB_TITLES = ["Analyst", "Engineer", "Account Manager", "Designer", "Consultant", "Support Specialist", "Director"]
LOCATIONS = ["London", "Austin", "Bangalore", "Dublin", "Singapore", "São Paulo", "Frankfurt", "Sydney"]
AUDIENCES = ["Observer", "Practitioner", "practitioner", "Management", "Leadership", "IT", "observer", ""]
SPAN_OF_CONTROL = 8


def generate_roster(path: Path, rows: int, seed: int = 7) -> None:
    """Write a realistic *rows*-row roster CSV: unique ids and emails, 3-level units, a manager tree."""
    generator = random.Random(seed)
    divisions = [f"Division {d}" for d in range(6)]
    units = [f"{d} > Department {p} > Team {t}" for d in divisions for p in range(7) for t in range(8)]
    # Tree position k (0 = the chief executive) reports to (k - 1) // SPAN_OF_CONTROL. Employee ids are
    # shuffled over the tree, so about half the rows name a manager who appears later in the file.
    employee_number = list(range(1, rows + 1))
    generator.shuffle(employee_number)
    position_of = [0] * (rows + 1)
    for position, number in enumerate(employee_number):
        position_of[number] = position
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADERS)
        for number in range(1, rows + 1):
            position = position_of[number]
            manager = "" if position == 0 else f"E{employee_number[(position - 1) // SPAN_OF_CONTROL]:07d}"
            first = FIRST_NAMES[number % len(FIRST_NAMES)]
            last = LAST_NAMES[(number // 7) % len(LAST_NAMES)]
            writer.writerow(
                [
                    f"E{number:07d}",
                    f"{first} {last}",
                    f"{first}.{last}.{number}@example.com".lower(),
                    units[(position // 40) % len(units)],
                    manager,
                    JOB_TITLES[generator.randrange(len(JOB_TITLES))],
                    LOCATIONS[generator.randrange(len(LOCATIONS))],
                    AUDIENCES[generator.randrange(len(AUDIENCES))],
                ]
            )


def baseline_load(path: Path, database: Path) -> float:
    """Return the seconds taken to read *path* with csv.reader and load it into a bare sqlite3 table."""
    started = time.perf_counter()
    connection = sqlite3.connect(database, isolation_level=None)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=NORMAL")
    columns = ", ".join(f"c{index} TEXT" for index in range(len(HEADERS)))
    connection.execute(f"CREATE TABLE roster ({columns})")
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        next(reader)
        connection.execute("BEGIN")
        placeholders = ", ".join("?" * len(HEADERS))
        connection.executemany(f"INSERT INTO roster VALUES ({placeholders})", reader)
        connection.execute("COMMIT")
    connection.close()
    return time.perf_counter() - started


def configure_django(data_dir: Path) -> None:
    """Point Django at a fresh SQLite database in *data_dir* and create the tables."""
    data_dir.mkdir(parents=True, exist_ok=True)
    os.environ["SOCIALU_DATA_DIR"] = str(data_dir)
    os.environ["SOCIALU_ALLOW_DEVELOPMENT_KEY"] = "1"
    os.environ["DJANGO_SETTINGS_MODULE"] = "socialu.config.settings"
    os.environ.pop("DATABASE_URL", None)
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0, interactive=False)


def peak_rss_mb() -> float:
    """Return the process's peak resident set size in MB."""
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak_kb / 1024 if sys.platform != "darwin" else peak_kb / (1024 * 1024)


class ChildMemory(threading.Thread):
    """Follow the peak resident memory (VmHWM) of this process's children, such as the import's reading process.

    getrusage(RUSAGE_CHILDREN) cannot be used: a child started by fork and exec
    inherits its parent's high-water mark, so it would report this process's
    peak. VmHWM is reset by exec and only grows, so sampling it every few
    milliseconds loses at most the last moments of a child (Linux only; 0 elsewhere).
    """

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.peak_kb = 0
        self.finished = threading.Event()
        self.children = Path(f"/proc/{os.getpid()}/task/{os.getpid()}/children")

    def run(self) -> None:
        while not self.finished.wait(0.01):
            try:
                pids = self.children.read_text().split()
            except OSError:
                return
            for pid in pids:
                try:
                    status = Path(f"/proc/{pid}/status").read_text()
                except OSError:
                    continue
                for line in status.splitlines():
                    if line.startswith("VmHWM:"):
                        self.peak_kb = max(self.peak_kb, int(line.split()[1]))

    def peak_mb(self) -> float:
        """Stop following and return the largest peak seen, in MB."""
        self.finished.set()
        self.join()
        return self.peak_kb / 1024


def run(rows: int) -> dict[str, Any]:
    """Generate the roster, time both loads and the re-import; return the figures."""
    with tempfile.TemporaryDirectory(prefix="socialu-bench-") as temporary:
        directory = Path(temporary)
        roster = directory / "roster.csv"
        generate_roster(roster, rows)
        configure_django(directory / "data")
        from socialu.core.models import Organisation
        from socialu.people.roster import roster_import

        organisation = Organisation.objects.create(slug="bench", name="Bench Ltd")
        child_memory = ChildMemory()
        child_memory.start()
        started = time.perf_counter()
        first = roster_import(organisation=organisation, path=roster)
        ours = time.perf_counter() - started
        if not first.applied:
            raise SystemExit(f"The import rejected rows: {first.errors[:5]}")
        baseline = baseline_load(roster, directory / "baseline.sqlite3")
        started = time.perf_counter()
        second = roster_import(organisation=organisation, path=roster)
        reimport = time.perf_counter() - started
        if second.unchanged != rows:
            raise SystemExit(f"The re-import changed rows: {second.to_dict()}")
        reader_peak = child_memory.peak_mb()
        return {
            "rows": rows,
            "ours_s": round(ours, 3),
            "baseline_s": round(baseline, 3),
            "ratio": round(ours / baseline, 3),
            "reimport_s": round(reimport, 3),
            "reimport_ratio": round(reimport / baseline, 3),
            "rows_per_s": round(rows / ours),
            # A large CSV file is read by a second process: its peak counts too. The two peaks need
            # not coincide, so their sum is an upper bound on the memory used at any moment.
            "peak_rss_mb": round(peak_rss_mb() + reader_peak, 1),
            "peak_rss_main_mb": round(peak_rss_mb(), 1),
            "peak_rss_reader_mb": round(reader_peak, 1),
            "file_mb": round(roster.stat().st_size / 1024 / 1024, 1),
        }


def main() -> None:
    """Parse the arguments, run the benchmark and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    arguments = parser.parse_args()
    figures = run(arguments.rows)
    if arguments.json:
        print(json.dumps(figures))
        return
    print(f"rows                {figures['rows']:>12,}   ({figures['file_mb']} MB CSV)")
    print(f"first import        {figures['ours_s']:>12.2f} s   ({figures['rows_per_s']:,} rows/s)")
    print(f"baseline            {figures['baseline_s']:>12.2f} s   (csv.reader + sqlite3 executemany, no indexes)")
    print(f"ratio               {figures['ratio']:>12.2f}     (target <= 2.0)")
    print(f"re-import           {figures['reimport_s']:>12.2f} s")
    print(f"re-import ratio     {figures['reimport_ratio']:>12.2f}     (target <= 1.5)")
    print(
        f"peak RSS            {figures['peak_rss_mb']:>12.1f} MB  (target <= 400; sum of the peaks of the main "
        f"process, {figures['peak_rss_main_mb']:.1f}, and of the reading process, {figures['peak_rss_reader_mb']:.1f})"
    )


if __name__ == "__main__":
    main()
