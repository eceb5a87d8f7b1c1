-- A hostile search_path: objects a user creates in public do not fool the install script or
-- the functions.  In a database of its own, so the extension is installed fresh.

CREATE DATABASE regression_deal_security;
\c regression_deal_security

-- Look-alikes of what the install script and deal.uprn_padded use, in public and first on
-- the search path.
CREATE FUNCTION public.lpad(text, integer, text) RETURNS text LANGUAGE sql AS $$ SELECT 'pwned' $$;
CREATE FUNCTION public.int8eq(bigint, bigint) RETURNS boolean LANGUAGE sql AS $$ SELECT true $$;
CREATE FUNCTION public.text(bigint) RETURNS text LANGUAGE sql AS $$ SELECT 'pwned' $$;
CREATE FUNCTION public.hostile_ge(bigint, integer) RETURNS boolean LANGUAGE sql AS $$ SELECT true $$;
CREATE OPERATOR public.>= (LEFTARG = bigint, RIGHTARG = integer, FUNCTION = public.hostile_ge);
CREATE OPERATOR public.<= (LEFTARG = bigint, RIGHTARG = integer, FUNCTION = public.hostile_ge);
CREATE FUNCTION public.hostile_eq(bigint, bigint) RETURNS boolean LANGUAGE sql AS $$ SELECT true $$;
CREATE OPERATOR public.= (LEFTARG = bigint, RIGHTARG = bigint, FUNCTION = public.hostile_eq);
SET search_path = public, pg_catalog;

-- Installed under that search path, the extension is complete and its functions, domain and
-- operators do what they say.
CREATE EXTENSION deal;
SELECT count(*) AS members FROM pg_depend
WHERE refclassid = 'pg_extension'::regclass AND deptype = 'e'
  AND refobjid = (SELECT oid FROM pg_extension WHERE extname = 'deal');
SELECT deal.uprn_padded(42) AS padded;
SELECT 0::deal.uprn AS zero_uprn_must_fail;
SELECT 1000000000000::deal.uprn AS too_long_uprn_must_fail;
SELECT '9434765919'::deal.nhs_number OPERATOR(deal.=) '4010232137'::deal.nhs_number AS equal;
SELECT deal.pseudonym('Hi There', decode(repeat('0b', 20), 'hex'))
       = 'b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7' AS hmac_intact;

-- Nothing in the extension refers to public.
SELECT count(*) AS functions_mentioning_public
FROM pg_proc WHERE pronamespace = 'deal'::regnamespace AND prosrc ~ 'public';
WITH members AS (
	SELECT classid, objid FROM pg_depend
	WHERE refclassid = 'pg_extension'::regclass AND deptype = 'e'
	  AND refobjid = (SELECT oid FROM pg_extension WHERE extname = 'deal')
	UNION ALL
	SELECT 'pg_constraint'::regclass, oid FROM pg_constraint WHERE contypid = 'deal.uprn'::regtype
)
SELECT count(*) AS member_dependencies_on_public
FROM members m
JOIN pg_depend d USING (classid, objid)
WHERE (d.refclassid = 'pg_proc'::regclass
       AND d.refobjid IN (SELECT oid FROM pg_proc WHERE pronamespace = 'public'::regnamespace))
   OR (d.refclassid = 'pg_operator'::regclass
       AND d.refobjid IN (SELECT oid FROM pg_operator WHERE oprnamespace = 'public'::regnamespace));
-- The domain's check names pg_catalog's operators, not the look-alikes.
SELECT pg_get_constraintdef(oid) AS uprn_check FROM pg_constraint WHERE contypid = 'deal.uprn'::regtype;
-- deal.generate_borough, called under that search path, runs under its own (pg_catalog,
-- pg_temp): the look-alike lpad, text and = in public change nothing it makes.
SET client_min_messages = warning;
SELECT count(*) AS tables FROM deal.generate_borough('hostile_path', 200, 5);
RESET client_min_messages;
SELECT (SELECT count(*) FROM hostile_path.residents) AS residents, (SELECT min(ods_code) FROM hostile_path.gp_practices) AS ods_code,
       (SELECT min(code) FROM hostile_path.lsoas) AS lsoa, (SELECT count(*) FROM hostile_path.address_history) >= 200 AS addresses;

\c contrib_regression
DROP DATABASE regression_deal_security;

-- The schema deal.  CREATE EXTENSION creates it, owned by the installing role, when it does
-- not exist, and otherwise uses it as it is; so the install script refuses a schema deal that
-- another role owns (42501), that others may create in (55000) or that holds anything (55000),
-- before creating anything.  In a database owned by a non-superuser, where a hostile role may
-- create schemas.  regress_deal_super stands for a superuser, so that its name is known.
\set SHOW_CONTEXT never
CREATE ROLE regress_deal_super SUPERUSER;
CREATE ROLE regress_deal_dbowner;
CREATE ROLE regress_deal_hostile;
CREATE ROLE regress_deal_analyst;
CREATE DATABASE regression_deal_schema OWNER regress_deal_dbowner;
\c regression_deal_schema
GRANT CREATE ON DATABASE regression_deal_schema TO regress_deal_hostile;
CREATE VIEW public.deal_schema AS
SELECT n.nspowner::regrole AS owner, n.nspacl AS acl,
       (SELECT extowner::regrole FROM pg_extension WHERE extname = 'deal') AS extension_owner,
       (SELECT count(*) FROM pg_proc WHERE pronamespace = n.oid) AS functions
FROM pg_namespace n WHERE n.nspname = 'deal';
GRANT SELECT ON public.deal_schema TO PUBLIC;

-- No schema beforehand: the database owner installs (deal is trusted).  The schema and the
-- extension are the installer's, the objects the bootstrap superuser's (OID 10), which the
-- installer cannot alter; only the schema's owner may create in it.
SET ROLE regress_deal_dbowner;
CREATE EXTENSION deal;
ALTER FUNCTION deal.km(point, point) VOLATILE;
RESET ROLE;
SELECT * FROM deal_schema;
SELECT DISTINCT p.proowner = 10 AS functions_owned_by_bootstrap_superuser
FROM pg_proc p WHERE p.pronamespace = 'deal'::regnamespace;
-- deal.generate_borough runs with the caller's rights: a role that may not create schemas in
-- the database cannot generate a borough, one that may owns what it generates.
SET ROLE regress_deal_analyst;
SELECT count(*) FROM deal.generate_borough('analyst_borough', 10);
RESET ROLE;
SET ROLE regress_deal_hostile;
SET client_min_messages = warning;
SELECT count(*) AS tables FROM deal.generate_borough('hostile_borough', 10);
RESET ROLE;
SELECT n.nspowner::regrole AS schema_owner, array_agg(DISTINCT c.relowner::regrole) AS table_owners
FROM pg_namespace n JOIN pg_class c ON c.relnamespace = n.oid WHERE n.nspname = 'hostile_borough' GROUP BY 1;
DROP SCHEMA hostile_borough CASCADE;
RESET client_min_messages;
SELECT r AS role, has_schema_privilege(r, 'deal', 'USAGE') AS usage, has_schema_privilege(r, 'deal', 'CREATE') AS create
FROM unnest(ARRAY['regress_deal_dbowner', 'regress_deal_hostile', 'regress_deal_analyst', 'public']) r;
SET ROLE regress_deal_hostile;
CREATE FUNCTION deal.pseudonym(varchar, bytea) RETURNS text LANGUAGE sql AS $$ SELECT 'planted' $$;
RESET ROLE;
-- Nothing runs with the definer's rights, every SQL-language body was parsed at install (a
-- standard body, not a string parsed at each call under the caller's search path), and the one
-- PL/pgSQL function (deal.generate_borough) runs under a search path of its own.
SELECT count(*) FILTER (WHERE p.prosecdef) AS security_definer_functions,
       count(*) FILTER (WHERE l.lanname = 'sql' AND p.prosqlbody IS NULL) AS sql_bodies_parsed_at_call,
       count(*) FILTER (WHERE l.lanname = 'plpgsql') AS plpgsql_functions,
       count(*) FILTER (WHERE l.lanname = 'plpgsql'
                          AND NOT coalesce('search_path=pg_catalog, pg_temp' = ANY (p.proconfig), false)) AS plpgsql_search_path_not_pinned,
       count(*) FILTER (WHERE l.lanname NOT IN ('c', 'internal', 'sql', 'plpgsql')) AS other_languages
FROM pg_proc p JOIN pg_language l ON l.oid = p.prolang
WHERE p.pronamespace = 'deal'::regnamespace;

-- Every member lives in schema deal and depends only on other members, the extension, the
-- schema and built-ins (whose dependencies PostgreSQL does not record): no reference escapes
-- but deal.generate_borough's to its language, PL/pgSQL.
WITH ext AS (SELECT oid FROM pg_extension WHERE extname = 'deal'),
members AS (
	SELECT d.classid, d.objid FROM pg_depend d, ext
	WHERE d.refclassid = 'pg_extension'::regclass AND d.refobjid = ext.oid AND d.deptype = 'e'
	UNION ALL
	SELECT 'pg_constraint'::regclass, c.oid FROM pg_constraint c
	WHERE c.contypid IN (SELECT oid FROM pg_type WHERE typnamespace = 'deal'::regnamespace)
)
SELECT pg_describe_object(d.classid, d.objid, d.objsubid) AS member,
       pg_describe_object(d.refclassid, d.refobjid, d.refobjsubid) AS depends_on
FROM pg_depend d JOIN members m USING (classid, objid)
WHERE NOT (d.refclassid = 'pg_extension'::regclass AND d.refobjid = (SELECT oid FROM ext))
  AND NOT (d.refclassid = 'pg_namespace'::regclass AND d.refobjid = 'deal'::regnamespace)
  AND NOT EXISTS (SELECT FROM members r WHERE r.classid = d.refclassid AND r.objid = d.refobjid)
UNION ALL
SELECT i.type || ' ' || i.identity, 'schema ' || i.schema
FROM members m, pg_identify_object(m.classid, m.objid, 0) i
WHERE i.schema <> 'deal';

-- Dropped and created again: the empty schema left behind is the installer's, and is reused.
SET ROLE regress_deal_dbowner;
DROP EXTENSION deal;
SELECT * FROM deal_schema;
CREATE EXTENSION deal;
SELECT * FROM deal_schema;

-- The installer's own schema holding an object of its own: refused until it is gone.
DROP EXTENSION deal;
CREATE TABLE deal.notes (id integer PRIMARY KEY);
CREATE EXTENSION deal;
DROP TABLE deal.notes;

-- The installer's own schema, empty, but another role may create in it: refused until revoked.
GRANT CREATE ON SCHEMA deal TO regress_deal_hostile, PUBLIC;
CREATE EXTENSION deal;
REVOKE CREATE ON SCHEMA deal FROM regress_deal_hostile, PUBLIC;
CREATE EXTENSION deal;
SELECT * FROM deal_schema;
DROP EXTENSION deal;
DROP SCHEMA deal;

-- The installer created the empty schema beforehand: allowed, as is naming it (pg_dump's form).
CREATE SCHEMA deal;
CREATE EXTENSION deal SCHEMA deal;
SELECT * FROM deal_schema;
DROP EXTENSION deal;
DROP SCHEMA deal;
RESET ROLE;

-- A hostile role creates schema deal first and plants a look-alike that a varchar argument
-- would prefer to deal.pseudonym(text, bytea).  A superuser's CREATE EXTENSION is refused,
-- and so is the database owner's; nothing is created and the planted function is untouched.
SET ROLE regress_deal_hostile;
CREATE SCHEMA deal;
CREATE FUNCTION deal.pseudonym(varchar, bytea) RETURNS text LANGUAGE sql AS $$ SELECT 'planted' $$;
RESET ROLE;
SET ROLE regress_deal_super;
CREATE EXTENSION deal;
RESET ROLE;
SET ROLE regress_deal_dbowner;
CREATE EXTENSION deal;
RESET ROLE;
SELECT * FROM deal_schema;
SELECT p.oid::regprocedure AS function, p.proowner::regrole AS owner, p.prosrc AS body
FROM pg_proc p WHERE p.pronamespace = 'deal'::regnamespace;

-- A superuser takes the schema over without emptying it: still refused, naming what is there.
ALTER SCHEMA deal OWNER TO regress_deal_super;
SET ROLE regress_deal_super;
CREATE EXTENSION deal;
DROP FUNCTION deal.pseudonym(varchar, bytea);
RESET ROLE;

-- Emptied, the superuser's schema is accepted, from the database owner too; it stays the
-- superuser's, so the database owner may not create in it.
SET ROLE regress_deal_dbowner;
CREATE EXTENSION deal;
RESET ROLE;
SELECT owner, extension_owner FROM deal_schema;
SELECT has_schema_privilege('regress_deal_dbowner', 'deal', 'CREATE') AS dbowner_create;
SET ROLE regress_deal_dbowner;
DROP EXTENSION deal;
RESET ROLE;
DROP SCHEMA deal;

-- Another schema is refused as before (0A000); naming schema deal needs it to exist (3F000).
CREATE EXTENSION deal SCHEMA public;
CREATE EXTENSION deal SCHEMA deal;
SELECT count(*) AS extensions FROM pg_extension WHERE extname = 'deal';

-- No schema beforehand, a superuser installs: the schema is the superuser's.
SET ROLE regress_deal_super;
CREATE EXTENSION deal;
SELECT * FROM deal_schema;
DROP EXTENSION deal;
DROP SCHEMA deal;
RESET ROLE;

-- The script does not use @extowner@, which PostgreSQL refuses to substitute for a role name
-- with a quote in it: such a role installs like any other.
CREATE ROLE "regress_deal_o'hara";
GRANT CREATE ON DATABASE regression_deal_schema TO "regress_deal_o'hara";
SET ROLE "regress_deal_o'hara";
CREATE EXTENSION deal;
SELECT owner, extension_owner FROM deal_schema;
DROP EXTENSION deal;
DROP SCHEMA deal;
RESET ROLE;

-- Row-level security: the aggregates read the caller's rows, so an analyst's graph holds only
-- the links the analyst may see.
SET ROLE regress_deal_dbowner;
CREATE EXTENSION deal;
CREATE TABLE public.links (src bigint, dst bigint, team text);
INSERT INTO public.links VALUES (1, 2, 'north'), (2, 3, 'north'), (3, 4, 'south'), (5, 6, 'south');
ALTER TABLE public.links ENABLE ROW LEVEL SECURITY;
CREATE POLICY north_only ON public.links FOR SELECT TO regress_deal_analyst USING (team = 'north');
GRANT SELECT ON public.links TO regress_deal_analyst;
SELECT deal.graph_agg(src, dst) AS whole_graph FROM public.links;
SET ROLE regress_deal_analyst;
SELECT deal.graph_agg(src, dst) AS analysts_graph FROM public.links;
RESET ROLE;

-- The matching and risk aggregates read only the caller's rows too: each, computed by the
-- analyst over the whole table, equals the owner's over the north team's rows alone, and
-- differs from the owner's over every row.
SET ROLE regress_deal_dbowner;
CREATE TABLE public.cases (team text, person bigint, asset bigint, needs deal.profile,
	offer deal.profile, lat float8, lon float8, score float8, capacity int, outcome boolean,
	deficit text, seen timestamptz);
INSERT INTO public.cases VALUES
	('north', 1, 10, 'debt:0.9', 'debt', 53.54, -2.63, 0.9, 1, true, 'falls', '2024-01-01'),
	('north', 2, 10, 'food:0.5', 'food:0.5', 53.55, -2.64, 0.2, 1, false, 'diabetes', '2024-01-02'),
	('north', 3, 11, 'debt:0.4, food', 'debt, food', 53.56, -2.62, 0.7, 2, true, 'falls', '2024-01-03'),
	('north', 4, 11, 'housing:0.3', 'housing', 53.53, -2.61, 0.1, 2, false, 'anaemia', '2024-03-01'),
	('south', 5, 12, 'debt:0.2, housing', 'music', 53.50, -2.60, 0.8, 1, false, 'arthritis', '2024-01-01'),
	('south', 6, 12, 'music:0.8', 'music:0.5', 53.51, -2.66, 0.6, 1, true, 'dizziness', '2024-01-01'),
	('south', 7, 13, 'loneliness', 'walking', 53.52, -2.67, 0.4, 3, true, 'falls', '2024-01-01'),
	('south', 8, 13, 'walking:0.6', 'walking', 53.57, -2.68, 0.3, 3, false, 'housebound', '2024-01-01');
ALTER TABLE public.cases ENABLE ROW LEVEL SECURITY;
CREATE POLICY north_only ON public.cases FOR SELECT TO regress_deal_analyst USING (team = 'north');
GRANT SELECT ON public.cases TO regress_deal_analyst;
CREATE FUNCTION public.case_aggregates(teams text[]) RETURNS TABLE (aggregate text, value text)
LANGUAGE sql STABLE BEGIN ATOMIC
	SELECT v.a, v.v FROM (
		SELECT deal.asset_index_agg(person, offer, lat, lon)::text AS asset_index_agg,
			   deal.candidates_agg(person, asset, score, capacity)::text AS candidates_agg,
			   deal.profile_agg(deficit, score)::text AS profile_agg,
			   deal.union_agg(needs)::text AS union_agg,
			   deal.efi_agg(deficit)::text AS efi_agg,
			   deal.logistic_fit(outcome, needs, 1.0)::text AS logistic_fit,
			   deal.auc(score, outcome)::text AS auc,
			   deal.peak_events(seen, interval '7 days')::text AS peak_events
		FROM public.cases WHERE team = ANY (teams)) x,
	LATERAL (VALUES ('asset_index_agg', x.asset_index_agg), ('candidates_agg', x.candidates_agg),
					('profile_agg', x.profile_agg), ('union_agg', x.union_agg), ('efi_agg', x.efi_agg),
					('logistic_fit', x.logistic_fit), ('auc', x.auc), ('peak_events', x.peak_events)) v(a, v);
END;
CREATE TABLE public.owner_view AS
SELECT n.aggregate, n.value AS north, w.value AS whole
FROM public.case_aggregates('{north}') n JOIN public.case_aggregates('{north,south}') w USING (aggregate);
GRANT SELECT ON public.owner_view TO regress_deal_analyst;
SET ROLE regress_deal_analyst;
SELECT o.aggregate, a.value = o.north AS analyst_sees_north_only, a.value = o.whole AS analyst_sees_all
FROM public.case_aggregates('{north,south}') a JOIN public.owner_view o USING (aggregate)
ORDER BY o.aggregate;
RESET ROLE;

\c contrib_regression
DROP DATABASE regression_deal_schema;
DROP ROLE regress_deal_super, regress_deal_dbowner, regress_deal_hostile, regress_deal_analyst,
	"regress_deal_o'hara";
