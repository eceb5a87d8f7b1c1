-- deal 1.0: install script.
--
-- Safe for a trusted extension: every name is schema-qualified (deal. or pg_catalog.), no
-- CREATE OR REPLACE, and SQL-language bodies are parsed here, at install, so a hostile
-- search_path later cannot redirect them.

\echo Use "CREATE EXTENSION deal" to load this file. \quit

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
