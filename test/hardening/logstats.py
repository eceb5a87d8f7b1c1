#!/usr/bin/python3
"""test/hardening/logstats.py: read a server's CSV log (log_destination = csvlog) and count
its queries, those that name deal (a function, type or operator of schema deal, or a column of
one of deal's types, given with --columns), its errors by SQLSTATE, those raised in deal's own
source files (log_error_verbosity = verbose gives each error's location) and among them the
internal errors (XX000, an elog meant to be unreachable).  Prints one key=value a line; with
--errors, also each internal error from deal, on standard error.

    logstats.py LOG.csv [--columns NAME,...] [--application NAME] [--errors]
"""
import csv
import re
import sys
from collections import Counter

# the columns of PostgreSQL 15's csvlog
FIELDS = ["log_time", "user_name", "database_name", "process_id", "connection_from",
          "session_id", "session_line_num", "command_tag", "session_start_time",
          "virtual_transaction_id", "transaction_id", "error_severity", "sql_state_code",
          "message", "detail", "hint", "internal_query", "internal_query_pos", "context",
          "query", "query_pos", "location", "application_name", "backend_type",
          "leader_pid", "query_id"]

OURS = re.compile(r"\b(deal|graph|graph_agg|graph_readers|profile|profile_agg|profile_gin|match|"
                  r"allocate|asset_index|stored_cache|efi|lace|families|peak_events|pyramid|"
                  r"logistic|auc|nhs_number|postcode|pseudonym)\.c:\d+$")


def main():
    args = sys.argv[1:]
    path = args.pop(0)
    columns = []
    show_errors = False
    application = None
    while args:
        a = args.pop(0)
        if a == "--columns":
            columns = [c for c in args.pop(0).split(",") if c]
        elif a == "--application":
            application = args.pop(0)
        elif a == "--errors":
            show_errors = True
        else:
            sys.exit("logstats.py: unknown argument " + a)
    names_deal = re.compile(r"\bdeal\s*\.|OPERATOR\s*\(\s*deal\." +
                            "".join(r"|\b%s\b" % re.escape(c) for c in columns), re.I)
    statements = deal_statements = deal_errors = 0
    codes = Counter()
    deal_internal = []
    csv.field_size_limit(1 << 30)
    with open(path, newline="", encoding="utf-8", errors="replace") as f:
        for row in csv.reader(f):
            r = dict(zip(FIELDS, row))
            if application is not None and r.get("application_name") != application:
                continue
            msg = r.get("message", "")
            if r.get("error_severity") == "LOG" and msg.startswith("statement: "):
                # queries, not the driver's savepoints and settings around them
                if not re.match(r"statement:\s*(select|insert|update|delete|merge|with|values|table)\b", msg, re.I):
                    continue
                statements += 1
                if names_deal.search(msg[11:]):
                    deal_statements += 1
            elif r.get("error_severity") in ("ERROR", "FATAL", "PANIC"):
                code = r.get("sql_state_code", "")
                codes[code] += 1
                # the location names the file: is it one of deal's (src/*.c)?
                if not OURS.search(r.get("location", "")):
                    continue
                deal_errors += 1
                if code == "XX000":
                    deal_internal.append((msg, r.get("location", ""), r.get("query", "")))
    print("statements=%d" % statements)
    print("deal_statements=%d" % deal_statements)
    print("errors=%d" % sum(codes.values()))
    print("error_codes=%s" % ",".join("%s:%d" % kv for kv in codes.most_common(12)))
    print("deal_errors=%d" % deal_errors)
    print("deal_internal_errors=%d" % len(deal_internal))
    if show_errors:
        for msg, location, query in deal_internal:
            print("internal error: %s (%s) in: %s" % (msg, location, query[:300]), file=sys.stderr)


main()
