COPY (SELECT count(*) AS count FROM cloud) TO '{out}.csv' (FORMAT csv, HEADER);
