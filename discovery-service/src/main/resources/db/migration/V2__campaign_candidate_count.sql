-- The leaderboard's total without counting 100,000 rows per request: kept by every candidate insert,
-- which holds the campaign's row lock anyway.
alter table campaign add column candidate_count integer not null default 0;

update campaign c set candidate_count = (select count(*) from candidate d where d.campaign_id = c.id);
