-- dirq: objects expand proxyAddresses as p where p.type = "smtp" group by p.address having count > 1
-- SQLite has no string_split: the ';'-joined list becomes a JSON array (backslashes and quotes
-- escaped first) walked with json_each.
.headers on
.mode csv
.output {out}.csv
WITH p AS (
    SELECT o.DistinguishedName AS dn, j.value AS proxy
    FROM onprem o,
         json_each('["' || replace(replace(replace(o.proxyAddresses, '\', '\\'), '"', '\"'), ';', '","') || '"]') j
    WHERE coalesce(o.proxyAddresses, '') <> ''
)
SELECT lower(substr(proxy, 6)) AS address, count(*) AS count, group_concat(dn, ';') AS members
FROM p
WHERE lower(substr(proxy, 1, 5)) = 'smtp:'
GROUP BY lower(substr(proxy, 6))
HAVING count(*) > 1
ORDER BY address;
.output stdout
