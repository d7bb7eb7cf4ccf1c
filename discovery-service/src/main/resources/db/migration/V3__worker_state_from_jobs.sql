-- What a worker holds and has finished is read from the jobs and results themselves, instead of
-- being written to the worker row on every lease and report.
alter table worker drop column current_job_id;
alter table worker drop column jobs_finished;

create index evaluation_job_lease_owner on evaluation_job (lease_owner) where state = 'LEASED';
create index evaluation_result_worker on evaluation_result (worker_id);
