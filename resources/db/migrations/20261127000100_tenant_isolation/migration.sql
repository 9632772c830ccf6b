-- Tenant isolation enforced by PostgreSQL (hand-written: Prisma cannot express roles, grants
-- or row-level security). Every staff member signs in with their own LOGIN role, a member of
-- the NOLOGIN group astralis_staff; "staff_login" maps that role to a user and organization.
-- Row-level security on every table with "orgId" lets astralis_staff reach only the rows of
-- the connected login's organization, whatever SQL the client sends. Nothing here trusts a
-- setting the client could SET.
--
-- Run as the migration owner: a superuser, or a role with CREATEROLE and BYPASSRLS that owns
-- the schema. The web platform uses its own role (astralis_web below); staff roles are never
-- owners and never BYPASSRLS (checked by `astralis-cli db validate`).

-- Roles are cluster-wide: create them once, keep them across resets.
DO $$
BEGIN
    -- Two databases of one cluster may be deployed at once: the second CREATE ROLE loses.
    BEGIN
        CREATE ROLE astralis_staff NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT NOBYPASSRLS;
    EXCEPTION WHEN duplicate_object OR unique_violation THEN
        NULL;
    END;
    -- The web platform's group role. BYPASSRLS: the platform enforces tenancy in its own
    -- server code (Prisma queries filter by orgId) and needs to see every org. Only a superuser
    -- may grant BYPASSRLS; other deployers create it themselves.
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
-- Staff may not create objects anywhere in this database (PostgreSQL 15 already revokes
-- CREATE on public from PUBLIC; say it anyway, for servers upgraded from older versions).
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

-- Every table with an "orgId" column gets forced row-level security and the same policy;
-- later migrations that add tenant tables call this function again. The (SELECT …) makes the
-- planner evaluate the organization once per statement, not once per row.
CREATE FUNCTION astralis_secure_tenant_tables() RETURNS integer
    LANGUAGE plpgsql SECURITY INVOKER
    SET search_path = public, pg_temp
AS $$
DECLARE
    t record;
    n integer := 0;
BEGIN
    FOR t IN
        SELECT c.relname
        FROM pg_class c
        JOIN pg_namespace ns ON ns.oid = c.relnamespace
        JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'orgId' AND NOT a.attisdropped
        WHERE ns.nspname = 'public' AND c.relkind = 'r' AND c.relname <> 'staff_login'
        ORDER BY c.relname
    LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t.relname);
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t.relname);
        IF EXISTS (SELECT 1 FROM pg_policy WHERE polrelid = format('%I', t.relname)::regclass
                   AND polname = 'tenant_isolation') THEN
            EXECUTE format('DROP POLICY tenant_isolation ON %I', t.relname);
        END IF;
        EXECUTE format('CREATE POLICY tenant_isolation ON %I FOR ALL TO astralis_staff '
                       'USING ("orgId" = (SELECT astralis_current_org())) '
                       'WITH CHECK ("orgId" = (SELECT astralis_current_org()))', t.relname);
        EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %I TO astralis_staff', t.relname);
        IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'astralis_web') THEN
            EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %I TO astralis_web', t.relname);
        END IF;
        n := n + 1;
    END LOOP;
    RETURN n;
END
$$;
REVOKE EXECUTE ON FUNCTION astralis_secure_tenant_tables() FROM PUBLIC;
SELECT astralis_secure_tenant_tables();

-- Password hashes stay out of reach even within the organization: staff read every column of
-- "users" except "password".
REVOKE SELECT ON users FROM astralis_staff;
DO $$
DECLARE
    columns text;
BEGIN
    SELECT string_agg(format('%I', attname), ', ' ORDER BY attnum) INTO columns
    FROM pg_attribute
    WHERE attrelid = 'users'::regclass AND attnum > 0 AND NOT attisdropped AND attname <> 'password';
    EXECUTE format('GRANT SELECT (%s) ON users TO astralis_staff', columns);
END
$$;
