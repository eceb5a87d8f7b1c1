-- deal 1.0: install script.
--
-- Safe for a trusted extension: the schema is checked before anything is created (below),
-- every name is schema-qualified (deal. or pg_catalog.), every object is created afresh (never
-- replacing one that exists), and SQL-language bodies are parsed here, at install, so a
-- hostile search_path later cannot redirect them.

\echo Use "CREATE EXTENSION deal" to load this file. \quit

------------------------------------------------------------------------------------------
-- The schema.  CREATE EXTENSION creates schema deal, owned by the calling role, only when it
-- does not exist; an existing one is used as it is.  Whoever owns it, or may create in it,
-- could plant look-alikes (deal.pseudonym(varchar, bytea) beats deal.pseudonym(text, bytea)
-- for a varchar) that capture the calls of everyone with deal on the search path.  So an
-- existing schema is refused unless it is owned by the installing role (pg_extension.extowner:
-- the script itself runs as the bootstrap superuser when a non-superuser installs) or by a
-- superuser, nobody else may create in it, and it holds nothing.  This runs before anything
-- is created, and every name in it is qualified and exactly typed: the search path here is
-- "deal, pg_temp", and a function in deal that matches better would win over pg_catalog's.
------------------------------------------------------------------------------------------

DO $check$
DECLARE
	ext_oid pg_catalog.oid;
	installer pg_catalog.oid;
	schema_oid pg_catalog.oid;
	schema_name pg_catalog.text;
	owner_oid pg_catalog.oid;
	owner_is_superuser pg_catalog.bool;
	creators pg_catalog.text;
	listed pg_catalog.text;
	listed_count pg_catalog.int8;
BEGIN
	SELECT e.oid, e.extowner, n.oid, n.nspname, n.nspowner, r.rolsuper
	  INTO STRICT ext_oid, installer, schema_oid, schema_name, owner_oid, owner_is_superuser
	  FROM pg_catalog.pg_extension e
	  JOIN pg_catalog.pg_namespace n ON n.oid OPERATOR(pg_catalog.=) e.extnamespace
	  JOIN pg_catalog.pg_roles r ON r.oid OPERATOR(pg_catalog.=) n.nspowner
	 WHERE e.extname OPERATOR(pg_catalog.=) 'deal'::pg_catalog.name;

	IF owner_oid OPERATOR(pg_catalog.<>) installer AND NOT owner_is_superuser THEN
		RAISE EXCEPTION USING
			ERRCODE = 'insufficient_privilege',
			MESSAGE = pg_catalog.format('schema "%s" already exists and is owned by role "%s"',
										schema_name, pg_catalog.pg_get_userbyid(owner_oid)),
			DETAIL = pg_catalog.format('Its owner could create objects in it that capture calls to extension "deal". '
									   'An existing schema "%s" is used only if the installing role, "%s", or a superuser owns it.',
									   schema_name, pg_catalog.pg_get_userbyid(installer)),
			HINT = pg_catalog.format('Check what schema "%s" holds, then drop or rename it, or have a superuser run '
									 'ALTER SCHEMA %I OWNER TO %I; then run CREATE EXTENSION deal again.',
									 schema_name, schema_name, pg_catalog.pg_get_userbyid(installer));
	END IF;

	SELECT pg_catalog.string_agg(CASE WHEN a.grantee OPERATOR(pg_catalog.=) 0::pg_catalog.oid THEN 'PUBLIC'
									  ELSE pg_catalog.quote_ident(pg_catalog.pg_get_userbyid(a.grantee)::pg_catalog.text) END,
								 ', ' ORDER BY a.grantee)
	  INTO creators
	  FROM pg_catalog.pg_namespace n, pg_catalog.aclexplode(n.nspacl) a
	 WHERE n.oid OPERATOR(pg_catalog.=) schema_oid
	   AND a.privilege_type OPERATOR(pg_catalog.=) 'CREATE'::pg_catalog.text
	   AND a.grantee OPERATOR(pg_catalog.<>) n.nspowner;
	IF creators IS NOT NULL THEN
		RAISE EXCEPTION USING
			ERRCODE = 'object_not_in_prerequisite_state',
			MESSAGE = pg_catalog.format('roles other than its owner may create objects in schema "%s"', schema_name),
			DETAIL = pg_catalog.format('CREATE on schema "%s" is granted to %s.', schema_name, creators),
			HINT = pg_catalog.format('REVOKE CREATE ON SCHEMA %I FROM %s; then run CREATE EXTENSION deal again.',
									 schema_name, creators);
	END IF;

	-- Everything that can live in a schema, by the catalogs' namespace columns.  Constraints,
	-- indexes, triggers, rules and policies belong to a table or domain listed here.
	WITH objects (classid, objid) AS (
		SELECT c.tableoid, c.oid FROM pg_catalog.pg_class c WHERE c.relnamespace OPERATOR(pg_catalog.=) schema_oid
		UNION ALL
		-- a relation's row type and an implicit array type go with the object they belong to
		SELECT t.tableoid, t.oid FROM pg_catalog.pg_type t
		 WHERE t.typnamespace OPERATOR(pg_catalog.=) schema_oid
		   AND t.typrelid OPERATOR(pg_catalog.=) 0::pg_catalog.oid
		   AND NOT EXISTS (SELECT FROM pg_catalog.pg_type e WHERE e.typarray OPERATOR(pg_catalog.=) t.oid)
		UNION ALL
		SELECT p.tableoid, p.oid FROM pg_catalog.pg_proc p WHERE p.pronamespace OPERATOR(pg_catalog.=) schema_oid
		UNION ALL
		SELECT o.tableoid, o.oid FROM pg_catalog.pg_operator o WHERE o.oprnamespace OPERATOR(pg_catalog.=) schema_oid
		UNION ALL
		SELECT f.tableoid, f.oid FROM pg_catalog.pg_opfamily f WHERE f.opfnamespace OPERATOR(pg_catalog.=) schema_oid
		UNION ALL
		SELECT c.tableoid, c.oid FROM pg_catalog.pg_opclass c WHERE c.opcnamespace OPERATOR(pg_catalog.=) schema_oid
		UNION ALL
		SELECT c.tableoid, c.oid FROM pg_catalog.pg_collation c WHERE c.collnamespace OPERATOR(pg_catalog.=) schema_oid
		UNION ALL
		SELECT c.tableoid, c.oid FROM pg_catalog.pg_conversion c WHERE c.connamespace OPERATOR(pg_catalog.=) schema_oid
		UNION ALL
		SELECT s.tableoid, s.oid FROM pg_catalog.pg_statistic_ext s WHERE s.stxnamespace OPERATOR(pg_catalog.=) schema_oid
		UNION ALL
		SELECT c.tableoid, c.oid FROM pg_catalog.pg_ts_config c WHERE c.cfgnamespace OPERATOR(pg_catalog.=) schema_oid
		UNION ALL
		SELECT d.tableoid, d.oid FROM pg_catalog.pg_ts_dict d WHERE d.dictnamespace OPERATOR(pg_catalog.=) schema_oid
		UNION ALL
		SELECT p.tableoid, p.oid FROM pg_catalog.pg_ts_parser p WHERE p.prsnamespace OPERATOR(pg_catalog.=) schema_oid
		UNION ALL
		SELECT t.tableoid, t.oid FROM pg_catalog.pg_ts_template t WHERE t.tmplnamespace OPERATOR(pg_catalog.=) schema_oid
		UNION ALL
		-- another extension installed into the schema (PostgreSQL lets any role with CREATE on
		-- the database put a trusted one there)
		SELECT e.tableoid, e.oid FROM pg_catalog.pg_extension e
		 WHERE e.extnamespace OPERATOR(pg_catalog.=) schema_oid AND e.oid OPERATOR(pg_catalog.<>) ext_oid
	), described AS (
		SELECT i.type OPERATOR(pg_catalog.||) ' ' OPERATOR(pg_catalog.||) i.identity AS object,
			   pg_catalog.row_number() OVER (ORDER BY i.type, i.identity) AS n
		  FROM objects o, pg_catalog.pg_identify_object(o.classid, o.objid, 0) i
	)
	SELECT pg_catalog.count(*),
		   pg_catalog.string_agg(d.object, ', ' ORDER BY d.n) FILTER (WHERE d.n OPERATOR(pg_catalog.<=) 10::pg_catalog.int8)
	  INTO listed_count, listed
	  FROM described d;
	IF listed_count OPERATOR(pg_catalog.>) 0::pg_catalog.int8 THEN
		RAISE EXCEPTION USING
			ERRCODE = 'object_not_in_prerequisite_state',
			MESSAGE = pg_catalog.format('schema "%s" already holds objects that do not belong to extension "deal"', schema_name),
			DETAIL = pg_catalog.format('Schema "%s" holds %s%s.', schema_name, listed,
									   CASE WHEN listed_count OPERATOR(pg_catalog.>) 10::pg_catalog.int8
											THEN pg_catalog.format(' and %s more', listed_count OPERATOR(pg_catalog.-) 10::pg_catalog.int8)
											ELSE '' END),
			HINT = pg_catalog.format('Drop those objects or move them to another schema, or drop or rename schema "%s"; '
									 'then run CREATE EXTENSION deal again.', schema_name);
	END IF;
END
$check$;

-- Every role may use what the extension defines; only the schema's owner may add to it.
GRANT USAGE ON SCHEMA deal TO PUBLIC;
COMMENT ON SCHEMA deal IS 'deal: household graphs, risk scores and asset-to-need matching for integrated health and social care';

------------------------------------------------------------------------------------------
-- deal.nhs_number: an NHS number (10 digits, modulus 11 check digit), 8 bytes by value.
------------------------------------------------------------------------------------------

CREATE TYPE deal.nhs_number;

CREATE FUNCTION deal.nhs_number_in(pg_catalog.cstring) RETURNS deal.nhs_number
	AS 'MODULE_PATHNAME', 'nhs_number_in' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION deal.nhs_number_out(deal.nhs_number) RETURNS pg_catalog.cstring
	AS 'MODULE_PATHNAME', 'nhs_number_out' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION deal.nhs_number_recv(pg_catalog.internal) RETURNS deal.nhs_number
	AS 'MODULE_PATHNAME', 'nhs_number_recv' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION deal.nhs_number_send(deal.nhs_number) RETURNS pg_catalog.bytea
	AS 'MODULE_PATHNAME', 'nhs_number_send' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE deal.nhs_number (
	INPUT = deal.nhs_number_in,
	OUTPUT = deal.nhs_number_out,
	RECEIVE = deal.nhs_number_recv,
	SEND = deal.nhs_number_send,
	LIKE = pg_catalog.int8
);

COMMENT ON TYPE deal.nhs_number IS 'NHS number: 10 digits with a modulus 11 check digit, shown as 943 476 5919';
COMMENT ON FUNCTION deal.nhs_number_in(pg_catalog.cstring) IS 'text input of deal.nhs_number: 10 digits, optionally separated by single spaces or hyphens';
COMMENT ON FUNCTION deal.nhs_number_out(deal.nhs_number) IS 'text output of deal.nhs_number: 943 476 5919';
COMMENT ON FUNCTION deal.nhs_number_recv(pg_catalog.internal) IS 'binary input of deal.nhs_number: int8, validated like text input';
COMMENT ON FUNCTION deal.nhs_number_send(deal.nhs_number) IS 'binary output of deal.nhs_number: int8';

-- Comparison and hashing are PostgreSQL's int8 functions: the value is the number.
CREATE FUNCTION deal.nhs_number_eq(deal.nhs_number, deal.nhs_number) RETURNS pg_catalog.bool
	AS 'int8eq' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION deal.nhs_number_ne(deal.nhs_number, deal.nhs_number) RETURNS pg_catalog.bool
	AS 'int8ne' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION deal.nhs_number_lt(deal.nhs_number, deal.nhs_number) RETURNS pg_catalog.bool
	AS 'int8lt' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION deal.nhs_number_le(deal.nhs_number, deal.nhs_number) RETURNS pg_catalog.bool
	AS 'int8le' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION deal.nhs_number_gt(deal.nhs_number, deal.nhs_number) RETURNS pg_catalog.bool
	AS 'int8gt' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION deal.nhs_number_ge(deal.nhs_number, deal.nhs_number) RETURNS pg_catalog.bool
	AS 'int8ge' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION deal.nhs_number_cmp(deal.nhs_number, deal.nhs_number) RETURNS pg_catalog.int4
	AS 'btint8cmp' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION deal.nhs_number_hash(deal.nhs_number) RETURNS pg_catalog.int4
	AS 'hashint8' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION deal.nhs_number_hash_extended(deal.nhs_number, pg_catalog.int8) RETURNS pg_catalog.int8
	AS 'hashint8extended' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;

COMMENT ON FUNCTION deal.nhs_number_eq(deal.nhs_number, deal.nhs_number) IS 'implementation of = for deal.nhs_number';
COMMENT ON FUNCTION deal.nhs_number_ne(deal.nhs_number, deal.nhs_number) IS 'implementation of <> for deal.nhs_number';
COMMENT ON FUNCTION deal.nhs_number_lt(deal.nhs_number, deal.nhs_number) IS 'implementation of < for deal.nhs_number';
COMMENT ON FUNCTION deal.nhs_number_le(deal.nhs_number, deal.nhs_number) IS 'implementation of <= for deal.nhs_number';
COMMENT ON FUNCTION deal.nhs_number_gt(deal.nhs_number, deal.nhs_number) IS 'implementation of > for deal.nhs_number';
COMMENT ON FUNCTION deal.nhs_number_ge(deal.nhs_number, deal.nhs_number) IS 'implementation of >= for deal.nhs_number';
COMMENT ON FUNCTION deal.nhs_number_cmp(deal.nhs_number, deal.nhs_number) IS 'btree comparison of deal.nhs_number: numeric order';
COMMENT ON FUNCTION deal.nhs_number_hash(deal.nhs_number) IS 'hash of deal.nhs_number, equal to hashint8 of the number (frozen)';
COMMENT ON FUNCTION deal.nhs_number_hash_extended(deal.nhs_number, pg_catalog.int8) IS 'seeded 64-bit hash of deal.nhs_number, equal to hashint8extended of the number (frozen)';

CREATE OPERATOR deal.= (
	LEFTARG = deal.nhs_number, RIGHTARG = deal.nhs_number, FUNCTION = deal.nhs_number_eq,
	COMMUTATOR = OPERATOR(deal.=), NEGATOR = OPERATOR(deal.<>),
	RESTRICT = pg_catalog.eqsel, JOIN = pg_catalog.eqjoinsel, HASHES, MERGES
);
CREATE OPERATOR deal.<> (
	LEFTARG = deal.nhs_number, RIGHTARG = deal.nhs_number, FUNCTION = deal.nhs_number_ne,
	COMMUTATOR = OPERATOR(deal.<>), NEGATOR = OPERATOR(deal.=),
	RESTRICT = pg_catalog.neqsel, JOIN = pg_catalog.neqjoinsel
);
CREATE OPERATOR deal.< (
	LEFTARG = deal.nhs_number, RIGHTARG = deal.nhs_number, FUNCTION = deal.nhs_number_lt,
	COMMUTATOR = OPERATOR(deal.>), NEGATOR = OPERATOR(deal.>=),
	RESTRICT = pg_catalog.scalarltsel, JOIN = pg_catalog.scalarltjoinsel
);
CREATE OPERATOR deal.<= (
	LEFTARG = deal.nhs_number, RIGHTARG = deal.nhs_number, FUNCTION = deal.nhs_number_le,
	COMMUTATOR = OPERATOR(deal.>=), NEGATOR = OPERATOR(deal.>),
	RESTRICT = pg_catalog.scalarlesel, JOIN = pg_catalog.scalarlejoinsel
);
CREATE OPERATOR deal.> (
	LEFTARG = deal.nhs_number, RIGHTARG = deal.nhs_number, FUNCTION = deal.nhs_number_gt,
	COMMUTATOR = OPERATOR(deal.<), NEGATOR = OPERATOR(deal.<=),
	RESTRICT = pg_catalog.scalargtsel, JOIN = pg_catalog.scalargtjoinsel
);
CREATE OPERATOR deal.>= (
	LEFTARG = deal.nhs_number, RIGHTARG = deal.nhs_number, FUNCTION = deal.nhs_number_ge,
	COMMUTATOR = OPERATOR(deal.<=), NEGATOR = OPERATOR(deal.<),
	RESTRICT = pg_catalog.scalargesel, JOIN = pg_catalog.scalargejoinsel
);

COMMENT ON OPERATOR deal.= (deal.nhs_number, deal.nhs_number) IS 'equal';
COMMENT ON OPERATOR deal.<> (deal.nhs_number, deal.nhs_number) IS 'not equal';
COMMENT ON OPERATOR deal.< (deal.nhs_number, deal.nhs_number) IS 'less than';
COMMENT ON OPERATOR deal.<= (deal.nhs_number, deal.nhs_number) IS 'less than or equal';
COMMENT ON OPERATOR deal.> (deal.nhs_number, deal.nhs_number) IS 'greater than';
COMMENT ON OPERATOR deal.>= (deal.nhs_number, deal.nhs_number) IS 'greater than or equal';

CREATE OPERATOR CLASS deal.nhs_number_ops DEFAULT FOR TYPE deal.nhs_number USING btree AS
	OPERATOR 1 deal.<,
	OPERATOR 2 deal.<=,
	OPERATOR 3 deal.=,
	OPERATOR 4 deal.>=,
	OPERATOR 5 deal.>,
	FUNCTION 1 deal.nhs_number_cmp(deal.nhs_number, deal.nhs_number),
	FUNCTION 2 pg_catalog.btint8sortsupport(pg_catalog.internal),
	FUNCTION 4 pg_catalog.btequalimage(pg_catalog.oid);
CREATE OPERATOR CLASS deal.nhs_number_ops DEFAULT FOR TYPE deal.nhs_number USING hash AS
	OPERATOR 1 deal.=,
	FUNCTION 1 deal.nhs_number_hash(deal.nhs_number),
	FUNCTION 2 deal.nhs_number_hash_extended(deal.nhs_number, pg_catalog.int8);

COMMENT ON OPERATOR CLASS deal.nhs_number_ops USING btree IS 'default btree operator class for deal.nhs_number: numeric order, deduplication allowed';
COMMENT ON OPERATOR FAMILY deal.nhs_number_ops USING btree IS 'btree operators of deal.nhs_number';
COMMENT ON OPERATOR CLASS deal.nhs_number_ops USING hash IS 'default hash operator class for deal.nhs_number';
COMMENT ON OPERATOR FAMILY deal.nhs_number_ops USING hash IS 'hash operators of deal.nhs_number';

CREATE FUNCTION deal.nhs_number_smaller(deal.nhs_number, deal.nhs_number) RETURNS deal.nhs_number
	AS 'int8smaller' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION deal.nhs_number_larger(deal.nhs_number, deal.nhs_number) RETURNS deal.nhs_number
	AS 'int8larger' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE;
CREATE AGGREGATE deal.min(deal.nhs_number) (
	SFUNC = deal.nhs_number_smaller, STYPE = deal.nhs_number, COMBINEFUNC = deal.nhs_number_smaller,
	SORTOP = OPERATOR(deal.<), PARALLEL = SAFE
);
CREATE AGGREGATE deal.max(deal.nhs_number) (
	SFUNC = deal.nhs_number_larger, STYPE = deal.nhs_number, COMBINEFUNC = deal.nhs_number_larger,
	SORTOP = OPERATOR(deal.>), PARALLEL = SAFE
);
COMMENT ON FUNCTION deal.nhs_number_smaller(deal.nhs_number, deal.nhs_number) IS 'the smaller of two deal.nhs_number values';
COMMENT ON FUNCTION deal.nhs_number_larger(deal.nhs_number, deal.nhs_number) IS 'the larger of two deal.nhs_number values';
COMMENT ON AGGREGATE deal.min(deal.nhs_number) IS 'smallest deal.nhs_number; served by a btree index';
COMMENT ON AGGREGATE deal.max(deal.nhs_number) IS 'largest deal.nhs_number; served by a btree index';

CREATE FUNCTION deal.nhs_number(pg_catalog.int8) RETURNS deal.nhs_number
	AS 'MODULE_PATHNAME', 'nhs_number_from_int8' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION deal.nhs_number(pg_catalog.int8) IS 'NHS number from bigint; error 22023 unless 0..9999999999 with a correct check digit';

CREATE CAST (pg_catalog.int8 AS deal.nhs_number) WITH FUNCTION deal.nhs_number(pg_catalog.int8);
CREATE CAST (deal.nhs_number AS pg_catalog.int8) WITHOUT FUNCTION;
CREATE CAST (pg_catalog.text AS deal.nhs_number) WITH INOUT;
CREATE CAST (deal.nhs_number AS pg_catalog.text) WITH INOUT AS ASSIGNMENT;
COMMENT ON CAST (pg_catalog.int8 AS deal.nhs_number) IS 'validating: error 22023 for a number that fails the check digit';
COMMENT ON CAST (deal.nhs_number AS pg_catalog.int8) IS 'the number itself';
COMMENT ON CAST (pg_catalog.text AS deal.nhs_number) IS 'parses like text input: error 22P02 for an invalid number';
COMMENT ON CAST (deal.nhs_number AS pg_catalog.text) IS 'formatted as 943 476 5919';

CREATE FUNCTION deal.nhs_number_is_valid(pg_catalog.text) RETURNS pg_catalog.bool
	AS 'MODULE_PATHNAME', 'nhs_number_is_valid' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION deal.nhs_number_is_valid(pg_catalog.text) IS 'true if the text is a valid NHS number (as deal.nhs_number input accepts it); never raises an error';

CREATE FUNCTION deal.nhs_number_is_placeholder(deal.nhs_number) RETURNS pg_catalog.bool
	AS 'MODULE_PATHNAME', 'nhs_number_is_placeholder' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION deal.nhs_number_is_placeholder(deal.nhs_number) IS 'true for numbers never issued to a patient: ten equal digits (placeholders) and the test range 999 000 0000 to 999 999 9999';

------------------------------------------------------------------------------------------
-- deal.postcode: a UK postcode (BS 7666), normalised, 8 bytes by value, natural order.
------------------------------------------------------------------------------------------

CREATE TYPE deal.postcode;

CREATE FUNCTION deal.postcode_in(pg_catalog.cstring) RETURNS deal.postcode
	AS 'MODULE_PATHNAME', 'postcode_in' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION deal.postcode_out(deal.postcode) RETURNS pg_catalog.cstring
	AS 'MODULE_PATHNAME', 'postcode_out' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION deal.postcode_recv(pg_catalog.internal) RETURNS deal.postcode
	AS 'MODULE_PATHNAME', 'postcode_recv' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION deal.postcode_send(deal.postcode) RETURNS pg_catalog.bytea
	AS 'MODULE_PATHNAME', 'postcode_send' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE deal.postcode (
	INPUT = deal.postcode_in,
	OUTPUT = deal.postcode_out,
	RECEIVE = deal.postcode_recv,
	SEND = deal.postcode_send,
	LIKE = pg_catalog.int8
);

COMMENT ON TYPE deal.postcode IS 'UK postcode (BS 7666), normalised to upper case with one space: WN1 1AA; sorts by area, district number, then the rest';
COMMENT ON FUNCTION deal.postcode_in(pg_catalog.cstring) IS 'text input of deal.postcode: any case, with or without the space';
COMMENT ON FUNCTION deal.postcode_out(deal.postcode) IS 'text output of deal.postcode: WN1 1AA';
COMMENT ON FUNCTION deal.postcode_recv(pg_catalog.internal) IS 'binary input of deal.postcode: the ordered int8 encoding, validated like text input';
COMMENT ON FUNCTION deal.postcode_send(deal.postcode) IS 'binary output of deal.postcode: the ordered int8 encoding';

-- Comparison and hashing are PostgreSQL's int8 functions: the encoding orders naturally.
CREATE FUNCTION deal.postcode_eq(deal.postcode, deal.postcode) RETURNS pg_catalog.bool
	AS 'int8eq' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION deal.postcode_ne(deal.postcode, deal.postcode) RETURNS pg_catalog.bool
	AS 'int8ne' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION deal.postcode_lt(deal.postcode, deal.postcode) RETURNS pg_catalog.bool
	AS 'int8lt' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION deal.postcode_le(deal.postcode, deal.postcode) RETURNS pg_catalog.bool
	AS 'int8le' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION deal.postcode_gt(deal.postcode, deal.postcode) RETURNS pg_catalog.bool
	AS 'int8gt' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION deal.postcode_ge(deal.postcode, deal.postcode) RETURNS pg_catalog.bool
	AS 'int8ge' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION deal.postcode_cmp(deal.postcode, deal.postcode) RETURNS pg_catalog.int4
	AS 'btint8cmp' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION deal.postcode_hash(deal.postcode) RETURNS pg_catalog.int4
	AS 'hashint8' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION deal.postcode_hash_extended(deal.postcode, pg_catalog.int8) RETURNS pg_catalog.int8
	AS 'hashint8extended' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;

COMMENT ON FUNCTION deal.postcode_eq(deal.postcode, deal.postcode) IS 'implementation of = for deal.postcode';
COMMENT ON FUNCTION deal.postcode_ne(deal.postcode, deal.postcode) IS 'implementation of <> for deal.postcode';
COMMENT ON FUNCTION deal.postcode_lt(deal.postcode, deal.postcode) IS 'implementation of < for deal.postcode';
COMMENT ON FUNCTION deal.postcode_le(deal.postcode, deal.postcode) IS 'implementation of <= for deal.postcode';
COMMENT ON FUNCTION deal.postcode_gt(deal.postcode, deal.postcode) IS 'implementation of > for deal.postcode';
COMMENT ON FUNCTION deal.postcode_ge(deal.postcode, deal.postcode) IS 'implementation of >= for deal.postcode';
COMMENT ON FUNCTION deal.postcode_cmp(deal.postcode, deal.postcode) IS 'btree comparison of deal.postcode: area, district number, then the rest';
COMMENT ON FUNCTION deal.postcode_hash(deal.postcode) IS 'hash of deal.postcode, equal to hashint8 of its encoding (frozen)';
COMMENT ON FUNCTION deal.postcode_hash_extended(deal.postcode, pg_catalog.int8) IS 'seeded 64-bit hash of deal.postcode, equal to hashint8extended of its encoding (frozen)';

CREATE OPERATOR deal.= (
	LEFTARG = deal.postcode, RIGHTARG = deal.postcode, FUNCTION = deal.postcode_eq,
	COMMUTATOR = OPERATOR(deal.=), NEGATOR = OPERATOR(deal.<>),
	RESTRICT = pg_catalog.eqsel, JOIN = pg_catalog.eqjoinsel, HASHES, MERGES
);
CREATE OPERATOR deal.<> (
	LEFTARG = deal.postcode, RIGHTARG = deal.postcode, FUNCTION = deal.postcode_ne,
	COMMUTATOR = OPERATOR(deal.<>), NEGATOR = OPERATOR(deal.=),
	RESTRICT = pg_catalog.neqsel, JOIN = pg_catalog.neqjoinsel
);
CREATE OPERATOR deal.< (
	LEFTARG = deal.postcode, RIGHTARG = deal.postcode, FUNCTION = deal.postcode_lt,
	COMMUTATOR = OPERATOR(deal.>), NEGATOR = OPERATOR(deal.>=),
	RESTRICT = pg_catalog.scalarltsel, JOIN = pg_catalog.scalarltjoinsel
);
CREATE OPERATOR deal.<= (
	LEFTARG = deal.postcode, RIGHTARG = deal.postcode, FUNCTION = deal.postcode_le,
	COMMUTATOR = OPERATOR(deal.>=), NEGATOR = OPERATOR(deal.>),
	RESTRICT = pg_catalog.scalarlesel, JOIN = pg_catalog.scalarlejoinsel
);
CREATE OPERATOR deal.> (
	LEFTARG = deal.postcode, RIGHTARG = deal.postcode, FUNCTION = deal.postcode_gt,
	COMMUTATOR = OPERATOR(deal.<), NEGATOR = OPERATOR(deal.<=),
	RESTRICT = pg_catalog.scalargtsel, JOIN = pg_catalog.scalargtjoinsel
);
CREATE OPERATOR deal.>= (
	LEFTARG = deal.postcode, RIGHTARG = deal.postcode, FUNCTION = deal.postcode_ge,
	COMMUTATOR = OPERATOR(deal.<=), NEGATOR = OPERATOR(deal.<),
	RESTRICT = pg_catalog.scalargesel, JOIN = pg_catalog.scalargejoinsel
);

COMMENT ON OPERATOR deal.= (deal.postcode, deal.postcode) IS 'equal';
COMMENT ON OPERATOR deal.<> (deal.postcode, deal.postcode) IS 'not equal';
COMMENT ON OPERATOR deal.< (deal.postcode, deal.postcode) IS 'sorts before';
COMMENT ON OPERATOR deal.<= (deal.postcode, deal.postcode) IS 'sorts before or equal';
COMMENT ON OPERATOR deal.> (deal.postcode, deal.postcode) IS 'sorts after';
COMMENT ON OPERATOR deal.>= (deal.postcode, deal.postcode) IS 'sorts after or equal';

CREATE OPERATOR CLASS deal.postcode_ops DEFAULT FOR TYPE deal.postcode USING btree AS
	OPERATOR 1 deal.<,
	OPERATOR 2 deal.<=,
	OPERATOR 3 deal.=,
	OPERATOR 4 deal.>=,
	OPERATOR 5 deal.>,
	FUNCTION 1 deal.postcode_cmp(deal.postcode, deal.postcode),
	FUNCTION 2 pg_catalog.btint8sortsupport(pg_catalog.internal),
	FUNCTION 4 pg_catalog.btequalimage(pg_catalog.oid);
CREATE OPERATOR CLASS deal.postcode_ops DEFAULT FOR TYPE deal.postcode USING hash AS
	OPERATOR 1 deal.=,
	FUNCTION 1 deal.postcode_hash(deal.postcode),
	FUNCTION 2 deal.postcode_hash_extended(deal.postcode, pg_catalog.int8);

COMMENT ON OPERATOR CLASS deal.postcode_ops USING btree IS 'default btree operator class for deal.postcode: natural order, deduplication allowed';
COMMENT ON OPERATOR FAMILY deal.postcode_ops USING btree IS 'btree operators of deal.postcode';
COMMENT ON OPERATOR CLASS deal.postcode_ops USING hash IS 'default hash operator class for deal.postcode';
COMMENT ON OPERATOR FAMILY deal.postcode_ops USING hash IS 'hash operators of deal.postcode';

CREATE FUNCTION deal.postcode_smaller(deal.postcode, deal.postcode) RETURNS deal.postcode
	AS 'int8smaller' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION deal.postcode_larger(deal.postcode, deal.postcode) RETURNS deal.postcode
	AS 'int8larger' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE;
CREATE AGGREGATE deal.min(deal.postcode) (
	SFUNC = deal.postcode_smaller, STYPE = deal.postcode, COMBINEFUNC = deal.postcode_smaller,
	SORTOP = OPERATOR(deal.<), PARALLEL = SAFE
);
CREATE AGGREGATE deal.max(deal.postcode) (
	SFUNC = deal.postcode_larger, STYPE = deal.postcode, COMBINEFUNC = deal.postcode_larger,
	SORTOP = OPERATOR(deal.>), PARALLEL = SAFE
);
COMMENT ON FUNCTION deal.postcode_smaller(deal.postcode, deal.postcode) IS 'the smaller of two deal.postcode values';
COMMENT ON FUNCTION deal.postcode_larger(deal.postcode, deal.postcode) IS 'the larger of two deal.postcode values';
COMMENT ON AGGREGATE deal.min(deal.postcode) IS 'smallest deal.postcode; served by a btree index';
COMMENT ON AGGREGATE deal.max(deal.postcode) IS 'largest deal.postcode; served by a btree index';

CREATE CAST (pg_catalog.text AS deal.postcode) WITH INOUT;
CREATE CAST (deal.postcode AS pg_catalog.text) WITH INOUT AS ASSIGNMENT;
COMMENT ON CAST (pg_catalog.text AS deal.postcode) IS 'parses and normalises like text input: error 22P02 for an invalid postcode';
COMMENT ON CAST (deal.postcode AS pg_catalog.text) IS 'normalised: WN1 1AA';

CREATE FUNCTION deal.postcode_is_valid(pg_catalog.text) RETURNS pg_catalog.bool
	AS 'MODULE_PATHNAME', 'postcode_is_valid' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION deal.postcode_area(deal.postcode) RETURNS pg_catalog.text
	AS 'MODULE_PATHNAME', 'postcode_area' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION deal.postcode_district(deal.postcode) RETURNS pg_catalog.text
	AS 'MODULE_PATHNAME', 'postcode_district' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION deal.postcode_sector(deal.postcode) RETURNS pg_catalog.text
	AS 'MODULE_PATHNAME', 'postcode_sector' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION deal.postcode_outward(deal.postcode) RETURNS pg_catalog.text
	AS 'MODULE_PATHNAME', 'postcode_outward' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION deal.postcode_inward(deal.postcode) RETURNS pg_catalog.text
	AS 'MODULE_PATHNAME', 'postcode_inward' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION deal.postcode_is_valid(pg_catalog.text) IS 'true if the text is a valid postcode (as deal.postcode input accepts it); never raises an error';
COMMENT ON FUNCTION deal.postcode_area(deal.postcode) IS 'postcode area, the leading letters: WN';
COMMENT ON FUNCTION deal.postcode_district(deal.postcode) IS 'postcode district, the outward code: WN1';
COMMENT ON FUNCTION deal.postcode_sector(deal.postcode) IS 'postcode sector, the outward code and the first inward digit: WN1 1';
COMMENT ON FUNCTION deal.postcode_outward(deal.postcode) IS 'outward code: WN1';
COMMENT ON FUNCTION deal.postcode_inward(deal.postcode) IS 'inward code: 1AA';

------------------------------------------------------------------------------------------
-- deal.uprn: Unique Property Reference Number, 1..999999999999.
------------------------------------------------------------------------------------------

CREATE DOMAIN deal.uprn AS pg_catalog.int8
	CONSTRAINT uprn_range CHECK (VALUE OPERATOR(pg_catalog.>=) 1 AND VALUE OPERATOR(pg_catalog.<=) 999999999999);
COMMENT ON DOMAIN deal.uprn IS 'Unique Property Reference Number: an integer from 1 to 999999999999, the key of an address';

CREATE FUNCTION deal.uprn_padded(deal.uprn) RETURNS pg_catalog.text
	LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
	RETURN pg_catalog.lpad(CAST($1 AS pg_catalog.text), 12, '0');
COMMENT ON FUNCTION deal.uprn_padded(deal.uprn) IS 'UPRN as 12 digits with leading zeros: 000010023456';

------------------------------------------------------------------------------------------
-- deal.pseudonym: keyed HMAC-SHA256, for joinable pseudonyms.
------------------------------------------------------------------------------------------

CREATE FUNCTION deal.pseudonym(value pg_catalog.text, key pg_catalog.bytea) RETURNS pg_catalog.text
	AS 'MODULE_PATHNAME', 'pseudonym_text' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION deal.pseudonym(value deal.nhs_number, key pg_catalog.bytea) RETURNS pg_catalog.text
	AS 'MODULE_PATHNAME', 'pseudonym_nhs_number' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION deal.pseudonym(pg_catalog.text, pg_catalog.bytea) IS 'keyed pseudonym: hex HMAC-SHA256 of the value under a key of at least 16 bytes; stable for one key, unlinkable without it';
COMMENT ON FUNCTION deal.pseudonym(deal.nhs_number, pg_catalog.bytea) IS 'keyed pseudonym of an NHS number: the pseudonym of its ten bare digits, so it joins with text columns pseudonymised under the same key';

------------------------------------------------------------------------------------------
-- deal.graph: people, households, professionals and the typed, dated links between them.
------------------------------------------------------------------------------------------

CREATE TYPE deal.graph;

CREATE FUNCTION deal.graph_in(pg_catalog.cstring) RETURNS deal.graph
	AS 'MODULE_PATHNAME', 'graph_in' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION deal.graph_out(deal.graph) RETURNS pg_catalog.cstring
	AS 'MODULE_PATHNAME', 'graph_out' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION deal.graph_recv(pg_catalog.internal) RETURNS deal.graph
	AS 'MODULE_PATHNAME', 'graph_recv' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION deal.graph_send(deal.graph) RETURNS pg_catalog.bytea
	AS 'MODULE_PATHNAME', 'graph_send' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE deal.graph (
	INPUT = deal.graph_in,
	OUTPUT = deal.graph_out,
	RECEIVE = deal.graph_recv,
	SEND = deal.graph_send,
	INTERNALLENGTH = VARIABLE,
	ALIGNMENT = int4,
	STORAGE = extended
);

COMMENT ON TYPE deal.graph IS 'household graph: nodes (kind, id) and typed edges with optional validity dates, stored compactly; text form {person:1 -parent_of-> person:2 [2020-01-01,); person:3}';
COMMENT ON FUNCTION deal.graph_in(pg_catalog.cstring) IS 'text input of deal.graph: an edge list {src -kind-> dst [from,to); node; ...}';
COMMENT ON FUNCTION deal.graph_out(deal.graph) IS 'text output of deal.graph: every edge in canonical order, then nodes without edges; round-trips exactly';
COMMENT ON FUNCTION deal.graph_recv(pg_catalog.internal) IS 'binary input of deal.graph, validated and canonicalised like text input';
COMMENT ON FUNCTION deal.graph_send(deal.graph) IS 'binary output of deal.graph: kinds, nodes and edges as big-endian integers';

-- graph_agg: the aggregate that builds a graph from the caller's rows.  Its state is a
-- deal.graph (expanded in memory while rows arrive), so parallel query and Citus split it.
CREATE FUNCTION deal.graph_agg_transfn(deal.graph, pg_catalog.text, pg_catalog.int8, pg_catalog.text, pg_catalog.int8, pg_catalog.text)
	RETURNS deal.graph
	AS 'MODULE_PATHNAME', 'graph_agg_transfn' LANGUAGE C IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE;
CREATE FUNCTION deal.graph_agg_transfn(deal.graph, pg_catalog.text, pg_catalog.int8, pg_catalog.text, pg_catalog.int8, pg_catalog.text, pg_catalog.daterange)
	RETURNS deal.graph
	AS 'MODULE_PATHNAME', 'graph_agg_transfn' LANGUAGE C IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE;
CREATE FUNCTION deal.graph_agg_transfn(deal.graph, pg_catalog.int8, pg_catalog.int8)
	RETURNS deal.graph
	AS 'MODULE_PATHNAME', 'graph_agg_short_transfn' LANGUAGE C IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE;
CREATE FUNCTION deal.graph_agg_transfn(deal.graph, pg_catalog.int8, pg_catalog.int8, pg_catalog.text)
	RETURNS deal.graph
	AS 'MODULE_PATHNAME', 'graph_agg_short_transfn' LANGUAGE C IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE;
CREATE FUNCTION deal.graph_agg_finalfn(deal.graph) RETURNS deal.graph
	AS 'MODULE_PATHNAME', 'graph_agg_finalfn' LANGUAGE C IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE;
CREATE FUNCTION deal.graph_agg_combinefn(deal.graph, deal.graph) RETURNS deal.graph
	AS 'MODULE_PATHNAME', 'graph_agg_combinefn' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION deal.graph_agg_transfn(deal.graph, pg_catalog.text, pg_catalog.int8, pg_catalog.text, pg_catalog.int8, pg_catalog.text) IS 'transition function of deal.graph_agg: adds one edge';
COMMENT ON FUNCTION deal.graph_agg_transfn(deal.graph, pg_catalog.text, pg_catalog.int8, pg_catalog.text, pg_catalog.int8, pg_catalog.text, pg_catalog.daterange) IS 'transition function of deal.graph_agg: adds one dated edge';
COMMENT ON FUNCTION deal.graph_agg_transfn(deal.graph, pg_catalog.int8, pg_catalog.int8) IS 'transition function of the short deal.graph_agg: adds one edge between nodes of kind node';
COMMENT ON FUNCTION deal.graph_agg_transfn(deal.graph, pg_catalog.int8, pg_catalog.int8, pg_catalog.text) IS 'transition function of the short deal.graph_agg: adds one typed edge between nodes of kind node';
COMMENT ON FUNCTION deal.graph_agg_finalfn(deal.graph) IS 'final function of deal.graph_agg: the canonical graph (sorted, deduplicated) of the state';
COMMENT ON FUNCTION deal.graph_agg_combinefn(deal.graph, deal.graph) IS 'combine function of deal.graph_agg, for parallel query and Citus: adds the second graph''s nodes and edges to the first (outside an aggregate, their union)';

-- SSPACE, here and on every aggregate whose state is expanded in memory: the state's size in
-- memory at its usual grouping, as measured (test/bench/aggregates.sql prints both), which the planner
-- weighs when it chooses hash aggregation; the flat type's width would be a gross underestimate
-- (a household's graph_agg state holds about 1.4 KB, a person's profile_agg 800 bytes, a
-- person's peak_events 230 bytes).
CREATE AGGREGATE deal.graph_agg(src_kind pg_catalog.text, src_id pg_catalog.int8, dst_kind pg_catalog.text, dst_id pg_catalog.int8, edge_kind pg_catalog.text) (
	SFUNC = deal.graph_agg_transfn, STYPE = deal.graph, SSPACE = 1536, FINALFUNC = deal.graph_agg_finalfn,
	COMBINEFUNC = deal.graph_agg_combinefn, PARALLEL = SAFE
);
CREATE AGGREGATE deal.graph_agg(src_kind pg_catalog.text, src_id pg_catalog.int8, dst_kind pg_catalog.text, dst_id pg_catalog.int8, edge_kind pg_catalog.text, during pg_catalog.daterange) (
	SFUNC = deal.graph_agg_transfn, STYPE = deal.graph, SSPACE = 1536, FINALFUNC = deal.graph_agg_finalfn,
	COMBINEFUNC = deal.graph_agg_combinefn, PARALLEL = SAFE
);
CREATE AGGREGATE deal.graph_agg(src pg_catalog.int8, dst pg_catalog.int8) (
	SFUNC = deal.graph_agg_transfn, STYPE = deal.graph, SSPACE = 1536, FINALFUNC = deal.graph_agg_finalfn,
	COMBINEFUNC = deal.graph_agg_combinefn, PARALLEL = SAFE
);
CREATE AGGREGATE deal.graph_agg(src pg_catalog.int8, dst pg_catalog.int8, edge_kind pg_catalog.text) (
	SFUNC = deal.graph_agg_transfn, STYPE = deal.graph, SSPACE = 1536, FINALFUNC = deal.graph_agg_finalfn,
	COMBINEFUNC = deal.graph_agg_combinefn, PARALLEL = SAFE
);

COMMENT ON AGGREGATE deal.graph_agg(pg_catalog.text, pg_catalog.int8, pg_catalog.text, pg_catalog.int8, pg_catalog.text) IS 'graph of the edges (src_kind, src_id) -edge_kind-> (dst_kind, dst_id); a NULL destination adds the source alone, a NULL source skips the row';
COMMENT ON AGGREGATE deal.graph_agg(pg_catalog.text, pg_catalog.int8, pg_catalog.text, pg_catalog.int8, pg_catalog.text, pg_catalog.daterange) IS 'graph of edges valid during a daterange (NULL: always), for as_of queries';
COMMENT ON AGGREGATE deal.graph_agg(pg_catalog.int8, pg_catalog.int8) IS 'graph of edges src -> dst between nodes of kind node, edges of kind edge';
COMMENT ON AGGREGATE deal.graph_agg(pg_catalog.int8, pg_catalog.int8, pg_catalog.text) IS 'graph of typed edges src -> dst between nodes of kind node';

-- Readers.  kinds: edge kinds to follow (NULL: all); as_of: only edges valid that day (NULL: any).
CREATE FUNCTION deal.components(g deal.graph, kinds pg_catalog.text[] DEFAULT NULL, as_of pg_catalog.date DEFAULT NULL)
	RETURNS TABLE (node_kind pg_catalog.text, node_id pg_catalog.int8, component pg_catalog.int4)
	AS 'MODULE_PATHNAME', 'graph_components_srf' LANGUAGE C IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE ROWS 10000;
CREATE FUNCTION deal.neighbourhood(g deal.graph, kind pg_catalog.text, id pg_catalog.int8, hops pg_catalog.int4, kinds pg_catalog.text[] DEFAULT NULL, as_of pg_catalog.date DEFAULT NULL)
	RETURNS TABLE (node_kind pg_catalog.text, node_id pg_catalog.int8, hops pg_catalog.int4)
	AS 'MODULE_PATHNAME', 'graph_neighbourhood_srf' LANGUAGE C IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE ROWS 20;
CREATE FUNCTION deal.shortest_path(g deal.graph, from_kind pg_catalog.text, from_id pg_catalog.int8, to_kind pg_catalog.text, to_id pg_catalog.int8, kinds pg_catalog.text[] DEFAULT NULL, as_of pg_catalog.date DEFAULT NULL)
	RETURNS TABLE (step pg_catalog.int4, node_kind pg_catalog.text, node_id pg_catalog.int8, edge_kind pg_catalog.text)
	AS 'MODULE_PATHNAME', 'graph_shortest_path_srf' LANGUAGE C IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE ROWS 5;
CREATE FUNCTION deal.articulation_points(g deal.graph, kinds pg_catalog.text[] DEFAULT NULL, as_of pg_catalog.date DEFAULT NULL)
	RETURNS TABLE (node_kind pg_catalog.text, node_id pg_catalog.int8)
	AS 'MODULE_PATHNAME', 'graph_articulation_points_srf' LANGUAGE C IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE ROWS 100;
CREATE FUNCTION deal.team_around_family(g deal.graph, family_kinds pg_catalog.text[], involvement_kinds pg_catalog.text[], as_of pg_catalog.date DEFAULT NULL)
	RETURNS TABLE (component pg_catalog.int4, members pg_catalog.int4, professionals pg_catalog.int4, lead_kind pg_catalog.text, lead_id pg_catalog.int8, lead_reach pg_catalog.int4)
	AS 'MODULE_PATHNAME', 'graph_team_around_family_srf' LANGUAGE C IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE ROWS 1000;
CREATE FUNCTION deal.to_dot(g deal.graph, kinds pg_catalog.text[] DEFAULT NULL, as_of pg_catalog.date DEFAULT NULL)
	RETURNS pg_catalog.text
	AS 'MODULE_PATHNAME', 'graph_to_dot_text' LANGUAGE C IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE;
CREATE FUNCTION deal.graph_nodes(g deal.graph) RETURNS pg_catalog.int8
	AS 'MODULE_PATHNAME', 'graph_nodes_count' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION deal.graph_edges(g deal.graph) RETURNS pg_catalog.int8
	AS 'MODULE_PATHNAME', 'graph_edges_count' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION deal.components(deal.graph, pg_catalog.text[], pg_catalog.date) IS 'connected components (undirected) over the chosen edges: every node with its component, numbered 1..C by each component''s smallest (kind, id)';
COMMENT ON FUNCTION deal.neighbourhood(deal.graph, pg_catalog.text, pg_catalog.int8, pg_catalog.int4, pg_catalog.text[], pg_catalog.date) IS 'nodes within hops edges of (kind, id), nearest first, breadth-first; a start not in the graph gives itself at hop 0; NULL hops: the whole component';
COMMENT ON FUNCTION deal.shortest_path(deal.graph, pg_catalog.text, pg_catalog.int8, pg_catalog.text, pg_catalog.int8, pg_catalog.text[], pg_catalog.date) IS 'a path with fewest edges between two nodes, one row per step with the kind of the edge taken; no rows if none';
COMMENT ON FUNCTION deal.articulation_points(deal.graph, pg_catalog.text[], pg_catalog.date) IS 'nodes whose removal splits their component: the people who hold a network together';
COMMENT ON FUNCTION deal.team_around_family(deal.graph, pg_catalog.text[], pg_catalog.text[], pg_catalog.date) IS 'one row per family (a component over family edges with at least one such edge): members, distinct professionals linked by involvement edges, and the lead, the professional linked to most members (ties to the smallest kind, id)';
COMMENT ON FUNCTION deal.to_dot(deal.graph, pg_catalog.text[], pg_catalog.date) IS 'Graphviz digraph of the graph: nodes labelled kind:id, edges labelled by kind; draw with dot -Tpng';
COMMENT ON FUNCTION deal.graph_nodes(deal.graph) IS 'number of nodes';
COMMENT ON FUNCTION deal.graph_edges(deal.graph) IS 'number of distinct edges';

------------------------------------------------------------------------------------------
-- deal.profile: labelled weights for needs, interests, offers and model coefficients.
------------------------------------------------------------------------------------------

CREATE TYPE deal.profile;

CREATE FUNCTION deal.profile_in(pg_catalog.cstring) RETURNS deal.profile
	AS 'MODULE_PATHNAME', 'profile_in' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION deal.profile_out(deal.profile) RETURNS pg_catalog.cstring
	AS 'MODULE_PATHNAME', 'profile_out' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION deal.profile_recv(pg_catalog.internal) RETURNS deal.profile
	AS 'MODULE_PATHNAME', 'profile_recv' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION deal.profile_send(deal.profile) RETURNS pg_catalog.bytea
	AS 'MODULE_PATHNAME', 'profile_send' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE deal.profile (
	INPUT = deal.profile_in,
	OUTPUT = deal.profile_out,
	RECEIVE = deal.profile_recv,
	SEND = deal.profile_send,
	INTERNALLENGTH = VARIABLE,
	ALIGNMENT = int4,
	STORAGE = extended
);

COMMENT ON TYPE deal.profile IS 'labelled weights, debt:0.9, loneliness:0.6, gardening (a bare label weighs 1): needs, interests, offers, model coefficients';
COMMENT ON FUNCTION deal.profile_in(pg_catalog.cstring) IS 'text input of deal.profile: label[:weight], ...; labels case-folded, each at most once, weights finite';
COMMENT ON FUNCTION deal.profile_out(deal.profile) IS 'text output of deal.profile: sorted by label, weight 1 left implicit; round-trips exactly';
COMMENT ON FUNCTION deal.profile_recv(pg_catalog.internal) IS 'binary input of deal.profile, validated like text input';
COMMENT ON FUNCTION deal.profile_send(deal.profile) IS 'binary output of deal.profile: count, then each label and its float8 weight';

CREATE FUNCTION deal.profile_cmp(deal.profile, deal.profile) RETURNS pg_catalog.int4
	AS 'MODULE_PATHNAME', 'profile_cmp' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION deal.profile_eq(deal.profile, deal.profile) RETURNS pg_catalog.bool
	AS 'MODULE_PATHNAME', 'profile_eq' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION deal.profile_ne(deal.profile, deal.profile) RETURNS pg_catalog.bool
	AS 'MODULE_PATHNAME', 'profile_ne' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION deal.profile_lt(deal.profile, deal.profile) RETURNS pg_catalog.bool
	AS 'MODULE_PATHNAME', 'profile_lt' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION deal.profile_le(deal.profile, deal.profile) RETURNS pg_catalog.bool
	AS 'MODULE_PATHNAME', 'profile_le' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION deal.profile_gt(deal.profile, deal.profile) RETURNS pg_catalog.bool
	AS 'MODULE_PATHNAME', 'profile_gt' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION deal.profile_ge(deal.profile, deal.profile) RETURNS pg_catalog.bool
	AS 'MODULE_PATHNAME', 'profile_ge' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION deal.profile_hash(deal.profile) RETURNS pg_catalog.int4
	AS 'MODULE_PATHNAME', 'profile_hash' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION deal.profile_hash_extended(deal.profile, pg_catalog.int8) RETURNS pg_catalog.int8
	AS 'MODULE_PATHNAME', 'profile_hash_extended' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION deal.profile_cmp(deal.profile, deal.profile) IS 'btree comparison of deal.profile: label by label, then weight by weight';
COMMENT ON FUNCTION deal.profile_eq(deal.profile, deal.profile) IS 'implementation of = for deal.profile';
COMMENT ON FUNCTION deal.profile_ne(deal.profile, deal.profile) IS 'implementation of <> for deal.profile';
COMMENT ON FUNCTION deal.profile_lt(deal.profile, deal.profile) IS 'implementation of < for deal.profile';
COMMENT ON FUNCTION deal.profile_le(deal.profile, deal.profile) IS 'implementation of <= for deal.profile';
COMMENT ON FUNCTION deal.profile_gt(deal.profile, deal.profile) IS 'implementation of > for deal.profile';
COMMENT ON FUNCTION deal.profile_ge(deal.profile, deal.profile) IS 'implementation of >= for deal.profile';
COMMENT ON FUNCTION deal.profile_hash(deal.profile) IS 'hash of deal.profile, of its canonical form (frozen)';
COMMENT ON FUNCTION deal.profile_hash_extended(deal.profile, pg_catalog.int8) IS 'seeded 64-bit hash of deal.profile (frozen)';

CREATE OPERATOR deal.= (
	LEFTARG = deal.profile, RIGHTARG = deal.profile, FUNCTION = deal.profile_eq,
	COMMUTATOR = OPERATOR(deal.=), NEGATOR = OPERATOR(deal.<>),
	RESTRICT = pg_catalog.eqsel, JOIN = pg_catalog.eqjoinsel, HASHES, MERGES
);
CREATE OPERATOR deal.<> (
	LEFTARG = deal.profile, RIGHTARG = deal.profile, FUNCTION = deal.profile_ne,
	COMMUTATOR = OPERATOR(deal.<>), NEGATOR = OPERATOR(deal.=),
	RESTRICT = pg_catalog.neqsel, JOIN = pg_catalog.neqjoinsel
);
CREATE OPERATOR deal.< (
	LEFTARG = deal.profile, RIGHTARG = deal.profile, FUNCTION = deal.profile_lt,
	COMMUTATOR = OPERATOR(deal.>), NEGATOR = OPERATOR(deal.>=),
	RESTRICT = pg_catalog.scalarltsel, JOIN = pg_catalog.scalarltjoinsel
);
CREATE OPERATOR deal.<= (
	LEFTARG = deal.profile, RIGHTARG = deal.profile, FUNCTION = deal.profile_le,
	COMMUTATOR = OPERATOR(deal.>=), NEGATOR = OPERATOR(deal.>),
	RESTRICT = pg_catalog.scalarlesel, JOIN = pg_catalog.scalarlejoinsel
);
CREATE OPERATOR deal.> (
	LEFTARG = deal.profile, RIGHTARG = deal.profile, FUNCTION = deal.profile_gt,
	COMMUTATOR = OPERATOR(deal.<), NEGATOR = OPERATOR(deal.<=),
	RESTRICT = pg_catalog.scalargtsel, JOIN = pg_catalog.scalargtjoinsel
);
CREATE OPERATOR deal.>= (
	LEFTARG = deal.profile, RIGHTARG = deal.profile, FUNCTION = deal.profile_ge,
	COMMUTATOR = OPERATOR(deal.<=), NEGATOR = OPERATOR(deal.<),
	RESTRICT = pg_catalog.scalargesel, JOIN = pg_catalog.scalargejoinsel
);
COMMENT ON OPERATOR deal.= (deal.profile, deal.profile) IS 'equal: same labels with the same weights';
COMMENT ON OPERATOR deal.<> (deal.profile, deal.profile) IS 'not equal';
COMMENT ON OPERATOR deal.< (deal.profile, deal.profile) IS 'sorts before';
COMMENT ON OPERATOR deal.<= (deal.profile, deal.profile) IS 'sorts before or equal';
COMMENT ON OPERATOR deal.> (deal.profile, deal.profile) IS 'sorts after';
COMMENT ON OPERATOR deal.>= (deal.profile, deal.profile) IS 'sorts after or equal';

CREATE OPERATOR CLASS deal.profile_ops DEFAULT FOR TYPE deal.profile USING btree AS
	OPERATOR 1 deal.<,
	OPERATOR 2 deal.<=,
	OPERATOR 3 deal.=,
	OPERATOR 4 deal.>=,
	OPERATOR 5 deal.>,
	FUNCTION 1 deal.profile_cmp(deal.profile, deal.profile);
CREATE OPERATOR CLASS deal.profile_ops DEFAULT FOR TYPE deal.profile USING hash AS
	OPERATOR 1 deal.=,
	FUNCTION 1 deal.profile_hash(deal.profile),
	FUNCTION 2 deal.profile_hash_extended(deal.profile, pg_catalog.int8);
COMMENT ON OPERATOR CLASS deal.profile_ops USING btree IS 'default btree operator class for deal.profile';
COMMENT ON OPERATOR FAMILY deal.profile_ops USING btree IS 'btree operators of deal.profile';
COMMENT ON OPERATOR CLASS deal.profile_ops USING hash IS 'default hash operator class for deal.profile';
COMMENT ON OPERATOR FAMILY deal.profile_ops USING hash IS 'hash operators of deal.profile';

-- The algebra.
CREATE FUNCTION deal.profile_overlap(deal.profile, deal.profile) RETURNS pg_catalog.bool
	AS 'MODULE_PATHNAME', 'profile_overlap' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION deal.profile_contains(deal.profile, deal.profile) RETURNS pg_catalog.bool
	AS 'MODULE_PATHNAME', 'profile_contains_op' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION deal.profile_contained(deal.profile, deal.profile) RETURNS pg_catalog.bool
	AS 'MODULE_PATHNAME', 'profile_contained_op' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION deal.profile_exists(deal.profile, pg_catalog.text) RETURNS pg_catalog.bool
	AS 'MODULE_PATHNAME', 'profile_exists' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION deal.profile_get(deal.profile, pg_catalog.text) RETURNS pg_catalog.float8
	AS 'MODULE_PATHNAME', 'profile_get' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION deal.profile_add(deal.profile, deal.profile) RETURNS deal.profile
	AS 'MODULE_PATHNAME', 'profile_add_op' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION deal.profile_scale(deal.profile, pg_catalog.float8) RETURNS deal.profile
	AS 'MODULE_PATHNAME', 'profile_scale' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION deal.profile_scale(pg_catalog.float8, deal.profile) RETURNS deal.profile
	AS 'MODULE_PATHNAME', 'profile_scale_left' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION deal.profile_distance(deal.profile, deal.profile) RETURNS pg_catalog.float8
	AS 'MODULE_PATHNAME', 'profile_distance' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION deal.profile_overlap(deal.profile, deal.profile) IS 'implementation of &&: do the profiles share a label?';
COMMENT ON FUNCTION deal.profile_contains(deal.profile, deal.profile) IS 'implementation of @>: has the first every label of the second?';
COMMENT ON FUNCTION deal.profile_contained(deal.profile, deal.profile) IS 'implementation of <@: is every label of the first in the second?';
COMMENT ON FUNCTION deal.profile_exists(deal.profile, pg_catalog.text) IS 'implementation of ?: has the profile this label (any case)?';
COMMENT ON FUNCTION deal.profile_get(deal.profile, pg_catalog.text) IS 'implementation of ->: the weight of a label, NULL if absent';
COMMENT ON FUNCTION deal.profile_add(deal.profile, deal.profile) IS 'implementation of +: label-wise sum';
COMMENT ON FUNCTION deal.profile_scale(deal.profile, pg_catalog.float8) IS 'implementation of *: every weight times a number';
COMMENT ON FUNCTION deal.profile_scale(pg_catalog.float8, deal.profile) IS 'implementation of *: every weight times a number';
COMMENT ON FUNCTION deal.profile_distance(deal.profile, deal.profile) IS 'implementation of <=>: cosine distance, 1 - cosine';

CREATE OPERATOR deal.&& (
	LEFTARG = deal.profile, RIGHTARG = deal.profile, FUNCTION = deal.profile_overlap,
	COMMUTATOR = OPERATOR(deal.&&), RESTRICT = pg_catalog.contsel, JOIN = pg_catalog.contjoinsel
);
CREATE OPERATOR deal.@> (
	LEFTARG = deal.profile, RIGHTARG = deal.profile, FUNCTION = deal.profile_contains,
	COMMUTATOR = OPERATOR(deal.<@), RESTRICT = pg_catalog.contsel, JOIN = pg_catalog.contjoinsel
);
CREATE OPERATOR deal.<@ (
	LEFTARG = deal.profile, RIGHTARG = deal.profile, FUNCTION = deal.profile_contained,
	COMMUTATOR = OPERATOR(deal.@>), RESTRICT = pg_catalog.contsel, JOIN = pg_catalog.contjoinsel
);
CREATE OPERATOR deal.? (
	LEFTARG = deal.profile, RIGHTARG = pg_catalog.text, FUNCTION = deal.profile_exists,
	RESTRICT = pg_catalog.contsel, JOIN = pg_catalog.contjoinsel
);
CREATE OPERATOR deal.-> (
	LEFTARG = deal.profile, RIGHTARG = pg_catalog.text, FUNCTION = deal.profile_get
);
CREATE OPERATOR deal.+ (
	LEFTARG = deal.profile, RIGHTARG = deal.profile, FUNCTION = deal.profile_add,
	COMMUTATOR = OPERATOR(deal.+)
);
CREATE OPERATOR deal.* (
	LEFTARG = deal.profile, RIGHTARG = pg_catalog.float8, FUNCTION = deal.profile_scale,
	COMMUTATOR = OPERATOR(deal.*)
);
CREATE OPERATOR deal.* (
	LEFTARG = pg_catalog.float8, RIGHTARG = deal.profile, FUNCTION = deal.profile_scale,
	COMMUTATOR = OPERATOR(deal.*)
);
CREATE OPERATOR deal.<=> (
	LEFTARG = deal.profile, RIGHTARG = deal.profile, FUNCTION = deal.profile_distance,
	COMMUTATOR = OPERATOR(deal.<=>)
);
COMMENT ON OPERATOR deal.&& (deal.profile, deal.profile) IS 'overlap: share at least one label';
COMMENT ON OPERATOR deal.@> (deal.profile, deal.profile) IS 'contains every label of';
COMMENT ON OPERATOR deal.<@ (deal.profile, deal.profile) IS 'every label is contained in';
COMMENT ON OPERATOR deal.? (deal.profile, pg_catalog.text) IS 'has the label';
COMMENT ON OPERATOR deal.-> (deal.profile, pg_catalog.text) IS 'weight of the label, NULL if absent';
COMMENT ON OPERATOR deal.+ (deal.profile, deal.profile) IS 'label-wise sum';
COMMENT ON OPERATOR deal.* (deal.profile, pg_catalog.float8) IS 'every weight times a number';
COMMENT ON OPERATOR deal.* (pg_catalog.float8, deal.profile) IS 'every weight times a number';
COMMENT ON OPERATOR deal.<=> (deal.profile, deal.profile) IS 'cosine distance, 1 - cosine similarity';

CREATE FUNCTION deal.dot(deal.profile, deal.profile) RETURNS pg_catalog.float8
	AS 'MODULE_PATHNAME', 'profile_dot_fn' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION deal.cosine(deal.profile, deal.profile) RETURNS pg_catalog.float8
	AS 'MODULE_PATHNAME', 'profile_cosine_fn' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION deal.labels(deal.profile) RETURNS pg_catalog.text[]
	AS 'MODULE_PATHNAME', 'profile_labels' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION deal.each(p deal.profile) RETURNS TABLE (label pg_catalog.text, weight pg_catalog.float8)
	AS 'MODULE_PATHNAME', 'profile_each' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 10;
CREATE FUNCTION deal.profile(labels pg_catalog.text[], weights pg_catalog.float8[]) RETURNS deal.profile
	AS 'MODULE_PATHNAME', 'profile_from_arrays' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION deal.dot(deal.profile, deal.profile) IS 'dot product: sum over shared labels of the products of weights';
COMMENT ON FUNCTION deal.cosine(deal.profile, deal.profile) IS 'cosine similarity in [-1, 1]; 0 when either profile has no weight';
COMMENT ON FUNCTION deal.labels(deal.profile) IS 'the labels, sorted';
COMMENT ON FUNCTION deal.each(deal.profile) IS 'one row per label with its weight';
COMMENT ON FUNCTION deal.profile(pg_catalog.text[], pg_catalog.float8[]) IS 'profile from parallel arrays of labels and weights (a NULL weight means 1); a repeated label is an error';

-- Aggregates.
-- The aggregates' states are SQL values, expanded in memory while rows arrive, so parallel
-- query and Citus split them: union_agg's a deal.profile, profile_agg's a deal.profile_sum
-- (the exact sums so far, serialised; a profile's rounded weights would lose exactness).
CREATE DOMAIN deal.profile_sum AS pg_catalog.bytea;
COMMENT ON DOMAIN deal.profile_sum IS 'state of deal.profile_agg between nodes: each label''s exact sum so far, serialised';
CREATE FUNCTION deal.profile_agg_transfn(deal.profile_sum, pg_catalog.text, pg_catalog.float8) RETURNS deal.profile_sum
	AS 'MODULE_PATHNAME', 'profile_agg_transfn' LANGUAGE C IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE;
CREATE FUNCTION deal.profile_agg_finalfn(deal.profile_sum) RETURNS deal.profile
	AS 'MODULE_PATHNAME', 'profile_agg_finalfn' LANGUAGE C IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE;
CREATE FUNCTION deal.profile_agg_combinefn(deal.profile_sum, deal.profile_sum) RETURNS deal.profile_sum
	AS 'MODULE_PATHNAME', 'profile_agg_combinefn' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION deal.union_agg_transfn(deal.profile, deal.profile) RETURNS deal.profile
	AS 'MODULE_PATHNAME', 'union_agg_transfn' LANGUAGE C IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE;
CREATE FUNCTION deal.union_agg_finalfn(deal.profile) RETURNS deal.profile
	AS 'MODULE_PATHNAME', 'union_agg_finalfn' LANGUAGE C IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE;
CREATE FUNCTION deal.union_agg_combinefn(deal.profile, deal.profile) RETURNS deal.profile
	AS 'MODULE_PATHNAME', 'union_agg_combinefn' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION deal.profile_agg_transfn(deal.profile_sum, pg_catalog.text, pg_catalog.float8) IS 'transition function of deal.profile_agg';
COMMENT ON FUNCTION deal.profile_agg_finalfn(deal.profile_sum) IS 'final function of deal.profile_agg: weights summed per label, each rounded once';
COMMENT ON FUNCTION deal.profile_agg_combinefn(deal.profile_sum, deal.profile_sum) IS 'combine function of deal.profile_agg, for parallel query and Citus: adds the second partial sums to the first (a damaged value is refused, 22P03)';
COMMENT ON FUNCTION deal.union_agg_transfn(deal.profile, deal.profile) IS 'transition function of deal.union_agg';
COMMENT ON FUNCTION deal.union_agg_finalfn(deal.profile) IS 'final function of deal.union_agg: the largest weight per label';
COMMENT ON FUNCTION deal.union_agg_combinefn(deal.profile, deal.profile) IS 'combine function of deal.union_agg, for parallel query and Citus: each label''s larger weight (from SQL, the union of two profiles)';

CREATE AGGREGATE deal.profile_agg(label pg_catalog.text, weight pg_catalog.float8) (
	SFUNC = deal.profile_agg_transfn, STYPE = deal.profile_sum, SSPACE = 800, FINALFUNC = deal.profile_agg_finalfn,
	COMBINEFUNC = deal.profile_agg_combinefn, PARALLEL = SAFE
);
CREATE AGGREGATE deal.union_agg(deal.profile) (
	SFUNC = deal.union_agg_transfn, STYPE = deal.profile, SSPACE = 2048, FINALFUNC = deal.union_agg_finalfn,
	COMBINEFUNC = deal.union_agg_combinefn, PARALLEL = SAFE
);
COMMENT ON AGGREGATE deal.profile_agg(pg_catalog.text, pg_catalog.float8) IS 'profile of (label, weight) rows, weights summed per label; NULL labels skipped, NULL weights count 1';
COMMENT ON AGGREGATE deal.union_agg(deal.profile) IS 'union of profiles, keeping each label''s largest weight';

-- GIN: "which of 5,000 assets touch this person's needs" as an index scan.
CREATE FUNCTION deal.profile_gin_extract_value(deal.profile, pg_catalog.internal) RETURNS pg_catalog.internal
	AS 'MODULE_PATHNAME', 'profile_gin_extract_value' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION deal.profile_gin_extract_query(deal.profile, pg_catalog.internal, pg_catalog.int2, pg_catalog.internal, pg_catalog.internal, pg_catalog.internal, pg_catalog.internal) RETURNS pg_catalog.internal
	AS 'MODULE_PATHNAME', 'profile_gin_extract_query' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION deal.profile_gin_consistent(pg_catalog.internal, pg_catalog.int2, deal.profile, pg_catalog.int4, pg_catalog.internal, pg_catalog.internal, pg_catalog.internal, pg_catalog.internal) RETURNS pg_catalog.bool
	AS 'MODULE_PATHNAME', 'profile_gin_consistent' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION deal.profile_gin_extract_value(deal.profile, pg_catalog.internal) IS 'GIN support: the labels of an indexed profile';
COMMENT ON FUNCTION deal.profile_gin_extract_query(deal.profile, pg_catalog.internal, pg_catalog.int2, pg_catalog.internal, pg_catalog.internal, pg_catalog.internal, pg_catalog.internal) IS 'GIN support: the labels a query needs';
COMMENT ON FUNCTION deal.profile_gin_consistent(pg_catalog.internal, pg_catalog.int2, deal.profile, pg_catalog.int4, pg_catalog.internal, pg_catalog.internal, pg_catalog.internal, pg_catalog.internal) IS 'GIN support: does an item satisfy the query?';

CREATE OPERATOR CLASS deal.profile_gin_ops DEFAULT FOR TYPE deal.profile USING gin AS
	OPERATOR 1 deal.&& (deal.profile, deal.profile),
	OPERATOR 2 deal.@> (deal.profile, deal.profile),
	OPERATOR 3 deal.<@ (deal.profile, deal.profile),
	OPERATOR 9 deal.? (deal.profile, pg_catalog.text),
	FUNCTION 1 pg_catalog.bttextcmp(pg_catalog.text, pg_catalog.text),
	FUNCTION 2 deal.profile_gin_extract_value(deal.profile, pg_catalog.internal),
	FUNCTION 3 deal.profile_gin_extract_query(deal.profile, pg_catalog.internal, pg_catalog.int2, pg_catalog.internal, pg_catalog.internal, pg_catalog.internal, pg_catalog.internal),
	FUNCTION 4 deal.profile_gin_consistent(pg_catalog.internal, pg_catalog.int2, deal.profile, pg_catalog.int4, pg_catalog.internal, pg_catalog.internal, pg_catalog.internal, pg_catalog.internal),
	STORAGE pg_catalog.text;
COMMENT ON OPERATOR CLASS deal.profile_gin_ops USING gin IS 'default GIN operator class for deal.profile: labels as keys, for &&, @>, <@ and ?';
COMMENT ON OPERATOR FAMILY deal.profile_gin_ops USING gin IS 'GIN operators of deal.profile';

------------------------------------------------------------------------------------------
-- Matching people to community assets.
------------------------------------------------------------------------------------------

CREATE FUNCTION deal.match_score(needs deal.profile, interests deal.profile, offer deal.profile,
								 distance_km pg_catalog.float8 DEFAULT NULL, max_km pg_catalog.float8 DEFAULT 10)
	RETURNS pg_catalog.float8
	AS 'MODULE_PATHNAME', 'match_score_fn' LANGUAGE C IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE;
CREATE FUNCTION deal.match_explain(needs deal.profile, interests deal.profile, offer deal.profile,
								   distance_km pg_catalog.float8 DEFAULT NULL, max_km pg_catalog.float8 DEFAULT 10)
	RETURNS TABLE (label pg_catalog.text, role pg_catalog.text, person_weight pg_catalog.float8,
				   asset_weight pg_catalog.float8, contribution pg_catalog.float8)
	AS 'MODULE_PATHNAME', 'match_explain_fn' LANGUAGE C IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE ROWS 10;
CREATE FUNCTION deal.km(lat1 pg_catalog.float8, lon1 pg_catalog.float8, lat2 pg_catalog.float8, lon2 pg_catalog.float8)
	RETURNS pg_catalog.float8
	AS 'MODULE_PATHNAME', 'km_latlon' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION deal.km(a pg_catalog.point, b pg_catalog.point) RETURNS pg_catalog.float8
	AS 'MODULE_PATHNAME', 'km_points' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION deal.match_score(deal.profile, deal.profile, deal.profile, pg_catalog.float8, pg_catalog.float8) IS 'how well an offer suits a person, in [0, 1]: 0.6 x needs covered + 0.4 x interests shared, times (1 - (distance/max_km)^2)^2 within max_km';
COMMENT ON FUNCTION deal.match_explain(deal.profile, deal.profile, deal.profile, pg_catalog.float8, pg_catalog.float8) IS 'the reasons for match_score: one row per need and interest, and one for the distance; contributions add up to the score';
COMMENT ON FUNCTION deal.km(pg_catalog.float8, pg_catalog.float8, pg_catalog.float8, pg_catalog.float8) IS 'great-circle distance in km between (lat1, lon1) and (lat2, lon2), in degrees';
COMMENT ON FUNCTION deal.km(pg_catalog.point, pg_catalog.point) IS 'great-circle distance in km between two points, x the longitude and y the latitude';

------------------------------------------------------------------------------------------
-- Allocating scarce places across a cohort.
------------------------------------------------------------------------------------------

CREATE TYPE deal.candidates;
CREATE FUNCTION deal.candidates_in(pg_catalog.cstring) RETURNS deal.candidates
	AS 'MODULE_PATHNAME', 'candidates_in' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION deal.candidates_out(deal.candidates) RETURNS pg_catalog.cstring
	AS 'MODULE_PATHNAME', 'candidates_out' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION deal.candidates_recv(pg_catalog.internal) RETURNS deal.candidates
	AS 'MODULE_PATHNAME', 'candidates_recv' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION deal.candidates_send(deal.candidates) RETURNS pg_catalog.bytea
	AS 'MODULE_PATHNAME', 'candidates_send' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE TYPE deal.candidates (
	INPUT = deal.candidates_in,
	OUTPUT = deal.candidates_out,
	RECEIVE = deal.candidates_recv,
	SEND = deal.candidates_send,
	INTERNALLENGTH = VARIABLE,
	ALIGNMENT = double,
	STORAGE = extended
);
COMMENT ON TYPE deal.candidates IS 'candidate (person, asset, score, capacity) pairs for deal.allocate: {(1,10,0.75,2),(2,10,0.5,2)}';
COMMENT ON FUNCTION deal.candidates_in(pg_catalog.cstring) IS 'text input of deal.candidates';
COMMENT ON FUNCTION deal.candidates_out(deal.candidates) IS 'text output of deal.candidates, sorted by person and asset';
COMMENT ON FUNCTION deal.candidates_recv(pg_catalog.internal) IS 'binary input of deal.candidates, checked like text input';
COMMENT ON FUNCTION deal.candidates_send(deal.candidates) IS 'binary output of deal.candidates: count, then (int8, int8, float8, int4) pairs';

-- candidates_agg's state is a deal.candidates (the pairs so far), expanded in memory while
-- rows arrive, so parallel query and Citus split it.
CREATE FUNCTION deal.candidates_agg_transfn(deal.candidates, pg_catalog.int8, pg_catalog.int8, pg_catalog.float8, pg_catalog.int4)
	RETURNS deal.candidates
	AS 'MODULE_PATHNAME', 'candidates_agg_transfn' LANGUAGE C IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE;
CREATE FUNCTION deal.candidates_agg_finalfn(deal.candidates) RETURNS deal.candidates
	AS 'MODULE_PATHNAME', 'candidates_agg_finalfn' LANGUAGE C IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE;
CREATE FUNCTION deal.candidates_agg_combinefn(deal.candidates, deal.candidates) RETURNS deal.candidates
	AS 'MODULE_PATHNAME', 'candidates_agg_combinefn' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION deal.candidates_agg_transfn(deal.candidates, pg_catalog.int8, pg_catalog.int8, pg_catalog.float8, pg_catalog.int4) IS 'transition function of deal.candidates_agg';
COMMENT ON FUNCTION deal.candidates_agg_finalfn(deal.candidates) IS 'final function of deal.candidates_agg: the pairs sorted and checked';
COMMENT ON FUNCTION deal.candidates_agg_combinefn(deal.candidates, deal.candidates) IS 'combine function of deal.candidates_agg, for parallel query and Citus: adds the second value''s pairs to the first (from SQL, the pairs of both, checked)';

CREATE AGGREGATE deal.candidates_agg(person_id pg_catalog.int8, asset_id pg_catalog.int8, score pg_catalog.float8, capacity pg_catalog.int4) (
	SFUNC = deal.candidates_agg_transfn, STYPE = deal.candidates, SSPACE = 8192, FINALFUNC = deal.candidates_agg_finalfn,
	COMBINEFUNC = deal.candidates_agg_combinefn, PARALLEL = SAFE
);
COMMENT ON AGGREGATE deal.candidates_agg(pg_catalog.int8, pg_catalog.int8, pg_catalog.float8, pg_catalog.int4) IS 'candidate pairs for deal.allocate; rows with a NULL person, asset or score are skipped, a NULL capacity is an error';

CREATE FUNCTION deal.allocate(candidates deal.candidates)
	RETURNS TABLE (person_id pg_catalog.int8, asset_id pg_catalog.int8, score pg_catalog.float8)
	AS 'MODULE_PATHNAME', 'allocate_srf' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 1000;
COMMENT ON FUNCTION deal.allocate(deal.candidates) IS 'optimal allocation: each person at most one asset, no asset over its capacity, positive scores only, the largest total score (min-cost flow), ties broken deterministically';

------------------------------------------------------------------------------------------
-- deal.asset_index: every asset's offer and place in one value, for fast top-k matching.
------------------------------------------------------------------------------------------

CREATE TYPE deal.asset_index;
CREATE FUNCTION deal.asset_index_in(pg_catalog.cstring) RETURNS deal.asset_index
	AS 'MODULE_PATHNAME', 'asset_index_in' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION deal.asset_index_out(deal.asset_index) RETURNS pg_catalog.cstring
	AS 'MODULE_PATHNAME', 'asset_index_out' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION deal.asset_index_recv(pg_catalog.internal) RETURNS deal.asset_index
	AS 'MODULE_PATHNAME', 'asset_index_recv' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION deal.asset_index_send(deal.asset_index) RETURNS pg_catalog.bytea
	AS 'MODULE_PATHNAME', 'asset_index_send' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE TYPE deal.asset_index (
	INPUT = deal.asset_index_in,
	OUTPUT = deal.asset_index_out,
	RECEIVE = deal.asset_index_recv,
	SEND = deal.asset_index_send,
	INTERNALLENGTH = VARIABLE,
	ALIGNMENT = int4,
	STORAGE = extended
);
COMMENT ON TYPE deal.asset_index IS 'every community asset''s offer and place, indexed by label for deal.top_matches: {(10,53.545,-2.632,"debt:0.5, food"),(11,,,"walking")}';
COMMENT ON FUNCTION deal.asset_index_in(pg_catalog.cstring) IS 'text input of deal.asset_index: (id,lat,lon,"offer") per asset';
COMMENT ON FUNCTION deal.asset_index_out(deal.asset_index) IS 'text output of deal.asset_index, assets in id order, offers clipped to [0, 1]';
COMMENT ON FUNCTION deal.asset_index_recv(pg_catalog.internal) IS 'binary input of deal.asset_index, checked like text input';
COMMENT ON FUNCTION deal.asset_index_send(deal.asset_index) IS 'binary output of deal.asset_index: per asset id, latitude, longitude and offer';

-- asset_index_agg's state is a deal.asset_index (the index of the assets so far), expanded in
-- memory while rows arrive, so parallel query and Citus split it.
CREATE FUNCTION deal.asset_index_agg_transfn(deal.asset_index, pg_catalog.int8, deal.profile, pg_catalog.float8, pg_catalog.float8)
	RETURNS deal.asset_index
	AS 'MODULE_PATHNAME', 'asset_index_agg_transfn' LANGUAGE C IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE;
CREATE FUNCTION deal.asset_index_agg_finalfn(deal.asset_index) RETURNS deal.asset_index
	AS 'MODULE_PATHNAME', 'asset_index_agg_finalfn' LANGUAGE C IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE;
CREATE FUNCTION deal.asset_index_agg_combinefn(deal.asset_index, deal.asset_index) RETURNS deal.asset_index
	AS 'MODULE_PATHNAME', 'asset_index_agg_combinefn' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION deal.asset_index_agg_transfn(deal.asset_index, pg_catalog.int8, deal.profile, pg_catalog.float8, pg_catalog.float8) IS 'transition function of deal.asset_index_agg';
COMMENT ON FUNCTION deal.asset_index_agg_finalfn(deal.asset_index) IS 'final function of deal.asset_index_agg: the index';
COMMENT ON FUNCTION deal.asset_index_agg_combinefn(deal.asset_index, deal.asset_index) IS 'combine function of deal.asset_index_agg, for parallel query and Citus: adds the second index''s assets to the first (from SQL, one index of both; a repeated id is an error)';

CREATE AGGREGATE deal.asset_index_agg(asset_id pg_catalog.int8, offer deal.profile, lat pg_catalog.float8, lon pg_catalog.float8) (
	SFUNC = deal.asset_index_agg_transfn, STYPE = deal.asset_index, SSPACE = 8192, FINALFUNC = deal.asset_index_agg_finalfn,
	COMBINEFUNC = deal.asset_index_agg_combinefn, PARALLEL = SAFE
);
COMMENT ON AGGREGATE deal.asset_index_agg(pg_catalog.int8, deal.profile, pg_catalog.float8, pg_catalog.float8) IS 'index of assets for deal.top_matches; rows with a NULL id or offer skipped, a NULL place means unknown (no distance), a repeated id is an error';

CREATE FUNCTION deal.top_matches(index deal.asset_index, needs deal.profile, interests deal.profile,
								 lat pg_catalog.float8 DEFAULT NULL, lon pg_catalog.float8 DEFAULT NULL,
								 k pg_catalog.int4 DEFAULT 5, max_km pg_catalog.float8 DEFAULT 10)
	RETURNS TABLE (asset_id pg_catalog.int8, score pg_catalog.float8)
	AS 'MODULE_PATHNAME', 'top_matches_srf' LANGUAGE C IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE ROWS 5;
CREATE FUNCTION deal.asset_index_assets(deal.asset_index) RETURNS pg_catalog.int8
	AS 'MODULE_PATHNAME', 'asset_index_assets' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION deal.top_matches(deal.asset_index, deal.profile, deal.profile, pg_catalog.float8, pg_catalog.float8, pg_catalog.int4, pg_catalog.float8) IS 'the k assets with the best match_score for a person at (lat, lon), best first, ties to the lower id; scores equal match_score''s exactly';
COMMENT ON FUNCTION deal.asset_index_assets(deal.asset_index) IS 'number of assets in an index';

------------------------------------------------------------------------------------------
-- Risk: eFI.  deal.efi, the electronic frailty index (Clegg et al. 2016): a set of the 36
-- deficits, 8 bytes by value, deficit i (in code order) the bit 2^i.
------------------------------------------------------------------------------------------

CREATE TYPE deal.efi;
CREATE FUNCTION deal.efi_in(pg_catalog.cstring) RETURNS deal.efi
	AS 'MODULE_PATHNAME', 'efi_in' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION deal.efi_out(deal.efi) RETURNS pg_catalog.cstring
	AS 'MODULE_PATHNAME', 'efi_out' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION deal.efi_recv(pg_catalog.internal) RETURNS deal.efi
	AS 'MODULE_PATHNAME', 'efi_recv' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION deal.efi_send(deal.efi) RETURNS pg_catalog.bytea
	AS 'MODULE_PATHNAME', 'efi_send' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE TYPE deal.efi (
	INPUT = deal.efi_in,
	OUTPUT = deal.efi_out,
	RECEIVE = deal.efi_recv,
	SEND = deal.efi_send,
	LIKE = pg_catalog.int8
);
COMMENT ON TYPE deal.efi IS 'electronic frailty index: a set of the 36 deficits of Clegg et al. 2016, written {diabetes,falls}';
COMMENT ON FUNCTION deal.efi_in(pg_catalog.cstring) IS 'text input of deal.efi: deficit codes in braces, any order and case, repeats once; {} is empty';
COMMENT ON FUNCTION deal.efi_out(deal.efi) IS 'text output of deal.efi: the codes in their fixed (alphabetical) order';
COMMENT ON FUNCTION deal.efi_recv(pg_catalog.internal) IS 'binary input of deal.efi: int8, bit i for deficit i; no bit beyond the 36';
COMMENT ON FUNCTION deal.efi_send(deal.efi) IS 'binary output of deal.efi: int8, bit i for deficit i';

-- Comparison and hashing are PostgreSQL's int8 functions: the value is the set's bits, and
-- the order is that of the number (sum of 2^i over the deficits present).
CREATE FUNCTION deal.efi_eq(deal.efi, deal.efi) RETURNS pg_catalog.bool
	AS 'int8eq' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION deal.efi_ne(deal.efi, deal.efi) RETURNS pg_catalog.bool
	AS 'int8ne' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION deal.efi_lt(deal.efi, deal.efi) RETURNS pg_catalog.bool
	AS 'int8lt' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION deal.efi_le(deal.efi, deal.efi) RETURNS pg_catalog.bool
	AS 'int8le' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION deal.efi_gt(deal.efi, deal.efi) RETURNS pg_catalog.bool
	AS 'int8gt' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION deal.efi_ge(deal.efi, deal.efi) RETURNS pg_catalog.bool
	AS 'int8ge' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION deal.efi_cmp(deal.efi, deal.efi) RETURNS pg_catalog.int4
	AS 'btint8cmp' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION deal.efi_hash(deal.efi) RETURNS pg_catalog.int4
	AS 'hashint8' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
CREATE FUNCTION deal.efi_hash_extended(deal.efi, pg_catalog.int8) RETURNS pg_catalog.int8
	AS 'hashint8extended' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION deal.efi_eq(deal.efi, deal.efi) IS 'implementation of = for deal.efi';
COMMENT ON FUNCTION deal.efi_ne(deal.efi, deal.efi) IS 'implementation of <> for deal.efi';
COMMENT ON FUNCTION deal.efi_lt(deal.efi, deal.efi) IS 'implementation of < for deal.efi';
COMMENT ON FUNCTION deal.efi_le(deal.efi, deal.efi) IS 'implementation of <= for deal.efi';
COMMENT ON FUNCTION deal.efi_gt(deal.efi, deal.efi) IS 'implementation of > for deal.efi';
COMMENT ON FUNCTION deal.efi_ge(deal.efi, deal.efi) IS 'implementation of >= for deal.efi';
COMMENT ON FUNCTION deal.efi_cmp(deal.efi, deal.efi) IS 'btree comparison of deal.efi: the order of the 64-bit value, bit i for deficit i';
COMMENT ON FUNCTION deal.efi_hash(deal.efi) IS 'hash of deal.efi, equal to hashint8 of its 64-bit value (frozen)';
COMMENT ON FUNCTION deal.efi_hash_extended(deal.efi, pg_catalog.int8) IS 'seeded 64-bit hash of deal.efi, equal to hashint8extended of its 64-bit value (frozen)';

CREATE OPERATOR deal.= (
	LEFTARG = deal.efi, RIGHTARG = deal.efi, FUNCTION = deal.efi_eq,
	COMMUTATOR = OPERATOR(deal.=), NEGATOR = OPERATOR(deal.<>),
	RESTRICT = pg_catalog.eqsel, JOIN = pg_catalog.eqjoinsel, HASHES, MERGES
);
CREATE OPERATOR deal.<> (
	LEFTARG = deal.efi, RIGHTARG = deal.efi, FUNCTION = deal.efi_ne,
	COMMUTATOR = OPERATOR(deal.<>), NEGATOR = OPERATOR(deal.=),
	RESTRICT = pg_catalog.neqsel, JOIN = pg_catalog.neqjoinsel
);
CREATE OPERATOR deal.< (
	LEFTARG = deal.efi, RIGHTARG = deal.efi, FUNCTION = deal.efi_lt,
	COMMUTATOR = OPERATOR(deal.>), NEGATOR = OPERATOR(deal.>=),
	RESTRICT = pg_catalog.scalarltsel, JOIN = pg_catalog.scalarltjoinsel
);
CREATE OPERATOR deal.<= (
	LEFTARG = deal.efi, RIGHTARG = deal.efi, FUNCTION = deal.efi_le,
	COMMUTATOR = OPERATOR(deal.>=), NEGATOR = OPERATOR(deal.>),
	RESTRICT = pg_catalog.scalarlesel, JOIN = pg_catalog.scalarlejoinsel
);
CREATE OPERATOR deal.> (
	LEFTARG = deal.efi, RIGHTARG = deal.efi, FUNCTION = deal.efi_gt,
	COMMUTATOR = OPERATOR(deal.<), NEGATOR = OPERATOR(deal.<=),
	RESTRICT = pg_catalog.scalargtsel, JOIN = pg_catalog.scalargtjoinsel
);
CREATE OPERATOR deal.>= (
	LEFTARG = deal.efi, RIGHTARG = deal.efi, FUNCTION = deal.efi_ge,
	COMMUTATOR = OPERATOR(deal.<=), NEGATOR = OPERATOR(deal.<),
	RESTRICT = pg_catalog.scalargesel, JOIN = pg_catalog.scalargejoinsel
);
COMMENT ON OPERATOR deal.= (deal.efi, deal.efi) IS 'equal: the same deficits';
COMMENT ON OPERATOR deal.<> (deal.efi, deal.efi) IS 'not equal';
COMMENT ON OPERATOR deal.< (deal.efi, deal.efi) IS 'less than, in the order of the 64-bit value';
COMMENT ON OPERATOR deal.<= (deal.efi, deal.efi) IS 'less than or equal, in the order of the 64-bit value';
COMMENT ON OPERATOR deal.> (deal.efi, deal.efi) IS 'greater than, in the order of the 64-bit value';
COMMENT ON OPERATOR deal.>= (deal.efi, deal.efi) IS 'greater than or equal, in the order of the 64-bit value';

CREATE OPERATOR CLASS deal.efi_ops DEFAULT FOR TYPE deal.efi USING btree AS
	OPERATOR 1 deal.<,
	OPERATOR 2 deal.<=,
	OPERATOR 3 deal.=,
	OPERATOR 4 deal.>=,
	OPERATOR 5 deal.>,
	FUNCTION 1 deal.efi_cmp(deal.efi, deal.efi),
	FUNCTION 2 pg_catalog.btint8sortsupport(pg_catalog.internal),
	FUNCTION 4 pg_catalog.btequalimage(pg_catalog.oid);
CREATE OPERATOR CLASS deal.efi_ops DEFAULT FOR TYPE deal.efi USING hash AS
	OPERATOR 1 deal.=,
	FUNCTION 1 deal.efi_hash(deal.efi),
	FUNCTION 2 deal.efi_hash_extended(deal.efi, pg_catalog.int8);
COMMENT ON OPERATOR CLASS deal.efi_ops USING btree IS 'default btree operator class for deal.efi: the order of the 64-bit value, deduplication allowed';
COMMENT ON OPERATOR FAMILY deal.efi_ops USING btree IS 'btree operators of deal.efi';
COMMENT ON OPERATOR CLASS deal.efi_ops USING hash IS 'default hash operator class for deal.efi';
COMMENT ON OPERATOR FAMILY deal.efi_ops USING hash IS 'hash operators of deal.efi';

-- The set algebra.  Union and intersection are int8's bitwise or and and.
CREATE FUNCTION deal.efi_union(deal.efi, deal.efi) RETURNS deal.efi
	AS 'int8or' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION deal.efi_intersect(deal.efi, deal.efi) RETURNS deal.efi
	AS 'int8and' LANGUAGE internal IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION deal.efi_minus(deal.efi, deal.efi) RETURNS deal.efi
	AS 'MODULE_PATHNAME', 'efi_minus' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION deal.efi_contains(deal.efi, deal.efi) RETURNS pg_catalog.bool
	AS 'MODULE_PATHNAME', 'efi_contains' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION deal.efi_contained(deal.efi, deal.efi) RETURNS pg_catalog.bool
	AS 'MODULE_PATHNAME', 'efi_contained' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION deal.efi_overlaps(deal.efi, deal.efi) RETURNS pg_catalog.bool
	AS 'MODULE_PATHNAME', 'efi_overlaps' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION deal.efi_union(deal.efi, deal.efi) IS 'implementation of | for deal.efi: the deficits of either';
COMMENT ON FUNCTION deal.efi_intersect(deal.efi, deal.efi) IS 'implementation of & for deal.efi: the deficits of both';
COMMENT ON FUNCTION deal.efi_minus(deal.efi, deal.efi) IS 'implementation of - for deal.efi: the deficits of the first that are not in the second';
COMMENT ON FUNCTION deal.efi_contains(deal.efi, deal.efi) IS 'implementation of @> for deal.efi';
COMMENT ON FUNCTION deal.efi_contained(deal.efi, deal.efi) IS 'implementation of <@ for deal.efi';
COMMENT ON FUNCTION deal.efi_overlaps(deal.efi, deal.efi) IS 'implementation of && for deal.efi';

CREATE OPERATOR deal.| (
	LEFTARG = deal.efi, RIGHTARG = deal.efi, FUNCTION = deal.efi_union, COMMUTATOR = OPERATOR(deal.|)
);
CREATE OPERATOR deal.& (
	LEFTARG = deal.efi, RIGHTARG = deal.efi, FUNCTION = deal.efi_intersect, COMMUTATOR = OPERATOR(deal.&)
);
CREATE OPERATOR deal.- (
	LEFTARG = deal.efi, RIGHTARG = deal.efi, FUNCTION = deal.efi_minus
);
CREATE OPERATOR deal.@> (
	LEFTARG = deal.efi, RIGHTARG = deal.efi, FUNCTION = deal.efi_contains,
	COMMUTATOR = OPERATOR(deal.<@), RESTRICT = pg_catalog.contsel, JOIN = pg_catalog.contjoinsel
);
CREATE OPERATOR deal.<@ (
	LEFTARG = deal.efi, RIGHTARG = deal.efi, FUNCTION = deal.efi_contained,
	COMMUTATOR = OPERATOR(deal.@>), RESTRICT = pg_catalog.contsel, JOIN = pg_catalog.contjoinsel
);
CREATE OPERATOR deal.&& (
	LEFTARG = deal.efi, RIGHTARG = deal.efi, FUNCTION = deal.efi_overlaps,
	COMMUTATOR = OPERATOR(deal.&&), RESTRICT = pg_catalog.contsel, JOIN = pg_catalog.contjoinsel
);
COMMENT ON OPERATOR deal.| (deal.efi, deal.efi) IS 'union: the deficits of either';
COMMENT ON OPERATOR deal.& (deal.efi, deal.efi) IS 'intersection: the deficits of both';
COMMENT ON OPERATOR deal.- (deal.efi, deal.efi) IS 'difference: the deficits of the first that are not in the second';
COMMENT ON OPERATOR deal.@> (deal.efi, deal.efi) IS 'contains every deficit of';
COMMENT ON OPERATOR deal.<@ (deal.efi, deal.efi) IS 'every deficit is contained in';
COMMENT ON OPERATOR deal.&& (deal.efi, deal.efi) IS 'share a deficit';

-- The aggregates: the state is the efi itself, so parallel query and Citus combine it as is.
CREATE FUNCTION deal.efi_agg_transfn(deal.efi, pg_catalog.text) RETURNS deal.efi
	AS 'MODULE_PATHNAME', 'efi_agg_transfn' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION deal.efi_agg_transfn(deal.efi, pg_catalog.text) IS 'transition function of deal.efi_agg(text): adds a deficit code';
CREATE AGGREGATE deal.efi_agg(deficit pg_catalog.text) (
	SFUNC = deal.efi_agg_transfn, STYPE = deal.efi, INITCOND = '{}',
	COMBINEFUNC = deal.efi_union, PARALLEL = SAFE
);
CREATE AGGREGATE deal.efi_agg(deal.efi) (
	SFUNC = deal.efi_union, STYPE = deal.efi, INITCOND = '{}',
	COMBINEFUNC = deal.efi_union, PARALLEL = SAFE
);
COMMENT ON AGGREGATE deal.efi_agg(pg_catalog.text) IS 'the set of the deficit codes of the rows; NULLs skipped, {} for no rows, an unknown code 22P02';
COMMENT ON AGGREGATE deal.efi_agg(deal.efi) IS 'union of eFI sets; NULLs skipped, {} for no rows';

-- Scores and accessors.
CREATE FUNCTION deal.efi_count(deal.efi) RETURNS pg_catalog.int4
	AS 'MODULE_PATHNAME', 'efi_count_fn' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION deal.efi_score(deal.efi) RETURNS pg_catalog.float8
	AS 'MODULE_PATHNAME', 'efi_score_fn' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION deal.efi_category(deal.efi) RETURNS pg_catalog.text
	AS 'MODULE_PATHNAME', 'efi_category_fn' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION deal.efi(codes pg_catalog.text[]) RETURNS deal.efi
	AS 'MODULE_PATHNAME', 'efi_from_array' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION deal.efi_codes(deal.efi) RETURNS pg_catalog.text[]
	AS 'MODULE_PATHNAME', 'efi_codes' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION deal.efi_deficits(OUT code pg_catalog.text, OUT name pg_catalog.text) RETURNS SETOF pg_catalog.record
	AS 'MODULE_PATHNAME', 'efi_deficits' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 36;
CREATE FUNCTION deal.efi_deficits(deal.efi, OUT code pg_catalog.text, OUT name pg_catalog.text) RETURNS SETOF pg_catalog.record
	AS 'MODULE_PATHNAME', 'efi_deficits' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 8;
COMMENT ON FUNCTION deal.efi_count(deal.efi) IS 'number of deficits present, 0 to 36';
COMMENT ON FUNCTION deal.efi_score(deal.efi) IS 'the electronic frailty index: deficits present / 36';
COMMENT ON FUNCTION deal.efi_category(deal.efi) IS 'fit (0-4 deficits), mild (5-8), moderate (9-12) or severe (13-36), decided on the count';
COMMENT ON FUNCTION deal.efi(pg_catalog.text[]) IS 'the set of an array''s deficit codes; NULL elements skipped, an unknown code 22P02';
COMMENT ON FUNCTION deal.efi_codes(deal.efi) IS 'the codes of the deficits present, in their fixed order';
COMMENT ON FUNCTION deal.efi_deficits() IS 'the 36 deficits: code and name (Clegg et al. 2016), in code order';
COMMENT ON FUNCTION deal.efi_deficits(deal.efi) IS 'the deficits present: code and name, in code order';

CREATE CAST (pg_catalog.text AS deal.efi) WITH INOUT;
CREATE CAST (deal.efi AS pg_catalog.text) WITH INOUT AS ASSIGNMENT;
CREATE CAST (pg_catalog.text[] AS deal.efi) WITH FUNCTION deal.efi(pg_catalog.text[]);
CREATE CAST (deal.efi AS pg_catalog.text[]) WITH FUNCTION deal.efi_codes(deal.efi);
COMMENT ON CAST (pg_catalog.text AS deal.efi) IS 'parses like text input: error 22P02 for an unknown code';
COMMENT ON CAST (deal.efi AS pg_catalog.text) IS 'the canonical text form, {diabetes,falls}';
COMMENT ON CAST (pg_catalog.text[] AS deal.efi) IS 'the set of the array''s codes, as deal.efi(text[])';
COMMENT ON CAST (deal.efi AS pg_catalog.text[]) IS 'the codes present, as deal.efi_codes';

-- Risk: scores (LACE, Supporting Families, frequent attenders' peak_events, the risk pyramid).
------------------------------------------------------------------------------------------

CREATE FUNCTION deal.lace(los_days pg_catalog.int4, acute pg_catalog.bool, comorbidity_points pg_catalog.int4, ed_visits_6m pg_catalog.int4)
	RETURNS pg_catalog.int4
	AS 'MODULE_PATHNAME', 'lace_fn' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION deal.lace_explain(los_days pg_catalog.int4, acute pg_catalog.bool, comorbidity_points pg_catalog.int4, ed_visits_6m pg_catalog.int4)
	RETURNS TABLE (part pg_catalog.text, points pg_catalog.int4)
	AS 'MODULE_PATHNAME', 'lace_explain_fn' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 4;
CREATE FUNCTION deal.lace_band(score pg_catalog.int4) RETURNS pg_catalog.text
	AS 'MODULE_PATHNAME', 'lace_band_fn' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION deal.lace_comorbidity(conditions pg_catalog.text[]) RETURNS pg_catalog.int4
	AS 'MODULE_PATHNAME', 'lace_comorbidity_fn' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION deal.lace_conditions()
	RETURNS TABLE (condition pg_catalog.text, points pg_catalog.int4, replaces pg_catalog.text)
	AS 'MODULE_PATHNAME', 'lace_conditions_fn' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 14;
COMMENT ON FUNCTION deal.lace(pg_catalog.int4, pg_catalog.bool, pg_catalog.int4, pg_catalog.int4) IS 'LACE index, 0..19, of 30-day death or readmission: length of stay, acute admission, Charlson comorbidity points (4 or more score 5), emergency visits in the 6 months before (4 or more score 4)';
COMMENT ON FUNCTION deal.lace_explain(pg_catalog.int4, pg_catalog.bool, pg_catalog.int4, pg_catalog.int4) IS 'the parts of deal.lace, L, A, C and E, one row each; they add up to the index';
COMMENT ON FUNCTION deal.lace_band(pg_catalog.int4) IS 'band of a LACE score: low 0-4, moderate 5-9, high 10-19; error 22023 outside 0..19';
COMMENT ON FUNCTION deal.lace_comorbidity(pg_catalog.text[]) IS 'Charlson comorbidity points of condition codes (see deal.lace_conditions) for deal.lace: each condition once, a graver form replacing its milder one, NULL elements skipped, an unknown code error 22023';
COMMENT ON FUNCTION deal.lace_conditions() IS 'the condition codes deal.lace_comorbidity takes, their points, and the milder form each replaces';

CREATE FUNCTION deal.supporting_families_eligible(needs deal.profile, dependent_children pg_catalog.bool) RETURNS pg_catalog.bool
	AS 'MODULE_PATHNAME', 'supporting_families_eligible_fn' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION deal.supporting_families_explain(needs deal.profile, dependent_children pg_catalog.bool)
	RETURNS TABLE (need pg_catalog.text, counted pg_catalog.bool, weight pg_catalog.float8)
	AS 'MODULE_PATHNAME', 'supporting_families_explain_fn' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 11;
COMMENT ON FUNCTION deal.supporting_families_eligible(deal.profile, pg_catalog.bool) IS 'Supporting Families (2022): dependent children or an expectant parent, and at least 3 of the 10 headline needs with a weight above 0';
COMMENT ON FUNCTION deal.supporting_families_explain(deal.profile, pg_catalog.bool) IS 'the reasons for deal.supporting_families_eligible: one row per headline need (counted when its weight is above 0), then dependent_children';

-- peak_events' state is a deal.peak_events_state (the window and the times so far,
-- serialised), expanded in memory while rows arrive, so parallel query and Citus split it.
CREATE DOMAIN deal.peak_events_state AS pg_catalog.bytea;
COMMENT ON DOMAIN deal.peak_events_state IS 'state of deal.peak_events between nodes: the window and the event times so far, serialised';
CREATE FUNCTION deal.peak_events_transfn(deal.peak_events_state, pg_catalog.timestamptz, pg_catalog.interval) RETURNS deal.peak_events_state
	AS 'MODULE_PATHNAME', 'peak_events_transfn' LANGUAGE C IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE;
CREATE FUNCTION deal.peak_events_finalfn(deal.peak_events_state) RETURNS pg_catalog.int4
	AS 'MODULE_PATHNAME', 'peak_events_finalfn' LANGUAGE C STABLE CALLED ON NULL INPUT PARALLEL SAFE;
CREATE FUNCTION deal.peak_events_combinefn(deal.peak_events_state, deal.peak_events_state) RETURNS deal.peak_events_state
	AS 'MODULE_PATHNAME', 'peak_events_combinefn' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION deal.peak_events_transfn(deal.peak_events_state, pg_catalog.timestamptz, pg_catalog.interval) IS 'transition function of deal.peak_events';
COMMENT ON FUNCTION deal.peak_events_finalfn(deal.peak_events_state) IS 'final function of deal.peak_events: sorts the times and counts; stable, because t + window in months or days depends on the session time zone';
COMMENT ON FUNCTION deal.peak_events_combinefn(deal.peak_events_state, deal.peak_events_state) IS 'combine function of deal.peak_events, for parallel query and Citus: appends the second partial state''s times (windows must agree; a damaged state is refused, 22P03)';

CREATE AGGREGATE deal.peak_events(ts pg_catalog.timestamptz, "window" pg_catalog.interval) (
	SFUNC = deal.peak_events_transfn, STYPE = deal.peak_events_state, SSPACE = 240, FINALFUNC = deal.peak_events_finalfn,
	COMBINEFUNC = deal.peak_events_combinefn, PARALLEL = SAFE
);
COMMENT ON AGGREGATE deal.peak_events(pg_catalog.timestamptz, pg_catalog.interval) IS 'the most events inside any window [t, t + window) (12 A&E visits inside any 365 days make a frequent attender); NULL times skipped, 0 for no events, the same window on every row';

CREATE FUNCTION deal.risk_level(rank pg_catalog.int8, population pg_catalog.int8,
								level3 pg_catalog.float8 DEFAULT 0.05, level2 pg_catalog.float8 DEFAULT 0.20)
	RETURNS pg_catalog.int4
	AS 'MODULE_PATHNAME', 'risk_level_fn' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION deal.risk_level_name(level pg_catalog.int4) RETURNS pg_catalog.text
	AS 'MODULE_PATHNAME', 'risk_level_name_fn' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION deal.risk_level(pg_catalog.int8, pg_catalog.int8, pg_catalog.float8, pg_catalog.float8) IS 'level of the risk pyramid for a rank (1 = highest risk, as rank() gives it) among population people: 3 for ranks up to ceil(level3 x population), 2 up to ceil((level3 + level2) x population), else 1';
COMMENT ON FUNCTION deal.risk_level_name(pg_catalog.int4) IS 'name of a risk pyramid level: 3 intensive case management, 2 care management, 1 supported self-care';

-- Risk: local models.  deal.logistic_fit fits a logistic regression (Newton's method, an
-- optional ridge penalty) over the caller's rows and returns it as a profile of coefficients
-- (_intercept for the intercept); deal.logistic_score and deal.score_explain apply it;
-- deal.auc checks it.
------------------------------------------------------------------------------------------

-- logistic_fit's state is a deal.logistic_state (the rows so far, serialised), expanded in
-- memory while rows arrive, so parallel query and Citus split it.
CREATE DOMAIN deal.logistic_state AS pg_catalog.bytea;
COMMENT ON DOMAIN deal.logistic_state IS 'state of deal.logistic_fit between nodes: the rows so far, serialised';
CREATE FUNCTION deal.logistic_fit_transfn(deal.logistic_state, pg_catalog.bool, deal.profile)
	RETURNS deal.logistic_state
	AS 'MODULE_PATHNAME', 'logistic_fit_transfn' LANGUAGE C IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE;
CREATE FUNCTION deal.logistic_fit_transfn(deal.logistic_state, pg_catalog.bool, deal.profile, pg_catalog.float8)
	RETURNS deal.logistic_state
	AS 'MODULE_PATHNAME', 'logistic_fit_transfn' LANGUAGE C IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE;
CREATE FUNCTION deal.logistic_fit_finalfn(deal.logistic_state) RETURNS deal.profile
	AS 'MODULE_PATHNAME', 'logistic_fit_finalfn' LANGUAGE C IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE;
CREATE FUNCTION deal.logistic_fit_combinefn(deal.logistic_state, deal.logistic_state) RETURNS deal.logistic_state
	AS 'MODULE_PATHNAME', 'logistic_fit_combinefn' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION deal.logistic_fit_transfn(deal.logistic_state, pg_catalog.bool, deal.profile) IS 'transition function of deal.logistic_fit';
COMMENT ON FUNCTION deal.logistic_fit_transfn(deal.logistic_state, pg_catalog.bool, deal.profile, pg_catalog.float8) IS 'transition function of deal.logistic_fit with a ridge penalty';
COMMENT ON FUNCTION deal.logistic_fit_finalfn(deal.logistic_state) IS 'final function of deal.logistic_fit: fits the model by Newton''s method';
COMMENT ON FUNCTION deal.logistic_fit_combinefn(deal.logistic_state, deal.logistic_state) IS 'combine function of deal.logistic_fit, for parallel query and Citus: appends the second partial state''s rows (a damaged one is refused, 22P03)';

CREATE AGGREGATE deal.logistic_fit(outcome pg_catalog.bool, features deal.profile) (
	SFUNC = deal.logistic_fit_transfn, STYPE = deal.logistic_state, SSPACE = 8192, FINALFUNC = deal.logistic_fit_finalfn,
	COMBINEFUNC = deal.logistic_fit_combinefn, PARALLEL = SAFE
);
CREATE AGGREGATE deal.logistic_fit(outcome pg_catalog.bool, features deal.profile, l2 pg_catalog.float8) (
	SFUNC = deal.logistic_fit_transfn, STYPE = deal.logistic_state, SSPACE = 8192, FINALFUNC = deal.logistic_fit_finalfn,
	COMBINEFUNC = deal.logistic_fit_combinefn, PARALLEL = SAFE
);
COMMENT ON AGGREGATE deal.logistic_fit(pg_catalog.bool, deal.profile) IS 'logistic regression of outcome on features by maximum likelihood (Newton''s method): the coefficients as a profile, _intercept for the intercept; rows with a NULL outcome or features skipped, NULL for no rows';
COMMENT ON AGGREGATE deal.logistic_fit(pg_catalog.bool, deal.profile, pg_catalog.float8) IS 'logistic regression with a ridge penalty: maximises the sum of log-likelihoods minus l2/2 times the sum of squared coefficients (the intercept unpenalised); l2 the same on every row';

CREATE FUNCTION deal.logistic_score(model deal.profile, features deal.profile) RETURNS pg_catalog.float8
	AS 'MODULE_PATHNAME', 'logistic_score_fn' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION deal.score_explain(model deal.profile, features deal.profile)
	RETURNS TABLE (label pg_catalog.text, value pg_catalog.float8, weight pg_catalog.float8, contribution pg_catalog.float8)
	AS 'MODULE_PATHNAME', 'score_explain_fn' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 10;
COMMENT ON FUNCTION deal.logistic_score(deal.profile, deal.profile) IS 'probability 1/(1 + exp(-eta)) with eta = _intercept + sum of weight x value over the features the model has (others count 0)';
COMMENT ON FUNCTION deal.score_explain(deal.profile, deal.profile) IS 'the terms of logistic_score''s linear predictor: the intercept, then each feature the model has; contributions added in this order are the linear predictor exactly';

-- auc's state is a deal.auc_state (the scores so far, serialised), expanded in memory while
-- rows arrive, so parallel query and Citus split it.
CREATE DOMAIN deal.auc_state AS pg_catalog.bytea;
COMMENT ON DOMAIN deal.auc_state IS 'state of deal.auc between nodes: the scores of each class so far, serialised';
CREATE FUNCTION deal.auc_transfn(deal.auc_state, pg_catalog.float8, pg_catalog.bool) RETURNS deal.auc_state
	AS 'MODULE_PATHNAME', 'auc_transfn' LANGUAGE C IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE;
CREATE FUNCTION deal.auc_finalfn(deal.auc_state) RETURNS pg_catalog.float8
	AS 'MODULE_PATHNAME', 'auc_finalfn' LANGUAGE C IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE;
CREATE FUNCTION deal.auc_combinefn(deal.auc_state, deal.auc_state) RETURNS deal.auc_state
	AS 'MODULE_PATHNAME', 'auc_combinefn' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION deal.auc_transfn(deal.auc_state, pg_catalog.float8, pg_catalog.bool) IS 'transition function of deal.auc';
COMMENT ON FUNCTION deal.auc_finalfn(deal.auc_state) IS 'final function of deal.auc: sorts the scores and counts the pairs';
COMMENT ON FUNCTION deal.auc_combinefn(deal.auc_state, deal.auc_state) IS 'combine function of deal.auc, for parallel query and Citus: appends the second partial state''s scores (a damaged one is refused, 22P03)';
CREATE AGGREGATE deal.auc(score pg_catalog.float8, outcome pg_catalog.bool) (
	SFUNC = deal.auc_transfn, STYPE = deal.auc_state, SSPACE = 8192, FINALFUNC = deal.auc_finalfn,
	COMBINEFUNC = deal.auc_combinefn, PARALLEL = SAFE
);
COMMENT ON AGGREGATE deal.auc(pg_catalog.float8, pg_catalog.bool) IS 'c-statistic (area under the ROC curve, Mann-Whitney): the share of (positive, negative) pairs in which the positive scores higher, ties counting half; NULL rows skipped, NULL when either class is empty';

------------------------------------------------------------------------------------------
-- The demo borough.  deal.uniform: keyed pseudo-random numbers, the same in any row order or
-- plan.  deal.generate_borough: a synthetic borough with the shape of the real one (DOMAIN.md),
-- deterministic per seed, in a schema of its own.
------------------------------------------------------------------------------------------

CREATE FUNCTION deal.uniform(seed pg_catalog.int8, stream pg_catalog.int8, key pg_catalog.int8) RETURNS pg_catalog.float8
	AS 'MODULE_PATHNAME', 'uniform_fn' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION deal.uniform(pg_catalog.int8, pg_catalog.int8, pg_catalog.int8) IS 'a pseudo-random number in [0, 1) that depends only on (seed, stream, key) (splitmix64): the same whatever the order of rows or the plan';

-- deal.generate_borough is PL/pgSQL: a sequence of set-based statements, each run with EXECUTE in
-- the schema it is given (quoted with format('%I')).  Its search_path is pinned to pg_catalog,
-- pg_temp, so that built-in names cannot be captured, and everything else is qualified (deal.,
-- the schema, pg_temp. for its working tables); it runs with the caller's rights.
CREATE FUNCTION deal.generate_borough(schema pg_catalog.name, residents pg_catalog.int4 DEFAULT 323000,
									  seed pg_catalog.int4 DEFAULT 1)
	RETURNS TABLE (table_name pg_catalog.text, row_count pg_catalog.int8)
	LANGUAGE plpgsql VOLATILE CALLED ON NULL INPUT PARALLEL UNSAFE SECURITY INVOKER
	SET search_path = pg_catalog, pg_temp
	SET "TimeZone" = 'Europe/London'
	SET work_mem = '128MB'
	SET jit = off
	SET maintenance_work_mem = '256MB'
AS $function$
DECLARE
	-- The borough's "today": ages are at this date, and its records cover the three years
	-- (financial years 2022/23 to 2024/25) up to it.
	as_of date := date '2025-03-31';
	qschema text;
	existing text;
	n_existing int8;
	step record;
	stage_name text;
	stage_start timestamptz;
	step_start timestamptz;
	statement text;
	statistics_target text := current_setting('default_statistics_target');
	started timestamptz := clock_timestamp();
	n int8;
	target text;
	ord int := 0;
	summary text;
	working text[] := '{}';
BEGIN
	IF schema IS NULL OR residents IS NULL OR seed IS NULL THEN
		RAISE EXCEPTION USING
			ERRCODE = 'null_value_not_allowed',
			MESSAGE = 'deal.generate_borough: schema, residents and seed must not be NULL';
	END IF;
	IF residents < 1 OR residents > 2000000 THEN
		RAISE EXCEPTION USING
			ERRCODE = 'invalid_parameter_value',
			MESSAGE = format('invalid residents: "%s"', residents),
			DETAIL = 'A generated borough has 1 to 2,000,000 residents; the real one has about 323,000.';
	END IF;

	-- Into a new or empty schema only: nothing that exists is replaced or dropped.
	SELECT count(*), string_agg(o.object, ', ' ORDER BY o.object) FILTER (WHERE o.n <= 5)
	  INTO n_existing, existing
	  FROM (SELECT d.object, row_number() OVER (ORDER BY d.object) AS n
			  FROM (SELECT CASE c.relkind WHEN 'v' THEN 'view ' WHEN 'm' THEN 'materialized view '
										  WHEN 'S' THEN 'sequence ' WHEN 'f' THEN 'foreign table ' ELSE 'table ' END
						   || quote_ident(c.relname) AS object
					  FROM pg_class c JOIN pg_namespace s ON s.oid = c.relnamespace
					 WHERE s.nspname = schema AND c.relkind NOT IN ('i', 'I', 't', 'c')
					UNION ALL
					SELECT 'type ' || quote_ident(t.typname)
					  FROM pg_type t JOIN pg_namespace s ON s.oid = t.typnamespace
					 WHERE s.nspname = schema AND t.typrelid = 0 AND t.typelem = 0) d) o;
	IF n_existing > 0 THEN
		RAISE EXCEPTION USING
			ERRCODE = 'object_not_in_prerequisite_state',
			MESSAGE = format('schema "%s" already holds relations or types', schema),
			DETAIL = format('Schema "%s" holds %s%s.', schema, existing,
							CASE WHEN n_existing > 5 THEN format(' and %s more', n_existing - 5) ELSE '' END),
			HINT = 'deal.generate_borough creates its tables in a new or empty schema and changes nothing that exists: '
				   'name another schema, or drop this one first.';
	END IF;
	qschema := format('%I', schema);
	PERFORM FROM pg_catalog.pg_namespace WHERE nspname = schema;
	IF NOT FOUND THEN
		EXECUTE format('CREATE SCHEMA %I', schema);
	END IF;
	CREATE TEMP TABLE deal_gen_counts (pos int, stage text, tbl text, n_rows int8);

	-- Each step is one statement, run with $1 = seed, $2 = residents, $3 = as_of; "@." stands for
	-- the schema.  Every random number is deal.uniform($1, stream, key): streams are numbered by
	-- stage (1xx places, 2xx people, ...), keys are the row's own ids, so the rows do not depend on
	-- the order in which a plan produces them.
	FOR step IN SELECT * FROM (VALUES
		-- Places: 7 service delivery footprints, 16 neighbourhood clusters around the towns'
		-- centres, LSOAs of about 1,500 residents with an IMD decile (deciles 1 and 2, the most
		-- deprived fifth of England, hold 31% of the LSOAs: "nearly 100,000 residents").
		(100, 'places', $q$CREATE TABLE @.borough (seed int4 NOT NULL, residents int4 NOT NULL, as_of date NOT NULL,
			data_from date NOT NULL, lsoa_vintage int2 NOT NULL)$q$),
		(101, 'places', $q$INSERT INTO @.borough VALUES ($1, $2, $3, ($3 - interval '3 years' + interval '1 day')::date, 2021)$q$),
		(102, 'places', $q$CREATE TEMP TABLE deal_gen_cluster AS
			SELECT id::int2 AS id, footprint_id::int2 AS footprint_id, name, district, district_no, sectors,
				   lat::float8 AS lat, lon::float8 AS lon, weight::float8 AS weight, dep::float8 AS dep
			FROM (VALUES
				(1, 1, 'Wigan Town Centre', 'WN1', 1, '{1,2,3}'::int[], 53.545, -2.632, 0.060, 0.75),
				(2, 1, 'Scholes and Whelley', 'WN1', 1, '{4,5,6}', 53.549, -2.612, 0.070, 0.85),
				(3, 2, 'Standish', 'WN6', 6, '{0,1,2}', 53.587, -2.661, 0.060, 0.15),
				(4, 2, 'Aspull and Haigh', 'WN2', 2, '{1,2}', 53.566, -2.588, 0.045, 0.30),
				(5, 2, 'Shevington and Appley Bridge', 'WN6', 6, '{7,8,9}', 53.573, -2.690, 0.045, 0.25),
				(6, 3, 'Pemberton and Worsley Mesnes', 'WN3', 3, '{4,5,6,7}', 53.532, -2.660, 0.080, 0.70),
				(7, 3, 'Orrell and Winstanley', 'WN5', 5, '{7,8,9}', 53.530, -2.705, 0.060, 0.30),
				(8, 4, 'Ince and Platt Bridge', 'WN2', 2, '{3,4,5,6}', 53.530, -2.603, 0.080, 0.90),
				(9, 4, 'Hindley and Abram', 'WN2', 2, '{7,8,9}', 53.530, -2.573, 0.070, 0.60),
				(10, 5, 'Ashton-in-Makerfield and Bryn', 'WN4', 4, '{0,8,9}', 53.487, -2.640, 0.080, 0.45),
				(11, 5, 'Golborne and Lowton', 'WN4', 4, '{1,2,3}', 53.476, -2.585, 0.070, 0.35),
				(12, 6, 'Leigh Central', 'WN7', 7, '{1,2,3}', 53.497, -2.518, 0.070, 0.80),
				(13, 6, 'Leigh West and Westleigh', 'WN7', 7, '{4,5}', 53.505, -2.540, 0.045, 0.55),
				(14, 6, 'Leigh East and Astley', 'WN7', 7, '{6}', 53.500, -2.465, 0.035, 0.30),
				(15, 7, 'Atherton', 'WN7', 7, '{7,8}', 53.523, -2.493, 0.070, 0.60),
				(16, 7, 'Tyldesley', 'WN7', 7, '{9,0}', 53.514, -2.468, 0.060, 0.50)
			) AS v (id, footprint_id, name, district, district_no, sectors, lat, lon, weight, dep)$q$),
		(103, 'places', $q$CREATE TABLE @.footprints (id int2 NOT NULL, name text NOT NULL)$q$),
		(104, 'places', $q$INSERT INTO @.footprints VALUES (1, 'Wigan Central'), (2, 'Wigan North'), (3, 'Wigan West'),
			(4, 'Hindley, Ince and Abram'), (5, 'Ashton, Bryn, Golborne and Lowton'), (6, 'Leigh'), (7, 'Atherton and Tyldesley')$q$),
		(105, 'places', $q$CREATE TABLE @.clusters (id int2 NOT NULL, footprint_id int2 NOT NULL, name text NOT NULL,
			postcode_district text NOT NULL, lat float8 NOT NULL, lon float8 NOT NULL)$q$),
		(106, 'places', $q$INSERT INTO @.clusters SELECT id, footprint_id, name, district, lat, lon FROM pg_temp.deal_gen_cluster ORDER BY id$q$),
		-- LSOAs: their centres about 1.2 km around the cluster's, their deprivation the cluster's
		-- give or take; deciles by rank of that deprivation.
		(107, 'places', $q$CREATE TEMP TABLE deal_gen_lsoa AS
			WITH total AS (SELECT greatest(16, round($2 / 1500.0))::int AS n OFFSET 0),
			per AS (SELECT c.*, greatest(1, round(c.weight * total.n))::int AS k FROM pg_temp.deal_gen_cluster c, total OFFSET 0),
			l AS (SELECT per.id AS cluster_id, per.footprint_id, per.district, per.district_no, per.sectors,
						 per.lat AS clat, per.lon AS clon, per.dep, j, row_number() OVER (ORDER BY per.id, j) AS idx
				  FROM per, generate_series(1, per.k) AS j OFFSET 0),
			g AS (SELECT l.*, sqrt(-2 * ln(1 - deal.uniform($1, 101, idx))) AS r, 2 * pi() * deal.uniform($1, 102, idx) AS a,
						 sqrt(-2 * ln(1 - deal.uniform($1, 103, idx))) * cos(2 * pi() * deal.uniform($1, 104, idx)) AS z
				  FROM l OFFSET 0),
			s AS (SELECT g.*, least(53.61, greatest(53.47, clat + r * cos(a) * 1.2 / 111.2)) AS lat,
						 least(-2.44, greatest(-2.74, clon + r * sin(a) * 1.2 / 66.1)) AS lon, dep + 0.2 * z AS score
				  FROM g OFFSET 0),
			ranked AS (SELECT s.*, (row_number() OVER (ORDER BY score DESC, idx) - 0.5) / count(*) OVER () AS p FROM s OFFSET 0)
			SELECT idx, cluster_id, footprint_id, j, district, sectors[1 + (j - 1) % cardinality(sectors)] AS sector_digit,
				   district_no * 10 + sectors[1 + (j - 1) % cardinality(sectors)] AS sector_key, lat, lon,
				   'E01' || lpad((6200 + idx)::text, 6, '0') AS code,
				   'Wigan ' || lpad(((idx - 1) / 4 + 1)::text, 3, '0') || chr(65 + ((idx - 1) % 4)::int) AS name,
				   (CASE WHEN p < 0.18 THEN 1 WHEN p < 0.31 THEN 2 WHEN p < 0.42 THEN 3 WHEN p < 0.52 THEN 4
						 WHEN p < 0.62 THEN 5 WHEN p < 0.71 THEN 6 WHEN p < 0.79 THEN 7 WHEN p < 0.87 THEN 8
						 WHEN p < 0.94 THEN 9 ELSE 10 END)::int2 AS imd_decile
			FROM ranked$q$),
		(108, 'places', $q$CREATE TABLE @.lsoas (code text NOT NULL, name text NOT NULL, vintage int2 NOT NULL, cluster_id int2 NOT NULL,
			imd_decile int2 NOT NULL CHECK (imd_decile BETWEEN 1 AND 10), lat float8 NOT NULL, lon float8 NOT NULL)$q$),
		(109, 'places', $q$INSERT INTO @.lsoas SELECT code, name, 2021, cluster_id, imd_decile, lat, lon FROM pg_temp.deal_gen_lsoa ORDER BY idx$q$),
		-- GP practices: about 60 at full size, in proportion to the clusters' people.
		(110, 'places', $q$CREATE TEMP TABLE deal_gen_practice AS
			WITH p AS (SELECT c.id AS cluster_id, c.footprint_id, c.name AS cluster_name, j
					   FROM pg_temp.deal_gen_cluster c, generate_series(1, greatest(1, round(c.weight * 60 * $2 / 323000.0))::int) AS j OFFSET 0)
			SELECT row_number() OVER (ORDER BY cluster_id, j) AS idx, cluster_id, footprint_id, cluster_name, j,
				   count(*) OVER (PARTITION BY cluster_id) AS n_cluster,
				   row_number() OVER (PARTITION BY footprint_id ORDER BY cluster_id, j) AS jf,
				   count(*) OVER (PARTITION BY footprint_id) AS n_footprint
			FROM p$q$),
		(111, 'places', $q$CREATE TEMP TABLE deal_gen_practice_range AS
			SELECT cluster_id, min(idx) AS c_first, count(*) AS c_n,
				   (SELECT min(q.idx) FROM pg_temp.deal_gen_practice q WHERE q.footprint_id = p.footprint_id) AS f_first,
				   (SELECT count(*) FROM pg_temp.deal_gen_practice q WHERE q.footprint_id = p.footprint_id) AS f_n
			FROM pg_temp.deal_gen_practice p GROUP BY cluster_id, footprint_id$q$),
		(112, 'places', $q$CREATE TEMP TABLE deal_gen_weight AS
			SELECT d.code AS deficit, d.name, (d.n - 1)::int AS bit, w.w
			FROM deal.efi_deficits() WITH ORDINALITY AS d (code, name, n)
			JOIN unnest(ARRAY[.15, .15, .45, .1, .08, .15, .18, .15, .15, .12, .2, .06, .2, .05, .04, .04, .55, .06, .14, .08, .08,
							  .1, .03, .08, .04, .35, .04, .2, .04, .15, .08, .1, .1, .12, .15, .04]::float8[])
				 WITH ORDINALITY AS w (w, n) ON w.n = d.n$q$),
		-- People: households of the kinds a census counts (a third of them in deprived LSOAs lone
		-- parents or people alone more often), mean size about 2.4; as many as it takes to hold
		-- exactly $2 residents, the last one cut to fit.
		(200, 'people', $q$CREATE TEMP TABLE deal_gen_hh AS
			WITH nl AS (SELECT count(*) AS n FROM pg_temp.deal_gen_lsoa OFFSET 0),
			c AS (SELECT k, 1 + floor(deal.uniform($1, 201, k) * nl.n)::int AS lsoa_idx,
						 deal.uniform($1, 202, k) AS ut, deal.uniform($1, 203, k) AS uc
				  FROM nl, generate_series(1, $2 / 2 + 10) AS k OFFSET 0),
			t AS (SELECT c.k, c.lsoa_idx, l.cluster_id, l.footprint_id, l.imd_decile, c.uc,
						 CASE WHEN c.ut < CASE WHEN l.imd_decile <= 2 THEN 0.31 ELSE 0.29 END THEN 'one_person'
							  WHEN c.ut < CASE WHEN l.imd_decile <= 2 THEN 0.49 ELSE 0.52 END THEN 'couple'
							  WHEN c.ut < CASE WHEN l.imd_decile <= 2 THEN 0.67 ELSE 0.72 END THEN 'couple_children'
							  WHEN c.ut < CASE WHEN l.imd_decile <= 2 THEN 0.81 ELSE 0.805 END THEN 'lone_parent'
							  WHEN c.ut < CASE WHEN l.imd_decile <= 2 THEN 0.91 ELSE 0.915 END THEN 'couple_adult_children'
							  WHEN c.ut < CASE WHEN l.imd_decile <= 2 THEN 0.955 ELSE 0.95 END THEN 'lone_parent_adult_children'
							  ELSE 'shared' END AS htype
				  FROM c JOIN pg_temp.deal_gen_lsoa l ON l.idx = c.lsoa_idx OFFSET 0),
			sz AS (SELECT t.*,
						  CASE WHEN htype IN ('couple', 'couple_children', 'couple_adult_children') THEN 2 ELSE 1 END AS nparents,
						  CASE htype WHEN 'couple_children' THEN 1 + (uc > 0.42)::int + (uc > 0.80)::int + (uc > 0.94)::int
									 WHEN 'lone_parent' THEN 1 + (uc > 0.52)::int + (uc > 0.85)::int + (uc > 0.96)::int
									 ELSE 0 END AS nchild,
						  CASE WHEN htype IN ('couple_adult_children', 'lone_parent_adult_children') THEN 1 + (uc > 0.5)::int + (uc > 0.9)::int
							   ELSE 0 END AS nadult,
						  CASE WHEN htype = 'shared' THEN 1 + (uc > 0.4)::int + (uc > 0.8)::int ELSE 0 END AS nshare
				   FROM t OFFSET 0),
			cum AS (SELECT sz.*, nparents + nchild + nadult + nshare AS full_size,
						   sum(nparents + nchild + nadult + nshare) OVER (ORDER BY k) - (nparents + nchild + nadult + nshare) AS start
					FROM sz OFFSET 0),
			kept AS (SELECT cum.*, least(full_size, $2 - start)::int AS size,
							CASE WHEN nchild > 0 THEN floor(18 * power(deal.uniform($1, 204, k), 1.0 / nchild))
								 WHEN nadult > 0 THEN 18 + floor(13 * power(deal.uniform($1, 204, k), 1.0 / nadult)) END::int AS eldest,
							deal.uniform($1, 205, k) AS v, deal.uniform($1, 206, k) AS w
					 FROM cum WHERE start < $2 OFFSET 0),
			aged AS (SELECT kept.*,
							least(100, CASE htype
								WHEN 'one_person' THEN CASE WHEN v < 0.12 THEN 20 + floor(15 * w) WHEN v < 0.45 THEN 35 + floor(30 * power(w, 0.6))
															ELSE 65 + floor(30 * power(w, 1.6)) END
								WHEN 'couple' THEN CASE WHEN v < 0.12 THEN 20 + floor(15 * w) WHEN v < 0.45 THEN 35 + floor(30 * power(w, 0.5))
														ELSE 65 + floor(26 * power(w, 1.6)) END
								WHEN 'shared' THEN CASE WHEN v < 0.4 THEN 18 + floor(17 * w) ELSE 40 + floor(31 * w) END
								ELSE eldest + 20 + floor(16 * w) END)::int AS hage
					 FROM kept OFFSET 0)
			SELECT k, lsoa_idx, cluster_id, footprint_id, imd_decile, htype, nparents, nchild, nadult, start, size, eldest, hage,
				   sqrt(-2 * ln(1 - deal.uniform($1, 207, k))) * cos(2 * pi() * deal.uniform($1, 208, k)) + 0.15 * (5.5 - imd_decile::float8) AS h,
				   since, CASE WHEN since > ($3 - interval '6 years')::date
							   THEN CASE WHEN deal.uniform($1, 210, k) < 0.4 THEN 'within' ELSE 'outside' END END AS mover,
				   deal.uniform($1, 211, k) AS u_practice
			FROM (SELECT aged.*, $3 - floor(least(-ln(1 - deal.uniform($1, 209, k)) * 11, greatest(hage - 18, 0) + 0.5) * 365.25)::int AS since
				  FROM aged OFFSET 0) s$q$),
		-- Residents: ages that fit their household, valid and distinct NHS numbers (a bijection of
		-- the id onto even nine-digit stems from 400 000 000 to 499 999 999 and 600 000 000 to
		-- 799 999 999, the next odd stem where the check digit would be 10 or the number would be
		-- ten equal digits), a GP practice (the household's, 5% elsewhere in the footprint), and
		-- the latent frailty and frequent attendance the later stages draw on.
		(203, 'people', $q$CREATE TEMP TABLE deal_gen_person AS
			WITH m AS (SELECT h.*, h.start + m AS id, m,
							  CASE WHEN m = 1 THEN 'householder'
								   WHEN m = 2 AND h.nparents = 2 THEN 'partner'
								   WHEN m <= h.nparents + h.nchild THEN 'child'
								   WHEN m <= h.nparents + h.nchild + h.nadult THEN 'adult_child'
								   ELSE 'sharer' END AS role,
							  m - h.nparents AS ci,
							  CASE WHEN h.htype = 'one_person' THEN deal.uniform($1, 223, h.k) < CASE WHEN h.hage >= 65 THEN 0.62 ELSE 0.45 END
								   WHEN h.htype IN ('lone_parent', 'lone_parent_adult_children') THEN deal.uniform($1, 223, h.k) < 0.88
								   ELSE deal.uniform($1, 223, h.k) < 0.5 END AS h_female,
							  sqrt(-2 * ln(1 - deal.uniform($1, 220, h.start + m))) * cos(2 * pi() * deal.uniform($1, 221, h.start + m)) AS z
					   FROM pg_temp.deal_gen_hh h, generate_series(1, h.size) AS m OFFSET 0),
			a AS (SELECT m.*,
						 least(100, CASE role
							 WHEN 'householder' THEN hage
							 WHEN 'partner' THEN greatest(18, hage + round(3 * z), coalesce(eldest + 17, 18))
							 WHEN 'child' THEN CASE WHEN ci = 1 THEN eldest ELSE floor(deal.uniform($1, 222, id) * (eldest + 1)) END
							 WHEN 'adult_child' THEN CASE WHEN ci = 1 THEN eldest ELSE 18 + floor(deal.uniform($1, 222, id) * (eldest - 17)) END
							 -- sharers: of an age with a young householder; in a household of three
							 -- generations, the householder's parent and then adult children
							 ELSE CASE WHEN hage < 40 THEN greatest(18, hage + round(5 * z))
									   WHEN m = 2 THEN hage + 24 + floor(deal.uniform($1, 222, id) * 8)
									   ELSE greatest(18, hage - 24 - floor(deal.uniform($1, 222, id) * 8)) END END)::int AS gen_age,
						 CASE role WHEN 'householder' THEN h_female
								   WHEN 'partner' THEN h_female <> (deal.uniform($1, 224, id) >= 0.03)
								   ELSE deal.uniform($1, 224, id) < 0.49 END AS female
				  FROM m OFFSET 0),
			b AS (SELECT a.*, $3 - floor((gen_age + deal.uniform($1, 225, id)) * 365.25)::int AS dob,
						 400000000 + 2 * ((id * 104729 + nhs_offset) % 150000000)
						 + CASE WHEN 2 * ((id * 104729 + nhs_offset) % 150000000) >= 100000000 THEN 100000000 ELSE 0 END AS base
				  FROM a, (SELECT floor(deal.uniform($1, 226, 0) * 150000000)::int8 AS nhs_offset) o OFFSET 0),
			c AS (SELECT b.*, (11 - ((base / 100000000) % 10 * 10 + (base / 10000000) % 10 * 9 + (base / 1000000) % 10 * 8
									  + (base / 100000) % 10 * 7 + (base / 10000) % 10 * 6 + (base / 1000) % 10 * 5
									  + (base / 100) % 10 * 4 + (base / 10) % 10 * 3 + base % 10 * 2) % 11) % 11 AS check0
				  FROM b OFFSET 0),
			s AS (SELECT c.*, CASE WHEN check0 = 10 OR (base % 111111111 = 0 AND check0 = base / 111111111) THEN base + 1
								   ELSE base END AS stem,
						 date_part('year', age($3, dob))::int AS age
				  FROM c OFFSET 0),
			p AS (SELECT s.id, s.k AS hh, s.m, s.role, s.dob, s.age,
					   CASE WHEN s.female THEN 'F' ELSE 'M' END AS sex,
					   deal.nhs_number(s.stem * 10 + (11 - ((s.stem / 100000000) % 10 * 10 + (s.stem / 10000000) % 10 * 9
							+ (s.stem / 1000000) % 10 * 8 + (s.stem / 100000) % 10 * 7 + (s.stem / 10000) % 10 * 6
							+ (s.stem / 1000) % 10 * 5 + (s.stem / 100) % 10 * 4 + (s.stem / 10) % 10 * 3 + s.stem % 10 * 2) % 11) % 11) AS nhs,
					   CASE WHEN deal.uniform($1, 227, s.id) < 0.05 THEN r.f_first + floor(deal.uniform($1, 228, s.id) * r.f_n)::int
							ELSE r.c_first + floor(s.u_practice * r.c_n)::int END AS practice,
					   s.imd_decile, s.cluster_id, s.footprint_id, s.h,
					   exp(-0.3 + 0.03 * (s.age - 65)
						   + 0.55 * sqrt(-2 * ln(1 - deal.uniform($1, 230, s.id))) * cos(2 * pi() * deal.uniform($1, 231, s.id))) AS frailty,
					   deal.uniform($1, 232, s.id) < CASE WHEN s.age BETWEEN 16 AND 85 THEN 0.010::float8 ELSE 0.002 END
													 * (1 + 0.15 * (5.5 - s.imd_decile::float8)) * CASE WHEN s.h > 1 THEN 1.8 ELSE 1 END AS fa
				  FROM s JOIN pg_temp.deal_gen_practice_range r ON r.cluster_id = s.cluster_id OFFSET 0),
			q AS (SELECT p.*, deal.efi(ARRAY[@deficits@]) AS coded, deal.uniform($1, 540, p.id) < 1 - exp(-p.frailty * 0.35) AS poly
				  FROM p OFFSET 0)
			SELECT q.*, deal.efi_count(coded) + poly::int AS ndef FROM q$q$),
		-- Addresses: each household's dwelling, with a UPRN and a place about 0.5 km around its
		-- LSOA's centre; unit postcodes of about 15 dwellings, numbered within their sector in
		-- order of LSOA and latitude, so that neighbours share them.
		(300, 'addresses', $q$CREATE TEMP TABLE deal_gen_dwelling AS
			WITH d AS (SELECT h.k, h.cluster_id, h.lsoa_idx, l.code AS lsoa_code, l.district, l.sector_digit, l.sector_key,
							  100010000000 + 20 * h.k + floor(deal.uniform($1, 301, h.k) * 20)::int8 AS uprn,
							  sqrt(-2 * ln(1 - deal.uniform($1, 302, h.k))) AS r, 2 * pi() * deal.uniform($1, 303, h.k) AS a,
							  l.lat AS llat, l.lon AS llon
					   FROM pg_temp.deal_gen_hh h JOIN pg_temp.deal_gen_lsoa l ON l.idx = h.lsoa_idx OFFSET 0),
			p AS (SELECT d.*, least(53.619, greatest(53.461, llat + r * cos(a) * 0.5 / 111.2)) AS lat,
						 least(-2.432, greatest(-2.748, llon + r * sin(a) * 0.5 / 66.1)) AS lon
				  FROM d OFFSET 0),
			r AS (SELECT p.*, row_number() OVER (PARTITION BY sector_key ORDER BY lsoa_idx, lat, k) - 1 AS rk,
						 count(*) OVER (PARTITION BY sector_key) AS hs,
						 row_number() OVER (PARTITION BY cluster_id ORDER BY k) AS crank,
						 count(*) OVER (PARTITION BY cluster_id) AS cn
				  FROM p OFFSET 0),
			u AS (SELECT r.*, (floor(rk * least(400, ceil(hs / 15.0)) / hs)::int * 7
							   + floor(deal.uniform($1, 304, sector_key) * 400)::int) % 400 AS unit
				  FROM r OFFSET 0)
			SELECT k, cluster_id, lsoa_idx, lsoa_code, uprn, lat, lon, crank, cn,
				   (district || ' ' || sector_digit || substr('ABDEFGHJLNPQRSTUWXYZ', 1 + unit / 20, 1)
					|| substr('ABDEFGHJLNPQRSTUWXYZ', 1 + unit % 20, 1))::deal.postcode AS postcode
			FROM u$q$),
		(301, 'addresses', $q$CREATE TABLE @.postcodes (postcode deal.postcode NOT NULL, sector text NOT NULL, lsoa_code text NOT NULL,
			lat float8 NOT NULL, lon float8 NOT NULL)$q$),
		(302, 'addresses', $q$INSERT INTO @.postcodes
			SELECT postcode, deal.postcode_sector(postcode), min(lsoa_code),
				   round(avg(lat::numeric), 6)::float8, round(avg(lon::numeric), 6)::float8
			FROM pg_temp.deal_gen_dwelling GROUP BY postcode ORDER BY postcode$q$),
		(303, 'addresses', $q$CREATE TABLE @.addresses (uprn deal.uprn NOT NULL, postcode deal.postcode NOT NULL, lsoa_code text NOT NULL,
			lat float8 NOT NULL, lon float8 NOT NULL, dwelling boolean NOT NULL)$q$),
		(304, 'addresses', $q$INSERT INTO @.addresses
			SELECT uprn, postcode, lsoa_code, lat, lon, true FROM pg_temp.deal_gen_dwelling ORDER BY uprn$q$),
		-- Places that are not dwellings (GP surgeries here, community venues with the assets):
		-- each beside a dwelling of its cluster, with a UPRN of its own.
		(305, 'addresses', $q$CREATE TEMP TABLE deal_gen_venue AS
			WITH v AS (SELECT 'practice' AS kind, p.idx AS j, p.cluster_id FROM pg_temp.deal_gen_practice p
					   UNION ALL
					   SELECT 'venue', c.id * 100 + j, c.id FROM pg_temp.deal_gen_cluster c, generate_series(1, 12) AS j OFFSET 0),
			-- (in a borough so small that a cluster has no homes, beside any home)
			vp AS (SELECT v.*, CASE WHEN n.cn IS NULL THEN (SELECT min(cluster_id) FROM pg_temp.deal_gen_dwelling) ELSE v.cluster_id END AS near,
						  1 + floor(deal.uniform($1, CASE v.kind WHEN 'practice' THEN 314 ELSE 315 END, v.j)
									* coalesce(n.cn, (SELECT count(*) FROM pg_temp.deal_gen_dwelling d
													  WHERE d.cluster_id = (SELECT min(cluster_id) FROM pg_temp.deal_gen_dwelling))))::int AS pick
				   FROM v LEFT JOIN (SELECT cluster_id, count(*) AS cn FROM pg_temp.deal_gen_dwelling GROUP BY cluster_id) n USING (cluster_id) OFFSET 0)
			SELECT v.kind, v.j, v.cluster_id, v.pick,
				   CASE v.kind WHEN 'practice' THEN 10090000000 ELSE 10095000000 END + 20 * v.j
				   + floor(deal.uniform($1, 311, v.j) * 20)::int8 AS uprn,
				   d.postcode, d.lsoa_code,
				   round((d.lat + (deal.uniform($1, 312, v.j) - 0.5) * 0.001)::numeric, 6)::float8 AS lat,
				   round((d.lon + (deal.uniform($1, 313, v.j) - 0.5) * 0.0015)::numeric, 6)::float8 AS lon
			FROM vp v JOIN pg_temp.deal_gen_dwelling d ON d.cluster_id = v.near AND d.crank = v.pick$q$),
		(306, 'addresses', $q$INSERT INTO @.addresses
			SELECT uprn, postcode, lsoa_code, lat, lon, false FROM pg_temp.deal_gen_venue ORDER BY uprn$q$),
		(307, 'addresses', $q$CREATE TABLE @.gp_practices (id int4 NOT NULL, ods_code text NOT NULL, name text NOT NULL,
			cluster_id int2 NOT NULL, uprn deal.uprn NOT NULL)$q$),
		(308, 'addresses', $q$INSERT INTO @.gp_practices
			SELECT p.idx, 'P92' || lpad((100 + p.idx)::text, 3, '0'),
				   split_part(p.cluster_name, ' and ', 1) || ' '
				   || (ARRAY['Medical Practice', 'Family Practice', 'Health Centre', 'Surgery', 'Medical Centre'])[1 + p.j % 5]
				   || CASE WHEN p.j > 5 THEN ' ' || (p.j / 5 + 1) ELSE '' END,
				   p.cluster_id, v.uprn
			FROM pg_temp.deal_gen_practice p JOIN pg_temp.deal_gen_venue v ON v.kind = 'practice' AND v.j = p.idx
			ORDER BY p.idx$q$),
		-- Families.  Moves: of the households that moved in during the last six years, 40% came
		-- from elsewhere in the borough (their footprint): each such household's previous home is
		-- the present home of a household that came from outside the borough, and moved in 2 to
		-- 19 weeks after it was left.
		(400, 'families', $q$CREATE TEMP TABLE deal_gen_move AS
			WITH x AS (SELECT k, since, footprint_id,
							  row_number() OVER (PARTITION BY footprint_id ORDER BY deal.uniform($1, 401, k), k) AS r
					   FROM pg_temp.deal_gen_hh WHERE mover = 'within' OFFSET 0),
			y AS (SELECT k, footprint_id,
						 row_number() OVER (PARTITION BY footprint_id ORDER BY deal.uniform($1, 402, k), k) AS r
				  FROM pg_temp.deal_gen_hh WHERE mover = 'outside' OFFSET 0)
			SELECT x.k AS x_hh, y.k AS y_hh, x.since AS left_on,
				   least($3 - 1, x.since + 14 + floor(deal.uniform($1, 403, x.k) * 120)::int) AS y_since,
				   x.since - floor((1 + 9 * deal.uniform($1, 404, x.k)) * 365.25)::int AS prev_in
			FROM x JOIN y USING (footprint_id, r)$q$),
		-- Separations: 55% of lone parents with dependent children have a former partner, the
		-- children's other parent, living alone elsewhere in the footprint (of the other sex, of
		-- about the same age); they separated after the youngest child was born and after the
		-- family moved into its present home, where the former partner lived until then.
		(402, 'families', $q$CREATE TEMP TABLE deal_gen_ex AS
			WITH kids AS (SELECT hh, max(dob) AS youngest, min(dob) AS eldest FROM pg_temp.deal_gen_person
						  WHERE role = 'child' GROUP BY hh OFFSET 0),
			lp AS (SELECT h.k, h.footprint_id, h.since, p.id AS parent_id, p.dob AS parent_dob, kids.youngest, kids.eldest,
						  CASE p.sex WHEN 'F' THEN 'M' ELSE 'F' END AS sex, p.age / 5 AS band
				   FROM pg_temp.deal_gen_hh h JOIN pg_temp.deal_gen_person p ON p.hh = h.k AND p.m = 1
				   JOIN kids ON kids.hh = h.k
				   WHERE h.htype = 'lone_parent' AND deal.uniform($1, 410, h.k) < 0.55 OFFSET 0),
			lpr AS (SELECT lp.*, row_number() OVER (PARTITION BY footprint_id, sex, band ORDER BY deal.uniform($1, 411, k), k) AS r FROM lp OFFSET 0),
			ex AS (SELECT h.k, h.footprint_id, p.id AS ex_id, p.dob AS ex_dob, p.sex, p.age / 5 AS band,
						  row_number() OVER (PARTITION BY h.footprint_id, p.sex, p.age / 5 ORDER BY deal.uniform($1, 412, h.k), h.k) AS r
				   FROM pg_temp.deal_gen_hh h JOIN pg_temp.deal_gen_person p ON p.hh = h.k AND p.m = 1
				   WHERE h.htype = 'one_person' AND h.mover IS NULL AND p.age BETWEEN 20 AND 64 OFFSET 0),
			pairs AS (SELECT lpr.k AS family_hh, lpr.parent_id, ex.k AS ex_hh, ex.ex_id, lpr.youngest, lpr.since,
							 greatest(lpr.eldest - floor(deal.uniform($1, 413, lpr.k) * 4 * 365.25)::int,
									  (greatest(lpr.parent_dob, ex.ex_dob) + interval '18 years')::date) AS started
					  FROM lpr JOIN ex USING (footprint_id, sex, band, r) OFFSET 0)
			SELECT family_hh, parent_id, ex_hh, ex_id, started,
				   greatest(started + 1, lo + floor(deal.uniform($1, 414, family_hh) * greatest($3 - 7 - lo, 0))::int) AS separated
			FROM (SELECT pairs.*, greatest(youngest, since) AS lo FROM pairs) s
			WHERE greatest(started + 1, lo) < $3$q$),
		(401, 'families', $q$UPDATE pg_temp.deal_gen_hh h SET since = m.y_since FROM pg_temp.deal_gen_move m WHERE h.k = m.y_hh$q$),
		(403, 'families', $q$UPDATE pg_temp.deal_gen_hh h SET since = e.separated FROM pg_temp.deal_gen_ex e WHERE h.k = e.ex_hh$q$),
		(404, 'families', $q$CREATE TABLE @.address_history (person_id int8 NOT NULL, uprn deal.uprn NOT NULL, moved_in date NOT NULL,
			moved_out date, during daterange NOT NULL GENERATED ALWAYS AS (daterange(moved_in, moved_out)) STORED,
			CHECK (moved_out > moved_in))$q$),
		(405, 'families', $q$INSERT INTO @.address_history (person_id, uprn, moved_in, moved_out)
			SELECT person_id, uprn, moved_in, moved_out FROM (
				SELECT p.id AS person_id, d.uprn, greatest(h.since, p.dob) AS moved_in, NULL::date AS moved_out
				FROM pg_temp.deal_gen_person p JOIN pg_temp.deal_gen_hh h ON h.k = p.hh JOIN pg_temp.deal_gen_dwelling d ON d.k = p.hh
				UNION ALL
				SELECT p.id, d.uprn, greatest(m.prev_in, p.dob), m.left_on
				FROM pg_temp.deal_gen_move m JOIN pg_temp.deal_gen_person p ON p.hh = m.x_hh
				JOIN pg_temp.deal_gen_dwelling d ON d.k = m.y_hh
				WHERE p.dob < m.left_on
				UNION ALL
				SELECT e.ex_id, d.uprn, greatest(e.started, h.since), e.separated
				FROM pg_temp.deal_gen_ex e JOIN pg_temp.deal_gen_hh h ON h.k = e.family_hh
				JOIN pg_temp.deal_gen_dwelling d ON d.k = e.family_hh
				WHERE greatest(e.started, h.since) < e.separated
			) a ORDER BY person_id, moved_in$q$),
		-- Parents living elsewhere in the borough: 45% of householders aged 22 to 60 have a parent
		-- living alone or in a couple in their cluster, 20 to 35 years older (and the parent's
		-- partner too, 70% of the time, where 16 or more years older).
		(406, 'families', $q$CREATE TEMP TABLE deal_gen_elder AS
			WITH ch AS (SELECT p.id, p.dob, p.age, p.cluster_id, (p.age + 24 + floor(deal.uniform($1, 420, p.id) * 8)::int) / 5 AS band
						FROM pg_temp.deal_gen_person p
						WHERE p.m = 1 AND p.age BETWEEN 22 AND 60 AND deal.uniform($1, 421, p.id) < 0.45 OFFSET 0),
			chr AS (SELECT ch.*, row_number() OVER (PARTITION BY cluster_id, band ORDER BY deal.uniform($1, 422, id), id) AS r FROM ch OFFSET 0),
			pa AS (SELECT p.id, p.hh, p.cluster_id, p.age / 5 AS band,
						  row_number() OVER (PARTITION BY p.cluster_id, p.age / 5 ORDER BY deal.uniform($1, 423, p.id), p.id) AS q
				   FROM pg_temp.deal_gen_person p JOIN pg_temp.deal_gen_hh h ON h.k = p.hh
				   WHERE p.m = 1 AND h.htype IN ('one_person', 'couple') AND p.age >= 46 OFFSET 0),
			nb AS (SELECT cluster_id, band, count(*) AS n FROM pa GROUP BY cluster_id, band OFFSET 0),
			chq AS (SELECT chr.*, 1 + (chr.r - 1) % nb.n AS q FROM chr JOIN nb USING (cluster_id, band) OFFSET 0),
			pairs AS (SELECT chq.id AS child_id, chq.dob AS child_dob, chq.age AS child_age, pa.id AS parent_id, pa.hh AS parent_hh
					  FROM chq JOIN pa USING (cluster_id, band, q) OFFSET 0)
			SELECT child_id, child_dob, parent_id FROM pairs
			UNION ALL
			SELECT pairs.child_id, pairs.child_dob, sp.id
			FROM pairs JOIN pg_temp.deal_gen_person sp ON sp.hh = pairs.parent_hh AND sp.m = 2
			WHERE sp.age - pairs.child_age >= 16 AND deal.uniform($1, 424, pairs.child_id) < 0.7$q$),
		(407, 'families', $q$CREATE TABLE @.relationships (person_id int8 NOT NULL, relative_id int8 NOT NULL,
			kind text NOT NULL CHECK (kind IN ('parent_of', 'partner_of')), started date NOT NULL, ended date,
			during daterange NOT NULL GENERATED ALWAYS AS (daterange(started, ended)) STORED,
			CHECK (ended > started), CHECK (person_id <> relative_id))$q$),
		(408, 'families', $q$INSERT INTO @.relationships (person_id, relative_id, kind, started, ended)
			SELECT person_id, relative_id, kind, started, ended FROM (
				-- couples living together: since before their eldest child was born, or for
				-- some years, but not before both were 18
				SELECT a.id AS person_id, b.id AS relative_id, 'partner_of' AS kind,
					   greatest(coalesce(c.dob - floor(deal.uniform($1, 430, a.hh) * 5 * 365.25)::int,
										 $3 - 1 - floor(least(-ln(1 - deal.uniform($1, 431, a.hh)) * 15,
															   least(a.age, b.age) - 18) * 365.25)::int),
								(greatest(a.dob, b.dob) + interval '18 years')::date) AS started,
					   NULL::date AS ended
				FROM pg_temp.deal_gen_person a
				JOIN pg_temp.deal_gen_person b ON b.hh = a.hh AND b.role = 'partner'
				LEFT JOIN pg_temp.deal_gen_person c ON c.hh = a.hh AND c.role IN ('child', 'adult_child') AND c.m = 3
				WHERE a.m = 1
				UNION ALL
				-- parents of the children they live with, from the day each was born
				SELECT par.id, ch.id, 'parent_of', ch.dob, NULL
				FROM pg_temp.deal_gen_person ch
				JOIN pg_temp.deal_gen_person par ON par.hh = ch.hh AND par.role IN ('householder', 'partner')
				WHERE ch.role IN ('child', 'adult_child')
				UNION ALL
				-- three generations in one household
				SELECT par.id, ch.id, 'parent_of', ch.dob, NULL
				FROM pg_temp.deal_gen_hh h
				JOIN pg_temp.deal_gen_person par ON par.hh = h.k AND par.m <= 2
				JOIN pg_temp.deal_gen_person ch ON ch.hh = h.k AND ch.m = CASE par.m WHEN 2 THEN 1 ELSE 3 END
				WHERE h.htype = 'shared' AND h.hage >= 40 AND par.age - ch.age >= 16
				UNION ALL
				SELECT parent_id, ex_id, 'partner_of', started, separated FROM pg_temp.deal_gen_ex
				UNION ALL
				SELECT e.ex_id, ch.id, 'parent_of', ch.dob, NULL
				FROM pg_temp.deal_gen_ex e JOIN pg_temp.deal_gen_person ch ON ch.hh = e.family_hh AND ch.role = 'child'
				UNION ALL
				SELECT parent_id, child_id, 'parent_of', child_dob, NULL FROM pg_temp.deal_gen_elder
			) r ORDER BY kind, person_id, relative_id$q$),
		-- Health: a synthetic clinical code list (the real ones are licensed): 2,000 codes that map
		-- to the 36 eFI deficits, about 56 each, and 6,000 routine codes that map to none.  Each
		-- person has each deficit with probability 1 - exp(-frailty x weight), frailty rising with
		-- age (exp(-0.3 + 0.03 (age - 65) + 0.55 z), z standard normal), which puts the over-65s
		-- about 50/35/12/3% fit/mild/moderate/severe; a deficit is recorded by one or more coded
		-- events over ten years, a few codes of each much more used than the rest.  Polypharmacy
		-- is not coded: it shows as 5 to 9 regular medicines issued in the last year.
		(501, 'health', $q$CREATE TABLE @.clinical_codes (code text NOT NULL, term text NOT NULL)$q$),
		(502, 'health', $q$INSERT INTO @.clinical_codes
			SELECT code, term FROM (
				SELECT (100000000 + k * 7919)::text AS code, w.name || ' (synthetic code ' || (k / 36 + 1) || ')' AS term
				FROM generate_series(0, 1999) AS k JOIN pg_temp.deal_gen_weight w ON w.bit = k % 36
				UNION ALL
				SELECT (900000000 + j)::text,
					   (ARRAY['Blood pressure recorded', 'Influenza vaccination', 'Medication review', 'Smoking status recorded',
							  'Body mass index recorded', 'Cholesterol test', 'Telephone consultation', 'Letter from hospital',
							  'Repeat prescription request', 'Vaccination given', 'Health check offered', 'Blood test'])[1 + j % 12]
					   || ' (synthetic code ' || (j / 12 + 1) || ')'
				FROM generate_series(0, 5999) AS j
			) c ORDER BY code$q$),
		(503, 'health', $q$CREATE TABLE @.efi_code_map (code text NOT NULL, deficit text NOT NULL)$q$),
		(504, 'health', $q$INSERT INTO @.efi_code_map
			SELECT (100000000 + k * 7919)::text, w.deficit
			FROM generate_series(0, 1999) AS k JOIN pg_temp.deal_gen_weight w ON w.bit = k % 36
			ORDER BY 1$q$),
		(507, 'health', $q$CREATE TABLE @.coded_events (id int8 NOT NULL, person_id int8 NOT NULL, code text NOT NULL, recorded date NOT NULL)$q$),
		(508, 'health', $q$INSERT INTO @.coded_events
			SELECT id, person_id, code, recorded FROM (
				SELECT (d.id * 64 + d.bit) * 16 + e AS id, d.id AS person_id,
					   (100000000 + (d.bit + 36 * floor(55 * power(deal.uniform($1, 541, (d.id * 64 + d.bit) * 16 + e), 3))::int) * 7919)::text AS code,
					   greatest(d.dob, $3 - 3652)
					   + floor(deal.uniform($1, 542, (d.id * 64 + d.bit) * 16 + e) * ($3 - greatest(d.dob, $3 - 3652) + 1))::int AS recorded
				FROM (SELECT f.id, f.dob, w.bit FROM pg_temp.deal_gen_person f, unnest(deal.efi_codes(f.coded)) AS c (deficit)
					  JOIN pg_temp.deal_gen_weight w ON w.deficit = c.deficit) d,
					 generate_series(1, least(15, 1 + floor(-ln(1 - deal.uniform($1, 543, d.id * 64 + d.bit)) * 0.9)::int)) AS e
				UNION ALL
				SELECT (p.id * 64 + 48) * 16 + e, p.id, (900000000 + floor(6000 * power(deal.uniform($1, 544, p.id * 16 + e), 2)))::text,
					   greatest(p.dob, $3 - 3652) + floor(deal.uniform($1, 545, p.id * 16 + e) * ($3 - greatest(p.dob, $3 - 3652) + 1))::int
				FROM pg_temp.deal_gen_person p,
					 generate_series(1, floor(deal.uniform($1, 546, p.id) * (0.5 + p.age / 40.0::float8))::int) AS e
			) e$q$),
		-- Medicines: regular ones (5 to 9 for polypharmacy, else up to 4, more with more deficits),
		-- issued within the last 8 weeks; regular ones stopped over a year ago; acute courses.
		(509, 'health', $q$CREATE TEMP TABLE deal_gen_medicine AS
			SELECT n, name, true AS regular FROM unnest(ARRAY['amlodipine', 'atorvastatin', 'ramipril', 'bisoprolol', 'metformin',
				'levothyroxine', 'omeprazole', 'lansoprazole', 'simvastatin', 'aspirin', 'furosemide', 'bendroflumethiazide',
				'losartan', 'doxazosin', 'citalopram', 'sertraline', 'mirtazapine', 'donepezil', 'tamsulosin', 'finasteride',
				'alendronic acid', 'calcium and vitamin D', 'apixaban', 'rivaroxaban', 'warfarin', 'clopidogrel', 'gliclazide',
				'sitagliptin', 'salbutamol inhaler', 'beclometasone inhaler', 'tiotropium inhaler', 'paracetamol',
				'co-codamol', 'gabapentin', 'pregabalin', 'amitriptyline', 'allopurinol', 'diltiazem', 'digoxin',
				'isosorbide mononitrate', 'ferrous sulfate', 'folic acid', 'vitamin B12', 'co-careldopa', 'ropinirole',
				'oxybutynin', 'mirabegron', 'latanoprost eye drops', 'zopiclone', 'quetiapine', 'sodium valproate',
				'lamotrigine', 'levetiracetam', 'senna', 'lactulose', 'macrogol', 'indapamide', 'spironolactone',
				'montelukast', 'propranolol']) WITH ORDINALITY AS m (name, n)
			UNION ALL
			SELECT 60 + n, name, false FROM unnest(ARRAY['amoxicillin', 'nitrofurantoin', 'flucloxacillin', 'doxycycline',
				'clarithromycin', 'naproxen', 'ibuprofen', 'prednisolone', 'hydrocortisone cream', 'chloramphenicol eye drops'])
				WITH ORDINALITY AS m (name, n)$q$),
		(510, 'health', $q$CREATE TABLE @.medications (id int8 NOT NULL, person_id int8 NOT NULL, medicine text NOT NULL,
			regular boolean NOT NULL, started date NOT NULL, last_issued date NOT NULL, CHECK (last_issued >= started))$q$),
		(511, 'health', $q$INSERT INTO @.medications
			WITH p AS (SELECT p.id, p.dob, p.age, p.ndef, p.poly,
							  CASE WHEN p.poly THEN 5 + floor(deal.uniform($1, 550, p.id) * 5)::int
								   WHEN p.age < 18 THEN floor(deal.uniform($1, 550, p.id) * 1.3)::int
								   ELSE least(4, floor(deal.uniform($1, 550, p.id) * least(5, 1 + 0.6 * p.ndef::float8))::int) END AS nreg,
							  CASE WHEN p.ndef > 0 THEN floor(deal.uniform($1, 551, p.id) * 1.6)::int ELSE 0 END AS nstopped,
							  CASE WHEN p.age >= 2 THEN floor(deal.uniform($1, 552, p.id) * 1.7)::int ELSE 0 END AS nacute,
							  floor(deal.uniform($1, 553, p.id) * 60)::int AS s,
							  greatest(p.dob, $3 - 3652) AS lo
					   FROM pg_temp.deal_gen_person p OFFSET 0),
			rows AS (
				SELECT p.id * 16 + j AS key, p.id, 1 + (p.s + 7 * j) % 60 AS med, lo + floor(deal.uniform($1, 554, p.id * 16 + j) * greatest($3 - 1 - lo, 0))::int AS started,
					   $3 - floor(deal.uniform($1, 555, p.id * 16 + j) * 56)::int AS last_issued
				FROM p, generate_series(0, p.nreg - 1) AS j
				UNION ALL
				SELECT p.id * 16 + j, p.id, 1 + (p.s + 7 * j) % 60, lo + floor(deal.uniform($1, 554, p.id * 16 + j) * greatest($3 - 400 - lo, 0))::int,
					   $3 - 400 - floor(deal.uniform($1, 555, p.id * 16 + j) * 300)::int
				FROM p, generate_series(p.nreg, p.nreg + p.nstopped - 1) AS j
				WHERE lo < $3 - 700
				UNION ALL
				SELECT p.id * 16 + 12 + j, p.id, 61 + (p.s + 3 * j) % 10, d, d
				FROM p, generate_series(0, p.nacute - 1) AS j,
					 LATERAL (SELECT greatest(p.dob, $3 - 1095) + floor(deal.uniform($1, 556, p.id * 16 + j) * ($3 - greatest(p.dob, $3 - 1095) + 1))::int AS d) dd
			)
			SELECT r.key, r.id, m.name, m.regular, r.started, greatest(r.started, r.last_issued)
			FROM rows r JOIN pg_temp.deal_gen_medicine m ON m.n = r.med$q$),
		-- Services: professionals of eleven agencies, place-based (each works in one cluster; GPs
		-- at one practice), and their involvement with people.  How many professionals a
		-- household knows has a long tail: a geometric number whose mean grows with hardship,
		-- lone parenthood, old age, frailty and frequent attendance, so most know none or one and
		-- a few 8 to 20.  Which agency follows who lives there (health visitors for the under-5s,
		-- schools for the 4-17s, district nurses for the frail); school, health visiting,
		-- children's social care and early help work with every member they concern, the others
		-- with one.  Some involvements are a key worker's.
		(600, 'services', $q$CREATE TABLE @.agencies (code text NOT NULL, name text NOT NULL)$q$),
		(601, 'services', $q$INSERT INTO @.agencies VALUES
			('gp', 'GP practice'), ('health_visiting', 'Health visiting'), ('school', 'Schools'),
			('childrens_social_care', 'Children''s social care'), ('early_help', 'Early help'),
			('adult_social_care', 'Adult social care'), ('district_nursing', 'District nursing'),
			('mental_health', 'Community mental health'), ('housing', 'Housing'), ('police', 'Police'),
			('community_link_work', 'Community link workers')$q$),
		(602, 'services', $q$CREATE TEMP TABLE deal_gen_prof AS
			WITH base (ano, agency, role, per_cluster) AS (VALUES
				(2, 'health_visiting', 'health visitor', 4), (3, 'school', 'school pastoral lead', 6),
				(4, 'childrens_social_care', 'social worker', 6), (5, 'early_help', 'family support worker', 4),
				(6, 'adult_social_care', 'social worker', 6), (7, 'district_nursing', 'district nurse', 5),
				(8, 'mental_health', 'community mental health nurse', 4), (9, 'housing', 'housing officer', 4),
				(10, 'police', 'neighbourhood police officer', 5), (11, 'community_link_work', 'community link worker', 3) OFFSET 0),
			p AS (SELECT b.ano, b.agency, b.role, c.id AS cluster_id, NULL::int8 AS practice, j
				  FROM base b, pg_temp.deal_gen_cluster c,
					   generate_series(1, greatest(1, round(b.per_cluster * c.weight * 16 * $2 / 323000.0))::int) AS j
				  UNION ALL
				  SELECT 1, 'gp', 'GP', pr.cluster_id, pr.idx, g.j FROM pg_temp.deal_gen_practice pr, generate_series(1, 4) AS g (j) OFFSET 0)
			SELECT row_number() OVER (ORDER BY ano, cluster_id, practice, j)::int AS id, ano, agency, role, cluster_id, practice,
				   CASE WHEN ano = 1 THEN -practice ELSE ano * 100 + cluster_id END AS pool,
				   row_number() OVER (PARTITION BY ano, cluster_id, practice ORDER BY j) AS pj,
				   count(*) OVER (PARTITION BY ano, cluster_id, practice) AS pn
			FROM p$q$),
		(603, 'services', $q$CREATE TABLE @.professionals (id int4 NOT NULL, agency text NOT NULL, role text NOT NULL,
			cluster_id int2 NOT NULL, gp_practice_id int4)$q$),
		(604, 'services', $q$INSERT INTO @.professionals SELECT id, agency, role, cluster_id, practice FROM pg_temp.deal_gen_prof ORDER BY id$q$),
		(605, 'services', $q$CREATE TEMP TABLE deal_gen_hhx AS
			WITH x AS (SELECT h.k, h.cluster_id, h.imd_decile, h.htype, h.h,
							  bool_or(p.age < 5) AS u5, bool_or(p.age BETWEEN 4 AND 17) AS school, bool_or(p.age < 18) AS child,
							  bool_or(p.age >= 75) AS o75, bool_or(p.fa) AS fa,
							  bool_or(p.sex = 'F' AND p.age BETWEEN 18 AND 44) AS woman_18_44, max(p.ndef) AS ndef,
							  min(p.practice) FILTER (WHERE p.m = 1) AS practice
					   FROM pg_temp.deal_gen_hh h JOIN pg_temp.deal_gen_person p ON p.hh = h.k
					   GROUP BY h.k, h.cluster_id, h.imd_decile, h.htype, h.h OFFSET 0),
			y AS (SELECT x.*,
								 0.5 * exp(0.6 * h) * CASE WHEN htype = 'lone_parent' THEN 1.5 ELSE 1 END * CASE WHEN o75 THEN 1.4 ELSE 1 END
								 * (1 + 0.05 * ndef::float8) * CASE WHEN fa THEN 4 ELSE 1 END AS m,
								 (1 + o75::int)::float8 AS w1, 2 * u5::int::float8 AS w2, 2 * school::int::float8 AS w3,
								 0.6 * child::int * (1 + greatest(h, 0)) AS w4, 0.8 * child::int::float8 AS w5, 0.2 + 1.3 * o75::int::float8 AS w6,
								 0.05 + 1.5 * (ndef >= 6)::int::float8 AS w7, 0.5 + 0.8 * fa::int::float8 AS w8,
								 CASE WHEN imd_decile <= 3 THEN 1.0 ELSE 0.4 END::float8 AS w9,
								 0.4 * (1 + greatest(h, 0)) + 0.8 * fa::int AS w10, 0.6 + 0.6 * fa::int::float8 AS w11
						  FROM x OFFSET 0)
			SELECT k, cluster_id, imd_decile, htype, h, u5, school, child, o75, fa, woman_18_44, ndef, practice,
				   least(20, floor(ln(1 - deal.uniform($1, 601, k)) / ln(m / (1 + m))))::int AS n_prof,
				   w1 AS c1, w1 + w2 AS c2, w1 + w2 + w3 AS c3, w1 + w2 + w3 + w4 AS c4, w1 + w2 + w3 + w4 + w5 AS c5,
				   w1 + w2 + w3 + w4 + w5 + w6 AS c6, w1 + w2 + w3 + w4 + w5 + w6 + w7 AS c7,
				   w1 + w2 + w3 + w4 + w5 + w6 + w7 + w8 AS c8, w1 + w2 + w3 + w4 + w5 + w6 + w7 + w8 + w9 AS c9,
				   w1 + w2 + w3 + w4 + w5 + w6 + w7 + w8 + w9 + w10 AS c10,
				   w1 + w2 + w3 + w4 + w5 + w6 + w7 + w8 + w9 + w10 + w11 AS c11
			FROM y$q$),
		(606, 'services', $q$CREATE TEMP TABLE deal_gen_team AS
			WITH slots AS (SELECT x.*, j, deal.uniform($1, 602, x.k * 32 + j) * x.c11 AS ua, deal.uniform($1, 603, x.k * 32 + j) AS up
										FROM pg_temp.deal_gen_hhx x, generate_series(1, x.n_prof) AS j OFFSET 0),
			picked AS (SELECT k, cluster_id, practice, n_prof, j, up,
										   CASE WHEN ua < c1 THEN 1 WHEN ua < c2 THEN 2 WHEN ua < c3 THEN 3 WHEN ua < c4 THEN 4
												WHEN ua < c5 THEN 5 WHEN ua < c6 THEN 6 WHEN ua < c7 THEN 7 WHEN ua < c8 THEN 8
												WHEN ua < c9 THEN 9 WHEN ua < c10 THEN 10 ELSE 11 END AS ano
									FROM slots OFFSET 0),
			prof AS (SELECT p.k, p.j, p.n_prof, pr.id AS prof_id, pr.ano, pr.agency
					 FROM picked p JOIN pg_temp.deal_gen_prof pr
					   ON pr.pool = CASE WHEN p.ano = 1 THEN -p.practice ELSE p.ano * 100 + p.cluster_id END
					  AND pr.pj = 1 + floor(p.up * pr.pn)::int OFFSET 0)
			SELECT k, prof_id, ano, agency, min(j) AS j, max(n_prof) AS n_prof FROM prof GROUP BY k, prof_id, ano, agency$q$),
		(607, 'services', $q$CREATE TABLE @.involvements (id int8 NOT NULL, professional_id int4 NOT NULL, person_id int8 NOT NULL,
			started date NOT NULL, ended date, during daterange NOT NULL GENERATED ALWAYS AS (daterange(started, ended)) STORED,
			key_worker boolean NOT NULL, CHECK (ended > started))$q$),
		(608, 'services', $q$INSERT INTO @.involvements (id, professional_id, person_id, started, ended, key_worker)
			WITH m AS (SELECT t.k, t.prof_id, t.ano, t.agency, t.j, t.n_prof, p.id AS person_id, p.dob, p.fa, p.m, p.age,
							  CASE WHEN t.agency IN ('school', 'health_visiting', 'childrens_social_care', 'early_help') THEN 1
								   ELSE row_number() OVER (PARTITION BY t.k, t.prof_id
														   ORDER BY p.fa DESC, (t.agency IN ('adult_social_care', 'district_nursing', 'gp')
																				AND p.age >= 65) DESC,
																	deal.uniform($1, 604, p.id * 65536 + t.prof_id), p.id) END AS pick
					   FROM pg_temp.deal_gen_team t JOIN pg_temp.deal_gen_person p ON p.hh = t.k
					   WHERE CASE t.agency
								 WHEN 'health_visiting' THEN p.age < 5 OR p.m = 1
								 WHEN 'school' THEN p.age BETWEEN 4 AND 17
								 WHEN 'childrens_social_care' THEN p.age < 18 OR p.m = 1
								 WHEN 'early_help' THEN true
								 WHEN 'housing' THEN p.m = 1
								 WHEN 'police' THEN p.age >= 12
								 WHEN 'mental_health' THEN p.age >= 16
								 WHEN 'gp' THEN true
								 ELSE p.age >= 18 END OFFSET 0),
			lead AS (SELECT k, min(j) AS j FROM pg_temp.deal_gen_team
					 WHERE agency IN ('early_help', 'childrens_social_care', 'community_link_work', 'adult_social_care', 'mental_health')
					 GROUP BY k OFFSET 0),
			d AS (SELECT m.*,
						 greatest(m.dob, $3 - 2190, $3 - 1 - floor(-ln(1 - deal.uniform($1, 605, m.person_id * 65536 + m.prof_id)) * 500)::int) AS started,
						 deal.uniform($1, 606, m.person_id * 65536 + m.prof_id) < 0.6 AS ongoing,
						 lead.j IS NOT NULL AND lead.j = m.j
						 AND ((m.n_prof >= 3 AND deal.uniform($1, 607, m.k) < 0.5) OR (m.fa AND deal.uniform($1, 608, m.k) < 0.4)) AS key_worker
				  FROM m LEFT JOIN lead ON lead.k = m.k
				  WHERE m.pick = 1 OFFSET 0)
			SELECT row_number() OVER (ORDER BY person_id, started, prof_id), prof_id, person_id, started,
				   CASE WHEN ongoing OR key_worker THEN NULL
						ELSE started + 1 + floor(deal.uniform($1, 609, person_id * 65536 + prof_id) * ($3 - started - 1))::int END,
				   key_worker
			FROM d
			WHERE started < $3$q$),
		-- Emergencies, over the three years to as_of, at local (Europe/London) times.  Each
		-- person's A&E attendances are a geometric number whose mean rises with age, deprivation
		-- and frailty; frequent attenders (about 1% of adults, more in deprived places) add a burst
		-- of 12 to 60 attendances within 4 to 12 months.  Emergency admissions come through A&E;
		-- elective ones do not.  Row keys (for deal.uniform and to link rows) are person x 1024 +
		-- 0-255 attendances, 256-383 a burst's, 384-447 emergency admissions, 448-511 elective
		-- ones, 512-639 readmissions (an admission's key + 128); an attendance that led to an
		-- admission has the admission's key.
		(700, 'emergencies', $q$CREATE TEMP TABLE deal_gen_ae AS
			WITH p AS (SELECT p.id, p.age, p.fa, p.ndef,
							  CASE WHEN p.age < 5 THEN 0.36::float8 WHEN p.age < 18 THEN 0.2 WHEN p.age < 65 THEN 0.22 WHEN p.age < 80 THEN 0.3
								   ELSE 0.6 END * (1 + 0.08 * (5.5 - p.imd_decile::float8)) * (1 + 0.12 * p.ndef::float8) AS rate,
							  $3 - ($3 - interval '3 years' + interval '1 day')::date + 1 AS ndays
					   FROM pg_temp.deal_gen_person p OFFSET 0),
			e AS (SELECT p.id, p.age, p.fa, p.id * 1024 + e AS key, floor(deal.uniform($1, 702, p.id * 1024 + e) * p.ndays)::int AS day
				  FROM p, generate_series(1, least(255, floor(ln(1 - deal.uniform($1, 701, p.id)) / ln(3 * p.rate / (1 + 3 * p.rate)))::int)) AS e
				  UNION ALL
				  SELECT b.id, b.age, b.fa, b.id * 1024 + 256 + e, b.start + floor(deal.uniform($1, 706, b.id * 1024 + 256 + e) * b.len)::int
				  FROM (SELECT p.id, p.age, p.fa, least(60, 12 + floor(-ln(1 - deal.uniform($1, 703, p.id)) * 10))::int AS n,
							   120 + floor(deal.uniform($1, 704, p.id) * 240)::int AS len,
							   floor(deal.uniform($1, 705, p.id) * (p.ndays - 360))::int AS start
						FROM p WHERE p.fa) b,
					   generate_series(1, b.n) AS e OFFSET 0)
			SELECT e.key, e.id AS person_id, e.day,
				   CASE WHEN deal.uniform($1, 707, e.key) < 0.85 THEN 28800 + floor(deal.uniform($1, 708, e.key) * 57600)
						ELSE floor(deal.uniform($1, 708, e.key) * 28800) END::int AS secs,
				   CASE WHEN deal.uniform($1, 709, e.key) < 0.15 + 0.35 * (e.age >= 75)::int + 0.1 * e.fa::int THEN 'ambulance'
						ELSE 'walk_in' END AS arrival_mode,
				   3600 + floor(deal.uniform($1, 710, e.key) * 18000)::int AS stay_secs,
				   CASE WHEN deal.uniform($1, 711, e.key) < 0.1 THEN 'referred' ELSE 'discharged' END AS disposal,
				   NULL::int8 AS adm_key
			FROM e$q$),
		-- Admissions: emergency ones at any hour, length of stay geometric, longer with age and
		-- frailty; elective ones in the morning, more than half the same day.  Those not yet
		-- discharged by as_of are left out.  The LACE conditions a person has follow their
		-- deficits (heart failure, diabetes, COPD ...) plus tumours and liver disease at random;
		-- each admission records each with probability 0.85.
		(703, 'emergencies', $q$CREATE TEMP TABLE deal_gen_cond AS
			SELECT f.id, array_remove(ARRAY[
				CASE WHEN f.coded OPERATOR(deal.@>) '{heart_failure}'::deal.efi THEN 'congestive_heart_failure' END,
				CASE WHEN f.coded OPERATOR(deal.@>) '{diabetes}'::deal.efi THEN
					 CASE WHEN f.coded OPERATOR(deal.@>) '{chronic_kidney_disease}'::deal.efi OR deal.uniform($1, 720, f.id) < 0.2
						  THEN 'diabetes_with_end_organ_damage' ELSE 'diabetes_without_complications' END END,
				CASE WHEN f.coded OPERATOR(deal.@>) '{respiratory_disease}'::deal.efi THEN 'chronic_pulmonary_disease' END,
				CASE WHEN f.coded OPERATOR(deal.@>) '{cerebrovascular_disease}'::deal.efi THEN 'cerebrovascular_disease' END,
				CASE WHEN f.coded OPERATOR(deal.@>) '{peripheral_vascular_disease}'::deal.efi THEN 'peripheral_vascular_disease' END,
				CASE WHEN f.coded OPERATOR(deal.@>) '{ischaemic_heart_disease}'::deal.efi AND deal.uniform($1, 721, f.id) < 0.5 THEN 'previous_myocardial_infarction' END,
				CASE WHEN f.coded OPERATOR(deal.@>) '{memory_cognitive_problems}'::deal.efi AND deal.uniform($1, 722, f.id) < 0.6 THEN 'dementia' END,
				CASE WHEN f.coded OPERATOR(deal.@>) '{chronic_kidney_disease}'::deal.efi THEN 'renal_disease' END,
				CASE WHEN f.coded OPERATOR(deal.@>) '{arthritis}'::deal.efi AND deal.uniform($1, 723, f.id) < 0.1 THEN 'connective_tissue_disease' END,
				CASE WHEN deal.uniform($1, 724, f.id) < 0.003 + 0.0012 * greatest(f.age - 40, 0) THEN
					 CASE WHEN deal.uniform($1, 725, f.id) < 0.15 THEN 'metastatic_solid_tumour' ELSE 'any_tumour' END END,
				CASE WHEN deal.uniform($1, 726, f.id) < 0.012 THEN
					 CASE WHEN deal.uniform($1, 727, f.id) < 0.25 THEN 'moderate_severe_liver_disease' ELSE 'mild_liver_disease' END END
			], NULL) AS conditions
			FROM pg_temp.deal_gen_person f
			WHERE f.id IN (SELECT person_id FROM pg_temp.deal_gen_adm)$q$),
		(702, 'emergencies', $q$CREATE TEMP TABLE deal_gen_adm AS
			WITH p AS (SELECT p.id, p.dob, p.age, p.fa, p.imd_decile, p.ndef,
							  $3 - ($3 - interval '3 years' + interval '1 day')::date + 1 AS ndays
					   FROM pg_temp.deal_gen_person p OFFSET 0),
			r AS (SELECT p.*, 3 * CASE WHEN p.age < 18 THEN 0.02::float8 WHEN p.age < 65 THEN 0.035 WHEN p.age < 80 THEN 0.10 ELSE 0.25 END
							  * (1 + 0.15 * p.ndef::float8) * (1 + 0.05 * (5.5 - p.imd_decile::float8)) * CASE WHEN p.fa THEN 3 ELSE 1 END AS m_acute,
							  3 * CASE WHEN p.age < 18 THEN 0.01::float8 WHEN p.age < 50 THEN 0.025 WHEN p.age < 70 THEN 0.06 ELSE 0.08 END
							  * (1 + 0.05 * p.ndef::float8) AS m_elective
				  FROM p OFFSET 0),
			a AS (SELECT r.id, r.dob, r.age, r.ndef, r.ndays, true AS acute, r.id * 1024 + 384 + e AS key
				  FROM r, generate_series(1, least(63, floor(ln(1 - deal.uniform($1, 730, r.id)) / ln(r.m_acute / (1 + r.m_acute)))::int)) AS e
				  UNION ALL
				  SELECT r.id, r.dob, r.age, r.ndef, r.ndays, false, r.id * 1024 + 448 + e
				  FROM r, generate_series(1, least(63, floor(ln(1 - deal.uniform($1, 731, r.id)) / ln(r.m_elective / (1 + r.m_elective)))::int)) AS e OFFSET 0),
			t AS (SELECT a.*, floor(deal.uniform($1, 732, key) * ndays)::int AS day,
						 CASE WHEN acute THEN floor(deal.uniform($1, 733, key) * 86400)
							  ELSE 27000 + floor(deal.uniform($1, 733, key) * 10800) END::int AS secs,
						 CASE WHEN acute THEN floor(ln(1 - deal.uniform($1, 734, key))
													/ ln((1::float8 + 0.04 * greatest(age - 40, 0) + 0.3 * ndef::float8) / (2::float8 + 0.04 * greatest(age - 40, 0) + 0.3 * ndef::float8)))
							  WHEN deal.uniform($1, 734, key) < 0.55 THEN 0
							  ELSE 1 + floor(ln(1 - deal.uniform($1, 735, key)) / ln(1.5 / 2.5)) END::int AS los
				  FROM a OFFSET 0)
			SELECT key, id AS person_id, dob, acute, false AS readmission, day, secs, los,
				   CASE WHEN los = 0 THEN least(86399, secs + 7200 + floor(deal.uniform($1, 736, key) * 21600)::int)
						ELSE 36000 + floor(deal.uniform($1, 736, key) * 28800)::int END AS dsecs
			FROM t WHERE day + los < ndays$q$),
		-- Readmission within 30 days follows a logistic model of what is known at discharge:
		--   eta = -4.4 + 0.15 age_decades + 3 efi + 0.35 prior_admissions + 0.1 L + 0.15 A + 0.12 C + 0.15 E
		-- age in decades at admission; efi the person's electronic frailty index (deficits / 36);
		-- prior_admissions the admissions in the 365 days before; L, A, C, E the LACE points (length
		-- of stay, 3 if acute, comorbidity, A&E attendances in the 6 months (here 183 days) before,
		-- not counting the one that led to this admission).  A readmission drawn is an emergency
		-- admission 1 to 30 days after discharge.
		(704, 'emergencies', $q$CREATE TEMP TABLE deal_gen_feat AS
			WITH adm AS (SELECT a.*, a.day * 86400::int8 + a.secs AS t FROM pg_temp.deal_gen_adm a OFFSET 0),
			-- admissions in the year before, and the emergency ones in the 183 days before (each came
			-- through A&E, a few hours earlier)
			pri AS (SELECT a.key, count(b.key) AS n, count(b.key) FILTER (WHERE b.acute AND b.t >= a.t - 183 * 86400) AS acute_6m
					FROM adm a
					LEFT JOIN adm b ON b.person_id = a.person_id AND b.t >= a.t - 365 * 86400 AND b.t < a.t
					GROUP BY a.key OFFSET 0),
			edv AS (SELECT a.key, count(x.key) AS n FROM adm a
					LEFT JOIN pg_temp.deal_gen_ae x ON x.person_id = a.person_id
						 AND x.day * 86400::int8 + x.secs >= a.t - 183 * 86400 AND x.day * 86400::int8 + x.secs < a.t
					GROUP BY a.key OFFSET 0),
			c AS (SELECT adm.key, coalesce((SELECT array_agg(c ORDER BY c) FROM unnest(cd.conditions) WITH ORDINALITY AS u (c, i)
											WHERE deal.uniform($1, 750, adm.key * 16 + u.i) < 0.85), '{}') AS conditions
				  FROM adm JOIN pg_temp.deal_gen_cond cd ON cd.id = adm.person_id OFFSET 0)
			SELECT adm.key, adm.person_id, c.conditions,
				   date_part('year', age((($3 - interval '3 years' + interval '1 day')::date + adm.day)::timestamp, adm.dob::timestamp)) / 10 AS age_decades,
				   f.ndef / 36.0::float8 AS efi, pri.n AS prior_admissions,
				   CASE WHEN adm.los < 4 THEN adm.los WHEN adm.los < 7 THEN 4 WHEN adm.los < 14 THEN 5 ELSE 7 END AS l,
				   CASE WHEN adm.acute THEN 3 ELSE 0 END AS a,
				   CASE WHEN deal.lace_comorbidity(c.conditions) >= 4 THEN 5 ELSE deal.lace_comorbidity(c.conditions) END AS c,
				   least(4, edv.n + pri.acute_6m) AS e
			FROM adm JOIN c ON c.key = adm.key JOIN pri ON pri.key = adm.key JOIN edv ON edv.key = adm.key
			JOIN pg_temp.deal_gen_person f ON f.id = adm.person_id$q$),
		(705, 'emergencies', $q$INSERT INTO pg_temp.deal_gen_adm
			WITH r AS (SELECT a.key + 128 AS key, a.person_id, a.dob, a.day + a.los + 1 + floor(29 * power(deal.uniform($1, 761, a.key), 1.6))::int AS day,
							  floor(deal.uniform($1, 762, a.key) * 86400)::int AS secs,
							  floor(ln(1 - deal.uniform($1, 763, a.key))
									/ ln((1::float8 + 0.04 * greatest(date_part('year', age($3, a.dob)) - 40, 0) + 0.3 * f.ndef)
										 / (2::float8 + 0.04 * greatest(date_part('year', age($3, a.dob)) - 40, 0) + 0.3 * f.ndef)))::int AS los
					   FROM pg_temp.deal_gen_adm a JOIN pg_temp.deal_gen_feat x ON x.key = a.key
					   JOIN pg_temp.deal_gen_person f ON f.id = a.person_id
					   WHERE deal.uniform($1, 760, a.key) < 1 / (1 + exp(-(-4.4 + 0.15 * x.age_decades + 3 * x.efi + 0.35 * x.prior_admissions::float8
																		 + 0.1 * x.l::float8 + 0.15 * x.a::float8 + 0.12 * x.c::float8 + 0.15 * x.e::float8))) OFFSET 0)
			SELECT key, person_id, dob, true, true, day, secs, los,
				   CASE WHEN los = 0 THEN least(86399, secs + 7200 + floor(deal.uniform($1, 736, key) * 21600)::int)
						ELSE 36000 + floor(deal.uniform($1, 736, key) * 28800)::int END
			FROM r WHERE day + los < $3 - ($3 - interval '3 years' + interval '1 day')::date + 1$q$),
		-- Every emergency admission came through A&E: an attendance 1 to 8 hours before it.
		(706, 'emergencies', $q$INSERT INTO pg_temp.deal_gen_ae
			SELECT key, person_id, day, secs - 3600 - floor(deal.uniform($1, 740, key) * 25200)::int,
				   CASE WHEN deal.uniform($1, 741, key) < 0.55 THEN 'ambulance' ELSE 'walk_in' END,
				   3600 + floor(deal.uniform($1, 740, key) * 25200)::int, 'admitted', key
			FROM pg_temp.deal_gen_adm WHERE acute$q$),
		(707, 'emergencies', $q$CREATE TEMP TABLE deal_gen_ae_final AS
			SELECT row_number() OVER (ORDER BY arrived, person_id, key) AS id, *
			FROM (SELECT x.key, x.person_id, x.arrival_mode, x.disposal, x.adm_key,
						 ((($3 - interval '3 years' + interval '1 day')::date + x.day) + x.secs * interval '1 second') AT TIME ZONE 'Europe/London' AS arrived,
						 ((($3 - interval '3 years' + interval '1 day')::date + x.day) + (x.secs + x.stay_secs) * interval '1 second') AT TIME ZONE 'Europe/London' AS departed
				  FROM pg_temp.deal_gen_ae x) s$q$),
		(708, 'emergencies', $q$CREATE TEMP TABLE deal_gen_adm_final AS
			SELECT row_number() OVER (ORDER BY admitted, person_id, key) AS id, *
			FROM (SELECT a.key, a.person_id, a.acute, a.los,
						 ((($3 - interval '3 years' + interval '1 day')::date + a.day) + a.secs * interval '1 second') AT TIME ZONE 'Europe/London' AS admitted,
						 ((($3 - interval '3 years' + interval '1 day')::date + a.day + a.los) + a.dsecs * interval '1 second') AT TIME ZONE 'Europe/London' AS discharged,
						 coalesce(CASE WHEN a.readmission
									   THEN (SELECT array_agg(c ORDER BY c) FROM unnest(cd.conditions) WITH ORDINALITY AS u (c, i)
											 WHERE deal.uniform($1, 750, a.key * 16 + u.i) < 0.85)
									   ELSE x.conditions END, '{}') AS comorbidities
				  FROM pg_temp.deal_gen_adm a JOIN pg_temp.deal_gen_cond cd ON cd.id = a.person_id
				  LEFT JOIN pg_temp.deal_gen_feat x ON x.key = a.key) s$q$),
		(709, 'emergencies', $q$CREATE TABLE @.admissions (id int8 NOT NULL, person_id int8 NOT NULL, admitted timestamptz NOT NULL,
			discharged timestamptz NOT NULL, los_days int4 NOT NULL CHECK (los_days >= 0), acute boolean NOT NULL,
			comorbidities text[] NOT NULL, ed_visits_6m int4 NOT NULL, readmitted_30d boolean, CHECK (discharged >= admitted))$q$),
		(710, 'emergencies', $q$INSERT INTO @.admissions
			WITH edv AS (SELECT a.id, count(x.id) AS n FROM pg_temp.deal_gen_adm_final a
						 LEFT JOIN pg_temp.deal_gen_ae_final x ON x.person_id = a.person_id AND x.adm_key IS DISTINCT FROM a.key
								   AND x.arrived >= a.admitted - interval '6 months' AND x.arrived < a.admitted
						 GROUP BY a.id OFFSET 0),
			readm AS (SELECT a.id, count(b.id) > 0 AS readmitted FROM pg_temp.deal_gen_adm_final a
					  LEFT JOIN pg_temp.deal_gen_adm_final b ON b.person_id = a.person_id AND b.acute
								AND b.admitted > a.discharged AND b.admitted <= a.discharged + interval '30 days'
					  GROUP BY a.id OFFSET 0)
			SELECT a.id, a.person_id, a.admitted, a.discharged, a.los, a.acute, a.comorbidities, edv.n,
				   CASE WHEN a.discharged + interval '30 days' <= ($3 + 1)::timestamp AT TIME ZONE 'Europe/London' THEN readm.readmitted END
			FROM pg_temp.deal_gen_adm_final a JOIN edv ON edv.id = a.id JOIN readm ON readm.id = a.id
			ORDER BY a.id$q$),
		(711, 'emergencies', $q$CREATE TABLE @.ae_attendances (id int8 NOT NULL, person_id int8 NOT NULL, arrived timestamptz NOT NULL,
			departed timestamptz NOT NULL, arrival_mode text NOT NULL CHECK (arrival_mode IN ('ambulance', 'walk_in')),
			disposal text NOT NULL CHECK (disposal IN ('discharged', 'referred', 'admitted')), admission_id int8,
			CHECK (departed > arrived), CHECK ((disposal = 'admitted') = (admission_id IS NOT NULL)))$q$),
		(712, 'emergencies', $q$INSERT INTO @.ae_attendances
			SELECT x.id, x.person_id, x.arrived, x.departed, x.arrival_mode, x.disposal, a.id
			FROM pg_temp.deal_gen_ae_final x LEFT JOIN pg_temp.deal_gen_adm_final a ON a.key = x.adm_key
			ORDER BY x.id$q$),
		-- Ambulance calls: one for each attendance that arrived by ambulance (conveyed), and calls
		-- dealt with at the scene or on the phone, more for the old and the frequent attenders.
		(713, 'emergencies', $q$CREATE TABLE @.ambulance_calls (id int8 NOT NULL, person_id int8 NOT NULL, called timestamptz NOT NULL,
			outcome text NOT NULL CHECK (outcome IN ('conveyed', 'see_and_treat', 'hear_and_treat')), ae_attendance_id int8,
			CHECK ((outcome = 'conveyed') = (ae_attendance_id IS NOT NULL)))$q$),
		(714, 'emergencies', $q$INSERT INTO @.ambulance_calls
			SELECT row_number() OVER (ORDER BY called, person_id, key), person_id, called, outcome, ae_id FROM (
				SELECT x.key, x.person_id, x.arrived - (1200 + floor(deal.uniform($1, 770, x.key) * 4200)::int) * interval '1 second' AS called,
					   'conveyed' AS outcome, x.id AS ae_id
				FROM pg_temp.deal_gen_ae_final x WHERE x.arrival_mode = 'ambulance'
				UNION ALL
				SELECT p.id * 1024 + 640 + e, p.id,
					   ((($3 - interval '3 years' + interval '1 day')::date
						 + floor(deal.uniform($1, 772, p.id * 1024 + 640 + e) * ($3 - ($3 - interval '3 years' + interval '1 day')::date + 1))::int)
						+ floor(deal.uniform($1, 773, p.id * 1024 + 640 + e) * 86400) * interval '1 second') AT TIME ZONE 'Europe/London',
					   CASE WHEN deal.uniform($1, 774, p.id * 1024 + 640 + e) < 0.6 THEN 'see_and_treat' ELSE 'hear_and_treat' END, NULL
				FROM pg_temp.deal_gen_person p,
					 LATERAL (SELECT 3 * CASE WHEN p.age >= 75 THEN 0.06::float8 WHEN p.age >= 18 THEN 0.02 ELSE 0.01 END
									 * CASE WHEN p.fa THEN 6 ELSE 1 END AS m) mm,
					 generate_series(1, least(127, floor(ln(1 - deal.uniform($1, 771, p.id)) / ln(mm.m / (1 + mm.m)))::int)) AS e
			) c$q$),
		-- Police incidents a person was involved in: more with hardship and among frequent attenders.
		(715, 'emergencies', $q$CREATE TABLE @.police_incidents (id int8 NOT NULL, person_id int8 NOT NULL, reported timestamptz NOT NULL,
			category text NOT NULL)$q$),
		(716, 'emergencies', $q$INSERT INTO @.police_incidents
			SELECT row_number() OVER (ORDER BY reported, person_id, key), person_id, reported, category FROM (
				SELECT p.id * 1024 + 768 + e AS key, p.id AS person_id,
					   ((($3 - interval '3 years' + interval '1 day')::date
						 + floor(deal.uniform($1, 781, p.id * 1024 + 768 + e) * ($3 - ($3 - interval '3 years' + interval '1 day')::date + 1))::int)
						+ floor(deal.uniform($1, 782, p.id * 1024 + 768 + e) * 86400) * interval '1 second') AT TIME ZONE 'Europe/London' AS reported,
					   CASE WHEN c < 0.25 THEN 'concern_for_welfare'
							WHEN c < 0.43 THEN CASE WHEN p.age >= 16 THEN 'domestic_abuse' ELSE 'concern_for_welfare' END
							WHEN c < 0.60 THEN 'antisocial_behaviour' WHEN c < 0.75 THEN 'crime_victim'
							WHEN c < 0.87 THEN 'crime_suspect' WHEN c < 0.95 THEN 'mental_health_crisis'
							ELSE 'missing_person' END AS category
				FROM pg_temp.deal_gen_person p,
					 LATERAL (SELECT 3 * CASE WHEN p.age BETWEEN 12 AND 70 THEN 0.025::float8 ELSE 0.006 END * exp(0.5 * p.h)
									 * CASE WHEN p.fa THEN 4 ELSE 1 END AS m) mm,
					 generate_series(1, least(127, floor(ln(1 - deal.uniform($1, 780, p.id)) / ln(mm.m / (1 + mm.m)))::int)) AS e,
					 LATERAL (SELECT deal.uniform($1, 783, p.id * 1024 + 768 + e) AS c) cc
			) i$q$),
		-- Needs, interests and offers, as profiles.  A person's number of needs is geometric, its
		-- mean rising with deprivation, hardship, lone parenthood, old age, frailty and frequent
		-- attendance; each need is drawn from the labels of their stage of life (child, young
		-- adult, parent, adult, older person) or, more often in deprived places, money (debt,
		-- benefits, budgeting, food, cold home), with a severity from 0.3 to 1.  What the records
		-- show is a need too: falls (falls prevention), memory problems (dementia support),
		-- domestic abuse reported to the police, frequent attendance (mental wellbeing).
		(800, 'needs', $q$CREATE TEMP TABLE deal_gen_label AS
			WITH l (ctx, label, w) AS (VALUES
				('money', 'debt', 30), ('money', 'benefits', 20), ('money', 'budgeting', 20), ('money', 'food', 17), ('money', 'cold_home', 13),
				('child', 'child_development', 30), ('child', 'autism_support', 20), ('child', 'mental_wellbeing', 25), ('child', 'physical_activity', 25),
				('young', 'work', 25), ('young', 'training', 20), ('young', 'mental_wellbeing', 20), ('young', 'housing', 10),
				('young', 'substance_use', 6), ('young', 'alcohol', 4), ('young', 'digital_skills', 5), ('young', 'volunteering', 10),
				('parent', 'parenting', 25), ('parent', 'child_development', 15), ('parent', 'mental_wellbeing', 15), ('parent', 'domestic_abuse', 8),
				('parent', 'work', 12), ('parent', 'healthy_eating', 10), ('parent', 'physical_activity', 8), ('parent', 'carers_support', 7),
				('adult', 'mental_wellbeing', 20), ('adult', 'work', 12), ('adult', 'physical_activity', 12), ('adult', 'alcohol', 8),
				('adult', 'healthy_eating', 10), ('adult', 'carers_support', 10), ('adult', 'loneliness', 10), ('adult', 'domestic_abuse', 4),
				('adult', 'bereavement', 6), ('adult', 'substance_use', 4), ('adult', 'housing', 4),
				('older', 'loneliness', 22), ('older', 'social_isolation', 14), ('older', 'falls_prevention', 14), ('older', 'bereavement', 10),
				('older', 'dementia_support', 8), ('older', 'carers_support', 8), ('older', 'digital_skills', 8), ('older', 'physical_activity', 8),
				('older', 'cold_home', 4), ('older', 'mental_wellbeing', 4),
				-- interests and strengths
				('i_child', 'football', 25), ('i_child', 'music', 15), ('i_child', 'art', 15), ('i_child', 'dancing', 12), ('i_child', 'computers', 13),
				('i_child', 'reading', 10), ('i_child', 'cycling', 10),
				('i_young', 'football', 18), ('i_young', 'music', 18), ('i_young', 'computers', 14), ('i_young', 'cycling', 8), ('i_young', 'art', 8),
				('i_young', 'dancing', 10), ('i_young', 'cooking', 10), ('i_young', 'walking', 8), ('i_young', 'pets', 6),
				('i_adult', 'walking', 16), ('i_adult', 'cooking', 12), ('i_adult', 'football', 8), ('i_adult', 'music', 10), ('i_adult', 'reading', 10),
				('i_adult', 'gardening', 10), ('i_adult', 'pets', 10), ('i_adult', 'art', 4), ('i_adult', 'computers', 6), ('i_adult', 'cycling', 5),
				('i_adult', 'fishing', 4), ('i_adult', 'crafts', 5), ('i_adult', 'dancing', 4), ('i_adult', 'history', 3),
				('i_older', 'gardening', 18), ('i_older', 'reading', 12), ('i_older', 'history', 9), ('i_older', 'walking', 12), ('i_older', 'music', 8),
				('i_older', 'singing', 7), ('i_older', 'faith', 8), ('i_older', 'crafts', 6), ('i_older', 'sewing', 6), ('i_older', 'cooking', 5),
				('i_older', 'pets', 5), ('i_older', 'dancing', 2), ('i_older', 'fishing', 2) OFFSET 0)
			, cum AS (SELECT ctx, label, (sum(w) OVER (PARTITION BY ctx ORDER BY label) - w)::float8 / sum(w) OVER (PARTITION BY ctx) AS lo,
							sum(w) OVER (PARTITION BY ctx ORDER BY label)::float8 / sum(w) OVER (PARTITION BY ctx) AS hi
					 FROM l)
			-- each context's labels over 1,000 buckets of [0, 1) in proportion to their weights,
			-- so that a label is drawn by an equi-join on the bucket of a uniform number
			SELECT cum.ctx, b.bucket, cum.label
			FROM cum JOIN generate_series(0, 999) AS b (bucket) ON (b.bucket + 0.5) / 1000 >= cum.lo AND (b.bucket + 0.5) / 1000 < cum.hi$q$),
		(801, 'needs', $q$CREATE TEMP TABLE deal_gen_pctx AS
			SELECT p.id, p.hh, p.age, p.m, p.fa, p.imd_decile, p.h, p.ndef,
				   p.coded OPERATOR(deal.@>) '{falls}'::deal.efi AS falls, p.coded OPERATOR(deal.@>) '{memory_cognitive_problems}'::deal.efi AS memory,
				   CASE WHEN p.age < 18 THEN 'child' WHEN p.age >= 65 THEN 'older'
						WHEN p.role IN ('householder', 'partner') AND x.child THEN 'parent'
						WHEN p.age < 30 THEN 'young' ELSE 'adult' END AS ctx,
				   p.role = 'householder' AND h.htype = 'lone_parent' AS lone_parent
			FROM pg_temp.deal_gen_person p
			JOIN pg_temp.deal_gen_hh h ON h.k = p.hh JOIN pg_temp.deal_gen_hhx x ON x.k = p.hh$q$),
		(802, 'needs', $q$CREATE TEMP TABLE deal_gen_need AS
			WITH m AS (SELECT c.*, CASE WHEN c.age < 18 THEN 0.12::float8 ELSE 0.32 END * CASE WHEN c.imd_decile <= 3 THEN 1.8 ELSE 1 END
								   * (1 + 0.25 * greatest(c.h, 0)) * CASE WHEN c.lone_parent THEN 1.5 ELSE 1 END
								   * CASE WHEN c.age >= 75 THEN 1.5 ELSE 1 END * (1 + 0.06 * c.ndef::float8) * CASE WHEN c.fa THEN 3 ELSE 1 END AS mean_k
					   FROM pg_temp.deal_gen_pctx c OFFSET 0),
			slots AS (SELECT m.id, m.ctx, m.age, m.imd_decile, j, m.id * 8 + j AS key
					  FROM m, generate_series(1, least(5, floor(ln(1 - deal.uniform($1, 801, m.id)) / ln(m.mean_k / (1 + m.mean_k)))::int)) AS j OFFSET 0),
			drawn AS (SELECT s.id, l.label, floor(3.5 + 7 * deal.uniform($1, 804, s.key)) / 10 AS weight
					  FROM slots s JOIN pg_temp.deal_gen_label l
						ON l.ctx = CASE WHEN s.age >= 18 AND deal.uniform($1, 802, s.key) < CASE WHEN s.imd_decile <= 3 THEN 0.45 ELSE 0.2 END
										THEN 'money' ELSE s.ctx END
					   AND l.bucket = floor(deal.uniform($1, 803, s.key) * 1000)::int OFFSET 0),
			shown AS (SELECT c.id, 'falls_prevention' AS label, 0.8::float8 AS weight FROM pg_temp.deal_gen_pctx c
					  WHERE c.falls AND deal.uniform($1, 805, c.id) < 0.5
					  UNION ALL
					  SELECT c.id, 'dementia_support', 0.9 FROM pg_temp.deal_gen_pctx c
					  WHERE c.memory AND c.age >= 60 AND deal.uniform($1, 806, c.id) < 0.5
					  UNION ALL
					  SELECT c.id, 'mental_wellbeing', 0.8 FROM pg_temp.deal_gen_pctx c
					  WHERE c.fa AND deal.uniform($1, 807, c.id) < 0.5
					  UNION ALL
					  SELECT DISTINCT i.person_id, 'domestic_abuse', 0.9::float8
					  FROM @.police_incidents i WHERE i.category = 'domestic_abuse' AND deal.uniform($1, 808, i.person_id) < 0.6 OFFSET 0)
			SELECT id, label, max(weight) AS weight FROM (SELECT * FROM drawn UNION ALL SELECT * FROM shown) n GROUP BY id, label$q$),
		-- Interests: most people have one to three, from their stage of life; grandparents (in the
		-- relationships) mostly count their grandchildren among them.
		(803, 'needs', $q$CREATE TEMP TABLE deal_gen_interest AS
			WITH slots AS (SELECT c.id, 'i_' || CASE WHEN c.ctx = 'parent' THEN 'adult' ELSE c.ctx END AS ctx, c.id * 8 + j AS key
						   FROM pg_temp.deal_gen_pctx c,
								generate_series(1, CASE WHEN c.age < 5 OR deal.uniform($1, 810, c.id) < 0.15 THEN 0
														ELSE 1 + floor(deal.uniform($1, 811, c.id) * 3)::int END) AS j OFFSET 0),
			drawn AS (SELECT s.id, l.label,
							 CASE WHEN deal.uniform($1, 813, s.key) < 0.5 THEN 1
								  ELSE floor(5.5 + 5 * deal.uniform($1, 814, s.key)) / 10 END AS weight
					  FROM slots s JOIN pg_temp.deal_gen_label l ON l.ctx = s.ctx
					   AND l.bucket = floor(deal.uniform($1, 812, s.key) * 1000)::int OFFSET 0),
			grand AS (SELECT DISTINCT g.person_id AS id, 'grandchildren' AS label, 1::float8 AS weight
					  FROM @.relationships g JOIN @.relationships c ON c.person_id = g.relative_id AND c.kind = 'parent_of'
					  WHERE g.kind = 'parent_of' AND deal.uniform($1, 815, g.person_id) < 0.8 OFFSET 0)
			SELECT id, label, max(weight) AS weight FROM (SELECT * FROM drawn UNION ALL SELECT * FROM grand) i GROUP BY id, label$q$),
		-- Residents who offer help: 3.5% of adults aged 25 to 80 (7% of those 55 to 75) offer one
		-- or two kinds of help, each as the labels it meets.
		(804, 'needs', $q$CREATE TEMP TABLE deal_gen_offer AS
			WITH kinds (n, labels, weights) AS (VALUES
				(1, '{befriending,loneliness,social_isolation}'::text[], '{1,1,0.8}'::float8[]),
				(2, '{gardening}', '{1}'), (3, '{computers,digital_skills}', '{1,1}'), (4, '{cooking,healthy_eating}', '{1,0.6}'),
				(5, '{walking,physical_activity}', '{1,0.6}'), (6, '{reading}', '{1}'), (7, '{music,singing}', '{1,0.5}'),
				(8, '{crafts,sewing}', '{1,0.6}'), (9, '{transport}', '{1}'), (10, '{shopping,food}', '{1,0.3}'),
				(11, '{budgeting}', '{1}'), (12, '{pets,walking}', '{1,0.5}') OFFSET 0),
			o AS (SELECT c.id, 1 + floor(deal.uniform($1, 822, c.id * 8 + j) * 12)::int AS n
				  FROM pg_temp.deal_gen_pctx c,
					   generate_series(1, 1 + (deal.uniform($1, 821, c.id) < 0.3)::int) AS j
				  WHERE c.age BETWEEN 25 AND 80
					AND deal.uniform($1, 820, c.id) < CASE WHEN c.age BETWEEN 55 AND 75 THEN 0.07 ELSE 0.035 END OFFSET 0)
			SELECT o.id, u.label, max(u.weight) AS weight
			FROM o JOIN kinds k ON k.n = o.n, unnest(k.labels, k.weights) AS u (label, weight)
			GROUP BY o.id, u.label$q$),
		(805, 'needs', $q$CREATE TABLE @.residents (id int8 NOT NULL, nhs_number deal.nhs_number NOT NULL, date_of_birth date NOT NULL,
			sex text NOT NULL CHECK (sex IN ('F', 'M')), gp_practice_id int4 NOT NULL, uprn deal.uprn NOT NULL,
			needs deal.profile NOT NULL, interests deal.profile NOT NULL, offers deal.profile NOT NULL)$q$),
		(806, 'needs', $q$INSERT INTO @.residents
			SELECT p.id, p.nhs, p.dob, p.sex, p.practice, d.uprn,
				   coalesce(n.needs, ''), coalesce(i.interests, ''), coalesce(o.offers, '')
			FROM pg_temp.deal_gen_person p JOIN pg_temp.deal_gen_dwelling d ON d.k = p.hh
			LEFT JOIN (SELECT id, deal.profile_agg(label, weight) AS needs FROM pg_temp.deal_gen_need GROUP BY id) n ON n.id = p.id
			LEFT JOIN (SELECT id, deal.profile_agg(label, weight) AS interests FROM pg_temp.deal_gen_interest GROUP BY id) i ON i.id = p.id
			LEFT JOIN (SELECT id, deal.profile_agg(label, weight) AS offers FROM pg_temp.deal_gen_offer GROUP BY id) o ON o.id = p.id
			ORDER BY p.id$q$),
		-- A family's needs: the Supporting Families headline needs that its members' needs and its
		-- records show (money troubles, abuse, housing, poor health, substance use, offending,
		-- children's social care, a struggling pupil, a young child's development, a separation or
		-- a need for help with parenting), each at the severity behind it.
		(807, 'needs', $q$CREATE TABLE @.households (uprn deal.uprn NOT NULL,
			household_type text NOT NULL CHECK (household_type IN ('one_person', 'couple', 'couple_children', 'lone_parent',
				'couple_adult_children', 'lone_parent_adult_children', 'shared')),
			since date NOT NULL, dependent_children boolean NOT NULL, expecting boolean NOT NULL, needs deal.profile NOT NULL)$q$),
		(808, 'needs', $q$INSERT INTO @.households
			WITH member_needs AS (
				SELECT p.hh, CASE WHEN n.label IN ('debt', 'benefits', 'budgeting', 'food') THEN 'financial_stability'
								  WHEN n.label = 'domestic_abuse' THEN 'domestic_abuse'
								  WHEN n.label IN ('housing', 'cold_home') THEN 'housing'
								  WHEN n.label IN ('mental_wellbeing', 'dementia_support') AND n.weight >= 0.6 THEN 'health'
								  WHEN n.label IN ('alcohol', 'substance_use') THEN 'substance_use'
								  WHEN n.label = 'child_development' AND p.age < 5 THEN 'early_years'
								  WHEN n.label = 'parenting' THEN 'family_relationships' END AS label, n.weight
				FROM pg_temp.deal_gen_need n JOIN pg_temp.deal_gen_person p ON p.id = n.id),
			records AS (
				SELECT p.hh, 'health' AS label, 0.8::float8 AS weight FROM pg_temp.deal_gen_pctx p WHERE p.ndef >= 9
				UNION ALL
				SELECT p.hh, 'crime', 0.6 FROM @.police_incidents i JOIN pg_temp.deal_gen_person p ON p.id = i.person_id
				WHERE i.category = 'crime_suspect' AND i.reported >= ($3 - 365)::timestamp AT TIME ZONE 'Europe/London'
				UNION ALL
				SELECT p.hh, CASE pr.agency WHEN 'childrens_social_care' THEN 'child_safety' ELSE 'education' END,
					   CASE pr.agency WHEN 'childrens_social_care' THEN 0.8 ELSE 0.5 END
				FROM @.involvements v JOIN pg_temp.deal_gen_prof pr ON pr.id = v.professional_id
				JOIN pg_temp.deal_gen_person p ON p.id = v.person_id
				WHERE v.ended IS NULL AND p.age < 18
				  AND (pr.agency = 'childrens_social_care' OR (pr.agency = 'school' AND p.h > 0.5))
				UNION ALL
				SELECT p.hh, 'early_years', 0.5 FROM @.involvements v JOIN pg_temp.deal_gen_prof pr ON pr.id = v.professional_id
				JOIN pg_temp.deal_gen_person p ON p.id = v.person_id
				WHERE v.ended IS NULL AND pr.agency = 'health_visiting' AND p.age < 5 AND p.h > 0.8
				UNION ALL
				SELECT e.family_hh, 'family_relationships', 0.6 FROM pg_temp.deal_gen_ex e WHERE e.separated >= $3 - 1095),
			family AS (SELECT hh, deal.profile_agg(label, weight) AS needs
					   FROM (SELECT hh, label, max(weight) AS weight
							 FROM (SELECT * FROM member_needs WHERE label IS NOT NULL UNION ALL SELECT * FROM records) a
							 GROUP BY hh, label) b
					   GROUP BY hh OFFSET 0)
			SELECT d.uprn, h.htype, h.since, x.child, x.woman_18_44 AND deal.uniform($1, 830, h.k) < 0.03,
				   coalesce(f.needs, '')
			FROM pg_temp.deal_gen_hh h JOIN pg_temp.deal_gen_dwelling d ON d.k = h.k JOIN pg_temp.deal_gen_hhx x ON x.k = h.k
			LEFT JOIN family f ON f.hh = h.k
			ORDER BY d.uprn$q$),
		-- Community assets, as Open Referral UK (HSDS 3.0) describes them: organisations, their
		-- services (status, ages, eligibility), the venues they run at (with UPRNs), when, how
		-- many places are free, and what each offers as taxonomy terms.  Forty kinds, some with
		-- few places that many people need (debt advice, talking therapies, food banks,
		-- domestic abuse support), others with room (walking groups, choirs, history societies).
		(900, 'assets', $q$CREATE TEMP TABLE deal_gen_kind AS
			SELECT * FROM (VALUES
				(1, 'Debt advice', 'Borough Money Advice', '{debt,budgeting,benefits}'::text[], '{1,0.8,0.6}'::float8[], 14, 3, 8, 18, NULL::int, 'Adults with debts or money worries', 'TU'),
				(2, 'Benefits advice', 'Borough Welfare Rights', '{benefits,debt,work}', '{1,0.5,0.3}', 8, 4, 8, 16, NULL, 'Anyone claiming or entitled to benefits', 'WE'),
				(3, 'Food bank', '{place} Food Bank', '{food,budgeting}', '{1,0.3}', 16, 8, 20, NULL, NULL, 'Households referred with a food voucher', 'FR'),
				(4, 'Community pantry', '{place} Community Pantry', '{food,healthy_eating,budgeting}', '{1,0.5,0.4}', 8, 10, 20, NULL, NULL, 'Members living nearby', 'SA'),
				(5, 'Community cafe', '{place} Community Trust', '{social_isolation,loneliness,food,cooking}', '{0.8,0.7,0.5,0.3}', 20, 15, 30, NULL, NULL, 'Everyone welcome', 'MO'),
				(6, 'Talking therapies group', 'Borough Mental Wellbeing Service', '{mental_wellbeing,loneliness}', '{1,0.4}', 12, 4, 8, 16, NULL, 'Adults with anxiety or low mood', 'TH'),
				(7, 'Wellbeing course', '{place} Community Trust', '{mental_wellbeing}', '{0.8}', 8, 6, 10, 18, NULL, 'Adults', 'WE'),
				(8, 'Men''s shed', '{place} Men''s Shed', '{social_isolation,loneliness,crafts,mental_wellbeing}', '{0.8,0.6,0.8,0.5}', 8, 10, 20, 18, NULL, 'Anyone over 18', 'TU'),
				(9, 'Walking group', '{place} Walkers', '{walking,physical_activity,social_isolation}', '{1,0.8,0.5}', 30, 20, 40, NULL, NULL, 'All abilities', 'WE'),
				(10, 'Gardening club', '{place} Community Garden', '{gardening,physical_activity,mental_wellbeing}', '{1,0.4,0.5}', 18, 10, 25, NULL, NULL, 'Everyone welcome', 'SA'),
				(11, 'Digital skills drop-in', 'Borough Libraries', '{digital_skills,computers,training}', '{1,0.8,0.3}', 18, 8, 16, 16, NULL, 'Anyone wanting help with computers and phones', 'MO'),
				(12, 'Employment support', 'Borough Works', '{work,training,volunteering}', '{1,0.7,0.3}', 10, 10, 20, 16, 66, 'People of working age looking for work', 'TU'),
				(13, 'Volunteering hub', 'Borough Voluntary Action', '{volunteering,work,social_isolation}', '{1,0.3,0.3}', 6, 30, 60, 16, NULL, 'Anyone who would like to volunteer', 'TH'),
				(14, 'Carers'' support group', 'Borough Carers Centre', '{carers_support,loneliness}', '{1,0.4}', 10, 10, 20, 16, NULL, 'Unpaid carers', 'WE'),
				(15, 'Dementia cafe', 'Borough Dementia Alliance', '{dementia_support,carers_support,music,singing}', '{1,0.6,0.5,0.4}', 10, 12, 25, NULL, NULL, 'People living with dementia and their carers', 'FR'),
				(16, 'Strength and balance class', 'Borough Active Living', '{falls_prevention,physical_activity}', '{1,0.7}', 14, 8, 15, 60, NULL, 'Over-60s at risk of falls', 'TU'),
				(17, 'Stay and play', '{place} Children''s Centre', '{child_development,parenting}', '{1,0.7}', 16, 10, 20, NULL, NULL, 'Parents and carers with children under five', 'MO'),
				(18, 'Parenting programme', 'Borough Early Help', '{parenting,child_development}', '{1,0.4}', 8, 8, 12, 16, NULL, 'Parents and carers of children of any age', 'WE'),
				(19, 'Youth club', '{place} Youth Club', '{football,music,art,physical_activity,mental_wellbeing}', '{0.6,0.5,0.4,0.5,0.4}', 10, 20, 40, 11, 18, 'Young people aged 11 to 18', 'TH'),
				(20, 'Community choir', '{place} Community Choir', '{singing,music,social_isolation}', '{1,0.8,0.4}', 10, 20, 40, NULL, NULL, 'No auditions', 'TH'),
				(21, 'Art group', '{place} Arts Collective', '{art,crafts,mental_wellbeing}', '{1,0.8,0.3}', 12, 10, 20, 16, NULL, 'All levels', 'WE'),
				(22, 'Knit and natter', '{place} Community Trust', '{sewing,crafts,loneliness}', '{1,0.8,0.4}', 8, 10, 20, NULL, NULL, 'Everyone welcome', 'TU'),
				(23, 'Reading group', 'Borough Libraries', '{reading,social_isolation}', '{1,0.3}', 8, 10, 15, 16, NULL, 'Library members', 'MO'),
				(24, 'Local history society', '{place} History Society', '{history,social_isolation}', '{1,0.3}', 5, 20, 40, NULL, NULL, 'Members and visitors', 'TH'),
				(25, 'Walking football', '{place} Walking Football Club', '{football,physical_activity}', '{1,0.8}', 8, 16, 30, 50, NULL, 'Over-50s', 'FR'),
				(26, 'Dance class', '{place} Dance Studio', '{dancing,physical_activity,music}', '{1,0.7,0.3}', 8, 15, 25, NULL, NULL, 'All ages', 'SA'),
				(27, 'Cycling club', '{place} Wheelers', '{cycling,physical_activity}', '{1,0.7}', 5, 15, 25, 12, NULL, 'Riders of all abilities', 'SU'),
				(28, 'Angling club', '{place} Angling Society', '{fishing,mental_wellbeing}', '{1,0.3}', 4, 10, 20, NULL, NULL, 'Members', 'SU'),
				(29, 'Cooking on a budget', 'Borough Public Health', '{cooking,healthy_eating,budgeting}', '{1,0.9,0.5}', 10, 8, 12, 16, NULL, 'Adults', 'TH'),
				(30, 'Bereavement support', 'Borough Bereavement Service', '{bereavement,loneliness}', '{1,0.4}', 6, 6, 12, 16, NULL, 'Anyone who has lost someone', 'WE'),
				(31, 'Domestic abuse support', 'Borough Domestic Abuse Service', '{domestic_abuse,mental_wellbeing}', '{1,0.4}', 5, 3, 6, 16, NULL, 'Anyone experiencing domestic abuse', 'MO'),
				(32, 'Alcohol and drug recovery group', 'Borough Recovery Partnership', '{alcohol,substance_use,mental_wellbeing}', '{1,1,0.3}', 6, 6, 12, 18, NULL, 'Adults in or seeking recovery', 'TU'),
				(33, 'Warm space', '{place} Community Trust', '{cold_home,loneliness,social_isolation}', '{1,0.5,0.5}', 16, 20, 40, NULL, NULL, 'Everyone welcome', 'TH'),
				(34, 'Housing advice', 'Borough Housing Options', '{housing,debt}', '{1,0.3}', 6, 4, 8, 16, NULL, 'Anyone at risk of losing their home', 'FR'),
				(35, 'Autism support group', 'Borough Autism Partnership', '{autism_support,parenting}', '{1,0.3}', 4, 8, 15, NULL, NULL, 'Autistic people and their families', 'SA'),
				(36, 'Befriending service', 'Borough Befrienders', '{loneliness,social_isolation}', '{1,0.9}', 8, 10, 20, 50, NULL, 'People over 50 who feel lonely', 'MO'),
				(37, 'Lunch club', '{place} Parish Church', '{faith,loneliness,food}', '{1,0.5,0.3}', 20, 15, 30, NULL, NULL, 'Everyone welcome', 'WE'),
				(38, 'Dog walking group', '{place} Dog Walkers', '{pets,walking}', '{1,0.6}', 4, 10, 20, NULL, NULL, 'Dogs and owners welcome', 'SU'),
				(39, 'Exercise on referral', 'Borough Active Living', '{physical_activity,healthy_eating}', '{1,0.4}', 8, 10, 20, 16, NULL, 'Adults referred by a GP or link worker', 'MO'),
				(40, 'Music group', '{place} Music Makers', '{music,singing}', '{1,0.3}', 6, 10, 20, NULL, NULL, 'All abilities', 'WE')
			) AS v (kn, name, org, labels, weights, n, cap_lo, cap_hi, min_age, max_age, eligibility, day)$q$),
		(901, 'assets', $q$CREATE TEMP TABLE deal_gen_service AS
			WITH s AS (SELECT k.*, i, 1 + (i - 1 + floor(deal.uniform($1, 901, k.kn) * 16)::int) % 16 AS cluster_id
					   FROM pg_temp.deal_gen_kind k, generate_series(1, greatest(1, round(k.n * $2 / 323000.0))::int) AS i OFFSET 0),
			n AS (SELECT s.*, row_number() OVER (ORDER BY kn, i)::int AS id, c.name AS cluster_name,
						 split_part(c.name, ' and ', 1) AS place
				  FROM s JOIN pg_temp.deal_gen_cluster c ON c.id = s.cluster_id OFFSET 0)
			SELECT n.*, replace(n.org, '{place}', n.place) AS org_name,
				   1 + floor(deal.uniform($1, 902, n.id) * 12)::int AS venue,
				   CASE WHEN deal.uniform($1, 903, n.id) < 0.92 THEN 'active' WHEN deal.uniform($1, 903, n.id) < 0.95 THEN 'temporarily closed'
						WHEN deal.uniform($1, 903, n.id) < 0.98 THEN 'inactive' ELSE 'defunct' END AS status
			FROM n$q$),
		(902, 'assets', $q$CREATE TABLE @.organization (id int4 NOT NULL, name text NOT NULL, description text NOT NULL, website text NOT NULL)$q$),
		(903, 'assets', $q$INSERT INTO @.organization
			SELECT row_number() OVER (ORDER BY org_name), org_name,
				   CASE WHEN org_name LIKE 'Borough %' THEN 'A borough-wide service' ELSE 'A community organisation in ' || min(cluster_name) END,
				   'https://example.org/' || lower(regexp_replace(org_name, '[^A-Za-z]+', '-', 'g'))
			FROM pg_temp.deal_gen_service GROUP BY org_name ORDER BY org_name$q$),
		(904, 'assets', $q$CREATE TABLE @.service (id int4 NOT NULL, organization_id int4 NOT NULL, name text NOT NULL, description text NOT NULL,
			status text NOT NULL CHECK (status IN ('active', 'inactive', 'defunct', 'temporarily closed')),
			minimum_age int4, maximum_age int4, eligibility_description text NOT NULL, fees_description text NOT NULL,
			CHECK (minimum_age <= maximum_age))$q$),
		(905, 'assets', $q$INSERT INTO @.service
			SELECT s.id, o.id, s.name || ', ' || s.place, s.name || ' in ' || s.cluster_name, s.status, s.min_age, s.max_age, s.eligibility, 'Free'
			FROM pg_temp.deal_gen_service s JOIN @.organization o ON o.name = s.org_name ORDER BY s.id$q$),
		(906, 'assets', $q$CREATE TABLE @.location (id int4 NOT NULL, name text NOT NULL, uprn deal.uprn NOT NULL, postcode deal.postcode NOT NULL,
			latitude float8 NOT NULL, longitude float8 NOT NULL, location_type text NOT NULL)$q$),
		(907, 'assets', $q$INSERT INTO @.location
			SELECT row_number() OVER (ORDER BY v.j), split_part(c.name, ' and ', 1) || ' '
				   || (ARRAY['Community Centre', 'Library', 'Parish Church Hall', 'Leisure Centre', 'Health Centre', 'Park Pavilion',
							 'Children''s Centre', 'Youth Centre', 'Methodist Church Hall', 'Community Hub', 'Miners'' Welfare Hall',
							 'Sports Club'])[v.j % 100],
				   v.uprn, v.postcode, v.lat, v.lon, 'physical'
			FROM pg_temp.deal_gen_venue v JOIN pg_temp.deal_gen_cluster c ON c.id = v.cluster_id
			WHERE v.kind = 'venue' ORDER BY v.j$q$),
		-- A tenth of the services also run at a second venue of their cluster.
		(908, 'assets', $q$CREATE TABLE @.service_at_location (id int4 NOT NULL, service_id int4 NOT NULL, location_id int4 NOT NULL)$q$),
		(909, 'assets', $q$INSERT INTO @.service_at_location
			SELECT row_number() OVER (ORDER BY s.id, x.n), s.id, (s.cluster_id - 1) * 12 + x.venue
			FROM pg_temp.deal_gen_service s,
				 LATERAL (SELECT 1 AS n, s.venue
						  UNION ALL
						  SELECT 2, 1 + (s.venue + floor(deal.uniform($1, 905, s.id) * 11)::int) % 12
						  WHERE deal.uniform($1, 904, s.id) < 0.1) x$q$),
		(910, 'assets', $q$CREATE TABLE @.schedule (id int4 NOT NULL, service_at_location_id int4 NOT NULL,
			freq text NOT NULL CHECK (freq IN ('WEEKLY', 'MONTHLY')), byday text NOT NULL, opens_at time NOT NULL, closes_at time NOT NULL,
			description text NOT NULL, CHECK (closes_at > opens_at))$q$),
		(911, 'assets', $q$INSERT INTO @.schedule
			WITH t AS (SELECT sal.id, k.day, deal.uniform($1, 910, sal.id) < 0.85 AS weekly,
							  (ARRAY['09:30', '10:00', '10:30', '13:00', '13:30', '14:00', '18:00', '18:30'])[1 + floor(deal.uniform($1, 911, sal.id) * 8)::int]::time AS opens,
							  (90 + 30 * floor(deal.uniform($1, 912, sal.id) * 4)::int) * interval '1 minute' AS len
					   FROM @.service_at_location sal JOIN pg_temp.deal_gen_service s ON s.id = sal.service_id
					   JOIN pg_temp.deal_gen_kind k ON k.kn = s.kn OFFSET 0)
			SELECT id, id, CASE WHEN weekly THEN 'WEEKLY' ELSE 'MONTHLY' END, CASE WHEN weekly THEN day ELSE '1' || day END,
				   opens, opens + len,
				   CASE WHEN weekly THEN 'Every ' ELSE 'First ' END
				   || (ARRAY['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'])
					  [array_position(ARRAY['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'], day)]
				   || CASE WHEN weekly THEN '' ELSE ' of the month' END
				   || ', ' || to_char(opens, 'HH24:MI') || ' to ' || to_char(opens + len, 'HH24:MI')
			FROM t ORDER BY id$q$),
		(912, 'assets', $q$CREATE TABLE @.service_capacity (id int4 NOT NULL, service_id int4 NOT NULL, unit text NOT NULL,
			available int4 NOT NULL CHECK (available >= 0), maximum int4 NOT NULL, description text NOT NULL,
			updated timestamptz NOT NULL, CHECK (available <= maximum))$q$),
		(913, 'assets', $q$INSERT INTO @.service_capacity
			SELECT s.id, s.id, 'places', a.available, 2 * s.cap_hi, 'Places free for new referrals',
				   (($3 - floor(deal.uniform($1, 921, s.id) * 30)::int) + interval '9 hours') AT TIME ZONE 'Europe/London'
			FROM pg_temp.deal_gen_service s,
				 LATERAL (SELECT s.cap_lo + floor(deal.uniform($1, 920, s.id) * (s.cap_hi - s.cap_lo + 1))::int AS available) a
			ORDER BY s.id$q$),
		(914, 'assets', $q$CREATE TABLE @.taxonomy_term (id int4 NOT NULL, code text NOT NULL, name text NOT NULL, taxonomy text NOT NULL)$q$),
		(915, 'assets', $q$INSERT INTO @.taxonomy_term
			WITH needs (code) AS (SELECT unnest('{debt,budgeting,benefits,domestic_abuse,loneliness,social_isolation,work,training,
				volunteering,cold_home,housing,food,mental_wellbeing,physical_activity,healthy_eating,alcohol,substance_use,
				carers_support,dementia_support,autism_support,parenting,child_development,digital_skills,falls_prevention,
				bereavement}'::text[]) OFFSET 0),
			labels AS (SELECT DISTINCT unnest(labels) AS code FROM pg_temp.deal_gen_kind OFFSET 0)
			SELECT row_number() OVER (ORDER BY code), code, initcap(replace(code, '_', ' ')),
				   CASE WHEN code IN (SELECT code FROM needs) THEN 'deal-needs' ELSE 'deal-interests' END
			FROM labels ORDER BY code$q$),
		(916, 'assets', $q$CREATE TABLE @.attribute (id int4 NOT NULL, link_id int4 NOT NULL, link_type text NOT NULL, link_entity text NOT NULL,
			taxonomy_term_id int4 NOT NULL, value text NOT NULL)$q$),
		(917, 'assets', $q$INSERT INTO @.attribute
			SELECT row_number() OVER (ORDER BY s.id, t.code), s.id,
				   CASE t.taxonomy WHEN 'deal-needs' THEN 'need_category' ELSE 'interest' END, 'service', t.id, u.weight::text
			FROM pg_temp.deal_gen_service s JOIN pg_temp.deal_gen_kind k ON k.kn = s.kn,
				 unnest(k.labels, k.weights) AS u (label, weight)
			JOIN @.taxonomy_term t ON t.code = u.label$q$),
		-- Keys, indexes and views, built after the rows are in (faster than row by row).
		(1000, 'keys', $q$ALTER TABLE @.borough ADD PRIMARY KEY (seed)$q$),
		(1001, 'keys', $q$ALTER TABLE @.footprints ADD PRIMARY KEY (id)$q$),
		(1002, 'keys', $q$ALTER TABLE @.clusters ADD PRIMARY KEY (id), ADD FOREIGN KEY (footprint_id) REFERENCES @.footprints$q$),
		(1003, 'keys', $q$ALTER TABLE @.lsoas ADD PRIMARY KEY (code), ADD FOREIGN KEY (cluster_id) REFERENCES @.clusters$q$),
		(1004, 'keys', $q$ALTER TABLE @.postcodes ADD PRIMARY KEY (postcode), ADD FOREIGN KEY (lsoa_code) REFERENCES @.lsoas$q$),
		(1005, 'keys', $q$ALTER TABLE @.addresses ADD PRIMARY KEY (uprn), ADD FOREIGN KEY (postcode) REFERENCES @.postcodes,
			ADD FOREIGN KEY (lsoa_code) REFERENCES @.lsoas$q$),
		(1006, 'keys', $q$CREATE INDEX ON @.addresses (postcode)$q$),
		(1007, 'keys', $q$CREATE INDEX ON @.addresses (lsoa_code)$q$),
		(1008, 'keys', $q$ALTER TABLE @.households ADD PRIMARY KEY (uprn), ADD FOREIGN KEY (uprn) REFERENCES @.addresses$q$),
		(1009, 'keys', $q$ALTER TABLE @.gp_practices ADD PRIMARY KEY (id), ADD UNIQUE (ods_code),
			ADD FOREIGN KEY (cluster_id) REFERENCES @.clusters, ADD FOREIGN KEY (uprn) REFERENCES @.addresses$q$),
		(1010, 'keys', $q$ALTER TABLE @.residents ADD PRIMARY KEY (id), ADD UNIQUE (nhs_number),
			ADD FOREIGN KEY (gp_practice_id) REFERENCES @.gp_practices, ADD FOREIGN KEY (uprn) REFERENCES @.households$q$),
		(1011, 'keys', $q$CREATE INDEX ON @.residents (uprn)$q$),
		(1012, 'keys', $q$CREATE INDEX ON @.residents (gp_practice_id)$q$),
		(1013, 'keys', $q$CREATE INDEX ON @.residents USING gin (offers)$q$),
		(1014, 'keys', $q$ALTER TABLE @.address_history ADD PRIMARY KEY (person_id, moved_in),
			ADD FOREIGN KEY (person_id) REFERENCES @.residents, ADD FOREIGN KEY (uprn) REFERENCES @.addresses$q$),
		(1015, 'keys', $q$CREATE INDEX ON @.address_history (uprn)$q$),
		(1016, 'keys', $q$ALTER TABLE @.relationships ADD PRIMARY KEY (person_id, relative_id, kind),
			ADD FOREIGN KEY (person_id) REFERENCES @.residents, ADD FOREIGN KEY (relative_id) REFERENCES @.residents$q$),
		(1017, 'keys', $q$CREATE INDEX ON @.relationships (relative_id)$q$),
		(1018, 'keys', $q$ALTER TABLE @.agencies ADD PRIMARY KEY (code)$q$),
		(1019, 'keys', $q$ALTER TABLE @.professionals ADD PRIMARY KEY (id), ADD FOREIGN KEY (agency) REFERENCES @.agencies,
			ADD FOREIGN KEY (cluster_id) REFERENCES @.clusters, ADD FOREIGN KEY (gp_practice_id) REFERENCES @.gp_practices$q$),
		(1020, 'keys', $q$ALTER TABLE @.involvements ADD PRIMARY KEY (id), ADD UNIQUE (professional_id, person_id),
			ADD FOREIGN KEY (professional_id) REFERENCES @.professionals, ADD FOREIGN KEY (person_id) REFERENCES @.residents$q$),
		(1021, 'keys', $q$CREATE INDEX ON @.involvements (person_id)$q$),
		(1022, 'keys', $q$ALTER TABLE @.clinical_codes ADD PRIMARY KEY (code)$q$),
		(1023, 'keys', $q$ALTER TABLE @.efi_code_map ADD PRIMARY KEY (code), ADD FOREIGN KEY (code) REFERENCES @.clinical_codes$q$),
		(1024, 'keys', $q$ALTER TABLE @.coded_events ADD PRIMARY KEY (id),
			ADD FOREIGN KEY (person_id) REFERENCES @.residents, ADD FOREIGN KEY (code) REFERENCES @.clinical_codes$q$),
		(1025, 'keys', $q$CREATE INDEX ON @.coded_events (person_id)$q$),
		(1026, 'keys', $q$ALTER TABLE @.medications ADD PRIMARY KEY (id), ADD FOREIGN KEY (person_id) REFERENCES @.residents$q$),
		(1027, 'keys', $q$CREATE INDEX ON @.medications (person_id)$q$),
		(1028, 'keys', $q$ALTER TABLE @.admissions ADD PRIMARY KEY (id), ADD FOREIGN KEY (person_id) REFERENCES @.residents$q$),
		(1029, 'keys', $q$CREATE INDEX ON @.admissions (person_id, admitted)$q$),
		(1030, 'keys', $q$ALTER TABLE @.ae_attendances ADD PRIMARY KEY (id), ADD FOREIGN KEY (person_id) REFERENCES @.residents,
			ADD FOREIGN KEY (admission_id) REFERENCES @.admissions$q$),
		(1031, 'keys', $q$CREATE INDEX ON @.ae_attendances (person_id, arrived)$q$),
		(1032, 'keys', $q$ALTER TABLE @.ambulance_calls ADD PRIMARY KEY (id), ADD FOREIGN KEY (person_id) REFERENCES @.residents,
			ADD FOREIGN KEY (ae_attendance_id) REFERENCES @.ae_attendances$q$),
		(1033, 'keys', $q$CREATE INDEX ON @.ambulance_calls (person_id, called)$q$),
		(1034, 'keys', $q$ALTER TABLE @.police_incidents ADD PRIMARY KEY (id), ADD FOREIGN KEY (person_id) REFERENCES @.residents$q$),
		(1035, 'keys', $q$CREATE INDEX ON @.police_incidents (person_id, reported)$q$),
		(1036, 'keys', $q$ALTER TABLE @.organization ADD PRIMARY KEY (id)$q$),
		(1037, 'keys', $q$ALTER TABLE @.service ADD PRIMARY KEY (id), ADD FOREIGN KEY (organization_id) REFERENCES @.organization$q$),
		(1038, 'keys', $q$ALTER TABLE @.location ADD PRIMARY KEY (id), ADD FOREIGN KEY (uprn) REFERENCES @.addresses,
			ADD FOREIGN KEY (postcode) REFERENCES @.postcodes$q$),
		(1039, 'keys', $q$ALTER TABLE @.service_at_location ADD PRIMARY KEY (id), ADD UNIQUE (service_id, location_id),
			ADD FOREIGN KEY (service_id) REFERENCES @.service, ADD FOREIGN KEY (location_id) REFERENCES @.location$q$),
		(1040, 'keys', $q$ALTER TABLE @.schedule ADD PRIMARY KEY (id), ADD FOREIGN KEY (service_at_location_id) REFERENCES @.service_at_location$q$),
		(1041, 'keys', $q$ALTER TABLE @.service_capacity ADD PRIMARY KEY (id), ADD UNIQUE (service_id),
			ADD FOREIGN KEY (service_id) REFERENCES @.service$q$),
		(1042, 'keys', $q$ALTER TABLE @.taxonomy_term ADD PRIMARY KEY (id), ADD UNIQUE (code)$q$),
		(1043, 'keys', $q$ALTER TABLE @.attribute ADD PRIMARY KEY (id), ADD UNIQUE (link_id, taxonomy_term_id),
			ADD FOREIGN KEY (link_id) REFERENCES @.service, ADD FOREIGN KEY (taxonomy_term_id) REFERENCES @.taxonomy_term$q$),
		-- Views for the questions asked most: each resident with their home, place and age; every
		-- link as a graph edge; every emergency contact; every active service at each venue as an
		-- asset to match.
		(1050, 'keys', $q$CREATE VIEW @.people AS
			SELECT r.id, r.nhs_number, r.date_of_birth, date_part('year', age(b.as_of, r.date_of_birth))::int AS age, r.sex,
				   r.gp_practice_id, r.uprn, a.postcode, a.lat, a.lon, a.lsoa_code, l.imd_decile, l.cluster_id, c.footprint_id,
				   r.needs, r.interests, r.offers
			FROM @.residents r JOIN @.addresses a ON a.uprn = r.uprn JOIN @.lsoas l ON l.code = a.lsoa_code
			JOIN @.clusters c ON c.id = l.cluster_id CROSS JOIN @.borough b$q$),
		(1051, 'keys', $q$CREATE VIEW @.links AS
			SELECT 'person'::text AS src_kind, person_id AS src_id, 'household'::text AS dst_kind, uprn::int8 AS dst_id,
				   'lives_at'::text AS edge_kind, during
			FROM @.address_history
			UNION ALL
			SELECT 'person', person_id, 'person', relative_id, kind, during FROM @.relationships
			UNION ALL
			SELECT 'professional', professional_id::int8, 'person', person_id, 'involved_with', during FROM @.involvements$q$),
		(1052, 'keys', $q$CREATE VIEW @.emergency_contacts AS
			SELECT person_id, 'ae'::text AS service, id AS contact_id, arrived AS at FROM @.ae_attendances
			UNION ALL
			SELECT person_id, 'ambulance', id, called FROM @.ambulance_calls
			UNION ALL
			SELECT person_id, 'police', id, reported FROM @.police_incidents$q$),
		(1053, 'keys', $q$CREATE VIEW @.assets AS
			SELECT sal.id, s.id AS service_id, sal.location_id, s.name, o.name AS organization, t.offer,
				   l.latitude AS lat, l.longitude AS lon, (c.available / n.locations)::int4 AS capacity, s.minimum_age, s.maximum_age
			FROM @.service_at_location sal
			JOIN @.service s ON s.id = sal.service_id
			JOIN @.organization o ON o.id = s.organization_id
			JOIN @.location l ON l.id = sal.location_id
			JOIN @.service_capacity c ON c.service_id = s.id
			JOIN (SELECT service_id, count(*)::int4 AS locations FROM @.service_at_location GROUP BY service_id) n
			  ON n.service_id = s.id
			JOIN (SELECT a.link_id, deal.profile_agg(tt.code, a.value::float8) AS offer
				  FROM @.attribute a JOIN @.taxonomy_term tt ON tt.id = a.taxonomy_term_id
				  WHERE a.link_entity = 'service' GROUP BY a.link_id) t ON t.link_id = s.id
			WHERE s.status = 'active'$q$),
		(1060, 'keys', $q$ANALYZE @.borough, @.footprints, @.clusters, @.lsoas, @.postcodes, @.addresses, @.households, @.gp_practices,
			@.residents, @.address_history, @.relationships, @.agencies, @.professionals, @.involvements, @.clinical_codes,
			@.efi_code_map, @.coded_events, @.medications, @.admissions, @.ae_attendances, @.ambulance_calls, @.police_incidents,
			@.organization, @.service, @.location, @.service_at_location, @.schedule, @.service_capacity, @.taxonomy_term,
			@.attribute$q$)
	) AS v (n, stage, sql) ORDER BY n
	LOOP
		IF step.stage IS DISTINCT FROM stage_name THEN
			IF stage_name IS NOT NULL THEN
				SELECT string_agg(to_char(c.n_rows, 'FM999,999,999,990') || ' ' || c.tbl, ', ' ORDER BY c.pos) INTO summary
				  FROM (SELECT tbl, min(pos) AS pos, sum(n_rows) AS n_rows FROM pg_temp.deal_gen_counts
						 WHERE stage = stage_name GROUP BY tbl) c;
				RAISE NOTICE 'generate_borough: %: % (% s)', stage_name, coalesce(summary, 'done'),
					to_char(extract(epoch FROM clock_timestamp() - stage_start), 'FM9990.00');
			END IF;
			stage_name := step.stage;
			stage_start := clock_timestamp();
		END IF;
		step_start := clock_timestamp();
		statement := replace(step.sql, '@.', qschema || '.');
		IF position('@deficits@' IN statement) > 0 THEN
			SELECT replace(statement, '@deficits@',
						   string_agg(format('CASE WHEN deal.uniform($1, %s, p.id) < 1 - exp(-p.frailty * %s) THEN %L END',
											 500 + w.bit, w.w, w.deficit), ', ' ORDER BY w.bit))
			  INTO statement
			  FROM pg_temp.deal_gen_weight w WHERE w.deficit <> 'polypharmacy';
		END IF;
		EXECUTE statement USING seed::int8, residents, as_of;
		GET DIAGNOSTICS n = ROW_COUNT;
		-- the planner needs the working tables' statistics for good plans
		target := substring(step.sql FROM '^(?:CREATE TEMP TABLE |INSERT INTO pg_temp\.|UPDATE pg_temp\.)(deal_gen_\w+)');
		IF target IS NOT NULL THEN
			IF NOT target = ANY (working) THEN
				working := working || target;
			END IF;
			PERFORM set_config('default_statistics_target', '10', true);
			EXECUTE format('ANALYZE pg_temp.%I', target);
			PERFORM set_config('default_statistics_target', statistics_target, true);
		END IF;
		-- rows of the borough's tables, and of the working tables a stage makes for the next
		target := coalesce(substring(step.sql FROM '^INSERT INTO @\.(\w+)'),
						   CASE substring(step.sql FROM '^CREATE TEMP TABLE deal_gen_(hh|person) ')
								WHEN 'hh' THEN 'households (working)' WHEN 'person' THEN 'people (working)' END);
		IF target IS NOT NULL THEN
			ord := ord + 1;
			INSERT INTO pg_temp.deal_gen_counts VALUES (ord, stage_name, target, n);
		END IF;
		RAISE DEBUG 'generate_borough: step % (%): % rows in % s', step.n, stage_name, n,
			to_char(extract(epoch FROM clock_timestamp() - step_start), 'FM9990.000');
	END LOOP;

	-- What every table, view and column holds.
	FOR step IN SELECT * FROM (VALUES
		('borough', NULL, 'the generated borough: one row with the seed and size it was generated with and its reference date'),
		('borough', 'seed', 'the seed deal.generate_borough was given: the same seed and size give the same rows'),
		('borough', 'residents', 'the number of residents generated'),
		('borough', 'as_of', 'the reference date: ages are at this date, records end on it, current links are those still open'),
		('borough', 'data_from', 'the first day of the three years of emergency contacts and admissions'),
		('borough', 'lsoa_vintage', 'the census year of the LSOA boundaries (2021)'),
		('footprints', NULL, 'the 7 service delivery footprints, each of 30,000 to 50,000 registered patients'),
		('footprints', 'id', 'footprint number, 1 to 7'),
		('footprints', 'name', 'the towns it covers'),
		('clusters', NULL, 'the 16 neighbourhood clusters of integrated teams, each in one footprint'),
		('clusters', 'id', 'cluster number, 1 to 16'),
		('clusters', 'footprint_id', 'the footprint it is part of'),
		('clusters', 'name', 'the places it covers'),
		('clusters', 'postcode_district', 'the postcode district of its addresses, WN1 to WN7'),
		('clusters', 'lat', 'latitude of its centre (WGS84)'),
		('clusters', 'lon', 'longitude of its centre (WGS84)'),
		('lsoas', NULL, 'lower-layer super output areas of about 1,500 residents, with their Index of Multiple Deprivation decile'),
		('lsoas', 'code', 'LSOA code (synthetic, in the form E01006201)'),
		('lsoas', 'name', 'LSOA name, Wigan 001A'),
		('lsoas', 'vintage', 'the census year of the boundaries'),
		('lsoas', 'cluster_id', 'the neighbourhood cluster it is in'),
		('lsoas', 'imd_decile', 'English Index of Multiple Deprivation decile: 1 the most deprived tenth of England, 10 the least'),
		('lsoas', 'lat', 'latitude of its centre'),
		('lsoas', 'lon', 'longitude of its centre'),
		('postcodes', NULL, 'unit postcodes in area WN, about 15 addresses each'),
		('postcodes', 'postcode', 'the postcode'),
		('postcodes', 'sector', 'its sector, WN1 1'),
		('postcodes', 'lsoa_code', 'the LSOA of its addresses (the first, where they straddle two)'),
		('postcodes', 'lat', 'latitude of its addresses'' centre'),
		('postcodes', 'lon', 'longitude of its addresses'' centre'),
		('addresses', NULL, 'every address with a UPRN: dwellings, GP surgeries and community venues'),
		('addresses', 'uprn', 'Unique Property Reference Number'),
		('addresses', 'postcode', 'its postcode'),
		('addresses', 'lsoa_code', 'its LSOA'),
		('addresses', 'lat', 'latitude (WGS84)'),
		('addresses', 'lon', 'longitude (WGS84)'),
		('addresses', 'dwelling', 'true for a home, false for a surgery or venue'),
		('households', NULL, 'the household living at each dwelling on as_of, with its family needs'),
		('households', 'uprn', 'the dwelling''s UPRN: the household''s id, and its node id (kind household) in the links'),
		('households', 'household_type', 'one_person, couple, couple_children, lone_parent (dependent children), couple_adult_children, lone_parent_adult_children, shared'),
		('households', 'since', 'when its present members moved in (or the household formed)'),
		('households', 'dependent_children', 'a member is under 18'),
		('households', 'expecting', 'a member is expecting a child'),
		('households', 'needs', 'the family''s Supporting Families headline needs (weight = severity), for deal.supporting_families_eligible(needs, dependent_children OR expecting)'),
		('gp_practices', NULL, 'GP practices, about 60 at full size'),
		('gp_practices', 'id', 'practice number'),
		('gp_practices', 'ods_code', 'organisation code (synthetic, P92...)'),
		('gp_practices', 'name', 'practice name'),
		('gp_practices', 'cluster_id', 'the neighbourhood cluster it is in'),
		('gp_practices', 'uprn', 'the surgery''s address'),
		('residents', NULL, 'everyone living in the borough on as_of, with their needs, interests and what they offer'),
		('residents', 'id', 'person id: node id (kind person) in the links'),
		('residents', 'nhs_number', 'NHS number: valid, distinct, never a test-range or placeholder number'),
		('residents', 'date_of_birth', 'date of birth'),
		('residents', 'sex', 'F or M'),
		('residents', 'gp_practice_id', 'the practice they are registered with'),
		('residents', 'uprn', 'the household they live in on as_of'),
		('residents', 'needs', 'needs as a profile, weight = severity 0.3 to 1 (empty for none): debt, loneliness, falls_prevention ...'),
		('residents', 'interests', 'interests and strengths as a profile (empty for none): gardening, music, grandchildren ...'),
		('residents', 'offers', 'the help they offer other residents, as the labels it meets (empty for none): befriending, gardening, computers ...'),
		('address_history', NULL, 'where each resident has lived, with dates: the present address and, for people who moved within the borough, the one before'),
		('address_history', 'person_id', 'the resident'),
		('address_history', 'uprn', 'the address'),
		('address_history', 'moved_in', 'first day there (or the date of birth)'),
		('address_history', 'moved_out', 'first day no longer there; NULL while they live there'),
		('address_history', 'during', 'daterange(moved_in, moved_out), for deal.graph_agg and as-of queries'),
		('relationships', NULL, 'family links between residents, dated: parents and children (from the birth), partners (ended by a separation)'),
		('relationships', 'person_id', 'the parent, or one partner'),
		('relationships', 'relative_id', 'the child, or the other partner'),
		('relationships', 'kind', 'parent_of or partner_of'),
		('relationships', 'started', 'first day of the relationship: the child''s birth for parent_of'),
		('relationships', 'ended', 'first day after a separation; NULL while it lasts'),
		('relationships', 'during', 'daterange(started, ended)'),
		('agencies', NULL, 'the agencies whose professionals work with residents'),
		('agencies', 'code', 'agency code: gp, health_visiting, school, childrens_social_care, early_help, adult_social_care, district_nursing, mental_health, housing, police, community_link_work'),
		('agencies', 'name', 'agency name'),
		('professionals', NULL, 'professionals of every agency, each working in one cluster (GPs at one practice)'),
		('professionals', 'id', 'professional id: node id (kind professional) in the links'),
		('professionals', 'agency', 'their agency'),
		('professionals', 'role', 'job title'),
		('professionals', 'cluster_id', 'the cluster they work in'),
		('professionals', 'gp_practice_id', 'the practice of a GP; NULL for others'),
		('involvements', NULL, 'which professional works with which resident, when; most families know none or one, a few 8 to 20'),
		('involvements', 'id', 'involvement id'),
		('involvements', 'professional_id', 'the professional'),
		('involvements', 'person_id', 'the resident'),
		('involvements', 'started', 'first day'),
		('involvements', 'ended', 'first day after it ended; NULL while it lasts'),
		('involvements', 'during', 'daterange(started, ended)'),
		('involvements', 'key_worker', 'the professional is the resident''s (or family''s) named key worker'),
		('clinical_codes', NULL, 'a synthetic clinical code list (real ones are licensed): 2,000 codes of eFI deficits and 6,000 routine codes'),
		('clinical_codes', 'code', 'the code, nine digits'),
		('clinical_codes', 'term', 'its description'),
		('efi_code_map', NULL, 'which clinical code records which of the 36 eFI deficits (polypharmacy comes from medications instead)'),
		('efi_code_map', 'code', 'a clinical code'),
		('efi_code_map', 'deficit', 'the deficit it records, a code of deal.efi_deficits()'),
		('coded_events', NULL, 'coded entries in GP records over the ten years to as_of'),
		('coded_events', 'id', 'event id, in order of person and date'),
		('coded_events', 'person_id', 'the resident'),
		('coded_events', 'code', 'the clinical code recorded'),
		('coded_events', 'recorded', 'the date it was recorded'),
		('medications', NULL, 'medicines prescribed: regular ones (5 or more issued in the last year is polypharmacy) and acute courses'),
		('medications', 'id', 'prescription id'),
		('medications', 'person_id', 'the resident'),
		('medications', 'medicine', 'the medicine'),
		('medications', 'regular', 'a regular (repeat) medicine rather than an acute course'),
		('medications', 'started', 'first issued'),
		('medications', 'last_issued', 'last issued'),
		('admissions', NULL, 'hospital admissions over the three years to as_of, with what LACE and readmission models need'),
		('admissions', 'id', 'admission id, in order of admission'),
		('admissions', 'person_id', 'the resident'),
		('admissions', 'admitted', 'when admitted'),
		('admissions', 'discharged', 'when discharged'),
		('admissions', 'los_days', 'length of stay in whole days: discharge date minus admission date (Europe/London)'),
		('admissions', 'acute', 'an emergency (acute) admission, through A&E; false for elective'),
		('admissions', 'comorbidities', 'the LACE comorbidity conditions recorded (codes of deal.lace_conditions()), for deal.lace_comorbidity'),
		('admissions', 'ed_visits_6m', 'A&E attendances in the 6 months before admission, not counting the one that led to it'),
		('admissions', 'readmitted_30d', 'an emergency admission followed within 30 days of discharge; NULL when those 30 days run past as_of'),
		('ae_attendances', NULL, 'A&E attendances over the three years to as_of'),
		('ae_attendances', 'id', 'attendance id, in order of arrival'),
		('ae_attendances', 'person_id', 'the resident'),
		('ae_attendances', 'arrived', 'arrival time'),
		('ae_attendances', 'departed', 'departure time (admission to a ward, for those admitted)'),
		('ae_attendances', 'arrival_mode', 'ambulance or walk_in'),
		('ae_attendances', 'disposal', 'discharged, referred or admitted'),
		('ae_attendances', 'admission_id', 'the admission it led to'),
		('ambulance_calls', NULL, 'ambulance calls over the three years to as_of'),
		('ambulance_calls', 'id', 'call id, in order of time'),
		('ambulance_calls', 'person_id', 'the patient'),
		('ambulance_calls', 'called', 'time of the call'),
		('ambulance_calls', 'outcome', 'conveyed (to A&E), see_and_treat or hear_and_treat (not conveyed)'),
		('ambulance_calls', 'ae_attendance_id', 'the A&E attendance a conveyed patient arrived at'),
		('police_incidents', NULL, 'police incidents a resident was involved in, over the three years to as_of'),
		('police_incidents', 'id', 'incident id, in order of time'),
		('police_incidents', 'person_id', 'the resident'),
		('police_incidents', 'reported', 'time reported'),
		('police_incidents', 'category', 'concern_for_welfare, domestic_abuse, antisocial_behaviour, crime_victim, crime_suspect, mental_health_crisis or missing_person'),
		('organization', NULL, 'Open Referral UK (HSDS 3.0) organizations running community services'),
		('organization', 'id', 'organization id'),
		('organization', 'name', 'name'),
		('organization', 'description', 'what it is'),
		('organization', 'website', 'website (example.org)'),
		('service', NULL, 'Open Referral UK services: what an organization offers'),
		('service', 'id', 'service id'),
		('service', 'organization_id', 'the organization running it'),
		('service', 'name', 'name'),
		('service', 'description', 'what it is'),
		('service', 'status', 'active, inactive, defunct or temporarily closed'),
		('service', 'minimum_age', 'youngest age served; NULL for none'),
		('service', 'maximum_age', 'oldest age served; NULL for none'),
		('service', 'eligibility_description', 'who may use it'),
		('service', 'fees_description', 'what it costs'),
		('location', NULL, 'Open Referral UK locations: the venues services run at'),
		('location', 'id', 'location id'),
		('location', 'name', 'venue name'),
		('location', 'uprn', 'the venue''s UPRN (HSDS external identifier)'),
		('location', 'postcode', 'its postcode'),
		('location', 'latitude', 'latitude (WGS84)'),
		('location', 'longitude', 'longitude (WGS84)'),
		('location', 'location_type', 'physical'),
		('service_at_location', NULL, 'Open Referral UK: which service runs at which venue (a service may run at several)'),
		('service_at_location', 'id', 'id; the asset id of the assets view'),
		('service_at_location', 'service_id', 'the service'),
		('service_at_location', 'location_id', 'the venue'),
		('schedule', NULL, 'Open Referral UK schedules, iCalendar-like: when a service runs at a venue'),
		('schedule', 'id', 'schedule id'),
		('schedule', 'service_at_location_id', 'the service at a venue'),
		('schedule', 'freq', 'WEEKLY or MONTHLY (RRULE FREQ)'),
		('schedule', 'byday', 'RRULE BYDAY: TU, or 1TU for the first Tuesday'),
		('schedule', 'opens_at', 'opening time'),
		('schedule', 'closes_at', 'closing time'),
		('schedule', 'description', 'the schedule in words'),
		('service_capacity', NULL, 'Open Referral UK service capacity: places free now'),
		('service_capacity', 'id', 'id'),
		('service_capacity', 'service_id', 'the service'),
		('service_capacity', 'unit', 'what is counted: places'),
		('service_capacity', 'available', 'places free for new referrals'),
		('service_capacity', 'maximum', 'places in all'),
		('service_capacity', 'description', 'what the numbers mean'),
		('service_capacity', 'updated', 'when last updated'),
		('taxonomy_term', NULL, 'Open Referral UK taxonomy terms: the labels of needs and interests services meet'),
		('taxonomy_term', 'id', 'term id'),
		('taxonomy_term', 'code', 'the label, as in profiles: debt, gardening ...'),
		('taxonomy_term', 'name', 'the label in words'),
		('taxonomy_term', 'taxonomy', 'deal-needs or deal-interests'),
		('attribute', NULL, 'Open Referral UK attributes: a service tagged with a taxonomy term; the value is how much it offers of it'),
		('attribute', 'id', 'attribute id'),
		('attribute', 'link_id', 'the service tagged'),
		('attribute', 'link_type', 'need_category or interest'),
		('attribute', 'link_entity', 'service'),
		('attribute', 'taxonomy_term_id', 'the term'),
		('attribute', 'value', 'weight of the term in the offer, 0 to 1, as text'),
		('people', NULL, 'each resident with their home, place, deprivation and age on as_of'),
		('people', 'id', 'person id'),
		('people', 'nhs_number', 'NHS number'),
		('people', 'date_of_birth', 'date of birth'),
		('people', 'age', 'age in whole years on as_of'),
		('people', 'sex', 'F or M'),
		('people', 'gp_practice_id', 'GP practice'),
		('people', 'uprn', 'home UPRN'),
		('people', 'postcode', 'home postcode'),
		('people', 'lat', 'home latitude'),
		('people', 'lon', 'home longitude'),
		('people', 'lsoa_code', 'home LSOA'),
		('people', 'imd_decile', 'the home LSOA''s IMD decile (1 most deprived)'),
		('people', 'cluster_id', 'neighbourhood cluster'),
		('people', 'footprint_id', 'service delivery footprint'),
		('people', 'needs', 'needs profile'),
		('people', 'interests', 'interests profile'),
		('people', 'offers', 'offers profile'),
		('links', NULL, 'every link as a graph edge for deal.graph_agg(src_kind, src_id, dst_kind, dst_id, edge_kind, during): person lives_at household, parent_of, partner_of, professional involved_with person'),
		('links', 'src_kind', 'person or professional'),
		('links', 'src_id', 'resident or professional id'),
		('links', 'dst_kind', 'household or person'),
		('links', 'dst_id', 'household UPRN or resident id'),
		('links', 'edge_kind', 'lives_at, parent_of, partner_of or involved_with'),
		('links', 'during', 'when the link holds'),
		('emergency_contacts', NULL, 'every A&E attendance, ambulance call and police incident, for deal.peak_events'),
		('emergency_contacts', 'person_id', 'the resident'),
		('emergency_contacts', 'service', 'ae, ambulance or police'),
		('emergency_contacts', 'contact_id', 'the id in ae_attendances, ambulance_calls or police_incidents'),
		('emergency_contacts', 'at', 'when'),
		('assets', NULL, 'every active service at each venue, for matching: deal.asset_index_agg(id, offer, lat, lon) and deal.candidates_agg(..., capacity)'),
		('assets', 'id', 'asset id (the service_at_location id)'),
		('assets', 'service_id', 'the service'),
		('assets', 'location_id', 'the venue'),
		('assets', 'name', 'service name'),
		('assets', 'organization', 'who runs it'),
		('assets', 'offer', 'what it offers, as a profile of its taxonomy terms'),
		('assets', 'lat', 'venue latitude'),
		('assets', 'lon', 'venue longitude'),
		('assets', 'capacity', 'places free, the service''s shared evenly among its venues'),
		('assets', 'minimum_age', 'youngest age served'),
		('assets', 'maximum_age', 'oldest age served')
	) AS v (rel, col, comment)
	LOOP
		IF step.col IS NULL THEN
			EXECUTE format('COMMENT ON %s %s.%I IS %L',
						   CASE WHEN step.rel IN ('people', 'links', 'emergency_contacts', 'assets') THEN 'VIEW' ELSE 'TABLE' END,
						   qschema, step.rel, step.comment);
		ELSE
			EXECUTE format('COMMENT ON COLUMN %s.%I.%I IS %L', qschema, step.rel, step.col, step.comment);
		END IF;
	END LOOP;

	SELECT string_agg(to_char(c.n_rows, 'FM999,999,999,990') || ' ' || c.tbl, ', ' ORDER BY c.pos) INTO summary
	  FROM (SELECT tbl, min(pos) AS pos, sum(n_rows) AS n_rows FROM pg_temp.deal_gen_counts
			 WHERE stage = stage_name GROUP BY tbl) c;
	RAISE NOTICE 'generate_borough: %: % (% s)', stage_name, coalesce(summary, 'primary and foreign keys, indexes, views, comments, statistics'),
		to_char(extract(epoch FROM clock_timestamp() - stage_start), 'FM9990.00');
	RAISE NOTICE 'generate_borough: schema % holds a borough of % residents (seed %) in % s',
		qschema, residents, seed, to_char(extract(epoch FROM clock_timestamp() - started), 'FM9990.00');

	RETURN QUERY SELECT c.tbl, sum(c.n_rows)::int8 FROM pg_temp.deal_gen_counts c
				  WHERE c.tbl NOT LIKE '%(working)' GROUP BY c.tbl ORDER BY min(c.pos);
	-- The working tables go; the counts after the rows are returned.
	EXECUTE (SELECT 'DROP TABLE ' || string_agg(format('pg_temp.%I', w), ', ') FROM unnest(working) AS w);
	DROP TABLE pg_temp.deal_gen_counts;
END
$function$;
COMMENT ON FUNCTION deal.generate_borough(pg_catalog.name, pg_catalog.int4, pg_catalog.int4) IS 'creates and fills tables of a synthetic borough (residents, households, relationships, professionals, health and emergency records, Open Referral UK community assets) in a new or empty schema, the same for the same seed and size; returns each table and its row count';
