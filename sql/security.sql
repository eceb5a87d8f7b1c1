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

\c contrib_regression
DROP DATABASE regression_deal_security;
