-- 0023: no schema change. The number was set aside for an index for the
-- period report, which turned out to need none (it reads the existing
-- (werkgebied, gemeente) index of 0021); kept so that numbering stays
-- without gaps.
SELECT 1;
