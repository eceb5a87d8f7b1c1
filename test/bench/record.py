"""What the benchmarks' Python helpers share: recording a time in bench.result through psql
(the database from PGDATABASE, PGHOST etc., as test/bench/run sets them)."""

import subprocess

RECORD = ("SELECT bench.record(:'module', :'measure', :'role', :'method', :'ms'::float8, "
          ":'runs'::int, nullif(:'same_answer', '')::boolean, :'note', nullif(:'answer', ''));\n")


def record(module, measure, role, method, ms, runs, same_answer=None, note="", answer=""):
    """Adds one row to bench.result: ms is the best of runs; same_answer None if not compared."""
    values = {"module": module, "measure": measure, "role": role, "method": method, "ms": repr(ms),
              "runs": str(runs), "same_answer": "" if same_answer is None else str(same_answer).lower(),
              "note": note, "answer": answer}
    args = ["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1"]
    for name, value in values.items():
        args += ["-v", f"{name}={value}"]
    subprocess.run(args, input=RECORD, text=True, check=True, stdout=subprocess.DEVNULL)
