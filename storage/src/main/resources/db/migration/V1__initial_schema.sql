-- Tenants and their quota overrides; a null quota means the platform default.
create table tenants (
    id                      bigserial    primary key,
    name                    varchar(63)  not null unique,
    max_functions           integer,
    max_module_bytes        bigint,
    max_memory_bytes        bigint,
    max_fuel_per_request    bigint,
    max_timeout_millis      bigint,
    requests_per_second     integer,
    max_concurrent_requests integer,
    max_request_body_bytes  bigint,
    created_at              timestamptz  not null
);

-- Tenant API keys: only the SHA-256 of the token is kept.
create table api_keys (
    id          uuid         primary key,
    tenant_id   bigint       not null references tenants (id) on delete cascade,
    name        varchar(100) not null,
    token_hash  bytea        not null unique,
    created_at  timestamptz  not null
);
create index api_keys_tenant on api_keys (tenant_id);

-- Module bytes, content-addressed: written once per hash, shared by every version that uses them.
create table modules (
    sha256      varchar(64)  primary key,
    abi         varchar(16)  not null,
    size_bytes  bigint       not null,
    bytes       bytea        not null,
    created_at  timestamptz  not null
);

create table functions (
    id                      bigserial    primary key,
    tenant_id               bigint       not null references tenants (id) on delete cascade,
    name                    varchar(63)  not null,
    memory_bytes            bigint,
    fuel                    bigint,
    timeout_millis          bigint,
    allowed_outbound_hosts  text[]       not null default '{}',
    active_version          integer,
    created_at              timestamptz  not null,
    updated_at              timestamptz  not null,
    unique (tenant_id, name)
);

create table function_env (
    function_id  bigint        not null references functions (id) on delete cascade,
    name         varchar(255)  not null,
    value        text          not null,
    primary key (function_id, name)
);

create table function_versions (
    id             bigserial    primary key,
    function_id    bigint       not null references functions (id) on delete cascade,
    version        integer      not null,
    module_sha256  varchar(64)  not null references modules (sha256),
    abi            varchar(16)  not null,
    size_bytes     bigint       not null,
    created_at     timestamptz  not null,
    unique (function_id, version)
);
create index function_versions_module on function_versions (module_sha256);

-- Deployment history: which version became active, when, and by whom.
create table deployments (
    id           bigserial     primary key,
    function_id  bigint        not null references functions (id) on delete cascade,
    version      integer       not null,
    deployed_by  varchar(100)  not null,
    deployed_at  timestamptz   not null
);
create index deployments_function on deployments (function_id, deployed_at desc);
