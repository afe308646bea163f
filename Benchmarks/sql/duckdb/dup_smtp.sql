-- dirq: objects expand proxyAddresses as p where p.type = "smtp" group by p.address having count > 1
-- All object kinds; the ';'-joined list split into one row per value; SMTP:/smtp: prefixes both
-- count, the address compared case-insensitively.
COPY (
    WITH p AS (
        SELECT DistinguishedName AS dn, unnest(string_split(proxyAddresses, ';')) AS proxy
        FROM onprem
        WHERE coalesce(proxyAddresses, '') <> ''
    )
    SELECT lower(substr(proxy, 6)) AS address, count(*) AS count, string_agg(dn, ';') AS members
    FROM p
    WHERE lower(substr(proxy, 1, 5)) = 'smtp:'
    GROUP BY lower(substr(proxy, 6))
    HAVING count(*) > 1
    ORDER BY address
) TO '{out}.csv' (FORMAT csv, HEADER);
