"""Load test of the HTTP service: concurrent clients against a real uvicorn server.

``python benchmarks/load.py`` starts ``uvicorn kkpham_rules.service:app`` on a
free loopback port, then, for 1, 8 and 32 concurrent clients (an async httpx
client each), sends

* ``POST /evaluate``: one submission (``examples/kota-contoh-2022.json``);
* ``POST /evaluate/cohort``: the library's synthetic cohort of 514 regions
  (``kkpham synth --regions 514 --seed 1``), as JSON Lines;
* the same two with malformed requests mixed in (every fifth: 20 %): a body
  that is not JSON, a region code of the wrong form, an unknown right, a
  spreadsheet that is not one, an empty cohort, a simulation summary where
  submissions belong;

and prints requests per second and the 50th and 99th percentile latency, with
the baseline measured in the same run: the same work done by the library in
this process, one call after another (``evaluate(...).to_json()``; for the
cohort, the reader and one line per region), so ``x library`` is what HTTP,
parsing and threads cost on this machine now. Every
answer is checked: each good request must get 200 and exactly the library's
bytes (``Evaluation.to_json()``, or one ``to_json(indent=None)`` line per
region), each malformed one a 4xx ``application/problem+json``; a wrong answer
is counted, and makes the script exit 1.

``benchmarks/test_load.py`` runs the same harness under pytest-benchmark.
The figures depend on the machine and on what else runs on it: compare them
within one run (clients against clients, clean against mixed), not across
machines.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx

import kkpham_rules
from kkpham_rules.policy.synth import synthetic_cohort

ROOT = Path(__file__).parent.parent
EXAMPLE = ROOT / "examples" / "kota-contoh-2022.json"
PROBLEM_JSON = "application/problem+json"


@dataclass(frozen=True)
class Call:
    """One request, and the answer it must get (``expected`` bytes for a 200, else a 4xx)."""

    name: str
    path: str
    body: bytes
    media_type: str
    expected: bytes | None


@dataclass
class Outcome:
    """What one run of calls measured."""

    latencies: list[float] = field(default_factory=list)
    seconds: float = 0.0
    wrong: list[str] = field(default_factory=list)

    @property
    def per_second(self) -> float:
        """Return the requests answered per second of the run."""
        return len(self.latencies) / self.seconds if self.seconds else 0.0

    def percentile(self, share: int) -> float:
        """Return a latency percentile (50, 99) in milliseconds."""
        if len(self.latencies) < 2:
            return 1000 * self.latencies[0] if self.latencies else 0.0
        return 1000 * statistics.quantiles(self.latencies, n=100, method="inclusive")[share - 1]


def good_calls() -> dict[str, Call]:
    """Return the two good requests, each with the library's bytes for its answer."""
    raw = EXAMPLE.read_bytes()
    one = kkpham_rules.evaluate(json.loads(raw)).to_json().encode("utf-8")
    regulation = kkpham_rules.get_regulation("22/2021")
    cohort = synthetic_cohort(regulation, regions=514, seed=1)
    lines = [
        json.dumps(s.model_dump(mode="json", by_alias=True, exclude_none=True), ensure_ascii=False)
        for s in cohort
    ]
    body = ("\n".join(lines) + "\n").encode("utf-8")
    scored = "".join(kkpham_rules.evaluate(s).to_json(indent=None) for s in cohort)
    return {
        "evaluate": Call("evaluate", "/evaluate", raw, "application/json", one),
        "cohort": Call(
            "cohort", "/evaluate/cohort", body, "application/x-ndjson", scored.encode("utf-8")
        ),
    }


def malformed_calls() -> list[Call]:
    """Return malformed requests, each of which must be answered 4xx problem+json."""
    example = json.loads(EXAMPLE.read_bytes())
    wrong_code = {**example, "region": {"code": "7271", "name": "Kota Palu"}}
    unknown = {**example, "dimensions": {"hak-terbang": {"hasil": 50}}}
    summary = {"format": "kkpham-simulation/1", "regions": 1}
    xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return [
        Call("not JSON", "/evaluate", b"{region: 72.71", "application/json", None),
        Call("code", "/evaluate", json.dumps(wrong_code).encode(), "application/json", None),
        Call("right", "/evaluate/cohort", json.dumps([unknown]).encode(), "application/json", None),
        Call("not xlsx", "/evaluate/cohort", b"PK\x03\x04" + bytes(64), xlsx, None),
        Call("empty", "/evaluate/cohort", b"[]", "application/json", None),
        Call("summary", "/evaluate", json.dumps(summary).encode(), "application/json", None),
    ]


def mixed(good: Call, bad: Sequence[Call], count: int, every: int = 5) -> list[Call]:
    """Return ``count`` calls: ``good``, with every ``every``-th a malformed one (in turn)."""
    return [bad[(n // every) % len(bad)] if n % every == every - 1 else good for n in range(count)]


def _wrong(call: Call, response: httpx.Response) -> str | None:
    """Return what is wrong with an answer, or ``None`` if it is the one ``call`` must get."""
    if call.expected is not None:
        if response.status_code != 200:
            return f"{call.name}: {response.status_code} instead of 200"
        if response.content != call.expected:
            return f"{call.name}: the answer is not the library's bytes"
        return None
    if not 400 <= response.status_code < 500:
        return f"{call.name}: {response.status_code} instead of 4xx"
    if response.headers.get("content-type") != PROBLEM_JSON:
        return f"{call.name}: {response.headers.get('content-type')} instead of problem+json"
    return None


async def run(base_url: str, calls: Sequence[Call], clients: int) -> Outcome:
    """Send ``calls`` with ``clients`` concurrent clients; return latencies and wrong answers."""
    outcome = Outcome()
    queue: asyncio.Queue[Call] = asyncio.Queue()
    for call in calls:
        queue.put_nowait(call)
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)

    async with httpx.AsyncClient(base_url=base_url, timeout=300, limits=limits) as http:

        async def client() -> None:
            while True:
                try:
                    call = queue.get_nowait()
                except asyncio.QueueEmpty:
                    return
                started = time.perf_counter()
                response = await http.post(
                    call.path, content=call.body, headers={"Content-Type": call.media_type}
                )
                outcome.latencies.append(time.perf_counter() - started)
                problem = _wrong(call, response)
                if problem:
                    outcome.wrong.append(problem)

        started = time.perf_counter()
        await asyncio.gather(*(client() for _ in range(clients)))
        outcome.seconds = time.perf_counter() - started
    return outcome


def free_port() -> int:
    """Return a loopback port no one listens on now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@contextmanager
def server() -> Iterator[str]:
    """Run ``uvicorn kkpham_rules.service:app`` on a free loopback port; yield its base URL."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    command = [sys.executable, "-m", "uvicorn", "kkpham_rules.service:app"]
    command += ["--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"]
    # our own interpreter and module, a port we chose: no user input in the command
    process = subprocess.Popen(command, env=os.environ.copy())  # noqa: S603
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{base}/healthz", timeout=2):  # noqa: S310
                    break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("uvicorn did not start") from None
                time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def _library_work(call: Call) -> bytes:
    """Return the answer of a good call, made by the library in this process."""
    from kkpham_rules.files.reading import read_submissions

    if call.path == "/evaluate":
        return kkpham_rules.evaluate(json.loads(call.body)).to_json().encode("utf-8")
    submissions = read_submissions(call.body, name="cohort.jsonl")
    lines = "".join(kkpham_rules.evaluate(s).to_json(indent=None) for s in submissions)
    return lines.encode("utf-8")


def baseline(calls: dict[str, Call], requests: dict[str, int]) -> dict[str, float]:
    """Return the library's own rate for each good call: answers per second, in process."""
    rates = {}
    for name, call in calls.items():
        assert _library_work(call) == call.expected, name  # the same work as the service's
        count = max(requests[name] // 4, 4)
        started = time.perf_counter()
        for _ in range(count):
            _library_work(call)
        rates[name] = count / (time.perf_counter() - started)
    return rates


def measure(clients: Sequence[int], requests: dict[str, int]) -> list[tuple[str, int, Outcome]]:
    """Return every scenario's outcome at every number of clients, on one server."""
    good = good_calls()
    bad = malformed_calls()
    rows = []
    with server() as base:
        asyncio.run(run(base, [good["evaluate"], good["cohort"]], 1))  # warm up
        for name, call in good.items():
            count = requests[name]
            for scenario, calls in (
                (name, [call] * count),
                (f"{name} + 20% malformed", mixed(call, bad, count)),
            ):
                for number in clients:
                    rows.append((scenario, number, asyncio.run(run(base, calls, number))))
    return rows


def table(rows: Sequence[tuple[str, int, Outcome]], library: dict[str, float]) -> str:
    """Return the outcomes as a plain-text table, each rate also as a ratio to the library's."""
    lines = [f"library in process, one call after another: {name} {rate:.1f}/s"
             for name, rate in library.items()]  # fmt: skip
    lines.append(
        f"{'scenario':<30} {'clients':>7} {'requests':>8} {'req/s':>8} {'x library':>9} "
        f"{'p50 ms':>8} {'p99 ms':>8} {'wrong':>5}"
    )
    for scenario, clients, outcome in rows:
        ratio = outcome.per_second / library[scenario.split()[0]]
        lines.append(
            f"{scenario:<30} {clients:>7} {len(outcome.latencies):>8} "
            f"{outcome.per_second:>8.1f} {ratio:>9.2f} {outcome.percentile(50):>8.1f} "
            f"{outcome.percentile(99):>8.1f} {len(outcome.wrong):>5}"
        )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the load test and print its table; exit 1 if any answer was wrong."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", default="1,8,32", help="numbers of clients (1,8,32)")
    parser.add_argument("--evaluate", type=int, default=400, help="requests per run (400)")
    parser.add_argument("--cohort", type=int, default=48, help="cohort requests per run (48)")
    args = parser.parse_args(argv)
    clients = [int(number) for number in args.clients.split(",")]
    requests = {"evaluate": args.evaluate, "cohort": args.cohort}
    library = baseline(good_calls(), requests)
    rows = measure(clients, requests)
    print(table(rows, library))
    wrong = [problem for _, _, outcome in rows for problem in outcome.wrong]
    for problem in sorted(set(wrong)):
        print(f"wrong answer: {problem}", file=sys.stderr)
    return 1 if wrong else 0


if __name__ == "__main__":
    sys.exit(main())
