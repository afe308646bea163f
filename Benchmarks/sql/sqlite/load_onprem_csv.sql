-- Line 1 is PowerShell's "#TYPE …" line (with the BOM): skipped; line 2 names the columns.
.import --csv --skip 1 {onprem_csv} onprem
