"""Save -> reload latency of `chronicle serve` (issue 6: <= 0.5 s at 10,000 entries).

Starts `chronicle serve` on a generated chronicle, connects to its livereload socket as a
browser does (hello, info), then edits the body of one entry several times and measures,
for each save, the time from writing the file to the server's `reload` message, and to
the served page showing the edit. The entry is restored at the end.

    python bench/serve_latency.py bench/out/n10000 [--runs 7] [--title | --date] [--no-search]

With `--title`, each save changes the entry's title instead (front matter: the entry's
page, the timeline, its places' pages, the lists, feeds and exports that show it); with
`--date`, it moves the date of the entry's first event by a day (front matter: the incident,
its timeline and place pages). Search is on, as `chronicle serve` runs by default, unless
`--no-search` (CHRONICLE_SEARCH=0).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

MARK = "\n\nServe latency probe {n}.\n"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def measure(folder: Path, runs: int, title: bool = False, date: bool = False) -> None:
    from tornado.websocket import websocket_connect

    port = free_port()
    chronicle = Path(sys.executable).parent / "chronicle"
    started = time.perf_counter()
    proc = subprocess.Popen(
        [str(chronicle), "serve", "--port", str(port)],
        cwd=folder,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}/"
    entry = sorted((folder / "content" / "entries").glob("*.md"))[0]
    page = f"{base}entries/{entry.stem}.html"
    original = entry.read_text(encoding="utf-8")
    try:
        while True:
            try:
                urllib.request.urlopen(base + "index.html", timeout=1)
                break
            except OSError:
                if proc.poll() is not None:
                    raise SystemExit("chronicle serve exited") from None
                await asyncio.sleep(0.2)
        print(f"serving after {time.perf_counter() - started:.1f} s (first build)")
        ws = await websocket_connect(f"ws://127.0.0.1:{port}/livereload")
        await ws.write_message(
            json.dumps(
                {"command": "hello", "protocols": ["http://livereload.com/protocols/official-7"]}
            )
        )
        await ws.read_message()
        await ws.write_message(json.dumps({"command": "info", "url": page}))
        await asyncio.sleep(1.0)
        reloads, shown = [], []
        for n in range(runs):
            probe = f"Serve latency probe {n}."
            if title:
                text = original.replace("\ntitle: ", f"\ntitle: Serve latency probe {n}. ", 1)
                assert text != original, "no title line"
            elif date:
                found = re.search(r"^- date: '(\d{4}-\d{2})-(\d{2})'$", original, re.M)
                assert found, "no event dated to a day"
                day = int(found.group(2))
                day = day + 1 + n % 2 if day < 27 else day - 1 - n % 2
                probe = f'datetime="{found.group(1)}-{day:02d}"'
                text = (
                    original[: found.start()]
                    + f"- date: '{found.group(1)}-{day:02d}'"
                    + original[found.end() :]
                )
            else:
                text = original.rstrip("\n") + MARK.format(n=n)
            t0 = time.perf_counter()
            entry.write_text(text, encoding="utf-8")
            while True:
                message = json.loads(await asyncio.wait_for(ws.read_message(), 30))
                if message.get("command") == "reload":
                    break
            reloads.append(time.perf_counter() - t0)
            while probe not in urllib.request.urlopen(page).read().decode("utf-8"):
                await asyncio.sleep(0.005)
            shown.append(time.perf_counter() - t0)
            print(
                f"save {n + 1}: reload message after {reloads[-1] * 1000:.0f} ms, "
                f"page served with the edit after {shown[-1] * 1000:.0f} ms"
            )
            await asyncio.sleep(1.5)
        print(
            f"median of {runs}: save -> reload message {statistics.median(reloads) * 1000:.0f}"
            f" ms (max {max(reloads) * 1000:.0f} ms)"
        )
    finally:
        entry.write_text(original, encoding="utf-8")
        await asyncio.sleep(1.0)
        proc.terminate()
        proc.wait(timeout=30)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder", type=Path)
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument(
        "--title",
        action="store_true",
        help="edit the entry's title (front matter) instead of its body",
    )
    ap.add_argument(
        "--date", action="store_true", help="move the date of the entry's first event by a day"
    )
    ap.add_argument("--no-search", action="store_true", help="serve without the search index")
    args = ap.parse_args()
    if args.no_search:
        os.environ["CHRONICLE_SEARCH"] = "0"
    asyncio.run(measure(args.folder.resolve(), args.runs, args.title, args.date))


if __name__ == "__main__":
    main()
