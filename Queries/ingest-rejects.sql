-- What ingest could not use, by file and reason, with the first line and an excerpt.
--
-- One row per source file and reject reason: how many records or stretches were rejected,
-- the first line number concerned and that reject's excerpt.
--
-- Parameters:
--   :path  only this input file, as recorded in sources.path (unset: every file)
--
-- Example:
--   podtrail query ingest-rejects
SELECT
    s.path,
    r.reason,
    count(*) AS rejects,
    min(r.line) AS first_line,
    (SELECT x.excerpt FROM rejects AS x
        WHERE x.source_id = r.source_id AND x.reason = r.reason
        ORDER BY x.line, x.id LIMIT 1) AS excerpt
FROM sources AS s
JOIN rejects AS r ON r.source_id = s.id
WHERE s.path BETWEEN ifnull(:path, '') AND ifnull(:path, x'')
GROUP BY r.source_id, r.reason
ORDER BY s.path, rejects DESC, r.reason;
