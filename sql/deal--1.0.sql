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

-- graph_agg: the aggregate that builds a graph from the caller's rows.
CREATE FUNCTION deal.graph_agg_transfn(pg_catalog.internal, pg_catalog.text, pg_catalog.int8, pg_catalog.text, pg_catalog.int8, pg_catalog.text)
	RETURNS pg_catalog.internal
	AS 'MODULE_PATHNAME', 'graph_agg_transfn' LANGUAGE C IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE;
CREATE FUNCTION deal.graph_agg_transfn(pg_catalog.internal, pg_catalog.text, pg_catalog.int8, pg_catalog.text, pg_catalog.int8, pg_catalog.text, pg_catalog.daterange)
	RETURNS pg_catalog.internal
	AS 'MODULE_PATHNAME', 'graph_agg_transfn' LANGUAGE C IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE;
CREATE FUNCTION deal.graph_agg_transfn(pg_catalog.internal, pg_catalog.int8, pg_catalog.int8)
	RETURNS pg_catalog.internal
	AS 'MODULE_PATHNAME', 'graph_agg_short_transfn' LANGUAGE C IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE;
CREATE FUNCTION deal.graph_agg_transfn(pg_catalog.internal, pg_catalog.int8, pg_catalog.int8, pg_catalog.text)
	RETURNS pg_catalog.internal
	AS 'MODULE_PATHNAME', 'graph_agg_short_transfn' LANGUAGE C IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE;
CREATE FUNCTION deal.graph_agg_finalfn(pg_catalog.internal) RETURNS deal.graph
	AS 'MODULE_PATHNAME', 'graph_agg_finalfn' LANGUAGE C IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE;
CREATE FUNCTION deal.graph_agg_combinefn(pg_catalog.internal, pg_catalog.internal) RETURNS pg_catalog.internal
	AS 'MODULE_PATHNAME', 'graph_agg_combinefn' LANGUAGE C IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE;
CREATE FUNCTION deal.graph_agg_serialfn(pg_catalog.internal) RETURNS pg_catalog.bytea
	AS 'MODULE_PATHNAME', 'graph_agg_serialfn' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION deal.graph_agg_deserialfn(pg_catalog.bytea, pg_catalog.internal) RETURNS pg_catalog.internal
	AS 'MODULE_PATHNAME', 'graph_agg_deserialfn' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION deal.graph_agg_transfn(pg_catalog.internal, pg_catalog.text, pg_catalog.int8, pg_catalog.text, pg_catalog.int8, pg_catalog.text) IS 'transition function of deal.graph_agg: adds one edge';
COMMENT ON FUNCTION deal.graph_agg_transfn(pg_catalog.internal, pg_catalog.text, pg_catalog.int8, pg_catalog.text, pg_catalog.int8, pg_catalog.text, pg_catalog.daterange) IS 'transition function of deal.graph_agg: adds one dated edge';
COMMENT ON FUNCTION deal.graph_agg_transfn(pg_catalog.internal, pg_catalog.int8, pg_catalog.int8) IS 'transition function of the short deal.graph_agg: adds one edge between nodes of kind node';
COMMENT ON FUNCTION deal.graph_agg_transfn(pg_catalog.internal, pg_catalog.int8, pg_catalog.int8, pg_catalog.text) IS 'transition function of the short deal.graph_agg: adds one typed edge between nodes of kind node';
COMMENT ON FUNCTION deal.graph_agg_finalfn(pg_catalog.internal) IS 'final function of deal.graph_agg: sorts, deduplicates and stores the graph';
COMMENT ON FUNCTION deal.graph_agg_combinefn(pg_catalog.internal, pg_catalog.internal) IS 'combine function of deal.graph_agg, for parallel query and Citus';
COMMENT ON FUNCTION deal.graph_agg_serialfn(pg_catalog.internal) IS 'serialisation of a deal.graph_agg state, for parallel query';
COMMENT ON FUNCTION deal.graph_agg_deserialfn(pg_catalog.bytea, pg_catalog.internal) IS 'deserialisation of a deal.graph_agg state, for parallel query';

CREATE AGGREGATE deal.graph_agg(src_kind pg_catalog.text, src_id pg_catalog.int8, dst_kind pg_catalog.text, dst_id pg_catalog.int8, edge_kind pg_catalog.text) (
	SFUNC = deal.graph_agg_transfn, STYPE = pg_catalog.internal, FINALFUNC = deal.graph_agg_finalfn,
	COMBINEFUNC = deal.graph_agg_combinefn, SERIALFUNC = deal.graph_agg_serialfn,
	DESERIALFUNC = deal.graph_agg_deserialfn, PARALLEL = SAFE
);
CREATE AGGREGATE deal.graph_agg(src_kind pg_catalog.text, src_id pg_catalog.int8, dst_kind pg_catalog.text, dst_id pg_catalog.int8, edge_kind pg_catalog.text, during pg_catalog.daterange) (
	SFUNC = deal.graph_agg_transfn, STYPE = pg_catalog.internal, FINALFUNC = deal.graph_agg_finalfn,
	COMBINEFUNC = deal.graph_agg_combinefn, SERIALFUNC = deal.graph_agg_serialfn,
	DESERIALFUNC = deal.graph_agg_deserialfn, PARALLEL = SAFE
);
CREATE AGGREGATE deal.graph_agg(src pg_catalog.int8, dst pg_catalog.int8) (
	SFUNC = deal.graph_agg_transfn, STYPE = pg_catalog.internal, FINALFUNC = deal.graph_agg_finalfn,
	COMBINEFUNC = deal.graph_agg_combinefn, SERIALFUNC = deal.graph_agg_serialfn,
	DESERIALFUNC = deal.graph_agg_deserialfn, PARALLEL = SAFE
);
CREATE AGGREGATE deal.graph_agg(src pg_catalog.int8, dst pg_catalog.int8, edge_kind pg_catalog.text) (
	SFUNC = deal.graph_agg_transfn, STYPE = pg_catalog.internal, FINALFUNC = deal.graph_agg_finalfn,
	COMBINEFUNC = deal.graph_agg_combinefn, SERIALFUNC = deal.graph_agg_serialfn,
	DESERIALFUNC = deal.graph_agg_deserialfn, PARALLEL = SAFE
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
CREATE FUNCTION deal.profile_agg_transfn(pg_catalog.internal, pg_catalog.text, pg_catalog.float8) RETURNS pg_catalog.internal
	AS 'MODULE_PATHNAME', 'profile_agg_transfn' LANGUAGE C IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE;
CREATE FUNCTION deal.profile_agg_finalfn(pg_catalog.internal) RETURNS deal.profile
	AS 'MODULE_PATHNAME', 'profile_agg_finalfn' LANGUAGE C IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE;
CREATE FUNCTION deal.union_agg_transfn(pg_catalog.internal, deal.profile) RETURNS pg_catalog.internal
	AS 'MODULE_PATHNAME', 'union_agg_transfn' LANGUAGE C IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE;
CREATE FUNCTION deal.union_agg_finalfn(pg_catalog.internal) RETURNS deal.profile
	AS 'MODULE_PATHNAME', 'union_agg_finalfn' LANGUAGE C IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE;
CREATE FUNCTION deal.profile_agg_combinefn(pg_catalog.internal, pg_catalog.internal) RETURNS pg_catalog.internal
	AS 'MODULE_PATHNAME', 'profile_agg_combinefn' LANGUAGE C IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE;
CREATE FUNCTION deal.profile_agg_serialfn(pg_catalog.internal) RETURNS pg_catalog.bytea
	AS 'MODULE_PATHNAME', 'profile_agg_serialfn' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION deal.profile_agg_deserialfn(pg_catalog.bytea, pg_catalog.internal) RETURNS pg_catalog.internal
	AS 'MODULE_PATHNAME', 'profile_agg_deserialfn' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION deal.profile_agg_transfn(pg_catalog.internal, pg_catalog.text, pg_catalog.float8) IS 'transition function of deal.profile_agg';
COMMENT ON FUNCTION deal.profile_agg_finalfn(pg_catalog.internal) IS 'final function of deal.profile_agg: weights summed per label';
COMMENT ON FUNCTION deal.union_agg_transfn(pg_catalog.internal, deal.profile) IS 'transition function of deal.union_agg';
COMMENT ON FUNCTION deal.union_agg_finalfn(pg_catalog.internal) IS 'final function of deal.union_agg: the largest weight per label';
COMMENT ON FUNCTION deal.profile_agg_combinefn(pg_catalog.internal, pg_catalog.internal) IS 'combine function of the profile aggregates, for parallel query and Citus';
COMMENT ON FUNCTION deal.profile_agg_serialfn(pg_catalog.internal) IS 'serialisation of a profile aggregate state';
COMMENT ON FUNCTION deal.profile_agg_deserialfn(pg_catalog.bytea, pg_catalog.internal) IS 'deserialisation of a profile aggregate state';

CREATE AGGREGATE deal.profile_agg(label pg_catalog.text, weight pg_catalog.float8) (
	SFUNC = deal.profile_agg_transfn, STYPE = pg_catalog.internal, FINALFUNC = deal.profile_agg_finalfn,
	COMBINEFUNC = deal.profile_agg_combinefn, SERIALFUNC = deal.profile_agg_serialfn,
	DESERIALFUNC = deal.profile_agg_deserialfn, PARALLEL = SAFE
);
CREATE AGGREGATE deal.union_agg(deal.profile) (
	SFUNC = deal.union_agg_transfn, STYPE = pg_catalog.internal, FINALFUNC = deal.union_agg_finalfn,
	COMBINEFUNC = deal.profile_agg_combinefn, SERIALFUNC = deal.profile_agg_serialfn,
	DESERIALFUNC = deal.profile_agg_deserialfn, PARALLEL = SAFE
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

CREATE FUNCTION deal.candidates_agg_transfn(pg_catalog.internal, pg_catalog.int8, pg_catalog.int8, pg_catalog.float8, pg_catalog.int4)
	RETURNS pg_catalog.internal
	AS 'MODULE_PATHNAME', 'candidates_agg_transfn' LANGUAGE C IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE;
CREATE FUNCTION deal.candidates_agg_finalfn(pg_catalog.internal) RETURNS deal.candidates
	AS 'MODULE_PATHNAME', 'candidates_agg_finalfn' LANGUAGE C IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE;
CREATE FUNCTION deal.candidates_agg_combinefn(pg_catalog.internal, pg_catalog.internal) RETURNS pg_catalog.internal
	AS 'MODULE_PATHNAME', 'candidates_agg_combinefn' LANGUAGE C IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE;
CREATE FUNCTION deal.candidates_agg_serialfn(pg_catalog.internal) RETURNS pg_catalog.bytea
	AS 'MODULE_PATHNAME', 'candidates_agg_serialfn' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION deal.candidates_agg_deserialfn(pg_catalog.bytea, pg_catalog.internal) RETURNS pg_catalog.internal
	AS 'MODULE_PATHNAME', 'candidates_agg_deserialfn' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION deal.candidates_agg_transfn(pg_catalog.internal, pg_catalog.int8, pg_catalog.int8, pg_catalog.float8, pg_catalog.int4) IS 'transition function of deal.candidates_agg';
COMMENT ON FUNCTION deal.candidates_agg_finalfn(pg_catalog.internal) IS 'final function of deal.candidates_agg: sorts and checks the pairs';
COMMENT ON FUNCTION deal.candidates_agg_combinefn(pg_catalog.internal, pg_catalog.internal) IS 'combine function of deal.candidates_agg, for parallel query and Citus';
COMMENT ON FUNCTION deal.candidates_agg_serialfn(pg_catalog.internal) IS 'serialisation of a deal.candidates_agg state';
COMMENT ON FUNCTION deal.candidates_agg_deserialfn(pg_catalog.bytea, pg_catalog.internal) IS 'deserialisation of a deal.candidates_agg state';

CREATE AGGREGATE deal.candidates_agg(person_id pg_catalog.int8, asset_id pg_catalog.int8, score pg_catalog.float8, capacity pg_catalog.int4) (
	SFUNC = deal.candidates_agg_transfn, STYPE = pg_catalog.internal, FINALFUNC = deal.candidates_agg_finalfn,
	COMBINEFUNC = deal.candidates_agg_combinefn, SERIALFUNC = deal.candidates_agg_serialfn,
	DESERIALFUNC = deal.candidates_agg_deserialfn, PARALLEL = SAFE
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

CREATE FUNCTION deal.asset_index_agg_transfn(pg_catalog.internal, pg_catalog.int8, deal.profile, pg_catalog.float8, pg_catalog.float8)
	RETURNS pg_catalog.internal
	AS 'MODULE_PATHNAME', 'asset_index_agg_transfn' LANGUAGE C IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE;
CREATE FUNCTION deal.asset_index_agg_finalfn(pg_catalog.internal) RETURNS deal.asset_index
	AS 'MODULE_PATHNAME', 'asset_index_agg_finalfn' LANGUAGE C IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE;
CREATE FUNCTION deal.asset_index_agg_combinefn(pg_catalog.internal, pg_catalog.internal) RETURNS pg_catalog.internal
	AS 'MODULE_PATHNAME', 'asset_index_agg_combinefn' LANGUAGE C IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE;
CREATE FUNCTION deal.asset_index_agg_serialfn(pg_catalog.internal) RETURNS pg_catalog.bytea
	AS 'MODULE_PATHNAME', 'asset_index_agg_serialfn' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION deal.asset_index_agg_deserialfn(pg_catalog.bytea, pg_catalog.internal) RETURNS pg_catalog.internal
	AS 'MODULE_PATHNAME', 'asset_index_agg_deserialfn' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION deal.asset_index_agg_transfn(pg_catalog.internal, pg_catalog.int8, deal.profile, pg_catalog.float8, pg_catalog.float8) IS 'transition function of deal.asset_index_agg';
COMMENT ON FUNCTION deal.asset_index_agg_finalfn(pg_catalog.internal) IS 'final function of deal.asset_index_agg: builds the index';
COMMENT ON FUNCTION deal.asset_index_agg_combinefn(pg_catalog.internal, pg_catalog.internal) IS 'combine function of deal.asset_index_agg, for parallel query and Citus';
COMMENT ON FUNCTION deal.asset_index_agg_serialfn(pg_catalog.internal) IS 'serialisation of a deal.asset_index_agg state';
COMMENT ON FUNCTION deal.asset_index_agg_deserialfn(pg_catalog.bytea, pg_catalog.internal) IS 'deserialisation of a deal.asset_index_agg state';

CREATE AGGREGATE deal.asset_index_agg(asset_id pg_catalog.int8, offer deal.profile, lat pg_catalog.float8, lon pg_catalog.float8) (
	SFUNC = deal.asset_index_agg_transfn, STYPE = pg_catalog.internal, FINALFUNC = deal.asset_index_agg_finalfn,
	COMBINEFUNC = deal.asset_index_agg_combinefn, SERIALFUNC = deal.asset_index_agg_serialfn,
	DESERIALFUNC = deal.asset_index_agg_deserialfn, PARALLEL = SAFE
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

CREATE FUNCTION deal.peak_events_transfn(pg_catalog.internal, pg_catalog.timestamptz, pg_catalog.interval) RETURNS pg_catalog.internal
	AS 'MODULE_PATHNAME', 'peak_events_transfn' LANGUAGE C IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE;
CREATE FUNCTION deal.peak_events_finalfn(pg_catalog.internal) RETURNS pg_catalog.int4
	AS 'MODULE_PATHNAME', 'peak_events_finalfn' LANGUAGE C STABLE CALLED ON NULL INPUT PARALLEL SAFE;
CREATE FUNCTION deal.peak_events_combinefn(pg_catalog.internal, pg_catalog.internal) RETURNS pg_catalog.internal
	AS 'MODULE_PATHNAME', 'peak_events_combinefn' LANGUAGE C IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE;
CREATE FUNCTION deal.peak_events_serialfn(pg_catalog.internal) RETURNS pg_catalog.bytea
	AS 'MODULE_PATHNAME', 'peak_events_serialfn' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION deal.peak_events_deserialfn(pg_catalog.bytea, pg_catalog.internal) RETURNS pg_catalog.internal
	AS 'MODULE_PATHNAME', 'peak_events_deserialfn' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION deal.peak_events_transfn(pg_catalog.internal, pg_catalog.timestamptz, pg_catalog.interval) IS 'transition function of deal.peak_events';
COMMENT ON FUNCTION deal.peak_events_finalfn(pg_catalog.internal) IS 'final function of deal.peak_events: sorts the times and counts; stable, because t + window in months or days depends on the session time zone';
COMMENT ON FUNCTION deal.peak_events_combinefn(pg_catalog.internal, pg_catalog.internal) IS 'combine function of deal.peak_events, for parallel query and Citus';
COMMENT ON FUNCTION deal.peak_events_serialfn(pg_catalog.internal) IS 'serialisation of a deal.peak_events state';
COMMENT ON FUNCTION deal.peak_events_deserialfn(pg_catalog.bytea, pg_catalog.internal) IS 'deserialisation of a deal.peak_events state';

CREATE AGGREGATE deal.peak_events(ts pg_catalog.timestamptz, "window" pg_catalog.interval) (
	SFUNC = deal.peak_events_transfn, STYPE = pg_catalog.internal, SSPACE = 160, FINALFUNC = deal.peak_events_finalfn,
	COMBINEFUNC = deal.peak_events_combinefn, SERIALFUNC = deal.peak_events_serialfn,
	DESERIALFUNC = deal.peak_events_deserialfn, PARALLEL = SAFE
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

CREATE FUNCTION deal.logistic_fit_transfn(pg_catalog.internal, pg_catalog.bool, deal.profile)
	RETURNS pg_catalog.internal
	AS 'MODULE_PATHNAME', 'logistic_fit_transfn' LANGUAGE C IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE;
CREATE FUNCTION deal.logistic_fit_transfn(pg_catalog.internal, pg_catalog.bool, deal.profile, pg_catalog.float8)
	RETURNS pg_catalog.internal
	AS 'MODULE_PATHNAME', 'logistic_fit_transfn' LANGUAGE C IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE;
CREATE FUNCTION deal.logistic_fit_finalfn(pg_catalog.internal) RETURNS deal.profile
	AS 'MODULE_PATHNAME', 'logistic_fit_finalfn' LANGUAGE C IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE;
CREATE FUNCTION deal.logistic_fit_combinefn(pg_catalog.internal, pg_catalog.internal) RETURNS pg_catalog.internal
	AS 'MODULE_PATHNAME', 'logistic_fit_combinefn' LANGUAGE C IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE;
CREATE FUNCTION deal.logistic_fit_serialfn(pg_catalog.internal) RETURNS pg_catalog.bytea
	AS 'MODULE_PATHNAME', 'logistic_fit_serialfn' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION deal.logistic_fit_deserialfn(pg_catalog.bytea, pg_catalog.internal) RETURNS pg_catalog.internal
	AS 'MODULE_PATHNAME', 'logistic_fit_deserialfn' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION deal.logistic_fit_transfn(pg_catalog.internal, pg_catalog.bool, deal.profile) IS 'transition function of deal.logistic_fit';
COMMENT ON FUNCTION deal.logistic_fit_transfn(pg_catalog.internal, pg_catalog.bool, deal.profile, pg_catalog.float8) IS 'transition function of deal.logistic_fit with a ridge penalty';
COMMENT ON FUNCTION deal.logistic_fit_finalfn(pg_catalog.internal) IS 'final function of deal.logistic_fit: fits the model by Newton''s method';
COMMENT ON FUNCTION deal.logistic_fit_combinefn(pg_catalog.internal, pg_catalog.internal) IS 'combine function of deal.logistic_fit, for parallel query';
COMMENT ON FUNCTION deal.logistic_fit_serialfn(pg_catalog.internal) IS 'serialisation of a deal.logistic_fit state';
COMMENT ON FUNCTION deal.logistic_fit_deserialfn(pg_catalog.bytea, pg_catalog.internal) IS 'deserialisation of a deal.logistic_fit state, checked';

CREATE AGGREGATE deal.logistic_fit(outcome pg_catalog.bool, features deal.profile) (
	SFUNC = deal.logistic_fit_transfn, STYPE = pg_catalog.internal, FINALFUNC = deal.logistic_fit_finalfn,
	COMBINEFUNC = deal.logistic_fit_combinefn, SERIALFUNC = deal.logistic_fit_serialfn,
	DESERIALFUNC = deal.logistic_fit_deserialfn, PARALLEL = SAFE
);
CREATE AGGREGATE deal.logistic_fit(outcome pg_catalog.bool, features deal.profile, l2 pg_catalog.float8) (
	SFUNC = deal.logistic_fit_transfn, STYPE = pg_catalog.internal, FINALFUNC = deal.logistic_fit_finalfn,
	COMBINEFUNC = deal.logistic_fit_combinefn, SERIALFUNC = deal.logistic_fit_serialfn,
	DESERIALFUNC = deal.logistic_fit_deserialfn, PARALLEL = SAFE
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

CREATE FUNCTION deal.auc_transfn(pg_catalog.internal, pg_catalog.float8, pg_catalog.bool) RETURNS pg_catalog.internal
	AS 'MODULE_PATHNAME', 'auc_transfn' LANGUAGE C IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE;
CREATE FUNCTION deal.auc_finalfn(pg_catalog.internal) RETURNS pg_catalog.float8
	AS 'MODULE_PATHNAME', 'auc_finalfn' LANGUAGE C IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE;
CREATE FUNCTION deal.auc_combinefn(pg_catalog.internal, pg_catalog.internal) RETURNS pg_catalog.internal
	AS 'MODULE_PATHNAME', 'auc_combinefn' LANGUAGE C IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE;
CREATE FUNCTION deal.auc_serialfn(pg_catalog.internal) RETURNS pg_catalog.bytea
	AS 'MODULE_PATHNAME', 'auc_serialfn' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION deal.auc_deserialfn(pg_catalog.bytea, pg_catalog.internal) RETURNS pg_catalog.internal
	AS 'MODULE_PATHNAME', 'auc_deserialfn' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION deal.auc_transfn(pg_catalog.internal, pg_catalog.float8, pg_catalog.bool) IS 'transition function of deal.auc';
COMMENT ON FUNCTION deal.auc_finalfn(pg_catalog.internal) IS 'final function of deal.auc: sorts the scores and counts pairs';
COMMENT ON FUNCTION deal.auc_combinefn(pg_catalog.internal, pg_catalog.internal) IS 'combine function of deal.auc, for parallel query';
COMMENT ON FUNCTION deal.auc_serialfn(pg_catalog.internal) IS 'serialisation of a deal.auc state';
COMMENT ON FUNCTION deal.auc_deserialfn(pg_catalog.bytea, pg_catalog.internal) IS 'deserialisation of a deal.auc state, checked';

CREATE AGGREGATE deal.auc(score pg_catalog.float8, outcome pg_catalog.bool) (
	SFUNC = deal.auc_transfn, STYPE = pg_catalog.internal, FINALFUNC = deal.auc_finalfn,
	COMBINEFUNC = deal.auc_combinefn, SERIALFUNC = deal.auc_serialfn,
	DESERIALFUNC = deal.auc_deserialfn, PARALLEL = SAFE
);
COMMENT ON AGGREGATE deal.auc(pg_catalog.float8, pg_catalog.bool) IS 'c-statistic (area under the ROC curve, Mann-Whitney): the share of (positive, negative) pairs in which the positive scores higher, ties counting half; NULL rows skipped, NULL when either class is empty';
