-- Security hardening (hand-written; see docs/security.md for the threat model). What changes:
--  * An explicit classification of every column of every table (astralis.column_class), per
--    table an access mode (astralis.table_class): the grants to astralis_staff are generated
--    from it and `astralis-cli db validate` checks the live catalog against it. A column that
--    is not classified is granted nothing and fails validation, so a new table cannot ship
--    before someone has decided, column by column, what staff may do with it.
--  * A login loses access the moment its user no longer qualifies (deleted, moved to another
--    organization, a role that is not staff), not when someone runs `staff disable`.
--  * Reference checks compare the parent row's organization with the login's, never with the
--    "orgId" the caller wrote: a missing row and another organization's row look the same.
--  * Audit trails, row versions and status flows are the database's, not the client's word.
--  * The change feed: a channel per organization that only its staff can name, read through a
--    function that shows no counter shared between organizations and that a transaction held
--    open elsewhere cannot stall; old rows are pruned.
--  * client_mutation is keyed by organization (previous, generated migration); the database
--    has an instance id the offline cache is keyed by.
--
-- Later migrations that add tables classify them (SELECT astralis.classify(...)) and then call
-- SELECT astralis_secure(); — nothing else.

-- ─── Console metadata, outside Prisma's schema ─────────────────────────────────────────────
-- Prisma manages "public" only; these tables describe it and are never tenant data. Staff may
-- use the schema for the instance id (a column grant) and nothing else in it.
CREATE SCHEMA astralis;
REVOKE ALL ON SCHEMA astralis FROM PUBLIC;
GRANT USAGE ON SCHEMA astralis TO astralis_staff;

CREATE TABLE astralis.table_class (
    table_name text PRIMARY KEY,
    -- tenant:  per-column grants, DELETE; forced row-level security by "orgId"
    -- append:  SELECT and INSERT only (trails, bookkeeping)
    -- profile: SELECT, and UPDATE of staff columns of one's own row only (users)
    -- read:    SELECT of the columns that are not secret
    -- own_row: SELECT of one's own row (organization, staff_login)
    -- none:    not granted at all
    access text NOT NULL CHECK (access IN ('tenant', 'append', 'profile', 'read', 'own_row', 'none')),
    reason text NOT NULL CHECK (reason <> '')
);

CREATE TABLE astralis.column_class (
    table_name text NOT NULL REFERENCES astralis.table_class ON DELETE CASCADE,
    column_name text NOT NULL,
    -- secret:   never granted (tokens, credentials, counters that leak across organizations)
    -- platform: read-only for staff (set by the web platform or by the database)
    -- fixed:    written once, when the row is created (ids, organization, creator)
    -- staff:    staff may write it
    class text NOT NULL CHECK (class IN ('secret', 'platform', 'fixed', 'staff')),
    PRIMARY KEY (table_name, column_name)
);

-- Status flows the database enforces for staff writes (the console's models/ hold the same
-- flows with their reasons; a test compares the two).
CREATE TABLE astralis.status_flow (
    table_name text NOT NULL,
    column_name text NOT NULL,
    from_status text NOT NULL,
    to_status text NOT NULL,
    PRIMARY KEY (table_name, column_name, from_status, to_status)
);

-- This database's identity. id: made once by this migration; the offline cache is keyed by it
-- (with the cluster's system identifier), so two servers behind one host:port never share an
-- outbox. feed_secret: derives each organization's notification channel; never granted.
CREATE TABLE astralis.instance (
    one boolean PRIMARY KEY DEFAULT true CHECK (one),
    id text NOT NULL,
    feed_secret text NOT NULL
);
INSERT INTO astralis.instance (id, feed_secret)
VALUES (gen_random_uuid()::text,
        encode(sha256(convert_to(gen_random_uuid()::text || gen_random_uuid()::text, 'UTF8')), 'hex'));
GRANT SELECT (id) ON astralis.instance TO astralis_staff;

-- A restored copy of a database keeps its instance id; the cluster's system identifier tells
-- a copy in another cluster apart. Invoker: staff read instance.id through their column grant.
CREATE FUNCTION astralis_instance_id() RETURNS text
    LANGUAGE sql STABLE SECURITY INVOKER
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT i.id || ':' || (SELECT system_identifier::text FROM pg_control_system()) FROM astralis.instance i
$$;
GRANT EXECUTE ON FUNCTION astralis_instance_id() TO astralis_staff;

-- Records one table's classification. Every column must be named exactly once; a name that is
-- not a column of the table is an error (a typo must not leave a real column unclassified).
CREATE FUNCTION astralis.classify(p_table text, p_access text, p_reason text,
                                  secret text[] DEFAULT '{}', platform text[] DEFAULT '{}',
                                  fixed text[] DEFAULT '{}', staff text[] DEFAULT '{}')
    RETURNS void
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    rel oid;
    c text;
    k text;
    names text[];
BEGIN
    rel := to_regclass(CASE WHEN p_table LIKE '%.%' THEN p_table ELSE format('public.%I', p_table) END);
    IF rel IS NULL THEN
        RAISE EXCEPTION 'classify: no table %', p_table;
    END IF;
    INSERT INTO astralis.table_class (table_name, access, reason) VALUES (p_table, p_access, p_reason)
    ON CONFLICT (table_name) DO UPDATE SET access = EXCLUDED.access, reason = EXCLUDED.reason;
    DELETE FROM astralis.column_class WHERE table_name = p_table;
    FOREACH k IN ARRAY ARRAY['secret', 'platform', 'fixed', 'staff'] LOOP
        names := CASE k WHEN 'secret' THEN secret WHEN 'platform' THEN platform
                        WHEN 'fixed' THEN fixed ELSE staff END;
        FOREACH c IN ARRAY names LOOP
            IF NOT EXISTS (SELECT 1 FROM pg_attribute
                           WHERE attrelid = rel AND attname = c AND attnum > 0 AND NOT attisdropped) THEN
                RAISE EXCEPTION 'classify: % has no column %', p_table, c;
            END IF;
            INSERT INTO astralis.column_class (table_name, column_name, class) VALUES (p_table, c, k);
        END LOOP;
    END LOOP;
END
$$;
REVOKE EXECUTE ON FUNCTION astralis.classify(text, text, text, text[], text[], text[], text[]) FROM PUBLIC;

-- ─── Who is signed in, and does that person still qualify ──────────────────────────────────
-- Roles of staff members; USER and CLIENT are the platform's customers.
CREATE FUNCTION astralis_staff_roles() RETURNS text[]
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
AS $$ SELECT ARRAY['ADMIN', 'PM', 'OPERATOR', 'EDITOR', 'AUTHOR'] $$;

-- The organization of the signed-in login, or NULL. The login's user must still be a staff
-- member of that very organization and not deleted: when the web platform deletes, moves or
-- demotes the user, every policy stops matching at the next statement. SECURITY DEFINER to read
-- users (whose own policy calls this function) without recursion; session_user, because inside
-- a definer function current_user is the owner. A staff login's SET ROLE to its group changes
-- nothing: it stays the same person.
CREATE OR REPLACE FUNCTION astralis_current_org() RETURNS text
    LANGUAGE sql STABLE SECURITY DEFINER PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT s."orgId" FROM public.staff_login s JOIN public.users u ON u.id = s."userId"
    WHERE s.login = SESSION_USER AND s."disabledAt" IS NULL AND u."deletedAt" IS NULL
      AND u."orgId" = s."orgId" AND u.role::text = ANY (public.astralis_staff_roles())
$$;

-- The signed-in user, under the same conditions: the rule lives in astralis_current_org() only.
CREATE FUNCTION astralis_current_user() RETURNS text
    LANGUAGE sql STABLE SECURITY DEFINER PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT s."userId" FROM public.staff_login s
    WHERE s.login = SESSION_USER AND s."orgId" = public.astralis_current_org()
$$;
REVOKE EXECUTE ON FUNCTION astralis_current_user() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION astralis_current_user() TO astralis_staff;

-- staff_login's own policy: a login reads its row by current_user (SET ROLE to the group
-- reads nothing), unchanged.

-- ─── Reference checks: against the login's organization ────────────────────────────────────
-- As in migration 500, one generated function per table; the parent's organization is now
-- compared with the signed-in login's, so a row of another organization and a missing row give
-- the same 23503 whatever "orgId" the caller wrote (before, a wrong "orgId" turned the answer
-- into 42501 exactly when the parent belonged to that organization).
DROP FUNCTION IF EXISTS astralis_check_references();
CREATE OR REPLACE FUNCTION astralis_install_reference_checks() RETURNS integer
    LANGUAGE plpgsql SECURITY INVOKER
    SET search_path = public, pg_temp
AS $install$
DECLARE
    t record;
    fk record;
    body text;
    columns text;
    fname text;
    n integer := 0;
BEGIN
    FOR t IN
        SELECT c.oid, c.relname
        FROM pg_class c
        JOIN pg_namespace ns ON ns.oid = c.relnamespace
        JOIN astralis.table_class tc ON tc.table_name = c.relname
        WHERE ns.nspname = 'public' AND c.relkind = 'r' AND tc.access IN ('tenant', 'append', 'profile')
          AND EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'orgId' AND NOT a.attisdropped)
        ORDER BY c.relname
    LOOP
        body := '';
        columns := '"orgId"';
        FOR fk IN
            SELECT a.attname AS col, c.confrelid::regclass AS parent, pa.attname AS parent_col
            FROM pg_constraint c
            JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
            JOIN pg_attribute pa ON pa.attrelid = c.confrelid AND pa.attnum = c.confkey[1]
            WHERE c.conrelid = t.oid AND c.contype = 'f' AND cardinality(c.conkey) = 1
              AND EXISTS (SELECT 1 FROM pg_attribute o
                          WHERE o.attrelid = c.confrelid AND o.attname = 'orgId' AND NOT o.attisdropped)
            ORDER BY a.attnum
        LOOP
            columns := columns || ', ' || quote_ident(fk.col);
            body := body || format($f$
    IF NEW.%1$I IS NOT NULL AND (TG_OP = 'INSERT' OR NEW.%1$I IS DISTINCT FROM OLD.%1$I
                                 OR NEW."orgId" IS DISTINCT FROM OLD."orgId") THEN
        SELECT "orgId" INTO parent_org FROM %2$s WHERE %3$I = NEW.%1$I;
        IF parent_org IS DISTINCT FROM login_org THEN
            RAISE EXCEPTION 'insert or update on table "%%" violates foreign key: %%=%%s is not a row of this organization',
                TG_TABLE_NAME, %4$L, NEW.%1$I
                USING ERRCODE = 'foreign_key_violation';
        END IF;
    END IF;$f$, fk.col, fk.parent, fk.parent_col, fk.col);
        END LOOP;

        EXECUTE format('DROP TRIGGER IF EXISTS astralis_references ON %I', t.relname);
        IF body = '' THEN
            CONTINUE; -- no reference to a tenant table: nothing to check
        END IF;
        fname := 'astralis_refs_' || t.relname;
        EXECUTE format($f$CREATE OR REPLACE FUNCTION %I() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = public, pg_temp
AS $body$
DECLARE
    parent_org text;
    login_org text;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM staff_login WHERE login = session_user) THEN
        RETURN NEW; -- the web platform and administrators keep ordinary foreign keys
    END IF;
    login_org := astralis_current_org();%s
    RETURN NEW;
END
$body$
$f$, fname, body);
        EXECUTE format('REVOKE EXECUTE ON FUNCTION %I() FROM PUBLIC', fname);
        EXECUTE format('CREATE TRIGGER astralis_references BEFORE INSERT OR UPDATE OF %s ON %I '
                       'FOR EACH ROW EXECUTE FUNCTION %I()', columns, t.relname, fname);
        n := n + 1;
    END LOOP;
    RETURN n;
END
$install$;
REVOKE EXECUTE ON FUNCTION astralis_install_reference_checks() FROM PUBLIC;

-- ─── Row versions and status flows: the database's ─────────────────────────────────────────
-- Every update by a staff login bumps "version" by exactly one, whatever the statement wrote,
-- so an optimistic check ("WHERE version = n") cannot be defeated by writing a version; a staff
-- insert starts at 1. The web platform and administrators keep Prisma's behaviour (they write
-- the version they mean). SECURITY DEFINER like every guard here: a staff login that has done
-- SET ROLE astralis_staff cannot read its staff_login row any more, and must not slip out.
CREATE FUNCTION astralis_bump_version() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM public.staff_login WHERE login = session_user) THEN
        RETURN NEW;
    END IF;
    IF TG_OP = 'UPDATE' THEN
        NEW.version := OLD.version + 1;
    ELSE
        NEW.version := 1;
    END IF;
    RETURN NEW;
END
$$;
REVOKE EXECUTE ON FUNCTION astralis_bump_version() FROM PUBLIC;

-- A staff member's status change must be a transition of the table's flow (TG_ARGV[0] names
-- the status column). Refused with P0001 and the transition, like the console's own check.
CREATE FUNCTION astralis_check_status_flow() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    col text := TG_ARGV[0];
    before text := to_jsonb(OLD) ->> col;
    after text := to_jsonb(NEW) ->> col;
BEGIN
    IF before IS NOT DISTINCT FROM after
       OR NOT EXISTS (SELECT 1 FROM public.staff_login WHERE login = session_user) THEN
        RETURN NEW;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM astralis.status_flow f
                   WHERE f.table_name = TG_TABLE_NAME AND f.column_name = col
                     AND f.from_status = before AND f.to_status = after) THEN
        RAISE EXCEPTION '%.%: % → % is not an allowed transition', TG_TABLE_NAME, col, before, after
            USING ERRCODE = 'raise_exception', HINT = 'status flow';
    END IF;
    RETURN NEW;
END
$$;
REVOKE EXECUTE ON FUNCTION astralis_check_status_flow() FROM PUBLIC;

INSERT INTO astralis.status_flow (table_name, column_name, from_status, to_status) VALUES
    ('Task', 'status', 'NEW', 'IN_PROGRESS'), ('Task', 'status', 'NEW', 'BLOCKED'),
    ('Task', 'status', 'NEW', 'CANCELLED'),
    ('Task', 'status', 'IN_PROGRESS', 'NEEDS_REVIEW'), ('Task', 'status', 'IN_PROGRESS', 'BLOCKED'),
    ('Task', 'status', 'IN_PROGRESS', 'DONE'), ('Task', 'status', 'IN_PROGRESS', 'CANCELLED'),
    ('Task', 'status', 'NEEDS_REVIEW', 'IN_PROGRESS'), ('Task', 'status', 'NEEDS_REVIEW', 'DONE'),
    ('Task', 'status', 'NEEDS_REVIEW', 'CANCELLED'),
    ('Task', 'status', 'BLOCKED', 'IN_PROGRESS'), ('Task', 'status', 'BLOCKED', 'CANCELLED'),
    ('Task', 'status', 'DONE', 'IN_PROGRESS'),
    ('Task', 'status', 'CANCELLED', 'NEW');

-- ─── Audit trails: written by the database ─────────────────────────────────────────────────
-- For every write by a staff login to a table staff may write: an AuditLog row with the
-- user from staff_login (not from the client), the client's address as the server sees it,
-- and {field: [before, after]} of what changed — never a secret column (TG_ARGV lists them).
-- Tables with an activity name (TG_ARGV[0], may be '') also get an ActivityLog entry in the
-- console's vocabulary: <name>.created / .deleted / .restored / .moved / .status / .updated.
-- Writes of the web platform and of administrators are theirs to record.
CREATE FUNCTION astralis_audit() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    who record;
    prefix text := TG_ARGV[0];
    hidden text[] := TG_ARGV[1:];
    o jsonb;
    n jsonb;
    changes jsonb := '{}';
    k text;
    verb text;
    action text;
    metadata jsonb := '{}';
    row_id text;
BEGIN
    SELECT s."userId", s."orgId" INTO who FROM public.staff_login s WHERE s.login = SESSION_USER;
    IF NOT FOUND THEN
        RETURN NULL;
    END IF;
    IF TG_OP <> 'INSERT' THEN
        o := to_jsonb(OLD) - hidden;
    END IF;
    IF TG_OP <> 'DELETE' THEN
        n := to_jsonb(NEW) - hidden;
    END IF;
    FOR k IN SELECT jsonb_object_keys(coalesce(n, o)) LOOP
        CONTINUE WHEN k IN ('updatedAt', 'version');
        CONTINUE WHEN (o -> k) IS NOT DISTINCT FROM (n -> k);
        changes := changes || jsonb_build_object(k, jsonb_build_array(o -> k, n -> k));
    END LOOP;
    IF TG_OP = 'UPDATE' AND changes = '{}' THEN
        RETURN NULL; -- nothing but bookkeeping changed
    END IF;

    IF TG_OP = 'INSERT' THEN
        verb := 'created';
    ELSIF TG_OP = 'DELETE' THEN
        verb := 'purged';
    ELSIF changes ? 'deletedAt' AND n ->> 'deletedAt' IS NOT NULL THEN
        verb := 'deleted';
    ELSIF changes ? 'deletedAt' THEN
        verb := 'restored';
    ELSIF changes ? 'status' THEN
        verb := 'status';
        metadata := jsonb_build_object('from', o -> 'status', 'to', n -> 'status');
    ELSIF (SELECT bool_and(key IN ('stageId', 'position')) FROM jsonb_object_keys(changes) key) THEN
        verb := 'moved';
        metadata := jsonb_strip_nulls(jsonb_build_object('stageId', n -> 'stageId', 'position', n -> 'position'));
    ELSE
        verb := 'updated';
        metadata := changes;
    END IF;
    action := CASE WHEN prefix <> '' THEN prefix ELSE TG_TABLE_NAME END || '.' || verb;
    row_id := coalesce(n, o) ->> 'id';

    INSERT INTO public."AuditLog" (id, "orgId", "userId", action, "entityType", "entityId", changes,
                                   "ipAddress", "userAgent")
    VALUES (gen_random_uuid()::text, coalesce(n, o) ->> 'orgId', who."userId", action, TG_TABLE_NAME,
            row_id, changes, inet_client_addr()::text,
            nullif(current_setting('application_name', true), ''));
    IF prefix <> '' THEN
        INSERT INTO public."ActivityLog" (id, "orgId", "userId", action, description, "entityType",
                                          "entityId", metadata)
        VALUES (gen_random_uuid()::text, coalesce(n, o) ->> 'orgId', who."userId", action,
                coalesce(n, o) ->> 'title', TG_TABLE_NAME, row_id, metadata);
    END IF;
    RETURN NULL;
END
$$;
REVOKE EXECUTE ON FUNCTION astralis_audit() FROM PUBLIC;

-- Tables whose writes appear in the activity stream, and the prefix of their actions.
CREATE TABLE astralis.activity_name (
    table_name text PRIMARY KEY REFERENCES astralis.table_class ON DELETE CASCADE,
    prefix text NOT NULL
);

-- ─── Grants, row-level security and triggers, from the classification ─────────────────────
-- The one function every migration that adds or changes tables calls. Idempotent.
CREATE FUNCTION astralis_secure() RETURNS integer
    LANGUAGE plpgsql SECURITY INVOKER
    SET search_path = public, pg_temp
AS $$
DECLARE
    t record;
    n integer := 0;
    readable text;
    insertable text;
    updatable text;
    hidden text;
    prefix text;
BEGIN
    FOR t IN
        SELECT c.oid, c.relname, tc.access,
               EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'orgId' AND NOT a.attisdropped) AS has_org,
               EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'version' AND NOT a.attisdropped) AS has_version
        FROM pg_class c
        JOIN pg_namespace ns ON ns.oid = c.relnamespace
        LEFT JOIN astralis.table_class tc ON tc.table_name = c.relname
        WHERE ns.nspname = 'public' AND c.relkind IN ('r', 'p')
        ORDER BY c.relname
    LOOP
        EXECUTE format('REVOKE ALL ON %I FROM astralis_staff', t.relname);
        IF t.access IS NULL THEN
            CONTINUE; -- not classified: nothing granted (db validate names it)
        END IF;

        -- Column lists by class; a column missing from the classification is in none of them.
        SELECT string_agg(format('%I', a.attname), ', ' ORDER BY a.attnum) FILTER (WHERE cc.class IN ('platform', 'fixed', 'staff')),
               string_agg(format('%I', a.attname), ', ' ORDER BY a.attnum) FILTER (WHERE cc.class IN ('fixed', 'staff')),
               string_agg(format('%I', a.attname), ', ' ORDER BY a.attnum) FILTER (WHERE cc.class = 'staff'),
               string_agg(format('%L', a.attname), ', ' ORDER BY a.attnum) FILTER (WHERE cc.class = 'secret')
        INTO readable, insertable, updatable, hidden
        FROM pg_attribute a
        JOIN astralis.column_class cc ON cc.table_name = t.relname AND cc.column_name = a.attname
        WHERE a.attrelid = t.oid AND a.attnum > 0 AND NOT a.attisdropped;

        IF t.access <> 'none' AND readable IS NOT NULL THEN
            EXECUTE format('GRANT SELECT (%s) ON %I TO astralis_staff', readable, t.relname);
        END IF;
        IF t.access IN ('tenant', 'append') AND insertable IS NOT NULL THEN
            EXECUTE format('GRANT INSERT (%s) ON %I TO astralis_staff', insertable, t.relname);
        END IF;
        IF t.access IN ('tenant', 'profile') AND updatable IS NOT NULL THEN
            EXECUTE format('GRANT UPDATE (%s) ON %I TO astralis_staff', updatable, t.relname);
        END IF;
        IF t.access = 'tenant' THEN
            EXECUTE format('GRANT DELETE ON %I TO astralis_staff', t.relname);
        END IF;

        -- Tenant rows: forced row-level security with the one staff policy.
        IF t.has_org AND t.access IN ('tenant', 'append', 'profile', 'read', 'none') THEN
            EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t.relname);
            EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t.relname);
            EXECUTE format('DROP POLICY IF EXISTS tenant_isolation ON %I', t.relname);
            EXECUTE format('CREATE POLICY tenant_isolation ON %I FOR ALL TO astralis_staff '
                           'USING ("orgId" = (SELECT astralis_current_org())) '
                           'WITH CHECK ("orgId" = (SELECT astralis_current_org()))', t.relname);
        END IF;

        -- Every staff write leaves a trail (not on the trails themselves).
        EXECUTE format('DROP TRIGGER IF EXISTS astralis_audit ON %I', t.relname);
        IF t.access IN ('tenant', 'append', 'profile') AND t.has_org
           AND t.relname NOT IN ('client_mutation', 'DocumentEmbedding', 'DecisionLog') THEN
            SELECT a.prefix INTO prefix FROM astralis.activity_name a WHERE a.table_name = t.relname;
            EXECUTE format('CREATE TRIGGER astralis_audit AFTER INSERT OR UPDATE OR DELETE ON %I '
                           'FOR EACH ROW EXECUTE FUNCTION astralis_audit(%L%s)', t.relname,
                           coalesce(prefix, ''), coalesce(', ' || hidden, ''));
        END IF;

        -- Row versions are the database's.
        EXECUTE format('DROP TRIGGER IF EXISTS astralis_version ON %I', t.relname);
        IF t.has_version THEN
            EXECUTE format('CREATE TRIGGER astralis_version BEFORE INSERT OR UPDATE ON %I '
                           'FOR EACH ROW EXECUTE FUNCTION astralis_bump_version()', t.relname);
        END IF;

        -- Status flows.
        EXECUTE format('DROP TRIGGER IF EXISTS astralis_status_flow ON %I', t.relname);
        FOR readable IN SELECT DISTINCT f.column_name FROM astralis.status_flow f WHERE f.table_name = t.relname LOOP
            EXECUTE format('CREATE TRIGGER astralis_status_flow BEFORE UPDATE OF %I ON %I '
                           'FOR EACH ROW EXECUTE FUNCTION astralis_check_status_flow(%L)',
                           readable, t.relname, readable);
        END LOOP;
        n := n + 1;
    END LOOP;

    -- Profiles: a staff member updates their own row only.
    DROP POLICY IF EXISTS own_profile ON users;
    CREATE POLICY own_profile ON users AS RESTRICTIVE FOR UPDATE TO astralis_staff
        USING (id = (SELECT astralis_current_user())) WITH CHECK (id = (SELECT astralis_current_user()));

    PERFORM astralis_install_reference_checks();
    PERFORM astralis_install_change_triggers();

    -- The web platform: every table and sequence (row-level security does not bind it).
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'astralis_web') THEN
        GRANT USAGE ON SCHEMA public TO astralis_web;
        GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO astralis_web;
        GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO astralis_web;
    END IF;
    RETURN n;
END
$$;
REVOKE EXECUTE ON FUNCTION astralis_secure() FROM PUBLIC;
DROP FUNCTION astralis_secure_tenant_tables();

-- ─── The change feed ───────────────────────────────────────────────────────────────────────
-- Each organization's channel: derived from a secret staff cannot read, so only the staff of
-- that organization (through astralis_feed_channel()) and the database know its name. Another
-- organization's listeners hear nothing of its writes; a NOTIFY on it needs its name.
CREATE FUNCTION astralis_org_channel(p_org text) RETURNS text
    LANGUAGE sql STABLE
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT 'astralis_' || left(encode(sha256(convert_to(i.feed_secret || ':' || p_org, 'UTF8')), 'hex'), 40)
    FROM astralis.instance i
$$;
REVOKE EXECUTE ON FUNCTION astralis_org_channel(text) FROM PUBLIC;

CREATE FUNCTION astralis_feed_channel() RETURNS text
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$ SELECT public.astralis_org_channel(public.astralis_current_org()) $$;
REVOKE EXECUTE ON FUNCTION astralis_feed_channel() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION astralis_feed_channel() TO astralis_staff;

-- How long change_log keeps rows: a console offline for longer reloads what it shows.
CREATE FUNCTION astralis_prune_change_log(p_limit integer DEFAULT 5000) RETURNS integer
    LANGUAGE sql
    SET search_path = pg_catalog, pg_temp
AS $$
    WITH gone AS (
        DELETE FROM public.change_log WHERE seq IN (
            SELECT seq FROM public.change_log WHERE at < now() - interval '7 days' ORDER BY at LIMIT p_limit)
        RETURNING 1)
    SELECT count(*)::integer FROM gone
$$;
REVOKE EXECUTE ON FUNCTION astralis_prune_change_log(integer) FROM PUBLIC;

CREATE OR REPLACE FUNCTION astralis_record_change() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = public, pg_temp
AS $$
DECLARE
    r record;
    s bigint;
BEGIN
    IF TG_OP = 'DELETE' THEN
        r := OLD;
    ELSE
        r := NEW;
    END IF;
    IF r."orgId" IS NOT NULL THEN
        INSERT INTO change_log ("tableName", "rowId", op, "orgId")
        VALUES (TG_TABLE_NAME, r.id, left(TG_OP, 1), r."orgId") RETURNING seq INTO s;
        PERFORM pg_notify(astralis_org_channel(r."orgId"), TG_TABLE_NAME);
    END IF;
    IF TG_OP = 'UPDATE' AND OLD."orgId" IS NOT NULL AND OLD."orgId" IS DISTINCT FROM NEW."orgId" THEN
        INSERT INTO change_log ("tableName", "rowId", op, "orgId") VALUES (TG_TABLE_NAME, OLD.id, 'D', OLD."orgId");
        PERFORM pg_notify(astralis_org_channel(OLD."orgId"), TG_TABLE_NAME);
    END IF;
    -- Bounded housekeeping every 1,000th change: the log stays as large as a week of writes,
    -- however many rows anyone writes.
    IF s % 1000 = 0 THEN
        PERFORM astralis_prune_change_log();
    END IF;
    RETURN NULL;
END
$$;
REVOKE EXECUTE ON FUNCTION astralis_record_change() FROM PUBLIC;

-- The signed-in organization's changes that are committed in the caller's snapshot and come
-- after the caller's cursor: transactions from p_upto on, plus the ones still open at the last
-- read (p_pending), minus what was already delivered of p_after_txid (its first p_after_n
-- rows). Ordered by transaction and, within one, by the order of its writes (n). Nothing here
-- waits for an older open transaction: a transaction held open for an hour holds back only its
-- own rows, which arrive once it commits. The caller reads pg_current_snapshot() in the same
-- statement to move its cursor. seq, a counter every organization's writes advance, is used
-- for the order inside a transaction and never shown.
CREATE FUNCTION astralis_change_feed(p_upto bigint, p_pending bigint[], p_after_txid bigint,
                                     p_after_n integer, p_limit integer)
    RETURNS TABLE (txid bigint, n integer, "tableName" text, "rowId" text, op text)
    LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
AS $$
    SELECT v.txid, v.n, v."tableName", v."rowId", v.op
    FROM (SELECT c.txid, (row_number() OVER (PARTITION BY c.txid ORDER BY c.seq))::integer AS n,
                 c."tableName", c."rowId", c.op
          FROM public.change_log c
          WHERE c."orgId" = public.astralis_current_org()
            AND (c.txid >= p_upto OR c.txid = ANY (p_pending))
            AND pg_visible_in_snapshot(c.txid::text::xid8, pg_current_snapshot())) v
    WHERE v.txid <> p_after_txid OR v.n > p_after_n
    ORDER BY v.txid, v.n
    LIMIT p_limit
$$;
REVOKE EXECUTE ON FUNCTION astralis_change_feed(bigint, bigint[], bigint, integer, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION astralis_change_feed(bigint, bigint[], bigint, integer, integer) TO astralis_staff;

-- ─── client_mutation ───────────────────────────────────────────────────────────────────────
-- Keyed by ("orgId", id) since the previous migration; the index it dropped was its prefix.

-- ─── Long transactions ─────────────────────────────────────────────────────────────────────
-- The feed no longer waits for old transactions, so a staff login holding one open stalls
-- nobody's live updates. It still holds back vacuum and locks: staff logins keep the 60 s
-- idle-in-transaction limit they get at creation (a login may lower it for itself, not raise
-- anyone else's), and docs/security.md says what a deployment adds.

-- ─── The classification ────────────────────────────────────────────────────────────────────
SELECT astralis.classify('AccessRequest',
    'tenant',
    'tenant data, written by staff under row-level security',
    fixed => '{id,orgId,requestedById,createdAt}',
    staff => '{engagementId,type,details,status,grantedAt,updatedAt,version}');
SELECT astralis.classify('Account',
    'none',
    'the web platform''s OAuth accounts and tokens (NextAuth): credentials the console never needs',
    secret => '{id,userId,type,provider,providerAccountId,refresh_token,access_token,expires_at,token_type,scope,id_token,session_state,createdAt,updatedAt}');
SELECT astralis.classify('ActivityLog',
    'read',
    'the activity stream: written by the database (astralis_audit trigger), never by the client',
    platform => '{id,orgId,userId,action,description,entityType,entityId,metadata,createdAt}');
SELECT astralis.classify('AgentDecision',
    'tenant',
    'tenant data, written by staff under row-level security',
    fixed => '{id,orgId,createdAt}',
    staff => '{agentId,intakeRequestId,inputSource,inputData,decisionType,actions,confidence,reasoning,status,errorMessage,executedAt,updatedAt}');
SELECT astralis.classify('AuditLog',
    'read',
    'the audit trail: written by the database (astralis_audit trigger) with the user taken from staff_login, never by the client',
    platform => '{id,orgId,userId,action,entityType,entityId,changes,metadata,ipAddress,userAgent,createdAt}');
SELECT astralis.classify('Automation',
    'tenant',
    'automations: the n8n workflow and webhook an automation calls are set up by the platform (a webhook URL is where tenant data is sent)',
    platform => '{n8nWorkflowId,webhookUrl}',
    fixed => '{id,orgId,createdById,createdAt}',
    staff => '{name,description,triggerType,triggerConfig,isActive,templateId,lastRunAt,updatedAt,deletedAt,version}');
SELECT astralis.classify('AutomationTemplate',
    'read',
    'platform-wide catalog of automation templates shared by every organization',
    platform => '{id,name,description,category,n8nWorkflowJson,triggerType,requiredIntegrations,tags,useCount,rating,ratingCount,isPublished,createdAt,updatedAt}');
SELECT astralis.classify('AvailabilityRule',
    'tenant',
    'tenant data, written by staff under row-level security',
    fixed => '{id,orgId,createdAt}',
    staff => '{userId,dayOfWeek,startTime,endTime,timezone,isActive,updatedAt,version}');
SELECT astralis.classify('CalendarConnection',
    'read',
    'calendar accounts are connected through the web platform''s OAuth flow: the tokens are secret, and the endpoint and account they are sent to are the platform''s to set',
    secret => '{accessToken,refreshToken}',
    platform => '{id,orgId,userId,provider,accountEmail,tokenExpiresAt,serverUrl,calendarId,syncToken,lastSyncAt,isActive,createdAt,updatedAt,version}');
SELECT astralis.classify('ChatMessage',
    'tenant',
    'tenant data, written by staff under row-level security',
    fixed => '{id,orgId,createdAt}',
    staff => '{userId,agentTaskId,conversationId,role,content,metadata}');
SELECT astralis.classify('ClientCall',
    'tenant',
    'tenant data, written by staff under row-level security',
    fixed => '{id,orgId,createdAt}',
    staff => '{companyId,assignedToId,title,contactName,contactEmail,contactPhone,scheduledAt,duration,status,notes,updatedAt,deletedAt,version}');
SELECT astralis.classify('Company',
    'tenant',
    'tenant data, written by staff under row-level security',
    fixed => '{id,orgId,createdAt}',
    staff => '{name,website,industry,size,billingEmail,phone,address,notes,updatedAt,deletedAt,version}');
SELECT astralis.classify('Contact',
    'tenant',
    'tenant data, written by staff under row-level security',
    fixed => '{id,orgId,createdAt}',
    staff => '{companyId,firstName,lastName,email,phone,role,isPrimary,updatedAt,deletedAt,version}');
SELECT astralis.classify('DecisionLog',
    'append',
    'decision trail of AI agents and task automations: appended, never rewritten; outlives its task',
    fixed => '{id,orgId,taskId,eventName,decision,llmCall,createdAt}');
SELECT astralis.classify('Document',
    'tenant',
    'documents: the stored object (path, type, size) is fixed when the file is uploaded',
    fixed => '{id,orgId,uploadedById,filePath,mimeType,fileSize,createdAt}',
    staff => '{fileName,status,ocrText,ocrConfidence,cdnUrl,errorMessage,metadata,processedAt,updatedAt,deletedAt,version}');
SELECT astralis.classify('DocumentChat',
    'tenant',
    'tenant data, written by staff under row-level security',
    fixed => '{id,orgId,createdAt}',
    staff => '{documentId,userId,title,messages,lastMessageAt,updatedAt,deletedAt,version}');
SELECT astralis.classify('DocumentEmbedding',
    'append',
    'chunks and vectors of a document: appended by OCR/indexing; replaced by deleting through the platform',
    fixed => '{id,orgId,documentId,chunkIndex,content,embedding,model,tokenCount,createdAt}');
SELECT astralis.classify('Engagement',
    'tenant',
    'tenant data, written by staff under row-level security',
    fixed => '{id,orgId,createdAt}',
    staff => '{companyId,ownerId,name,status,startDate,endDate,budgetAmount,currency,billingModel,scopeSummary,updatedAt,deletedAt,version}');
SELECT astralis.classify('EngagementStakeholder',
    'tenant',
    'tenant data, written by staff under row-level security',
    fixed => '{id,orgId,createdAt}',
    staff => '{engagementId,contactId,role,updatedAt,version}');
SELECT astralis.classify('Environment',
    'tenant',
    'tenant data, written by staff under row-level security',
    fixed => '{id,orgId,createdAt}',
    staff => '{engagementId,name,url,notes,updatedAt,version}');
SELECT astralis.classify('EventReminder',
    'tenant',
    'tenant data, written by staff under row-level security',
    fixed => '{id,orgId,createdAt}',
    staff => '{eventId,reminderTime,status,sentAt,errorMessage,updatedAt}');
SELECT astralis.classify('IntegrationCredential',
    'read',
    'provider credentials (Stripe, PayPal, OpenAI…) are managed by the web platform; staff see which exist, never their contents',
    secret => '{credentialData}',
    platform => '{id,orgId,userId,provider,name,scope,expiresAt,isActive,lastUsedAt,createdAt,updatedAt,version}');
SELECT astralis.classify('Milestone',
    'tenant',
    'tenant data, written by staff under row-level security',
    fixed => '{id,orgId,createdAt}',
    staff => '{engagementId,title,description,dueDate,amount,status,completedAt,invoicedAt,updatedAt,version}');
SELECT astralis.classify('OrchestrationAgent',
    'tenant',
    'tenant data, written by staff under row-level security',
    fixed => '{id,orgId,createdAt}',
    staff => '{name,description,llmProvider,llmModel,systemPrompt,temperature,canAssignPipelines,canCreateEvents,canSendNotifications,canTriggerAutomations,isActive,settings,updatedAt,deletedAt,version}');
SELECT astralis.classify('SchedulingAgentTask',
    'tenant',
    'tenant data, written by staff under row-level security',
    fixed => '{id,orgId,createdAt}',
    staff => '{userId,source,rawContent,taskType,intent,entities,confidence,proposedSlots,status,errorMessage,updatedAt,version}');
SELECT astralis.classify('SchedulingEvent',
    'tenant',
    'tenant data, written by staff under row-level security',
    fixed => '{id,orgId,createdAt}',
    staff => '{userId,agentTaskId,calendarConnectionId,externalEventId,title,description,startTime,endTime,timezone,location,status,participantEmails,meetingLink,updatedAt,deletedAt,version}');
SELECT astralis.classify('Session',
    'none',
    'the web platform''s browser sessions: a session token is a credential',
    secret => '{id,sessionToken,userId,expires,createdAt,updatedAt}');
SELECT astralis.classify('Task',
    'tenant',
    'tenant data, written by staff under row-level security',
    fixed => '{id,orgId,createdById,createdAt}',
    staff => '{templateId,source,title,description,status,priority,pipelineId,stageId,assignedToId,intakeRequestId,dueDate,data,completedAt,updatedAt,deletedAt,version}');
SELECT astralis.classify('TaskTemplate',
    'read',
    'platform-wide catalog of task templates shared by every organization',
    platform => '{id,label,category,description,preferredPipelineKey,definition,isActive,createdAt,updatedAt}');
SELECT astralis.classify('VerificationToken',
    'none',
    'e-mail sign-in tokens of the web platform: credentials',
    secret => '{id,identifier,token,expires,createdAt}');
SELECT astralis.classify('WorkflowExecution',
    'read',
    'execution records written by the automation engine (n8n) through the web platform',
    platform => '{id,orgId,automationId,status,n8nExecutionId,executionTime,errorMessage,inputData,outputData,startedAt,finishedAt,createdAt,updatedAt}');
SELECT astralis.classify('WorkflowTrigger',
    'tenant',
    'tenant data, written by staff under row-level security',
    fixed => '{id,orgId,createdAt}',
    staff => '{automationId,triggerType,triggerEvent,cronSchedule,config,isActive,lastTriggeredAt,updatedAt,version}');
SELECT astralis.classify('ai_optimization_reports',
    'tenant',
    'tenant data, written by staff under row-level security',
    fixed => '{id,orgId,createdAt}',
    staff => '{userId,companyName,contactEmail,industry,inputData,reportData,summary,score,status,llmProvider,llmModel,errorMessage,updatedAt,version}');
SELECT astralis.classify('audit_availability',
    'tenant',
    'tenant data, written by staff under row-level security',
    fixed => '{id,orgId,createdAt}',
    staff => '{assignedToId,dayOfWeek,startTime,endTime,timezone,maxBookings,isActive,updatedAt,version}');
SELECT astralis.classify('audit_blocked_dates',
    'tenant',
    'tenant data, written by staff under row-level security',
    fixed => '{id,orgId,createdAt}',
    staff => '{blockedDate,startTime,endTime,reason,updatedAt,version}');
SELECT astralis.classify('audit_bookings',
    'tenant',
    'tenant data, written by staff under row-level security',
    fixed => '{id,orgId,createdAt}',
    staff => '{userId,assignedToId,scheduledDate,scheduledTime,timezone,duration,clientName,clientEmail,clientPhone,companyName,auditType,status,notes,meetingLink,icsUid,cancellationReason,updatedAt,deletedAt,version}');
SELECT astralis.classify('audit_notifications',
    'tenant',
    'tenant data, written by staff under row-level security',
    fixed => '{id,orgId,createdAt}',
    staff => '{bookingId,type,recipientEmail,scheduledFor,sent,sentAt,attempts,lastError,updatedAt}');
SELECT astralis.classify('audit_templates',
    'tenant',
    'tenant data, written by staff under row-level security',
    fixed => '{id,orgId,createdAt}',
    staff => '{name,description,auditType,sections,questions,checklists,isActive,updatedAt,version}');
SELECT astralis.classify('categories',
    'tenant',
    'tenant data, written by staff under row-level security',
    fixed => '{id,orgId,createdAt}',
    staff => '{name,slug,description,updatedAt,version}');
SELECT astralis.classify('change_log',
    'none',
    'the change feed: read only through astralis_change_feed(), which filters by organization and never shows seq (a counter shared by every organization)',
    secret => '{seq}',
    platform => '{txid,tableName,rowId,op,orgId,at}');
SELECT astralis.classify('client_mutation',
    'append',
    'the record of replayed offline changes: appended in the same transaction as the change, never rewritten (erasing a row would let a replay apply twice)',
    fixed => '{id,orgId,entityType,entityId,resultVersion,appliedAt}');
SELECT astralis.classify('comments',
    'tenant',
    'tenant data, written by staff under row-level security',
    fixed => '{id,orgId,createdAt}',
    staff => '{postId,authorId,content,updatedAt,deletedAt,version}');
SELECT astralis.classify('consultations',
    'tenant',
    'tenant data, written by staff under row-level security',
    fixed => '{id,orgId,createdAt}',
    staff => '{userId,assignedToId,consultationType,scheduledAt,duration,status,clientName,clientEmail,clientPhone,companyName,notes,meetingLink,actionItems,proposalGenerated,updatedAt,deletedAt,version}');
SELECT astralis.classify('contact_forms',
    'tenant',
    'tenant data, written by staff under row-level security',
    fixed => '{id,orgId,createdAt}',
    staff => '{name,email,phone,company,subject,message,source,status,updatedAt,version}');
SELECT astralis.classify('follow_ups',
    'tenant',
    'tenant data, written by staff under row-level security',
    fixed => '{id,orgId,createdAt}',
    staff => '{consultationId,bookingId,assignedToId,title,notes,dueDate,status,completedAt,updatedAt,version}');
SELECT astralis.classify('intakeRequest',
    'tenant',
    'tenant data, written by staff under row-level security',
    fixed => '{id,orgId,createdAt}',
    staff => '{source,status,title,description,requestData,assignedPipeline,aiRoutingMeta,priority,updatedAt,deletedAt,version}');
SELECT astralis.classify('likes',
    'tenant',
    'tenant data, written by staff under row-level security',
    fixed => '{id,orgId,createdAt}',
    staff => '{postId,userId}');
SELECT astralis.classify('marketplace_item_tags',
    'tenant',
    'tenant data, written by staff under row-level security',
    fixed => '{orgId,createdAt}',
    staff => '{itemId,tagId}');
SELECT astralis.classify('marketplace_items',
    'tenant',
    'tenant data, written by staff under row-level security',
    fixed => '{id,orgId,createdAt}',
    staff => '{title,slug,description,shortDescription,price,currency,itemType,deliveryMethod,durationType,categoryId,stock,images,features,featured,isPublished,paypalProductId,updatedAt,deletedAt,version}');
SELECT astralis.classify('newsletter_campaigns',
    'tenant',
    'tenant data, written by staff under row-level security',
    fixed => '{id,orgId,createdById,createdAt}',
    staff => '{templateId,name,subject,preheader,fromName,fromEmail,htmlContent,textContent,status,scheduledAt,sentAt,totalRecipients,sentCount,openCount,clickCount,updatedAt,deletedAt,version}');
SELECT astralis.classify('newsletter_emails',
    'tenant',
    'tenant data, written by staff under row-level security',
    fixed => '{id,orgId,createdAt}',
    staff => '{campaignId,subscriberId,status,providerMessageId,sentAt,deliveredAt,openedAt,clickedAt,bouncedAt,errorMessage,updatedAt}');
SELECT astralis.classify('newsletter_subscribers',
    'tenant',
    'subscribers: the confirmation and unsubscribe tokens are credentials sent in e-mails; consent is evidence recorded by the sign-up flow, not edited by staff',
    secret => '{confirmationToken,unsubscribeToken}',
    platform => '{consentGiven,consentAt,consentIp,confirmedAt}',
    fixed => '{id,orgId,createdAt}',
    staff => '{email,name,status,source,unsubscribedAt,updatedAt,version}');
SELECT astralis.classify('newsletter_templates',
    'tenant',
    'tenant data, written by staff under row-level security',
    fixed => '{id,orgId,createdAt}',
    staff => '{name,description,htmlContent,variables,isDefault,updatedAt,deletedAt,version}');
SELECT astralis.classify('order_items',
    'tenant',
    'tenant data, written by staff under row-level security',
    fixed => '{id,orgId,createdAt}',
    staff => '{orderId,marketplaceItemId,title,unitPrice,quantity,subtotal,fulfillmentStatus,fulfilledAt,updatedAt,version}');
SELECT astralis.classify('orders',
    'tenant',
    'tenant data, written by staff under row-level security',
    fixed => '{id,orgId,createdAt}',
    staff => '{orderNumber,userId,status,subtotal,tax,total,currency,paymentMethod,paymentStatus,paymentId,customerEmail,customerName,billingAddress,notes,paidAt,updatedAt,version}');
SELECT astralis.classify('organization',
    'own_row',
    'the tenant root: staff read their own organization''s row, the web platform administers it',
    platform => '{id,name,slug,plan,quotaResetAt,createdAt,updatedAt,deletedAt,version}');
SELECT astralis.classify('password_reset_tokens',
    'none',
    'password reset tokens of the web platform: credentials',
    secret => '{id,token,userId,expiresAt,used,usedAt,createdAt,updatedAt}');
SELECT astralis.classify('pipeline',
    'tenant',
    'tenant data, written by staff under row-level security',
    fixed => '{id,orgId,createdAt}',
    staff => '{key,name,description,type,isActive,updatedAt,version}');
SELECT astralis.classify('pipelineItem',
    'tenant',
    'tenant data, written by staff under row-level security',
    fixed => '{id,orgId,createdById,createdAt}',
    staff => '{stageId,title,description,position,assignedToId,dueDate,priority,tags,metadata,updatedAt,deletedAt,version}');
SELECT astralis.classify('pipelineStage',
    'tenant',
    'tenant data, written by staff under row-level security',
    fixed => '{id,orgId,createdAt}',
    staff => '{pipelineId,key,name,description,order,isTerminal,color,wipLimit,updatedAt,version}');
SELECT astralis.classify('post_tags',
    'tenant',
    'tenant data, written by staff under row-level security',
    fixed => '{orgId,createdAt}',
    staff => '{postId,tagId}');
SELECT astralis.classify('posts',
    'tenant',
    'tenant data, written by staff under row-level security',
    fixed => '{id,orgId,createdAt}',
    staff => '{authorId,categoryId,title,slug,excerpt,content,featuredImage,status,publishedAt,viewCount,metaTitle,metaDescription,keywords,updatedAt,deletedAt,version}');
SELECT astralis.classify('revenue_audits',
    'tenant',
    'tenant data, written by staff under row-level security',
    fixed => '{id,orgId,createdAt}',
    staff => '{bookingId,assignedToId,companyName,contactName,contactEmail,industry,currentChallenges,specificAreas,auditResults,recommendations,completedAt,updatedAt,deletedAt,version}');
SELECT astralis.classify('staff_login',
    'own_row',
    'maps PostgreSQL logins to users; each login reads its own row (row-level security is built on it)',
    platform => '{login,userId,orgId,createdAt,disabledAt}');
SELECT astralis.classify('subscriber_preferences',
    'tenant',
    'tenant data, written by staff under row-level security',
    fixed => '{id,orgId,createdAt}',
    staff => '{subscriberId,blogUpdates,productUpdates,frequency,updatedAt,version}');
SELECT astralis.classify('tags',
    'tenant',
    'tenant data, written by staff under row-level security',
    fixed => '{id,orgId,createdAt}',
    staff => '{name,slug,updatedAt,version}');
SELECT astralis.classify('testimonials',
    'tenant',
    'tenant data, written by staff under row-level security',
    fixed => '{id,orgId,createdAt}',
    staff => '{authorId,authorName,authorTitle,company,avatarUrl,content,rating,featured,published,updatedAt,deletedAt,version}');
SELECT astralis.classify('users',
    'profile',
    'colleagues are read, not created, deleted or promoted (the web platform administers accounts and roles); each staff member keeps their own profile current',
    secret => '{password}',
    platform => '{id,orgId,email,emailVerified,role,createdAt,deletedAt}',
    staff => '{name,image,timezone,onboardingCompleted,updatedAt,version}');
SELECT astralis.classify('wishlists',
    'tenant',
    'tenant data, written by staff under row-level security',
    fixed => '{id,orgId,createdAt}',
    staff => '{userId,itemId}');
SELECT astralis.classify('_prisma_migrations',
    'read',
    'schema history, no tenant data: the console checks the version',
    platform => '{id,checksum,finished_at,migration_name,logs,rolled_back_at,started_at,applied_steps_count}');

-- The activity stream's vocabulary (what BoardRepository and TaskRepository wrote until now).
INSERT INTO astralis.activity_name (table_name, prefix) VALUES ('pipelineItem', 'pipelineItem'), ('Task', 'task');

REVOKE EXECUTE ON FUNCTION astralis_current_org() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION astralis_current_org() TO astralis_staff;
SELECT astralis_secure();
