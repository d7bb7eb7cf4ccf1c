-- The LLM proposer (issue 6).

-- Why the proposer stopped proposing, when it said (a spent token or cost budget); shown as the
-- campaign's status reason while it finishes its jobs and once it has completed.
alter table campaign add column proposer_exhausted_reason text;

-- Tokens of the LLM calls that produced a candidate (first turn, repairs and retries together).
alter table candidate add column prompt_tokens bigint;
alter table candidate add column completion_tokens bigint;

-- Proposers look names up while they pick a new one.
create index candidate_name on candidate (campaign_id, name);

-- Every attempt of every call: the proposal it belongs to, its repair turn and its retry.
alter table llm_call add column proposal_id uuid;
alter table llm_call add column turn integer not null default 0;
alter table llm_call add column attempt integer not null default 1;
alter table llm_call add constraint llm_call_purpose check (purpose in ('PROPOSE', 'REPAIR'));
alter table llm_call add constraint llm_call_outcome check (outcome in ('OK', 'RATE_LIMITED', 'TIMEOUT',
    'SERVER_ERROR', 'UNREACHABLE', 'AUTHENTICATION_FAILED', 'MODEL_NOT_FOUND', 'BAD_REQUEST', 'ERROR'));
create index llm_call_proposal on llm_call (proposal_id);
