-- Executors report their heap in use with their heartbeat, for memory per loaded function.
alter table executor_nodes add column heap_used_bytes bigint not null default 0;
