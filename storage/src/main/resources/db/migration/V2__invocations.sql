-- Invocation history: one row per request a function answered or failed, written in batches
-- by the executors; trimmed by age and count per tenant by platform-api.
create table invocations (
    id                bigserial     primary key,
    tenant_id         bigint        not null references tenants (id) on delete cascade,
    function_id       bigint        not null references functions (id) on delete cascade,
    version           integer       not null,
    request_id        varchar(128)  not null,
    method            varchar(32)   not null,
    path              varchar(1024) not null,
    status            integer       not null,
    problem           varchar(64),
    duration_micros   bigint        not null,
    fuel_used         bigint        not null,
    memory_bytes      bigint        not null,
    stdout            text,
    stderr            text          not null default '',
    stderr_truncated  boolean       not null default false,
    started_at        timestamptz   not null
);
create index invocations_function_time on invocations (function_id, started_at desc);
create index invocations_function_request on invocations (function_id, request_id);
create index invocations_tenant on invocations (tenant_id, id desc);
