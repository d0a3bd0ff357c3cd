CREATE FUNCTION "copiste"."demo/people-notify"() RETURNS trigger LANGUAGE plpgsql AS $copiste$
DECLARE
    r record;
BEGIN
    IF TG_OP = 'DELETE' THEN r := OLD; ELSE r := NEW; END IF;
    IF TG_OP = 'UPDATE' AND OLD *= NEW THEN
        RETURN NULL;
    END IF;
    DECLARE
        payload text := jsonb_build_object('pipeline', 'demo', 'binding', 'people-notify', 'op', lower(TG_OP), 'table', 'public.people', 'key', jsonb_build_object('id', r."id"), 'row', to_jsonb(r))::text;
    BEGIN
        IF octet_length(payload) > 7999 THEN
            payload := jsonb_build_object('pipeline', 'demo', 'binding', 'people-notify', 'op', lower(TG_OP), 'table', 'public.people', 'key', jsonb_build_object('id', r."id"), 'truncated', true)::text;
        END IF;
        PERFORM pg_notify('people_changes', payload);
    END;
    RETURN NULL;
END
$copiste$;

COMMENT ON FUNCTION "copiste"."demo/people-notify"() IS 'copiste pipeline demo, binding people-notify; managed by copiste install, do not edit';

CREATE TRIGGER "copiste/demo/people-notify" AFTER INSERT OR UPDATE OR DELETE ON "public"."people"
    FOR EACH ROW EXECUTE FUNCTION "copiste"."demo/people-notify"();

CREATE FUNCTION "copiste"."demo/people-notify/truncate"() RETURNS trigger LANGUAGE plpgsql AS $copiste$
BEGIN
    DECLARE
        payload text := jsonb_build_object('pipeline', 'demo', 'binding', 'people-notify', 'op', lower(TG_OP), 'table', 'public.people', 'key', NULL::jsonb, 'row', NULL::jsonb)::text;
    BEGIN
        IF octet_length(payload) > 7999 THEN
            payload := jsonb_build_object('pipeline', 'demo', 'binding', 'people-notify', 'op', lower(TG_OP), 'table', 'public.people', 'key', NULL::jsonb, 'truncated', true)::text;
        END IF;
        PERFORM pg_notify('people_changes', payload);
    END;
    RETURN NULL;
END
$copiste$;

COMMENT ON FUNCTION "copiste"."demo/people-notify/truncate"() IS 'copiste pipeline demo, binding people-notify; managed by copiste install, do not edit';

CREATE TRIGGER "copiste/demo/people-notify/truncate" AFTER TRUNCATE ON "public"."people"
    FOR EACH STATEMENT EXECUTE FUNCTION "copiste"."demo/people-notify/truncate"();
