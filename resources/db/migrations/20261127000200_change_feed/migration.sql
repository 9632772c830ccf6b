-- The console's change feed (hand-written). Each insert, update or delete on a tenant table
-- adds a row to change_log (table, row id, operation, orgId) and sends NOTIFY astralis_change
-- with the table name only: any role may LISTEN on any channel, so the payload carries no
-- tenant data. Consoles read change_log through row-level security, ordered by transaction
-- (see services/ChangeFeed.cpp).

-- SECURITY DEFINER: staff may only read change_log (no INSERT, no sequence), so nobody can
-- forge events or exhaust the log's key space for everyone. The row's organization comes from
-- the row just written, which row-level security has already checked. A row moved between
-- organizations (by the web platform) is reported to both.
CREATE FUNCTION astralis_record_change() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
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
    IF r."orgId" IS NOT NULL THEN
        INSERT INTO change_log ("tableName", "rowId", op, "orgId")
        VALUES (TG_TABLE_NAME, r.id, left(TG_OP, 1), r."orgId");
    END IF;
    IF TG_OP = 'UPDATE' AND OLD."orgId" IS NOT NULL AND OLD."orgId" IS DISTINCT FROM NEW."orgId" THEN
        INSERT INTO change_log ("tableName", "rowId", op, "orgId") VALUES (TG_TABLE_NAME, OLD.id, 'D', OLD."orgId");
    END IF;
    PERFORM pg_notify('astralis_change', TG_TABLE_NAME);
    RETURN NULL;
END
$$;
REVOKE EXECUTE ON FUNCTION astralis_record_change() FROM PUBLIC;

-- Installs the trigger on every tenant table with an "id" that lacks it; later migrations
-- that add tenant tables call this again. Not on the log itself, the login mapping, or
-- embeddings (bulk vectors the console never shows as rows).
CREATE FUNCTION astralis_install_change_triggers() RETURNS integer
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
          AND c.relname NOT IN ('change_log', 'staff_login', 'DocumentEmbedding')
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
SELECT astralis_install_change_triggers();
