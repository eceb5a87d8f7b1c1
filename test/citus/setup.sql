-- make citus: the demo borough on the coordinator, and what the checks read, twice: schema
-- `single` as plain tables on the coordinator (the single-node answer) and schema `dist` as
-- the same rows in distributed tables.
--
-- Distribution: everything about a resident is distributed by the resident's id and
-- co-located, so that per-person work (GROUP BY person, joins between a person's rows) runs
-- whole on each shard:
--   residents (id), links (person_id: the person end of every edge: the resident who
--   lives_at, the parent or partner, the person a professional is involved_with),
--   emergency_contacts, coded_events, cohort, pairs (person_id);
-- the assets are distributed by their own id (a city region has thousands); the small
-- lookup table efi_code_map is a reference table, copied to every node, so joins with it
-- stay on the workers.
\set QUIET on
SET client_min_messages = error;	-- Citus warns that the borough's views stay on the coordinator
CREATE EXTENSION deal;
SELECT count(*) AS tables FROM deal.generate_borough('borough', :residents, 1) \gset
SET client_min_messages = warning;

CREATE SCHEMA single;
CREATE TABLE single.residents AS SELECT id, nhs_number, needs, interests FROM borough.residents;
CREATE TABLE single.links AS
SELECT *, CASE WHEN src_kind = 'person' THEN src_id ELSE dst_id END AS person_id FROM borough.links;
CREATE TABLE single.emergency_contacts AS SELECT * FROM borough.emergency_contacts;
CREATE TABLE single.coded_events AS SELECT id, person_id, code, recorded FROM borough.coded_events;
CREATE TABLE single.efi_code_map AS SELECT * FROM borough.efi_code_map;
CREATE TABLE single.assets AS SELECT id, offer, lat, lon, capacity FROM borough.assets;
-- a cohort for a local model: needs as features, whether admitted in the three years
CREATE TABLE single.cohort AS
SELECT r.id AS person_id, r.needs AS features,
       EXISTS (SELECT FROM borough.admissions a WHERE a.person_id = r.id) AS outcome,
       deal.dot(r.needs, r.needs) + r.id % 7 * 0.01 AS score
FROM borough.residents r;
-- candidate places: each resident's three best assets
CREATE TABLE single.pairs AS
SELECT r.id AS person_id, t.asset_id, t.score, a.capacity
FROM borough.residents r
CROSS JOIN (SELECT deal.asset_index_agg(id, offer, lat, lon) AS idx FROM single.assets) i
CROSS JOIN LATERAL deal.top_matches(i.idx, r.needs, r.interests, NULL, NULL, 3) t
JOIN single.assets a ON a.id = t.asset_id;

CREATE SCHEMA dist;
CREATE TABLE dist.residents (LIKE single.residents);
CREATE TABLE dist.links (LIKE single.links);
CREATE TABLE dist.emergency_contacts (LIKE single.emergency_contacts);
CREATE TABLE dist.coded_events (LIKE single.coded_events);
CREATE TABLE dist.cohort (LIKE single.cohort);
CREATE TABLE dist.pairs (LIKE single.pairs);
CREATE TABLE dist.assets (LIKE single.assets);
CREATE TABLE dist.efi_code_map (LIKE single.efi_code_map);
\o /dev/null
SELECT create_distributed_table('dist.residents', 'id', shard_count => 8);
SELECT create_distributed_table('dist.links', 'person_id', colocate_with => 'dist.residents');
SELECT create_distributed_table('dist.emergency_contacts', 'person_id', colocate_with => 'dist.residents');
SELECT create_distributed_table('dist.coded_events', 'person_id', colocate_with => 'dist.residents');
SELECT create_distributed_table('dist.cohort', 'person_id', colocate_with => 'dist.residents');
SELECT create_distributed_table('dist.pairs', 'person_id', colocate_with => 'dist.residents');
SELECT create_distributed_table('dist.assets', 'id', shard_count => 8);
SELECT create_reference_table('dist.efi_code_map');
\o
INSERT INTO dist.residents SELECT * FROM single.residents;
INSERT INTO dist.links SELECT * FROM single.links;
INSERT INTO dist.emergency_contacts SELECT * FROM single.emergency_contacts;
INSERT INTO dist.coded_events SELECT * FROM single.coded_events;
INSERT INTO dist.cohort SELECT * FROM single.cohort;
INSERT INTO dist.pairs SELECT * FROM single.pairs;
INSERT INTO dist.assets SELECT * FROM single.assets;
INSERT INTO dist.efi_code_map SELECT * FROM single.efi_code_map;
ANALYZE;

SELECT format('make citus: the demo borough of %s residents (seed 1); %s links, %s emergency contacts, %s coded events, %s assets, %s candidate pairs, in 8 shards per table over 2 workers',
              :residents, (SELECT count(*) FROM dist.links), (SELECT count(*) FROM dist.emergency_contacts),
              (SELECT count(*) FROM dist.coded_events), (SELECT count(*) FROM dist.assets), (SELECT count(*) FROM dist.pairs)) AS said \gset
\echo :said
