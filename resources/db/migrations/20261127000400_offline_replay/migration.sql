-- Offline replay (hand-written). client_mutation records every change a console replayed
-- from its outbox, in the same transaction as the change: staff may read and append to their
-- organization's part, never update or delete it, so a replayed change is applied once.
-- The table gets the same forced row-level security as every tenant table (the function
-- below is the tenant-isolation one, with client_mutation among the append-only tables), and
-- no change-feed trigger: it is bookkeeping, not something a screen shows.

CREATE OR REPLACE FUNCTION astralis_secure_tenant_tables() RETURNS integer
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
        ELSIF t.relname IN ('AuditLog', 'ActivityLog', 'DecisionLog', 'client_mutation') THEN
            -- Audit trails and the record of replayed changes: appended to, never rewritten
            -- (erasing a client_mutation row would let a replay apply a change twice).
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

        -- client_mutation's only reference is its organization, which the policy checks.
        IF t.relname NOT IN ('change_log', 'client_mutation')
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

CREATE OR REPLACE FUNCTION astralis_install_change_triggers() RETURNS integer
    LANGUAGE plpgsql SECURITY INVOKER
    SET search_path = public, pg_temp
AS $$
DECLARE
    t record;
    n integer := 0;
BEGIN
    FOR t IN
        SELECT c.oid, c.relname
        FROM pg_class c
        JOIN pg_namespace ns ON ns.oid = c.relnamespace
        WHERE ns.nspname = 'public' AND c.relkind = 'r'
          AND c.relname NOT IN ('change_log', 'staff_login', 'DocumentEmbedding', 'client_mutation')
          AND EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'orgId' AND NOT a.attisdropped)
          AND EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'id' AND NOT a.attisdropped)
          AND NOT EXISTS (SELECT 1 FROM pg_trigger g WHERE g.tgrelid = c.oid AND g.tgname = 'astralis_change')
        ORDER BY c.relname
    LOOP
        EXECUTE format('CREATE TRIGGER astralis_change AFTER INSERT OR UPDATE OR DELETE ON %I '
                       'FOR EACH ROW EXECUTE FUNCTION astralis_record_change()', t.relname);
        n := n + 1;
    END LOOP;
    RETURN n;
END
$$;
REVOKE EXECUTE ON FUNCTION astralis_install_change_triggers() FROM PUBLIC;
