-- deal.profile: input and output, the algebra, aggregates and the GIN index.
\set ECHO none
\i sql/setup.psql

SET search_path = public, deal;

-- Canonical text: sorted, case-folded, weight 1 implied, shortest exact weights.
SELECT input, input::profile AS profile
FROM (VALUES ('debt:0.9, loneliness:0.6, gardening'), ('Gardening : 1 ,DEBT:0.90'), (''),
             ('food, debt_advice, debt'), ('a:-0, b:-2.5, c:1e-300'), ('x:0.1, y:0.30000000000000004'),
             ('intercept:-3.25, age_over_75:1.2')) AS v(input);
SELECT p::text::profile = p AS round_trip
FROM (VALUES ('debt:0.9, loneliness:0.6, gardening'::profile), ('x:0.30000000000000004, y:1e300')) AS v(p);

-- Every malformed profile: 22P02 with where and why.
SELECT input, error_of(format('SELECT %L::deal.profile', input)) AS error
FROM (VALUES ('debt:'), ('debt:x'), ('debt:nan'), ('debt:-inf'), ('debt:1e999'), ('debt, debt'),
             ('debt, DEBT:2'), ('debt,'), (', debt'), ('debt,,food'), ('debt food'), ('debt;food'),
             ('1debt'), ('_debt'), ('debt-advice'), ('café'), (repeat('a', 64))) AS v(input);

-- Operators.
SELECT 'debt:0.9, gardening'::profile && 'gardening:0.2' AS overlap,
       'debt:0.9, gardening'::profile && 'food' AS no_overlap,
       'debt:0.9, gardening'::profile @> 'gardening' AS contains,
       'debt'::profile <@ 'debt, food' AS contained,
       'debt:0.5'::profile ? 'DEBT' AS has, 'debt:0.5'::profile ? 'food' AS has_not,
       'debt:0.5'::profile -> 'debt' AS weight, 'debt:0.5'::profile -> 'food' AS absent;
SELECT 'debt:0.5, food'::profile + 'debt:0.25, walking:2' AS sum,
       'debt:0.5, food:-1'::profile + 'debt:-0.5, food:1' AS cancelled,
       'debt:0.5'::profile * 2 AS scaled, 3 * 'a:1, b:-1'::profile AS scaled_left,
       'a:1, b:1'::profile <=> 'a:1' AS distance, 'a:1'::profile <=> '' AS from_empty;
SELECT error_of($$SELECT 'a:1e308'::deal.profile + 'a:1e308'$$) AS overflow,
       error_of($$SELECT 'a:1'::deal.profile * 'NaN'::float8$$) AS nan_scale,
       error_of($$SELECT 'a:1e300'::deal.profile * 1e300$$) AS scale_overflow;
SELECT 'a:1, b:2'::profile = 'b:2, A' AS eq, 'a:1'::profile <> 'a:2' AS ne, 'a:1'::profile < 'a:2' AS lt,
       'a'::profile < 'b' AS label_order, ''::profile < 'a' AS empty_first, 'a:0'::profile = 'a:-0' AS zero;

-- Functions.
SELECT dot('a:2, b:3', 'b:4, c:5'), cosine('a:1', 'a:3'), cosine('a:1', 'b:1'), cosine('', 'a'),
       labels('b, a'), labels(''), profile('{x,Y}', '{1,NULL}');
SELECT * FROM each('debt:0.9, gardening');
-- subnormal weights round-trip; weights too large to square still have a cosine
SELECT 'a:5e-324, b:-2.2250738585072009e-308'::profile AS tiny,
       ('a:3e-308'::profile + 'a:-2.5e-308')::text::profile = 'a:3e-308'::profile + 'a:-2.5e-308' AS tiny_sum_round_trip,
       cosine('a:1e200, b:-3e199', 'a:1e200, b:-3e199') AS huge_cosine;
SELECT error_of($$SELECT deal.profile('{a,b}', '{1}')$$) AS lengths,
       error_of($$SELECT deal.profile('{a,A}', '{1,2}')$$) AS repeated,
       error_of($$SELECT deal.profile('{a,NULL}', '{1,2}')$$) AS null_label,
       error_of($$SELECT deal.profile('{"a b"}', '{1}')$$) AS bad_label,
       error_of($$SELECT deal.profile('{a}', '{Infinity}')$$) AS infinite;

-- Aggregates: sum and label-wise max, NULLs skipped or counted as 1.
SELECT profile_agg(l, w) FROM (VALUES ('a', 1), ('b', 2), ('A', 0.5), (NULL, 7), ('c', NULL)) AS v(l, w);
SELECT union_agg(p) FROM (VALUES ('a:1, b:2'::profile), ('a:3, c'), (NULL), ('b:-1')) AS v(p);
SELECT profile_agg(l, w) IS NULL AS no_rows FROM (VALUES ('a', 1)) AS v(l, w) WHERE false;
SELECT error_of($$SELECT deal.profile_agg('a b', 1)$$) AS bad_label,
       error_of($$SELECT deal.profile_agg('a', 'NaN')$$) AS nan_weight;

-- Parallel aggregation gives what a serial plan gives.
CREATE TABLE needs_rows AS
SELECT p AS person, 'l' || (p * 7 + k) % 40 AS label, ((p + k) % 10) / 10.0 AS weight
FROM generate_series(1, 20000) AS p, generate_series(1, 3) AS k;
ANALYZE needs_rows;
SET max_parallel_workers_per_gather = 0;
CREATE TEMP TABLE serial_profiles AS
SELECT profile_agg(label, weight) AS summed, union_agg(profile(ARRAY[label], ARRAY[weight::float8])) AS maxed FROM needs_rows;
SET max_parallel_workers_per_gather = 2;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
EXPLAIN (COSTS OFF) SELECT profile_agg(label, weight) FROM needs_rows;
SELECT profile_agg(label, weight) = (SELECT summed FROM serial_profiles) AS sum_parallel_equals_serial,
       union_agg(profile(ARRAY[label], ARRAY[weight::float8])) = (SELECT maxed FROM serial_profiles) AS max_parallel_equals_serial
FROM needs_rows;
RESET max_parallel_workers_per_gather;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;

-- A GIN index returns exactly the rows a sequential scan returns, for every operator.
CREATE TABLE assets AS
SELECT g AS id,
       CASE WHEN g % 97 = 0 THEN ''::profile
            ELSE profile(ARRAY['l' || g % 50, 'm' || g % 7], ARRAY[0.5, 1]) END AS offer
FROM generate_series(1, 5000) AS g;
ANALYZE assets;
CREATE VIEW asset_queries AS
SELECT 'overlap' AS q, array_agg(id ORDER BY id) AS ids FROM assets WHERE offer && 'l3, l4'
UNION ALL SELECT 'contains', array_agg(id ORDER BY id) FROM assets WHERE offer @> 'l3, m3'
UNION ALL SELECT 'contains empty', array_agg(id ORDER BY id) FROM assets WHERE offer @> ''
UNION ALL SELECT 'contained', array_agg(id ORDER BY id) FROM assets WHERE offer <@ 'l3, m3, l10, m0'
UNION ALL SELECT 'exists', array_agg(id ORDER BY id) FROM assets WHERE offer ? 'M4'
UNION ALL SELECT 'overlap empty', array_agg(id ORDER BY id) FROM assets WHERE offer && '';
CREATE TEMP TABLE asset_seq AS SELECT * FROM asset_queries;
CREATE INDEX assets_offer ON assets USING gin (offer);
SET enable_seqscan = off;
EXPLAIN (COSTS OFF) SELECT id FROM assets WHERE offer && 'l3, l4';
EXPLAIN (COSTS OFF) SELECT id FROM assets WHERE offer ? 'm4';
SELECT q, i.ids IS NOT DISTINCT FROM s.ids AS same_rows, cardinality(s.ids) AS n
FROM asset_queries i JOIN asset_seq s USING (q) ORDER BY q;
RESET enable_seqscan;

-- btree and hash: sorting, grouping, distinct, joins.
SELECT offer, count(*) FROM assets GROUP BY offer ORDER BY offer LIMIT 3;
SELECT count(DISTINCT offer) AS distinct_offers FROM assets;
SET enable_hashjoin = off;
SELECT count(*) AS merge_join FROM assets a JOIN assets b USING (offer) WHERE a.id < 200;
RESET enable_hashjoin;
SET enable_mergejoin = off;
SELECT count(*) AS hash_join FROM assets a JOIN assets b USING (offer) WHERE a.id < 200;
RESET enable_mergejoin;

-- Binary I/O: COPY round trip, and malformed binary input refused with 22P03.
CREATE TABLE profiles_copy (offer profile);
SELECT copy_binary('SELECT offer FROM assets WHERE id <= 100', 'profiles_copy');
SELECT count(*) AS copied, count(*) FILTER (WHERE offer IN (SELECT offer FROM assets)) AS identical FROM profiles_copy;
CREATE TABLE profile_only (p profile);
SELECT name, error_of(format($$SELECT copy_binary(%L, 'profile_only')$$, format('SELECT %L::bytea', bytes))) AS error
FROM (VALUES ('empty', ''),
             ('negative count', '\xffffffff'),
             ('truncated', '\x000000016400'),
             ('bad label', '\x00000001442064003ff0000000000000'),
             ('nan weight', '\x0000000164007ff8000000000000'),
             ('repeated', '\x0000000261003ff000000000000061004000000000000000'),
             ('trailing', '\x000000016100000000000000000000'),
             ('valid, for contrast', '\x0000000161003ff0000000000000')) AS v(name, bytes);
SELECT p FROM profile_only;
