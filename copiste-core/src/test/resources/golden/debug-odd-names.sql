CREATE FUNCTION "copiste"."demo/odd"() RETURNS trigger LANGUAGE plpgsql AS $copiste$
DECLARE
    r record;
BEGIN
    IF TG_OP = 'DELETE' THEN r := OLD; ELSE r := NEW; END IF;
    IF TG_OP = 'UPDATE' AND OLD *= NEW THEN
        RETURN NULL;
    END IF;
    RAISE LOG '%: % on % old=% new=%', format('it''s %s', coalesce(r."Prix €"::text, 'NULL')), lower(TG_OP), '"Sales Dept"."order ""items"""', coalesce((CASE WHEN TG_OP IN ('UPDATE', 'DELETE') THEN to_jsonb(OLD) END)::text, 'NULL'), coalesce((CASE WHEN TG_OP IN ('INSERT', 'UPDATE') THEN to_jsonb(NEW) END)::text, 'NULL');
    RETURN NULL;
END
$copiste$;

COMMENT ON FUNCTION "copiste"."demo/odd"() IS 'copiste pipeline demo, binding odd; managed by copiste install, do not edit';

CREATE TRIGGER "copiste/demo/odd" AFTER DELETE ON "Sales Dept"."order ""items"""
    FOR EACH ROW EXECUTE FUNCTION "copiste"."demo/odd"();
