-- LossForge schema: every state of the service lives here, so that a restarted service resumes
-- its campaigns and a killed worker's job runs again elsewhere.

create table campaign (
    id                 bigserial primary key,
    name               text             not null,
    -- the discovery task as TaskRegistry names it (bandit:noisy-40) and the caller's overrides
    task               text             not null,
    task_config        jsonb            not null default '{}',
    -- [{"task": "tinylm-sentiment", "taskConfig": {...}}]
    held_out_tasks     jsonb            not null default '[]',
    held_out_top       integer          not null,
    proposer           text             not null,
    -- proposer settings (model, temperature, ...) and the state a proposer keeps between proposals
    proposer_config    jsonb            not null default '{}',
    proposer_state     jsonb,
    proposer_exhausted boolean          not null default false,
    baselines          jsonb            not null,
    seeds              jsonb            not null,
    max_candidates     integer          not null check (max_candidates >= 0),
    -- candidates the proposer added (the budget used); baselines and user candidates do not count
    proposed_count     integer          not null default 0,
    beta               double precision not null,
    random_seed        bigint           not null,
    status             text             not null default 'QUEUED'
        check (status in ('QUEUED', 'RUNNING', 'PAUSED', 'COMPLETED', 'FAILED', 'CANCELLED')),
    -- why the campaign paused or failed, in words (an LLM that stays unreachable, a failed DPO)
    status_reason      text,
    phase              text             not null default 'DISCOVERY'
        check (phase in ('DISCOVERY', 'HELD_OUT', 'DONE')),
    -- budgets of the LLM proposer; null: unbounded
    token_budget       bigint,
    cost_budget_usd    numeric(14, 6),
    created_at         timestamptz      not null default now(),
    started_at         timestamptz,
    finished_at        timestamptz,
    updated_at         timestamptz      not null default now()
);

create index campaign_active on campaign (id) where status in ('QUEUED', 'RUNNING');

create table candidate (
    id              bigserial primary key,
    campaign_id     bigint           not null references campaign (id) on delete cascade,
    name            text             not null,
    hypothesis      text,
    -- the LLM's reasoning, when an LLM proposed it
    thought         text,
    code            text             not null,
    -- SHA-256 of the code with whitespace and comments normalised away
    code_hash       text             not null,
    -- baselines | evolution | llm | user
    proposer        text             not null,
    -- one of the campaign's baseline set (evaluated first, not counted in the budget)
    baseline        boolean          not null default false,
    parent_ids      bigint[]         not null default '{}',
    prompt_hash     text,
    -- behavioural fingerprint: per-example losses and gradients on a fixed probe batch, rounded
    fingerprint     text,
    duplicate_of    bigint references candidate (id),
    status          text             not null
        check (status in ('INVALID', 'DUPLICATE', 'QUEUED', 'RUNNING', 'EVALUATED', 'FAILED', 'CANCELLED')),
    -- INVALID: COMPILE, SOURCE, SMOKE_TEST, ...; FAILED: the failure kind of its first failed job
    error_kind      text,
    error_message   text,
    error_line      integer,
    error_column    integer,
    -- aggregates on the campaign's discovery task (copied from candidate_score so that the
    -- leaderboard is one indexed query)
    fitness_mean    double precision,
    fitness_ci_low  double precision,
    fitness_ci_high double precision,
    fitness_n       integer,
    seed_fitness    jsonb,
    delta_mean      double precision,
    delta_ci_low    double precision,
    delta_ci_high   double precision,
    delta_p_value   double precision,
    delta_n         integer,
    created_at      timestamptz      not null default now(),
    started_at      timestamptz,
    finished_at     timestamptz
);

create index candidate_leaderboard on candidate (campaign_id, fitness_mean desc nulls last, id);
create index candidate_recent on candidate (campaign_id, id desc);
create index candidate_status on candidate (campaign_id, status);
create index candidate_code_hash on candidate (campaign_id, code_hash);
create index candidate_parents on candidate using gin (parent_ids);
-- behaviourally distinct candidates of a campaign; a duplicate points at the original
create unique index candidate_fingerprint on candidate (campaign_id, fingerprint)
    where duplicate_of is null and fingerprint is not null;
-- each built-in loss at most once per campaign, however often the driver restarts
create unique index candidate_builtin on candidate (campaign_id, name) where proposer = 'baselines';

-- fitness aggregates of a candidate per task: the discovery task and each held-out task
create table candidate_score (
    candidate_id  bigint           not null references candidate (id) on delete cascade,
    task          text             not null,
    campaign_id   bigint           not null references campaign (id) on delete cascade,
    held_out      boolean          not null,
    -- seeds measured, seeds failed
    n             integer          not null,
    failed        integer          not null,
    mean          double precision,
    ci_low        double precision,
    ci_high       double precision,
    seed_values   jsonb            not null,
    -- paired against DPO on the same seeds
    delta_mean    double precision,
    delta_ci_low  double precision,
    delta_ci_high double precision,
    delta_p_value double precision,
    delta_n       integer,
    updated_at    timestamptz      not null default now(),
    primary key (candidate_id, task)
);

create index candidate_score_campaign on candidate_score (campaign_id, task, mean desc nulls last);

-- one per (candidate, task, seed)
create table evaluation_job (
    id               bigserial primary key,
    campaign_id      bigint      not null references campaign (id) on delete cascade,
    candidate_id     bigint      not null references candidate (id) on delete cascade,
    task             text        not null,
    task_config      jsonb       not null,
    held_out         boolean     not null default false,
    seed             bigint      not null,
    -- higher first: DPO, then the other baselines, then user candidates, then proposals
    priority         integer     not null default 0,
    state            text        not null default 'QUEUED'
        check (state in ('QUEUED', 'LEASED', 'SUCCEEDED', 'FAILED', 'CANCELLED')),
    attempts         integer     not null default 0,
    max_attempts     integer     not null check (max_attempts > 0),
    lease_owner      text,
    -- new for every lease: a report must carry it, so a stale lease can never report
    lease_token      uuid,
    lease_expires_at timestamptz,
    leased_at        timestamptz,
    heartbeat_at     timestamptz,
    -- {"phase", "step", "totalSteps", "loss", "stepsPerSecond"}
    progress         jsonb,
    failure_kind     text
        check (failure_kind in ('INVALID', 'DIVERGED', 'TIMEOUT', 'CRASHED', 'ERROR', 'CANCELLED')),
    failure_message  text,
    created_at       timestamptz not null default now(),
    finished_at      timestamptz,
    unique (candidate_id, task, seed)
);

create index evaluation_job_queue on evaluation_job (priority desc, id) where state = 'QUEUED';
create index evaluation_job_leased on evaluation_job (lease_expires_at) where state = 'LEASED';
create index evaluation_job_campaign on evaluation_job (campaign_id, state);

-- what a worker reported for a job: at most one per job, whatever the network does
create table evaluation_result (
    id             bigserial primary key,
    job_id         bigint           not null unique references evaluation_job (id) on delete cascade,
    candidate_id   bigint           not null references candidate (id) on delete cascade,
    campaign_id    bigint           not null references campaign (id) on delete cascade,
    task           text             not null,
    seed           bigint           not null,
    lease_token    uuid             not null,
    worker_id      text             not null,
    -- COMPLETED, or the failure the worker classified: DIVERGED, TIMEOUT, INVALID, ERROR
    status         text             not null
        check (status in ('COMPLETED', 'DIVERGED', 'TIMEOUT', 'INVALID', 'ERROR')),
    fitness        double precision,
    metrics        jsonb            not null default '{}',
    training_curve jsonb            not null default '[]',
    evaluations    jsonb            not null default '[]',
    message        text,
    error_line     integer,
    error_column   integer,
    wall_seconds   double precision,
    created_at     timestamptz      not null default now()
);

create index evaluation_result_candidate on evaluation_result (candidate_id);

create table worker (
    id             text primary key,
    name           text        not null,
    host           text,
    device         text,
    local          boolean     not null default false,
    first_seen_at  timestamptz not null default now(),
    last_seen_at   timestamptz not null default now(),
    current_job_id bigint,
    jobs_finished  bigint      not null default 0
);

create index worker_seen on worker (last_seen_at);

-- the campaign's event log: what SSE clients replay after Last-Event-ID
create table campaign_event (
    id           bigserial primary key,
    campaign_id  bigint      not null references campaign (id) on delete cascade,
    type         text        not null,
    candidate_id bigint,
    job_id       bigint,
    payload      jsonb       not null,
    created_at   timestamptz not null default now()
);

create index campaign_event_stream on campaign_event (campaign_id, id);

-- every call to an LLM: tokens, latency, cost, outcome
create table llm_call (
    id                bigserial primary key,
    campaign_id       bigint      not null references campaign (id) on delete cascade,
    candidate_id      bigint references candidate (id) on delete set null,
    -- PROPOSE or REPAIR
    purpose           text        not null,
    provider          text        not null,
    model             text        not null,
    prompt_hash       text,
    request           jsonb,
    response          text,
    prompt_tokens     integer,
    completion_tokens integer,
    latency_ms        integer,
    cost_usd          numeric(14, 6),
    -- OK, UNUSABLE_REPLY, RATE_LIMITED, TIMEOUT, ERROR
    outcome           text        not null,
    error             text,
    created_at        timestamptz not null default now()
);

create index llm_call_campaign on llm_call (campaign_id, id);
create index llm_call_candidate on llm_call (candidate_id);
