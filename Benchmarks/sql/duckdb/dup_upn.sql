-- dirq: users group by upn having count > 1
-- Users only; UPNs compared case-insensitively; users without a UPN left out.
COPY (
    SELECT lower(userPrincipalName) AS upn, count(*) AS count,
           string_agg(DistinguishedName, ';') AS members
    FROM onprem
    WHERE ObjectClass = 'user' AND coalesce(userPrincipalName, '') <> ''
    GROUP BY lower(userPrincipalName)
    HAVING count(*) > 1
    ORDER BY upn
) TO '{out}.csv' (FORMAT csv, HEADER);
