CREATE FUNCTION "copiste"."demo/people-log"() RETURNS trigger LANGUAGE plpgsql AS $copiste$
DECLARE
    r record;
BEGIN
    IF TG_OP = 'DELETE' THEN r := OLD; ELSE r := NEW; END IF;
    IF TG_OP = 'UPDATE' AND ROW(OLD."id", OLD."login")::text IS NOT DISTINCT FROM ROW(NEW."id", NEW."login")::text THEN
        RETURN NULL;
    END IF;
    IF NOT coalesce((
        NEW.active OR OLD.active
    ), false) THEN
        RETURN NULL;
    END IF;
    RAISE WARNING '%', format('%s %s (was %s)', coalesce(r."login"::text, 'NULL'), lower(TG_OP), coalesce(OLD."login"::text, 'NULL'));
    RETURN NULL;
END
$copiste$;

COMMENT ON FUNCTION "copiste"."demo/people-log"() IS 'copiste pipeline demo, binding people-log; managed by copiste install, do not edit';

CREATE TRIGGER "copiste/demo/people-log" AFTER INSERT OR UPDATE OR DELETE ON "public"."people"
    FOR EACH ROW EXECUTE FUNCTION "copiste"."demo/people-log"();
