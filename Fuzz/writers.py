#!/usr/bin/python3
"""Property check of podtrail's writers against hostile strings (issue 25).

Each round takes Tests/PodtrailKitTests/Fixtures/timeline-cart.ndjson (a crash-looping,
OOM-killed pod with its events) plus an evicted pod, puts random hostile strings in its
namespace, pod, node, workload and container names, reasons and messages, ingests it with the
built `podtrail`, and checks what every writer makes of it:

- terminal text (timeline text, query table, stats, every stderr): no C0 but LF, no DEL, no
  C1, no bidi control;
- CSV (report CSVs, timeline CSV, query CSV): Python's csv module reads every file as a
  rectangle, and each text field equals the value in the database (the report CSVs: the
  analysis view's; the timeline: the event's reason and message; the query: the row), with
  the documented `'` before a formula (`=`, `+`, `-`, `@`, tab, CR, or fullwidth) added;
- Markdown (report.md, timeline md, query md), rendered by markdown-it-py (CommonMark with
  GFM tables): no element but those podtrail writes, every table row with its header's
  cell count, the timeline table with one row per CSV record, each Mermaid block made of
  lines of the shapes podtrail writes, and no control character in the source.

Usage: writers.py PODTRAIL SECONDS [SEED]. Exits 1 on the first failure, leaving the round's
folder (archive, database, outputs) in .build-fuzz/writers-failure for a regression test.
"""

import csv
import html.parser
import io
import json
import os
import random
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time

from markdown_it import MarkdownIt

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIXTURE = os.path.join(ROOT, "Tests/PodtrailKitTests/Fixtures/timeline-cart.ndjson")
FAILURE = os.path.join(ROOT, ".build-fuzz/writers-failure")

# The pieces hostile strings are made of.
PIECES = [
    "\x1b]0;owned\x07", "\x1b[2J", "\x1b[31m", "\x9b31m", "\x90", "\x85", "\x7f", "\x00", "\x08", "\x0b", "\x0c",
    "\r", "\n", "\r\n", "\t", "\u202e", "\u202a", "\u2066", "\u2069", "\u200e", "\u200f", "\u061c", "\u2028",
    "`", "``", "```", "~~~", "|", "\\", "\\|", "<", ">", "&", "&amp;", "&#60;", "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>", "<!--", "-->", "<br>", "*", "_", "[x](javascript:alert(1))", "#", ";", ":", ",",
    "\"", "'", "=", "+", "-", "@", "\uff1d", "\uff0b", "\uff0d", "\uff20", "=HYPERLINK(\"http://x\")", "\u0301", "\u200d",
    "x", "shop", " ", "  ", "é", "✓", "😀",
]
FORMULA_STARTS = "=+-@\t\r\uff1d\uff0b\uff0d\uff20"
# Scalars a terminal or bidi renderer acts on (TerminalText.isControl), LF aside.
HIDDEN = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]")
# Elements podtrail's Markdown renders to.
ELEMENTS = {"h1", "h2", "h3", "p", "ul", "li", "table", "thead", "tbody", "tr", "th", "td", "code", "pre", "strong", "br"}
MERMAID_LINE = re.compile(
    r'^(pie showData|gantt|xychart-beta|    title [^\n"]*|    title "[^"\n]*"|    "[^"\n]*" : \d+'
    r'|    x-axis \[("[^"\n]*"(, )?)*\]|    y-axis "[^"\n]*" 0 --> \d+|    bar \[[\d, ]*\]'
    r"|    dateFormat YYYY-MM-DD HH:mm:ss\.SSS|    axisFormat %H:%M:%S|    todayMarker off|    section [a-z -]+"
    r"|    [^:,\n]* :(crit, |active, |done, )?p\d+, \d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}, \d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3})$"
)


class Failure(Exception):
    pass


def hostile(rng, allow_nul=True, limit=12):
    """A random string of hostile pieces; sometimes a very long one."""
    pieces = [rng.choice(PIECES) for _ in range(rng.randint(1, limit))]
    text = "".join(p for p in pieces if allow_nul or p != "\x00")
    if rng.random() < 0.05:
        text *= rng.randint(50, 400)
    return text or "x"


def archive(rng):
    """The fixture's records with hostile names and texts, and an evicted pod; the argv-safe
    namespace (no NUL) and the new pod's uid."""
    names = {
        # Given as an argument: no NUL, and not starting with `-` or a combining mark (swift-argument-parser
        # splits `--option=value` on the Character `=`, which a following mark joins).
        "shop": "n" + hostile(rng, allow_nul=False, limit=4),
        "cart-0": hostile(rng, limit=4) + "-0",
        "node-a": hostile(rng, limit=4),
        "cart": hostile(rng, limit=4),
        "app": hostile(rng, limit=4),
    }

    def rename(value):
        if isinstance(value, dict):
            return {k: rename(v) for k, v in value.items()}
        if isinstance(value, list):
            return [rename(v) for v in value]
        return names.get(value, value) if isinstance(value, str) else value

    lines = []
    for line in open(FIXTURE, encoding="utf-8"):
        record = rename(json.loads(line))
        obj = record.get("object", record)
        if obj.get("kind") == "Event":
            if rng.random() < 0.8:
                obj["message"] = hostile(rng)
            if obj.get("reason") in ("Unhealthy", "Killing", "NodeNotReady") and rng.random() < 0.7:
                obj["reason"] = hostile(rng, limit=4)
        for status in obj.get("status", {}).get("containerStatuses", []):
            for state in status.get("state", {}).values():
                if state.get("reason") == "Error":
                    state["reason"] = hostile(rng, limit=4)
                if "message" in state:
                    state["message"] = hostile(rng)
        lines.append(record)
    evicted = json.loads(json.dumps(lines[0]))
    meta = evicted["object"]["metadata"]
    meta["uid"], meta["name"] = "evicted-1", hostile(rng, limit=4)
    evicted["object"]["status"] = {"phase": "Failed", "reason": "Evicted", "message": hostile(rng),
                                   "startTime": "2026-11-27T01:00:01Z"}
    evicted["type"] = "MODIFIED"
    meta["resourceVersion"] = "995"
    lines.append(evicted)
    text = "\n".join(json.dumps(r, ensure_ascii=rng.random() < 0.5) for r in lines) + "\n"
    return text, names["shop"]


def run(podtrail, *arguments, check=True):
    done = subprocess.run([podtrail, *arguments], capture_output=True, env={**os.environ, "NO_COLOR": "1"})
    stderr = done.stderr.decode("utf-8", "replace")
    terminal("stderr of " + arguments[0], stderr)
    if check and done.returncode != 0:
        raise Failure(f"podtrail {arguments[0]} exited {done.returncode}: {stderr[:500]!r}")
    return done.stdout.decode("utf-8")


def terminal(what, text):
    found = HIDDEN.search(text)
    if found:
        raise Failure(f"{what}: control character {found.group()!r} at {found.start()}: {text[max(0, found.start() - 60):found.start() + 20]!r}")


def neutralised(text):
    """A text value as a CSV field holds it: with a `'` before a formula (CSVWriter.neutralise)."""
    return "'" + text if text[:1] and text[0] in FORMULA_STARTS else text


def stored(value):
    # podtrail binds and reads text with its byte length: a NUL inside a value is kept.
    return value


def read_csv(what, text):
    if not text.endswith("\r\n") and text:
        raise Failure(f"{what}: does not end with CRLF")
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), strict=True))
    except csv.Error as error:
        raise Failure(f"{what}: Python's csv module cannot read it: {error}")
    if not rows or any(len(r) != len(rows[0]) for r in rows):
        raise Failure(f"{what}: not a rectangle: {[len(r) for r in rows][:20]}")
    return rows


def check_view_csv(what, text, db, view):
    """Each text column of the CSV holds only values of that column of `view`."""
    rows = read_csv(what, text)
    header = rows[0]
    columns = [c[1] for c in db.execute(f"PRAGMA table_info({view})")]
    for index, name in enumerate(header):
        if name not in columns:
            continue
        values = [stored(v) for (v,) in db.execute(f"SELECT {name} FROM {view}")]
        if not values or not all(isinstance(v, str) or v is None for v in values):
            continue
        allowed = {neutralised(v) for v in values if v is not None} | {""}
        for row in rows[1:]:
            if row[index] not in allowed:
                raise Failure(f"{what}: column {name} holds {row[index]!r}, no value of {view}.{name}")


class Elements(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags, self.tables, self.stack = set(), [], []

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        if tag == "table":
            self.tables.append([])
        elif tag == "tr" and self.tables:
            self.tables[-1].append(0)
        elif tag in ("td", "th") and self.tables and self.tables[-1]:
            self.tables[-1][-1] += 1


def unclosed_code_span(line):
    """True when a backtick run opens a code span that the line does not close (CommonMark:
    outside code spans a backslash escapes the next character; inside, nothing is escaped and
    the span ends at the next run of as many backticks)."""
    i = 0
    while i < len(line):
        if line[i] == "\\":
            i += 2
        elif line[i] == "`":
            run = len(line[i:]) - len(line[i:].lstrip("`"))
            closing = re.compile(r"(?<!`)" + "`" * run + r"(?!`)")
            found = closing.search(line, i + run)
            if not found:
                return True
            i = found.end()
        else:
            i += 1
    return False


def check_markdown(what, text):
    terminal(what + " (source)", text)
    rendered = MarkdownIt("commonmark").enable("table").render(text)
    parser = Elements()
    parser.feed(rendered)
    extra = parser.tags - ELEMENTS
    if extra:
        raise Failure(f"{what}: renders elements {sorted(extra)}")
    for table in parser.tables:
        if len(set(table)) != 1:
            raise Failure(f"{what}: a table's rows have {table} cells")
    # Every line between a ```mermaid fence and the next ``` line has one of podtrail's shapes.
    inside = False
    for line in text.split("\n"):
        if line == "```mermaid":
            inside = True
        elif line == "```":
            inside = False
        elif inside and not MERMAID_LINE.match(line):
            raise Failure(f"{what}: Mermaid line {line!r}")
        elif not inside and unclosed_code_span(line):
            raise Failure(f"{what}: a code span does not close on its line: {line!r}")
    if inside:
        raise Failure(f"{what}: a Mermaid block is not closed")
    return parser.tables


# report.html: report.md's elements, the page's own, and inline SVG charts.
PAGE_ELEMENTS = ELEMENTS | {"html", "head", "meta", "title", "style", "body", "section", "figure", "svg", "g", "text",
                            "path", "rect", "line", "circle", "script"}


class Page(Elements):
    def __init__(self):
        super().__init__()
        self.counts, self.handlers = {}, []

    def handle_starttag(self, tag, attrs):
        super().handle_starttag(tag, attrs)
        self.counts[tag] = self.counts.get(tag, 0) + 1
        self.handlers += [name for name, _ in attrs if name.lower().startswith("on")]


def check_html(what, text, markdown_tables):
    """No element, script or event handler but the page's own; the same tables as report.md."""
    terminal(what + " (source)", text)
    parser = Page()
    parser.feed(text)
    extra = parser.tags - PAGE_ELEMENTS
    if extra:
        raise Failure(f"{what}: has elements {sorted(extra)}")
    for tag in ("html", "head", "body", "style", "script"):
        if parser.counts.get(tag, 0) != 1:
            raise Failure(f"{what}: {parser.counts.get(tag, 0)} <{tag}> elements")
    if parser.handlers:
        raise Failure(f"{what}: event handler attributes {parser.handlers}")
    for table in parser.tables:
        if len(set(table)) != 1:
            raise Failure(f"{what}: a table's rows have {table} cells")
    if [len(t) for t in parser.tables] != [len(t) for t in markdown_tables]:
        raise Failure(f"{what}: table rows {[len(t) for t in parser.tables]}, report.md's {[len(t) for t in markdown_tables]}")


def round_(podtrail, rng, folder):
    text, namespace = archive(rng)
    source = os.path.join(folder, "cart.ndjson")
    with open(source, "w", encoding="utf-8") as file:
        file.write(text)
    database = os.path.join(folder, "db.sqlite")
    run(podtrail, "ingest", "--quiet", "--db", database, "--cluster", "c" + hostile(rng, allow_nul=False, limit=3), source)
    db = sqlite3.connect(database)
    db.text_factory = lambda b: b.decode("utf-8", "replace")
    out = os.path.join(folder, "report")
    run(podtrail, "report", "--db", database, "--out", out)
    markdown_tables = []
    # report.md before report.html, whose tables are report.md's.
    for name in sorted(os.listdir(out), key=lambda n: (n.endswith(".html"), n)):
        with open(os.path.join(out, name), encoding="utf-8", newline="") as file:
            content = file.read()
        if name.endswith(".csv"):
            check_view_csv(name, content, db, name[:-4])
        elif name.endswith(".html"):
            check_html(name, content, markdown_tables)
        else:
            markdown_tables = check_markdown(name, content)

    # The new pod's timeline and the namespace's, in every format.
    uid = "a41e7b90-new2"
    events = {(neutralised(stored(r)), neutralised(stored(m))) for r, m in db.execute("SELECT reason, message FROM events")}
    for scope in (["--uid", uid], ["--namespace", namespace]):
        terminal("timeline text", run(podtrail, "timeline", "--db", database, *scope))
        records = read_csv("timeline csv", run(podtrail, "timeline", "--db", database, "--format", "csv", *scope))
        header = records[0]
        for record in records[1:]:
            row = dict(zip(header, record))
            if row["source"] == "event" and (row["reason"], row["message"]) not in events:
                raise Failure(f"timeline csv: event {row['reason']!r} {row['message']!r} is no stored event")
        tables = check_markdown("timeline md", run(podtrail, "timeline", "--db", database, "--format", "md", *scope))
        if [len(t) for t in tables] != [len(records)]:
            raise Failure(f"timeline md: {[len(t) for t in tables]} table rows for {len(records)} CSV records")

    sql = "SELECT namespace, name, object_kind, reason, message FROM events ORDER BY rowid"
    expected = [[neutralised(stored(v) or "") for v in row] for row in db.execute(sql)]
    terminal("query table", run(podtrail, "query", "--db", database, "--format", "table", sql))
    records = read_csv("query csv", run(podtrail, "query", "--db", database, "--format", "csv", sql))
    if records[1:] != expected:
        raise Failure("query csv: rows differ from the database's")
    tables = check_markdown("query md", run(podtrail, "query", "--db", database, "--format", "md", sql))
    if [len(t) for t in tables] != [len(expected) + 1]:
        raise Failure(f"query md: {[len(t) for t in tables]} table rows for {len(expected)} rows")
    terminal("stats", run(podtrail, "stats", "--db", database))
    db.close()


def main():
    podtrail, seconds = sys.argv[1], float(sys.argv[2])
    seed = int(sys.argv[3]) if len(sys.argv) > 3 else random.randrange(1 << 32)
    rng = random.Random(seed)
    deadline = time.monotonic() + seconds
    rounds = 0
    while time.monotonic() < deadline:
        folder = tempfile.mkdtemp(prefix="podtrail-writers-")
        try:
            round_(podtrail, rng, folder)
        except (Failure, Exception) as failure:
            shutil.rmtree(FAILURE, ignore_errors=True)
            shutil.copytree(folder, FAILURE)
            print(f"writers fuzz: FAILED in round {rounds + 1} (seed {seed}): {failure}\n  inputs and outputs: {FAILURE}")
            return 1
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        rounds += 1
    print(f"writers fuzz: {rounds} rounds passed in {seconds:.0f} s (seed {seed})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
