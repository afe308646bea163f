.headers on
.mode csv
.output {out}.csv
SELECT count(*) AS count FROM onprem;
.output stdout
