-- Faster checks for staff writes (hand-written). astralis_check_references()
-- (tenant_isolation) reads the catalog and runs dynamic SQL for every foreign key of every
-- row written by staff: about half a millisecond per row, three times for each card change
-- (the card, its ActivityLog and its AuditLog entry). Each table gets its own check instead,
-- generated here from the same catalog query with static SQL (planned once per session),
-- firing on INSERT and on an UPDATE of a reference column or "orgId" only, and only checking
-- a reference that is new or whose row moved organization. The rule is unchanged: for staff
-- logins, every single-column reference to a tenant table names a row of the writer's
-- organization, and another organization's row and a missing row give the same error.
-- Later migrations that add tenant tables call astralis_install_reference_checks() again.

CREATE FUNCTION astralis_install_reference_checks() RETURNS integer
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
        WHERE ns.nspname = 'public' AND c.relkind = 'r'
          AND EXISTS (SELECT 1 FROM pg_trigger g WHERE g.tgrelid = c.oid AND g.tgname = 'astralis_references')
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
        IF parent_org IS DISTINCT FROM NEW."orgId" THEN
            RAISE EXCEPTION 'insert or update on table "%%" violates foreign key: %%=%%s is not a row of this organization',
                TG_TABLE_NAME, %4$L, NEW.%1$I
                USING ERRCODE = 'foreign_key_violation';
        END IF;
    END IF;$f$, fk.col, fk.parent, fk.parent_col, fk.col);
        END LOOP;

        EXECUTE format('DROP TRIGGER astralis_references ON %I', t.relname);
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
BEGIN
    IF NOT EXISTS (SELECT 1 FROM staff_login WHERE login = session_user) THEN
        RETURN NEW; -- the web platform and administrators keep ordinary foreign keys
    END IF;%s
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
SELECT astralis_install_reference_checks();

-- The organization of the signed-in login, as every row-level security policy asks for it
-- (several times per statement). Without a SET clause a SQL function is inlined into the
-- policy instead of being called through the function manager with a search_path switch;
-- schema-qualified names and operator keep it immune to the caller's search_path (pg_temp
-- cannot shadow public.staff_login, and the operator is pg_catalog's).
CREATE OR REPLACE FUNCTION astralis_current_org() RETURNS text
    LANGUAGE sql STABLE SECURITY INVOKER PARALLEL SAFE
AS $$
    SELECT "orgId" FROM public.staff_login
    WHERE login OPERATOR(pg_catalog.=) CURRENT_USER AND "disabledAt" IS NULL
$$;
ALTER FUNCTION astralis_current_org() RESET ALL;

-- The audit trails are append-only records, read when someone looks at a card's history, not
-- screens that change live: they leave the change feed (two change_log rows and NOTIFYs
-- fewer for every change of a card).
DROP TRIGGER astralis_change ON "ActivityLog";
DROP TRIGGER astralis_change ON "AuditLog";
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
          AND c.relname NOT IN ('change_log', 'staff_login', 'DocumentEmbedding', 'client_mutation',
                                'ActivityLog', 'AuditLog')
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
