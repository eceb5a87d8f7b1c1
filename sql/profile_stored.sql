-- deal.profile stored in tables: short values (1-byte headers, unaligned), compressed inline,
-- out of line compressed or not.  Every comparison, hash, operator, function and index
-- gives the answers the same values give in memory.
\set ECHO none
\i sql/setup.psql

SET search_path = public, deal;
SET default_toast_compression = pglz;	-- the forms below are pglz's

-- Hash values are frozen (hash partitions and Citus rely on them).
SELECT profile_hash('debt:0.9, loneliness:0.6, gardening') AS hash,
       profile_hash_extended('debt:0.9, loneliness:0.6, gardening', 0) AS hash_0,
       profile_hash_extended('debt:0.9, loneliness:0.6, gardening', 42) AS hash_42,
       profile_hash('') AS empty, profile_hash('a') AS one_label;

-- One table holding every form a stored profile takes.
CREATE FUNCTION pg_temp.big(n int, prefix text) RETURNS profile LANGUAGE sql AS $$
	SELECT profile(array_agg(prefix || lpad(g::text, 6, '0')), array_agg((g % 10) / 4.0)) FROM generate_series(1, n) g
$$;
CREATE TABLE stored_profiles (id int PRIMARY KEY, form text, p profile, label text);
INSERT INTO stored_profiles VALUES
	(1, 'short', 'debt:0.9, loneliness:0.6, gardening', 'Gardening'),
	(2, 'short', '', 'debt'),
	(3, 'short', 'a', 'a'),
	(4, 'short', 'debt, debt_advice:0.5, food:-1', 'debt_advice'),
	(5, 'compressed inline', pg_temp.big(100, 'label_'), 'label_000050'),
	(6, 'compressed, out of line', pg_temp.big(300, 'label_'), 'label_000300'),
	(7, 'out of line', pg_temp.big(3000, 'need_'), 'need_000001'),
	(8, 'short', 'label_000050:0.5, need_000001:0.25', 'need_000001');
CREATE FUNCTION pg_temp.values_out_of_line(rel regclass) RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
	n bigint;
BEGIN
	EXECUTE format('SELECT count(DISTINCT chunk_id) FROM %s',
				   (SELECT reltoastrelid::regclass FROM pg_class WHERE oid = rel)) INTO n;
	RETURN n;
END
$$;
SELECT id, form, pg_column_compression(p) AS compression,
       pg_column_size(p) = pg_column_size(p::text::profile) - 3 AS one_byte_header
FROM stored_profiles ORDER BY id;
SELECT pg_temp.values_out_of_line('stored_profiles') AS values_out_of_line;

-- Each stored value against itself made afresh in memory (q), through every operator.
CREATE VIEW twins AS SELECT id, form, p, p::text::profile AS q, label FROM stored_profiles;
SELECT id, form,
       p = q AND q = p AND NOT p <> q AND p <= q AND p >= q AND NOT p < q AND NOT p > q
           AND profile_cmp(p, q) = 0 AND profile_cmp(q, p) = 0 AS compare,
       profile_hash(p) = profile_hash(q) AND profile_hash_extended(p, 7) = profile_hash_extended(q, 7) AS hash,
       p::text = q::text AND profile_send(p) = profile_send(q) AS output,
       (p && q) = (q && q) AND p @> q AND p <@ q AND q @> p AND q <@ p AS containment,
       (p ? label) = (q ? label) AND (p -> label) IS NOT DISTINCT FROM (q -> label) AS label_ops,
       dot(p, q) = dot(q, q) AND cosine(p, q) = cosine(q, q) AND (p <=> q) = (q <=> q) AS algebra,
       p + q = q * 2 AND 2 * p = q + q AND p + '' = q AS sums,
       labels(p) = labels(q) AND (SELECT array_agg(e) FROM each(p) e) IS NOT DISTINCT FROM (SELECT array_agg(e) FROM each(q) e) AS functions,
       match_score(p, p, p, 1) = match_score(q, q, q, 1) AND match_score(p, NULL, q) = match_score(q, NULL, p) AS match,
       (SELECT array_agg(e ORDER BY e) FROM match_explain(p, p, p, 1) e) = (SELECT array_agg(e ORDER BY e) FROM match_explain(q, q, q, 1) e) AS explain
FROM twins ORDER BY id;

-- Every pair of stored values, against the same pair in memory.
SELECT count(*) AS pairs,
       count(*) FILTER (WHERE sign(profile_cmp(a.p, b.p)) = sign(profile_cmp(a.q, b.q)) AND (a.p < b.p) = (a.q < b.q)
                          AND (a.p = b.p) = (a.q = b.q) AND (a.p >= b.q) = (a.q >= b.p)) AS compare_agrees,
       count(*) FILTER (WHERE (a.p && b.p) = (a.q && b.q) AND (a.p @> b.p) = (a.q @> b.q)
                          AND (a.p <@ b.q) = (a.q <@ b.p) AND (a.p ? b.label) = (a.q ? b.label)) AS containment_agrees,
       count(*) FILTER (WHERE dot(a.p, b.p) = dot(a.q, b.q) AND cosine(a.p, b.p) = cosine(a.q, b.q)
                          AND a.p + b.p = a.q + b.q) AS algebra_agrees,
       count(*) FILTER (WHERE match_score(a.p, b.p, b.p, 2) = match_score(a.q, b.q, b.q, 2)) AS match_agrees
FROM twins a, twins b;

-- Sorting, grouping, joins and aggregates over the stored values.
SELECT (SELECT array_agg(id ORDER BY p, id) FROM twins) = (SELECT array_agg(id ORDER BY q, id) FROM twins) AS same_order,
       (SELECT array_agg(id ORDER BY p, id) FROM twins) AS ids_in_order,
       (SELECT count(DISTINCT p) FROM stored_profiles) AS distinct_profiles,
       (SELECT union_agg(p) FROM stored_profiles) = (SELECT union_agg(q) FROM twins) AS union_agg,
       (SELECT union_agg(p) FROM stored_profiles) = (SELECT union_agg(q ORDER BY id DESC) FROM twins) AS union_agg_any_order;
SET enable_mergejoin = off;
SET enable_nestloop = off;
SELECT count(*) AS hash_join FROM stored_profiles s JOIN twins t ON s.p = t.q;
RESET enable_mergejoin;
SET enable_hashjoin = off;
SELECT count(*) AS merge_join FROM stored_profiles s JOIN twins t ON s.p = t.q;
RESET enable_nestloop;
RESET enable_hashjoin;

-- Indexes over them: btree (checked by amcheck), hash and GIN find every value again.
CREATE EXTENSION IF NOT EXISTS amcheck;
CREATE TABLE small_profiles AS
SELECT g AS id, profile(ARRAY['l' || g % 31, 'm' || g % 17, 'n' || g % 5], ARRAY[(g % 4) / 4.0, 1, -0.5]) AS p
FROM generate_series(1, 3000) AS g
UNION ALL SELECT id + 10000, p FROM stored_profiles WHERE id <> 7;	-- too large for a btree entry
ANALYZE small_profiles;
CREATE INDEX small_profiles_btree ON small_profiles (p);
CREATE INDEX small_profiles_hash ON small_profiles USING hash (p);
CREATE INDEX small_profiles_gin ON small_profiles USING gin (p);
SELECT true AS btree_checked FROM bt_index_parent_check('small_profiles_btree', true, true);
CREATE TEMP TABLE lookups AS SELECT id, p::text::profile AS q FROM small_profiles;
CREATE TEMP VIEW index_queries AS
SELECT 'equal' AS q, count(*) AS found FROM lookups l JOIN small_profiles s ON s.p = l.q AND s.id = l.id
UNION ALL SELECT 'sorted', count(*) FROM (SELECT id, lag(p) OVER (ORDER BY p, id) <= p AS ok FROM small_profiles) s WHERE ok
UNION ALL SELECT 'overlap', count(*) FROM small_profiles WHERE p && (SELECT p FROM stored_profiles WHERE id = 8)
UNION ALL SELECT 'contains', count(*) FROM small_profiles WHERE p @> (SELECT p FROM stored_profiles WHERE id = 5)
UNION ALL SELECT 'contained', count(*) FROM small_profiles WHERE p <@ (SELECT p FROM stored_profiles WHERE id = 7)
UNION ALL SELECT 'contained, short', count(*) FROM small_profiles WHERE p <@ (SELECT p FROM stored_profiles WHERE id = 4)
UNION ALL SELECT 'exists', count(*) FROM small_profiles WHERE p ? (SELECT label FROM stored_profiles WHERE id = 1);
CREATE TEMP TABLE seq_answers AS SELECT * FROM index_queries;
SET enable_seqscan = off;
SET enable_sort = off;
SELECT q, i.found AS found_through_indexes, i.found = s.found AS same_as_sequential
FROM index_queries i JOIN seq_answers s USING (q) ORDER BY q;
SET enable_bitmapscan = off;
SELECT count(*) AS through_btree FROM lookups l WHERE EXISTS (SELECT FROM small_profiles s WHERE s.p = l.q);
SET enable_indexscan = off;
SET enable_bitmapscan = on;
SELECT count(*) AS through_hash FROM lookups l WHERE EXISTS (SELECT FROM small_profiles s WHERE s.p = l.q);
RESET enable_seqscan;
RESET enable_sort;
RESET enable_indexscan;
RESET enable_bitmapscan;

-- The asset index from stored offers, read with stored needs, as from the same in memory.
SELECT (SELECT asset_index_agg(id, p, NULL, NULL) FROM stored_profiles)::text = (SELECT asset_index_agg(id, q, NULL, NULL) FROM twins)::text AS same_index,
       (SELECT array_agg(m ORDER BY m) FROM stored_profiles s, top_matches((SELECT asset_index_agg(id, p, NULL, NULL) FROM stored_profiles), s.p, s.p, k => 3) m)
         = (SELECT array_agg(m ORDER BY m) FROM twins t, top_matches((SELECT asset_index_agg(id, q, NULL, NULL) FROM twins), t.q, t.q, k => 3) m) AS same_matches;
