-- The extension as a DBA meets it: installation, its members and their markings.

CREATE EXTENSION deal;

\set ECHO none
\i sql/setup.psql

-- Every member object: any change to the extension's surface shows here as a diff.
SELECT pg_describe_object(classid, objid, 0) AS object
FROM pg_depend
WHERE refclassid = 'pg_extension'::regclass
  AND refobjid = (SELECT oid FROM pg_extension WHERE extname = 'deal')
  AND deptype = 'e'
ORDER BY 1;

-- Every function states volatility, strictness and parallel safety; none is left at the
-- defaults by accident (volatile, parallel unsafe).
SELECT p.oid::regprocedure AS function, p.provolatile AS volatility, p.proparallel AS parallel,
       p.proisstrict AS strict, p.proleakproof AS leakproof, p.prokind AS kind, l.lanname AS language
FROM pg_proc p
JOIN pg_language l ON l.oid = p.prolang
WHERE p.pronamespace = 'deal'::regnamespace
ORDER BY p.oid::regprocedure::text;

-- Objects without a comment: none.
SELECT pg_describe_object(classid, objid, 0) AS uncommented
FROM pg_depend d
WHERE refclassid = 'pg_extension'::regclass
  AND refobjid = (SELECT oid FROM pg_extension WHERE extname = 'deal')
  AND deptype = 'e'
  AND obj_description(objid, classid::regclass::text) IS NULL
  -- array types are made by CREATE TYPE and carry no comment of their own
  AND NOT (classid = 'pg_type'::regclass AND objid IN (SELECT oid FROM pg_type WHERE typelem <> 0))
ORDER BY 1;

-- Casts and the types' storage.
SELECT castsource::regtype, casttarget::regtype, castcontext, castmethod
FROM pg_cast
WHERE castsource IN ('deal.nhs_number'::regtype, 'deal.postcode'::regtype)
   OR casttarget IN ('deal.nhs_number'::regtype, 'deal.postcode'::regtype)
ORDER BY castsource::regtype::text, casttarget::regtype::text;
SELECT typname, typlen, typbyval, typalign, typstorage, typsend::text, typreceive::text
FROM pg_type WHERE typnamespace = 'deal'::regnamespace AND typtype = 'b' AND typelem = 0
ORDER BY 1;

-- The operator classes pass PostgreSQL's own validation.
SELECT opcname, amname, amvalidate(opc.oid)
FROM pg_opclass opc JOIN pg_am am ON am.oid = opc.opcmethod
WHERE opcnamespace = 'deal'::regnamespace
ORDER BY 1, 2;

-- Analysts other than the installer may use the schema.
SELECT has_schema_privilege('public', 'deal', 'USAGE') AS public_usage,
       has_schema_privilege('public', 'deal', 'CREATE') AS public_create;

-- The extension is trusted: a non-superuser with CREATE on the database can install it.
SELECT extname, extrelocatable, extnamespace::regnamespace FROM pg_extension WHERE extname = 'deal';
DROP EXTENSION deal;
DROP SCHEMA deal;
CREATE ROLE regress_deal_owner;
SELECT format('GRANT CREATE ON DATABASE %I TO regress_deal_owner', current_database()) \gexec
SET ROLE regress_deal_owner;
CREATE EXTENSION deal;
SELECT '943 476 5919'::deal.nhs_number;
SELECT nspowner::regrole AS schema_owner FROM pg_namespace WHERE nspname = 'deal';
RESET ROLE;
DROP EXTENSION deal;
DROP SCHEMA deal;
SELECT format('REVOKE CREATE ON DATABASE %I FROM regress_deal_owner', current_database()) \gexec
DROP ROLE regress_deal_owner;
CREATE EXTENSION deal;
