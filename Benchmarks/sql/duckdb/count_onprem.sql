COPY (SELECT count(*) AS count FROM onprem) TO '{out}.csv' (FORMAT csv, HEADER);
