-- dirq: onprem.users join anti cloud.users as c on anchor = c.onPremisesImmutableId
--       cloud.users join anti onprem.users as o on onPremisesImmutableId = o.anchor
-- The on-prem anchor is mS-DS-ConsistencyGuid (base64 in this CSV) when set, else objectGUID in
-- .NET byte order (first three groups byte-swapped), base64-encoded: the cloud ImmutableId.
CREATE OR REPLACE TEMP MACRO dotnet_b64(g) AS to_base64(unhex(
    substr(replace(g, '-', ''), 7, 2) || substr(replace(g, '-', ''), 5, 2) ||
    substr(replace(g, '-', ''), 3, 2) || substr(replace(g, '-', ''), 1, 2) ||
    substr(replace(g, '-', ''), 11, 2) || substr(replace(g, '-', ''), 9, 2) ||
    substr(replace(g, '-', ''), 15, 2) || substr(replace(g, '-', ''), 13, 2) ||
    substr(replace(g, '-', ''), 17, 16)));
CREATE OR REPLACE TEMP TABLE onprem_users AS
    SELECT DistinguishedName, displayName, userPrincipalName, mail,
           coalesce(nullif("mS-DS-ConsistencyGuid", ''), dotnet_b64(ObjectGUID)) AS anchor
    FROM onprem WHERE ObjectClass = 'user';
CREATE OR REPLACE TEMP TABLE cloud_users AS
    SELECT id, displayName, userPrincipalName, mail, onPremisesImmutableId
    FROM cloud WHERE "@odata.type" = '#microsoft.graph.user';
COPY (
    SELECT o.DistinguishedName AS object, 'user' AS kind, o.displayName, o.userPrincipalName, o.mail
    FROM onprem_users o
    WHERE NOT EXISTS (SELECT 1 FROM cloud_users c WHERE c.onPremisesImmutableId = o.anchor)
) TO '{out}-onprem.csv' (FORMAT csv, HEADER);
COPY (
    SELECT c.id AS object, 'user' AS kind, c.displayName, c.userPrincipalName, c.mail
    FROM cloud_users c
    WHERE NOT EXISTS (SELECT 1 FROM onprem_users o WHERE o.anchor = c.onPremisesImmutableId)
) TO '{out}-cloud.csv' (FORMAT csv, HEADER);
