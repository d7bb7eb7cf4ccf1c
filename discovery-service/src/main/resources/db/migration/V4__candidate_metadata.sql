-- What a proposer keeps with each candidate it made, as a JSON object (the evolution proposer: the
-- expression tree and how it was derived). A proposer that resumes after a restart reads it back
-- from the candidate rows, so no campaign-wide state grows with every proposal.
alter table candidate add column metadata jsonb;
