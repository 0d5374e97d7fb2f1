-- Executor nodes announce themselves with a heartbeat; a node unseen for a few intervals is dead.
create table executor_nodes (
    id          uuid          primary key,
    address     varchar(255)  not null,
    version     varchar(64)   not null,
    started_at  timestamptz   not null,
    last_seen   timestamptz   not null,
    in_flight   integer       not null default 0,
    functions_loaded integer  not null default 0
);
create index executor_nodes_last_seen on executor_nodes (last_seen);
