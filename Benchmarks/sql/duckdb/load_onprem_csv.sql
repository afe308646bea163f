-- The Export-Csv file: line 1 is PowerShell's "#TYPE …" line (with the UTF-8 BOM), line 2 the
-- header. Everything as text, as dirq keeps it; the table is materialised (no lazy scan).
CREATE TABLE onprem AS
SELECT * FROM read_csv('{onprem_csv}', skip = 1, header = true, all_varchar = true);
