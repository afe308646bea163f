-- The Graph envelope {"@odata.context": …, "value": [ … ]}: one JSON object holding the whole
-- array, so the object-size limit must cover the file; unnest(value) gives one struct per
-- object, and the outer unnest turns the struct's fields into columns.
CREATE TABLE cloud AS
SELECT unnest(o) FROM (
    SELECT unnest(value) AS o
    FROM read_json('{cloud_json}', maximum_object_size = 2147483647)
);
