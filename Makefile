# deal: PostgreSQL extension.  See README.md.
#
#   make test      install what is missing, build, run the unit tests and pg_regress suite
#   make demo      install what is missing, build, install, generate the demo borough and print the Deal
#                  report with its pictures (throwaway cluster, or the server PGHOST/PGDATABASE name;
#                  options in DEMO_ARGS, see tools/demo)
#   make bench     time deal against what a user would do instead, on a throwaway cluster; ends
#                  with one summary table, also written to test/bench/out/summary.md
#   make citus     every aggregate split between Citus workers and the coordinator, on a
#                  throwaway three-node cluster (needs Citus: see README, Scaling out)
#   make hardening fuzzing, sqlsmith, valgrind, limits, cancellation, concurrency, dump and restore
#   make && make install && make installcheck     the usual PGXS route on an existing server

EXTENSION = deal

MODULE_big = deal
CORE_SRCS = $(wildcard src/core/*.c)
OBJS = $(patsubst %.c,%.o,$(wildcard src/*.c) $(CORE_SRCS))
DATA = $(wildcard sql/deal--*.sql)
REGRESS = extension nhs_number postcode uprn pseudonym binary graph graph_stored profile profile_stored profile_agg match allocate layout security efi lace supporting_families peak_events risk_pyramid logistic auc borough
PG_CPPFLAGS = -I$(CURDIR)/src
ifdef WERROR
PG_CFLAGS += -Werror
endif
EXTRA_CLEAN = $(UNIT_TESTS) regression.diffs regression.out results test/fuzz/build

# Unit tests: the core alone, without server headers, with cmocka's leak-checking allocator
# and the address and undefined-behaviour sanitizers.
UNIT_TESTS = $(patsubst %.c,%,$(wildcard test/unit/test_*.c))
UNIT_CC ?= cc
UNIT_CFLAGS = -std=gnu11 -g -O1 -Wall -Wextra -Werror -fsanitize=address,undefined -fno-sanitize-recover=all

# Fuzz harnesses: the core built once with libFuzzer's coverage and the sanitizers, each
# harness linked against it (test/fuzz/run builds them through fuzz-build).
FUZZ_CC ?= clang-14
FUZZ_CFLAGS = -g -O1 -fsanitize=address,undefined -fno-sanitize-recover=all -Isrc/core
FUZZ_DIR = test/fuzz/build
FUZZ_CORE_OBJS = $(patsubst src/core/%.c,$(FUZZ_DIR)/core/%.o,$(CORE_SRCS))
FUZZ_HARNESSES = $(patsubst test/fuzz/%.c,$(FUZZ_DIR)/%,$(wildcard test/fuzz/fuzz_*.c))

PG_CONFIG ?= pg_config
PGXS := $(shell $(PG_CONFIG) --pgxs 2>/dev/null)

# PGXS exists only once postgresql-server-dev is installed; `make test` and `make demo`
# install it through tools/bootstrap first, then run make again, which finds it.
ifneq ($(wildcard $(PGXS)),)
include $(PGXS)
else
all install installcheck:
	@echo "PostgreSQL server headers (PGXS) not found: run tools/bootstrap, or 'make test'," >&2
	@echo "or set PG_CONFIG to the pg_config of your server." >&2
	@exit 1
endif

.PHONY: test unit crosscheck check-server check-alone demo bench fuzz fuzz-build bootstrap citus hardening

# PGXS does not track headers: every object depends on all of ours.
$(OBJS): $(wildcard src/*.h src/core/*.h)

bootstrap:
	tools/bootstrap

test/unit/test_%: test/unit/test_%.c $(CORE_SRCS) $(wildcard src/core/*.h)
	$(UNIT_CC) $(UNIT_CFLAGS) -Isrc/core -o $@ $< $(CORE_SRCS) -lcmocka -lm

# The byte order test once more with the byte-at-a-time path forced: every state serialised and
# read back as a big-endian machine would.
UNIT_TESTS += test/unit/test_byteorder_bytewise
test/unit/test_byteorder_bytewise: test/unit/test_byteorder.c $(CORE_SRCS) $(wildcard src/core/*.h)
	$(UNIT_CC) $(UNIT_CFLAGS) -DDEAL_BYTEWISE -Isrc/core -o $@ $< $(CORE_SRCS) -lcmocka -lm

unit: $(UNIT_TESTS)
	@failed=0; for t in $(UNIT_TESTS); do $$t || failed=1; done; exit $$failed

# The graph core against networkx on random graphs, without a server.
crosscheck:
	test/graph/run

test: bootstrap
	tools/bootstrap --demo
	test/lint/interrupts
	test/lint/install_script
	$(MAKE) unit
	test/fuzz/run --smoke
	$(MAKE) crosscheck
	$(MAKE) -B all WERROR=1
	$(MAKE) install
	tools/pgcluster $(MAKE) check-server
	tools/pgcluster test/cache/oid_wrap

# Everything that needs a running server (PGHOST etc.): pg_regress, each file on its own
# too, networkx's view, the local models against statsmodels and scikit-learn, the
# backend's peak memory over profiles against the same work over text, the README's
# claims against the catalog, every SQL example of the README run on the demo borough
# as shown (it generates the full borough once, about a minute), and the Deal report end
# to end on a small borough.
check-server:
	$(MAKE) installcheck || { cat regression.diffs 2>/dev/null; exit 1; }
	$(MAKE) check-alone
	test/graph/crosscheck.py
	test/model/crosscheck.py
	test/memory/run
	test/lint/readme
	test/readme/run
	tools/report/check

# Each regression test runs on its own, on a fresh database, not only after the others.
check-alone:
	@for t in $(REGRESS); do \
		$(MAKE) -s installcheck REGRESS=$$t >/dev/null 2>&1 || \
			{ echo "pg_regress: $$t fails on its own:"; cat regression.diffs 2>/dev/null; exit 1; }; \
	done; echo "pg_regress: each of the $(words $(REGRESS)) tests also passes on its own"

fuzz:
	test/fuzz/run $(FUZZ_SECONDS)

$(FUZZ_DIR)/core/%.o: src/core/%.c $(wildcard src/core/*.h)
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -c -o $@ $<

$(FUZZ_DIR)/fuzz_%: test/fuzz/fuzz_%.c test/fuzz/fuzz_common.h $(FUZZ_CORE_OBJS)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $< $(FUZZ_CORE_OBJS)

fuzz-build: $(FUZZ_HARNESSES)

bench:
	tools/bootstrap --bench
	$(MAKE) all
	$(MAKE) install
	PGCLUSTER_OPTS="-c shared_buffers=1GB -c max_wal_size=4GB" tools/pgcluster test/bench/run
	PGCLUSTER_OPTS="-c shared_buffers=1GB -c max_wal_size=4GB" tools/pgcluster test/borough/shape

citus:
	tools/bootstrap
	$(MAKE) all
	$(MAKE) install
	test/citus/run

# Fuzzing, sqlsmith, valgrind, constant memory, cancellation, limits, parallel and concurrent
# use, dump and restore, privileges: each on a throwaway cluster, bounded by the variables in
# test/hardening/run; about an hour on two cores.
hardening:
	tools/bootstrap --hardening
	$(MAKE) all
	$(MAKE) install
	test/hardening/run

# The Deal report: on a throwaway cluster, or on the server that PGHOST or PGDATABASE names
# (deal is created there if it may be; the borough goes into a new schema, never over one).
DEMO_ARGS ?=
demo:
	tools/bootstrap --demo
	$(MAKE) all
	$(MAKE) install
	@if [ -n "$${PGHOST:-}$${PGDATABASE:-}" ]; then \
		echo "make demo: on the server PGHOST/PGDATABASE name"; tools/demo $(DEMO_ARGS); \
	else \
		PGCLUSTER_OPTS="-c shared_buffers=512MB -c max_wal_size=4GB" tools/pgcluster tools/demo --throwaway $(DEMO_ARGS); \
	fi
