-- The best-so-far series walks a campaign's evaluated candidates in the order they finished: an
-- index-only scan in that order instead of sorting every evaluated candidate on each request.
create index candidate_evaluated_order on candidate (campaign_id, finished_at, id)
    include (fitness_mean) where fitness_mean is not null;
