"""The figures a bench script collected (one JSON object a line, from the benchmarks' RESULT lines), for its table."""
import json

# The throughput phases every broker's script runs, in the table's order: label, phase, workers (None: not a drain).
THROUGHPUT_PHASES = [("enqueue, one caller", "enqueue-serial", None), ("enqueue, bulk", "enqueue-bulk", None),
                     ("drain, 10 workers", "drain", 10), ("drain, 50 workers", "drain", 50)]


class Results:
    def __init__(self, path):
        self.rows = [json.loads(line) for line in open(path) if line.strip()]

    def has(self, system):
        return any(r["system"] == system for r in self.rows)

    def rate(self, system, phase, concurrency=None):
        """Jobs/s of SYSTEM in PHASE (at CONCURRENCY workers, for a drain)."""
        for r in self.rows:
            if r["system"] == system and r["phase"] == phase and (concurrency is None or r.get("concurrency") == concurrency):
                return r["jobs_per_s"]

    def lateness(self, who):
        """The scheduled phase's line: how late jobs due 2 s after their enqueue started, WHO naming the system."""
        s = next(r for r in self.rows if r["phase"] == "scheduled")
        return (f"Scheduled lateness ({who}, {s['jobs']} jobs due 2 s after enqueue, spread over 1 s): "
                f"p50 {s['p50_ms']:.1f} ms, p99 {s['p99_ms']:.1f} ms, max {s['max_ms']:.1f} ms")

    def print_table(self, headers, cells):
        """A Markdown table of the throughput phases: HEADERS after "Phase", and CELLS(phase, workers) the row's figures."""
        print()
        print("| Phase | " + " | ".join(headers) + " |")
        print("| --- |" + " ---: |" * len(headers))
        for label, phase, concurrency in THROUGHPUT_PHASES:
            print(f"| {label} | " + " | ".join(cells(phase, concurrency)) + " |")
        print()
