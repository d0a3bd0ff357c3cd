CREATE FUNCTION "copiste"."demo/people-sync"() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $copiste$
BEGIN
    IF TG_OP = 'UPDATE' AND ROW(OLD."id", OLD."email")::text IS NOT DISTINCT FROM ROW(NEW."id", NEW."email")::text THEN
        RETURN NULL;
    END IF;
    IF NOT coalesce((
        NEW.active IS NOT FALSE
    ), false) THEN
        RETURN NULL;
    END IF;
    INSERT INTO "copiste"."q/demo" (ev_txid, ev_time, ev_binding, ev_op, ev_old, ev_new, ev_part)
    VALUES (pg_current_xact_id(), statement_timestamp(), 'people-sync', 'U'::"char",
            json_build_object('id', OLD."id", 'email', OLD."email"),
            json_build_object('id', NEW."id", 'email', NEW."email"),
            (SELECT last_value FROM "copiste"."q/demo/rot")::smallint % 2);
    IF (SELECT last_value FROM "copiste"."q/demo/wake") = 1 THEN
        PERFORM pg_notify('copiste/demo', '');
    END IF;
    RETURN NULL;
END
$copiste$;

COMMENT ON FUNCTION "copiste"."demo/people-sync"() IS 'copiste pipeline demo, binding people-sync; managed by copiste install, do not edit';

CREATE TRIGGER "copiste/demo/people-sync" AFTER UPDATE ON "public"."people"
    FOR EACH ROW EXECUTE FUNCTION "copiste"."demo/people-sync"();

CREATE FUNCTION "copiste"."demo/people-sync/insert"() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $copiste$
#variable_conflict use_column
BEGIN
    INSERT INTO "copiste"."q/demo" (ev_txid, ev_time, ev_binding, ev_op, ev_old, ev_new, ev_part)
    SELECT pg_current_xact_id(), statement_timestamp(), 'people-sync', 'I'::"char",
            NULL,
            json_build_object('id', "new"."id", 'email', "new"."email"),
            (SELECT last_value FROM "copiste"."q/demo/rot")::smallint % 2
    FROM copiste_new AS "new" LEFT JOIN copiste_new AS "old" ON false
    WHERE coalesce((
        NEW.active IS NOT FALSE
    ), false);
    IF FOUND THEN
        IF (SELECT last_value FROM "copiste"."q/demo/wake") = 1 THEN
            PERFORM pg_notify('copiste/demo', '');
        END IF;
    END IF;
    RETURN NULL;
END
$copiste$;

COMMENT ON FUNCTION "copiste"."demo/people-sync/insert"() IS 'copiste pipeline demo, binding people-sync; managed by copiste install, do not edit';

CREATE TRIGGER "copiste/demo/people-sync/insert" AFTER INSERT ON "public"."people"
    REFERENCING NEW TABLE AS copiste_new
    FOR EACH STATEMENT EXECUTE FUNCTION "copiste"."demo/people-sync/insert"();

CREATE FUNCTION "copiste"."demo/people-sync/delete"() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $copiste$
#variable_conflict use_column
BEGIN
    INSERT INTO "copiste"."q/demo" (ev_txid, ev_time, ev_binding, ev_op, ev_old, ev_new, ev_part)
    SELECT pg_current_xact_id(), statement_timestamp(), 'people-sync', 'D'::"char",
            json_build_object('id', "old"."id", 'email', "old"."email"),
            NULL,
            (SELECT last_value FROM "copiste"."q/demo/rot")::smallint % 2
    FROM copiste_old AS "old" LEFT JOIN copiste_old AS "new" ON false
    WHERE coalesce((
        NEW.active IS NOT FALSE
    ), false);
    IF FOUND THEN
        IF (SELECT last_value FROM "copiste"."q/demo/wake") = 1 THEN
            PERFORM pg_notify('copiste/demo', '');
        END IF;
    END IF;
    RETURN NULL;
END
$copiste$;

COMMENT ON FUNCTION "copiste"."demo/people-sync/delete"() IS 'copiste pipeline demo, binding people-sync; managed by copiste install, do not edit';

CREATE TRIGGER "copiste/demo/people-sync/delete" AFTER DELETE ON "public"."people"
    REFERENCING OLD TABLE AS copiste_old
    FOR EACH STATEMENT EXECUTE FUNCTION "copiste"."demo/people-sync/delete"();

CREATE FUNCTION "copiste"."demo/people-sync/truncate"() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $copiste$
BEGIN
    INSERT INTO "copiste"."q/demo" (ev_txid, ev_time, ev_binding, ev_op, ev_old, ev_new, ev_part)
    VALUES (pg_current_xact_id(), statement_timestamp(), 'people-sync', 'T'::"char",
            NULL,
            NULL,
            (SELECT last_value FROM "copiste"."q/demo/rot")::smallint % 2);
    IF (SELECT last_value FROM "copiste"."q/demo/wake") = 1 THEN
        PERFORM pg_notify('copiste/demo', '');
    END IF;
    RETURN NULL;
END
$copiste$;

COMMENT ON FUNCTION "copiste"."demo/people-sync/truncate"() IS 'copiste pipeline demo, binding people-sync; managed by copiste install, do not edit';

CREATE TRIGGER "copiste/demo/people-sync/truncate" AFTER TRUNCATE ON "public"."people"
    FOR EACH STATEMENT EXECUTE FUNCTION "copiste"."demo/people-sync/truncate"();
