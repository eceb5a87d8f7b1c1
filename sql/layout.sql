-- Every byte of every value is defined: no padding or alignment gap carries leftover
-- backend memory into tables, WAL and backups.  Each type is built every way it can be
-- (text input, binary input, aggregates serial and parallel, operators) in one session
-- after some work has dirtied memory, then again in another session after different work;
-- the raw bytes must be the same.

\set ECHO none
\i sql/setup.psql
SET search_path = public, deal;

-- A value's raw bytes: byteasend hands back its argument's bytes as they are, whatever the
-- type (a cast WITHOUT FUNCTION would do for the 4-byte aligned types, not for candidates).
CREATE FUNCTION layout_bytes(deal.candidates) RETURNS bytea
	AS 'byteasend' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION layout_bytes(deal.profile) RETURNS bytea
	AS 'byteasend' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION layout_bytes(deal.graph) RETURNS bytea
	AS 'byteasend' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION layout_bytes(deal.asset_index) RETURNS bytea
	AS 'byteasend' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE;

-- The rows the aggregates read.
CREATE TABLE layout_pairs AS
SELECT p AS person_id, (p * 7 + k * 13) % 40 AS asset_id,
       ((p * 31 + k * 17) % 100 + 1) / 100.0 AS score, 1 + ((p * 7 + k * 13) % 40) % 3 AS capacity
FROM generate_series(1, 2000) AS p, generate_series(1, 3) AS k;
CREATE TABLE layout_edges AS
SELECT 'person'::text AS src_kind, i::bigint AS src_id,
       (CASE i % 3 WHEN 0 THEN 'household' ELSE 'person' END)::text AS dst_kind, (i * 7919 % 3000)::bigint AS dst_id,
       (CASE i % 5 WHEN 0 THEN 'lives_at' WHEN 1 THEN 'parent_of' ELSE 'involved_with' END)::text AS edge_kind,
       CASE WHEN i % 4 = 0 THEN daterange('2020-01-01'::date + i % 300, NULL) END AS during
FROM generate_series(1, 6001) AS i;
CREATE TABLE layout_assets AS
SELECT i::bigint AS asset_id, deal.profile(ARRAY['debt', 'food', 'walk_' || i % 50], ARRAY[0.5, i % 7 / 7.0, 1]) AS offer,
       CASE WHEN i % 3 > 0 THEN 53.5 + i % 100 / 1000.0 END AS lat,
       CASE WHEN i % 3 > 0 THEN -2.6 - i % 90 / 1000.0 END AS lon
FROM generate_series(1, 3000) AS i;
ANALYZE layout_pairs, layout_edges, layout_assets;

-- Values read by binary input (recv) in each session: written once here in the binary
-- COPY format, then read back after each session's dirtying.
CREATE TABLE layout_received (c deal.candidates, p deal.profile, g deal.graph, ix deal.asset_index);
INSERT INTO layout_received VALUES (
	'{(1,10,0.5,2),(1,11,0.25,1),(2,10,0.75,2)}',
	'debt:0.9, loneliness:0.6, gardening',
	'{person:1 -parent_of-> person:2 [2020-01-01,2024-05-01); person:2 -lives_at-> household:7; person:3}',
	'{(10,53.545,-2.632,"debt:0.5, food"),(11,,,"walking")}');
SELECT current_setting('data_directory') || '/deal_layout.copy' AS layout_file \gset
COPY layout_received TO :'layout_file' (FORMAT binary);
TRUNCATE layout_received;

-- Every way of building each type, as (name, md5 of the raw bytes).  Each is a statement
-- of its own, so that each aggregate gets a parallel plan of its own when parallel query is
-- on (RETURN QUERY may run one); text inputs are cast from text so that they are parsed
-- when the function runs, not once when it is made.
CREATE FUNCTION layout_values() RETURNS TABLE (name text, md5 text) LANGUAGE plpgsql AS $$
BEGIN
	RETURN QUERY SELECT 'candidates text',
		md5(layout_bytes((SELECT '{' || string_agg(format('(%s,%s,%s,%s)', person_id, asset_id, score, capacity), ',') || '}'
						  FROM layout_pairs)::deal.candidates));
	RETURN QUERY SELECT 'candidates short text', md5(layout_bytes('{(1,10,0.5,2),(2,10,0.25,2),(3,11,1,1)}'::text::deal.candidates));
	RETURN QUERY SELECT 'candidates recv', md5(layout_bytes(c)) FROM layout_received;
	RETURN QUERY SELECT 'candidates_agg', md5(layout_bytes(deal.candidates_agg(person_id, asset_id, score, capacity))) FROM layout_pairs;
	RETURN QUERY SELECT 'profile text', md5(layout_bytes('debt:0.9, loneliness:0.6, gardening, food_bank:-0'::text::deal.profile));
	RETURN QUERY SELECT 'profile arrays', md5(layout_bytes(deal.profile(ARRAY['b', 'a', 'abc'], ARRAY[2, 1, NULL])));
	RETURN QUERY SELECT 'profile operators', md5(layout_bytes(('a:1, b:2'::text::deal.profile OPERATOR(deal.+) 'b:1, cde:3'::text::deal.profile)
													 OPERATOR(deal.*) 0.5));
	RETURN QUERY SELECT 'profile recv', md5(layout_bytes(p)) FROM layout_received;
	RETURN QUERY SELECT 'profile_agg', md5(layout_bytes(deal.profile_agg(edge_kind || '_' || (src_id % 37), src_id % 5))) FROM layout_edges;
	RETURN QUERY SELECT 'union_agg', md5(layout_bytes(deal.union_agg(offer))) FROM layout_assets;
	RETURN QUERY SELECT 'graph text, one kind, no dates', md5(layout_bytes('{a:1 -k-> a:2; a:2 -k-> b:3; c:4}'::text::deal.graph));
	RETURN QUERY SELECT 'graph text, kinds and dates',
		md5(layout_bytes('{p:1 -k-> p:2 [2020-01-01,2021-01-01); p:2 -m-> h:3; p:3 -n-> p:1 empty; p:9}'::text::deal.graph));
	RETURN QUERY SELECT 'graph recv', md5(layout_bytes(g)) FROM layout_received;
	RETURN QUERY SELECT 'graph_agg short form', md5(layout_bytes(deal.graph_agg(src_id, dst_id))) FROM layout_edges;
	RETURN QUERY SELECT 'graph_agg with kinds', md5(layout_bytes(deal.graph_agg(src_kind, src_id, dst_kind, dst_id, edge_kind))) FROM layout_edges;
	RETURN QUERY SELECT 'graph_agg with kinds and dates',
		md5(layout_bytes(deal.graph_agg(src_kind, src_id, dst_kind, dst_id, edge_kind, during))) FROM layout_edges;
	RETURN QUERY SELECT 'asset_index text',
		md5(layout_bytes('{(10,53.545,-2.632,"debt:0.5, food"),(11,,,"walking"),(12,53.5,-2.5,"")}'::text::deal.asset_index));
	RETURN QUERY SELECT 'asset_index recv', md5(layout_bytes(ix)) FROM layout_received;
	RETURN QUERY SELECT 'asset_index_agg', md5(layout_bytes(deal.asset_index_agg(asset_id, offer, lat, lon))) FROM layout_assets;
END
$$;

-- All of them built serially, then in parallel.  The aggregates run in parallel when asked:
-- partial states serialised by the workers.
CREATE FUNCTION layout_build() RETURNS TABLE (plan text, name text, md5 text) LANGUAGE plpgsql AS $$
BEGIN
	PERFORM set_config('max_parallel_workers_per_gather', '0', true);
	RETURN QUERY SELECT 'serial', v.name, v.md5 FROM layout_values() AS v;
	PERFORM set_config('parallel_setup_cost', '0', true);
	PERFORM set_config('parallel_tuple_cost', '0', true);
	PERFORM set_config('min_parallel_table_scan_size', '0', true);
	PERFORM set_config('max_parallel_workers_per_gather', '2', true);
	DISCARD PLANS;	-- layout_values' statements were planned serially: plan them again
	RETURN QUERY SELECT 'parallel', v.name, v.md5 FROM layout_values() AS v;
END
$$;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
EXPLAIN (COSTS OFF) SELECT candidates_agg(person_id, asset_id, score, capacity) FROM layout_pairs;
EXPLAIN (COSTS OFF) SELECT graph_agg(src_kind, src_id, dst_kind, dst_id, edge_kind, during) FROM layout_edges;
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather;

-- First session: dirty memory with one sort of work, then build everything.
SET work_mem = '64MB';
SELECT count(*) AS dirtied FROM (SELECT repeat(chr(65 + i % 26), 500 + i % 3000) AS s FROM generate_series(1, 20000) AS i ORDER BY s) AS x;
SELECT length(string_agg(repeat(chr(97 + i % 26), i % 2000), '')) > 0 AS dirtied FROM generate_series(1, 5000) AS i;
RESET work_mem;
COPY layout_received FROM :'layout_file' (FORMAT binary);
CREATE TABLE layout_first AS SELECT * FROM layout_build();

-- Second session: other work, other garbage; the same values.
\c
SET work_mem = '64MB';
SELECT count(*) AS dirtied FROM (SELECT md5(i::text) || repeat(md5((i * 7)::text), i % 90) AS s FROM generate_series(1, 30000) AS i ORDER BY s DESC) AS x;
SELECT sum(length(repeat(md5(i::text), 1 + i % 500))) > 0 AS dirtied FROM generate_series(1, 8000) AS i;
RESET work_mem;
TRUNCATE layout_received;
COPY layout_received FROM :'layout_file' (FORMAT binary);
CREATE TABLE layout_second AS SELECT * FROM layout_build();

-- The same bytes, every way, in both sessions; and a parallel plan builds what a serial one does.
SELECT f.plan, f.name, f.md5 = s.md5 AS same_bytes, f.md5 = serial.md5 AS same_as_serial
FROM layout_first AS f
JOIN layout_second AS s USING (plan, name)
JOIN layout_first AS serial ON serial.name = f.name AND serial.plan = 'serial'
ORDER BY f.name, f.plan DESC;

DROP FUNCTION layout_build(), layout_values();
DROP TABLE layout_first, layout_second, layout_received, layout_pairs, layout_edges, layout_assets;
DROP FUNCTION layout_bytes(deal.candidates), layout_bytes(deal.profile), layout_bytes(deal.graph),
	layout_bytes(deal.asset_index);
