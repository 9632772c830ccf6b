-- Tenant isolation enforced by PostgreSQL (hand-written: Prisma cannot express roles, grants
-- or row-level security). Every staff member signs in with their own LOGIN role, a member of
-- the NOLOGIN group astralis_staff; "staff_login" maps that role to a user and organization.
-- Row-level security on every table with "orgId" lets astralis_staff reach only the rows of
-- the connected login's organization, whatever SQL the client sends. Nothing here trusts a
-- setting the client could SET.
--
-- Run as the migration owner: a superuser, or a role with CREATEROLE and BYPASSRLS that owns
-- the schema (the SECURITY DEFINER triggers below read across organizations as that owner).
-- The web platform logs in as astralis_web itself (BYPASSRLS is a role attribute, never
-- inherited through membership): `ALTER ROLE astralis_web LOGIN PASSWORD '…'`. Staff roles are
-- never owners and never BYPASSRLS (checked by `astralis-cli db validate`).

-- Roles are cluster-wide: created once, kept across resets. Two databases of one cluster may
-- be deployed at the same time: the second CREATE ROLE loses, harmlessly.
DO $$
BEGIN
    BEGIN
        CREATE ROLE astralis_staff NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT NOBYPASSRLS;
    EXCEPTION WHEN duplicate_object OR unique_violation THEN
        NULL;
    END;
    -- Only a superuser may grant BYPASSRLS; other deployers create astralis_web themselves.
    IF (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
        BEGIN
            CREATE ROLE astralis_web NOLOGIN BYPASSRLS;
        EXCEPTION WHEN duplicate_object OR unique_violation THEN
            NULL;
        END;
    END IF;
END
$$;

GRANT USAGE ON SCHEMA public TO astralis_staff;
-- Nobody but the owner creates objects here (PostgreSQL 15 already revokes CREATE on public
-- from PUBLIC; say it anyway, for servers upgraded from older versions).
REVOKE CREATE ON SCHEMA public FROM PUBLIC;

-- The organization of the connected login. SECURITY INVOKER: it reads staff_login with the
-- caller's rights, and staff_login's own policy shows each login only its own row. The
-- search_path is pinned so a temporary table cannot stand in for staff_login.
CREATE FUNCTION astralis_current_org() RETURNS text
    LANGUAGE sql STABLE SECURITY INVOKER PARALLEL SAFE
    SET search_path = public, pg_temp
AS $$
    SELECT "orgId" FROM staff_login WHERE login = current_user AND "disabledAt" IS NULL
$$;

ALTER TABLE staff_login ENABLE ROW LEVEL SECURITY;
ALTER TABLE staff_login FORCE ROW LEVEL SECURITY;
CREATE POLICY own_login ON staff_login FOR SELECT TO astralis_staff USING (login = current_user);
GRANT SELECT ON staff_login TO astralis_staff;

ALTER TABLE organization ENABLE ROW LEVEL SECURITY;
ALTER TABLE organization FORCE ROW LEVEL SECURITY;
CREATE POLICY own_organization ON organization FOR SELECT TO astralis_staff
    USING (id = (SELECT astralis_current_org()));
GRANT SELECT ON organization TO astralis_staff;

-- Schema history: the console reads it to say whether the database is behind or ahead.
GRANT SELECT ON "_prisma_migrations" TO astralis_staff;

-- Platform-wide catalogs (no orgId): readable, not writable, by staff.
GRANT SELECT ON "TaskTemplate", "AutomationTemplate" TO astralis_staff;

-- Foreign keys ignore row-level security: without this, a staff login could point a row of
-- its own at a row of another organization (to learn whether an id exists, or to block that
-- organization from deleting its row through ON DELETE RESTRICT). For staff logins, every
-- single-column reference to a tenant table must name a row of the writer's organization;
-- a row of another organization and a missing row give the same error. SECURITY DEFINER to
-- see the parent whatever its organization; not executable by anyone directly.
CREATE FUNCTION astralis_check_references() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = public, pg_temp
AS $$
DECLARE
    fk record;
    ref text;
    parent_org text;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM staff_login WHERE login = session_user) THEN
        RETURN NEW; -- the web platform and administrators keep ordinary foreign keys
    END IF;
    FOR fk IN
        SELECT a.attname AS col, c.confrelid::regclass AS parent, pa.attname AS parent_col
        FROM pg_constraint c
        JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
        JOIN pg_attribute pa ON pa.attrelid = c.confrelid AND pa.attnum = c.confkey[1]
        WHERE c.conrelid = TG_RELID AND c.contype = 'f' AND cardinality(c.conkey) = 1
          AND EXISTS (SELECT 1 FROM pg_attribute o
                      WHERE o.attrelid = c.confrelid AND o.attname = 'orgId' AND NOT o.attisdropped)
    LOOP
        EXECUTE format('SELECT ($1).%I::text', fk.col) INTO ref USING NEW;
        CONTINUE WHEN ref IS NULL;
        EXECUTE format('SELECT "orgId" FROM %s WHERE %I::text = $1', fk.parent, fk.parent_col)
            INTO parent_org USING ref;
        IF parent_org IS DISTINCT FROM NEW."orgId" THEN
            RAISE EXCEPTION 'insert or update on table "%" violates foreign key: %=% is not a row of this organization',
                TG_TABLE_NAME, fk.col, ref
                USING ERRCODE = 'foreign_key_violation';
        END IF;
    END LOOP;
    RETURN NEW;
END
$$;
REVOKE EXECUTE ON FUNCTION astralis_check_references() FROM PUBLIC;

-- Every table with an "orgId" column gets forced row-level security, the same policy, the
-- reference check, and grants by kind; later migrations that add tenant tables call this
-- again. The (SELECT …) makes the planner evaluate the organization once per statement.
-- Columns named like a secret (token, secret, password) are never granted to staff.
CREATE FUNCTION astralis_secure_tenant_tables() RETURNS integer
    LANGUAGE plpgsql SECURITY INVOKER
    SET search_path = public, pg_temp
AS $$
DECLARE
    t record;
    n integer := 0;
    open_columns text;
    has_secret boolean;
BEGIN
    FOR t IN
        SELECT c.oid, c.relname
        FROM pg_class c
        JOIN pg_namespace ns ON ns.oid = c.relnamespace
        JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'orgId' AND NOT a.attisdropped
        WHERE ns.nspname = 'public' AND c.relkind = 'r' AND c.relname <> 'staff_login'
        ORDER BY c.relname
    LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t.relname);
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t.relname);
        IF EXISTS (SELECT 1 FROM pg_policy WHERE polrelid = t.oid AND polname = 'tenant_isolation') THEN
            EXECUTE format('DROP POLICY tenant_isolation ON %I', t.relname);
        END IF;
        EXECUTE format('CREATE POLICY tenant_isolation ON %I FOR ALL TO astralis_staff '
                       'USING ("orgId" = (SELECT astralis_current_org())) '
                       'WITH CHECK ("orgId" = (SELECT astralis_current_org()))', t.relname);

        EXECUTE format('REVOKE ALL ON %I FROM astralis_staff', t.relname);
        SELECT string_agg(format('%I', attname), ', ' ORDER BY attnum) INTO open_columns
        FROM pg_attribute
        WHERE attrelid = t.oid AND attnum > 0 AND NOT attisdropped AND attname !~* '(token|secret|password)';
        SELECT bool_or(attname ~* '(token|secret|password)') INTO has_secret
        FROM pg_attribute WHERE attrelid = t.oid AND attnum > 0 AND NOT attisdropped;

        IF t.relname = 'change_log' THEN
            -- Written by the change-feed trigger only; staff read their organization's part.
            EXECUTE format('GRANT SELECT ON %I TO astralis_staff', t.relname);
        ELSIF t.relname IN ('AuditLog', 'ActivityLog', 'DecisionLog') THEN
            -- Audit trails: appended to, never rewritten.
            EXECUTE format('GRANT SELECT (%s), INSERT (%s) ON %I TO astralis_staff', open_columns, open_columns, t.relname);
        ELSIF t.relname = 'users' THEN
            -- Colleagues are read, not created, deleted or promoted: accounts and roles belong to
            -- the web platform's administration. Staff may keep their profile fields current.
            EXECUTE format('GRANT SELECT (%s) ON %I TO astralis_staff', open_columns, t.relname);
            GRANT UPDATE (name, image, timezone, "onboardingCompleted", "updatedAt", version) ON users TO astralis_staff;
        ELSIF has_secret THEN
            EXECUTE format('GRANT SELECT (%s), INSERT (%s), UPDATE (%s) ON %I TO astralis_staff',
                           open_columns, open_columns, open_columns, t.relname);
            EXECUTE format('GRANT DELETE ON %I TO astralis_staff', t.relname);
        ELSE
            EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %I TO astralis_staff', t.relname);
        END IF;

        IF t.relname <> 'change_log'
           AND NOT EXISTS (SELECT 1 FROM pg_trigger WHERE tgrelid = t.oid AND tgname = 'astralis_references') THEN
            EXECUTE format('CREATE TRIGGER astralis_references BEFORE INSERT OR UPDATE ON %I '
                           'FOR EACH ROW EXECUTE FUNCTION astralis_check_references()', t.relname);
        END IF;
        n := n + 1;
    END LOOP;

    -- The web platform: every table and sequence (row-level security does not bind it).
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'astralis_web') THEN
        GRANT USAGE ON SCHEMA public TO astralis_web;
        GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO astralis_web;
        GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO astralis_web;
    END IF;
    RETURN n;
END
$$;
REVOKE EXECUTE ON FUNCTION astralis_secure_tenant_tables() FROM PUBLIC;
SELECT astralis_secure_tenant_tables();
