-- The console's change feed (hand-written). Each insert, update or delete on a tenant table
-- adds a row to change_log (table, row id, operation, orgId) and sends NOTIFY astralis_change
-- with the table name only: any role may LISTEN on any channel, so the payload carries no
-- tenant data. Consoles then read change_log through row-level security, in commit order
-- (see services/ChangeFeed.cpp).

CREATE FUNCTION astralis_record_change() RETURNS trigger
    LANGUAGE plpgsql SECURITY INVOKER
    SET search_path = public, pg_temp
AS $$
DECLARE
    r record;
BEGIN
    IF TG_OP = 'DELETE' THEN
        r := OLD;
    ELSE
        r := NEW;
    END IF;
    IF r."orgId" IS NULL THEN
        RETURN NULL; -- platform-level rows (a user before onboarding): no console can see them
    END IF;
    INSERT INTO change_log ("tableName", "rowId", op, "orgId")
    VALUES (TG_TABLE_NAME, r.id, left(TG_OP, 1), r."orgId");
    PERFORM pg_notify('astralis_change', TG_TABLE_NAME);
    RETURN NULL;
END
$$;

-- Every tenant table with an "id" gets the trigger, except the log itself and embeddings
-- (bulk vectors the console never shows as rows). Rows without an org (platform-level audit
-- entries, users before onboarding) are not reported: no console could see them.
DO $$
DECLARE
    t record;
BEGIN
    FOR t IN
        SELECT c.relname
        FROM pg_class c
        JOIN pg_namespace ns ON ns.oid = c.relnamespace
        WHERE ns.nspname = 'public' AND c.relkind = 'r'
          AND c.relname NOT IN ('change_log', 'staff_login', 'DocumentEmbedding')
          AND EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'orgId' AND NOT a.attisdropped)
          AND EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'id' AND NOT a.attisdropped)
        ORDER BY c.relname
    LOOP
        EXECUTE format('CREATE TRIGGER astralis_change AFTER INSERT OR UPDATE OR DELETE ON %I '
                       'FOR EACH ROW EXECUTE FUNCTION astralis_record_change()',
                       t.relname);
    END LOOP;
END
$$;

-- The trigger runs with the writer's rights: staff insert log rows (row-level security checks
-- their orgId) but may not change or delete them.
REVOKE UPDATE, DELETE ON change_log FROM astralis_staff;
GRANT USAGE ON SEQUENCE change_log_seq_seq TO astralis_staff;
