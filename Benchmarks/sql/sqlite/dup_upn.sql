-- dirq: users group by upn having count > 1  (note: SQLite's lower() folds ASCII only)
.headers on
.mode csv
.output {out}.csv
SELECT lower(userPrincipalName) AS upn, count(*) AS count,
       group_concat(DistinguishedName, ';') AS members
FROM onprem
WHERE ObjectClass = 'user' AND coalesce(userPrincipalName, '') <> ''
GROUP BY lower(userPrincipalName)
HAVING count(*) > 1
ORDER BY upn;
.output stdout
