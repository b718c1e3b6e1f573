-- What the dashboard and the threads view read, kept cheap at any mailbox size.
--
-- 1. dashboard_counts: how many messages each user has per account, open or
--    done, and urgency × importance cell (0, 0: not analysed yet). Messages
--    without a server copy (orphaned) are not counted. Counting 50,000
--    messages and their analyses on every page view costs 10–70 ms of
--    database time (a join of both tables, even index-only); under 50
--    concurrent users that alone would miss a 100 ms p99. So the counts are
--    kept up to date by triggers on messages and analyses, in the same
--    transaction as the change, and the dashboard sums at most
--    accounts × 2 × 10 rows (one GROUP BY on this primary key).
--
--    Triggers that read the other table (a message's analysis, an analysis's
--    message) first take a per-user transaction lock, so two concurrent
--    changes of one message (say, marked done while its analysis is being
--    stored) are counted one after the other, each seeing the other's
--    result. New messages need no lock: nothing else can refer to them yet.
--
-- 2. Threads: conversations ordered by their latest message ("activity":
--    received, or stored when the server gave no date). The list walks the
--    user's messages newest first and keeps each thread's newest one; the
--    second index answers "is there a newer message in this thread?" and
--    reads a thread's messages in order.

create table dashboard_counts (
  user_id     uuid not null,
  account_id  uuid not null,
  done        boolean not null,
  urgency     smallint not null,
  importance  smallint not null,
  n           integer not null,
  primary key (user_id, account_id, done, urgency, importance)
);

-- Adds deltas (already summed per key) in key order, so concurrent writers lock counter rows in the same order.
create function dashboard_counts_add(deltas jsonb) returns void language sql as $$
  insert into dashboard_counts as c (user_id, account_id, done, urgency, importance, n)
  select d.user_id, d.account_id, d.done, d.urgency, d.importance, d.n
  from jsonb_to_recordset(deltas) as d(user_id uuid, account_id uuid, done boolean, urgency smallint, importance smallint, n integer)
  where d.n <> 0
  order by d.user_id, d.account_id, d.done, d.urgency, d.importance
  on conflict (user_id, account_id, done, urgency, importance) do update set n = c.n + excluded.n
$$;

-- Serialises counting for these users until the transaction ends (in id order: no lock-order deadlock between two writers).
create function dashboard_counts_lock(users uuid[]) returns void language plpgsql as $$
declare
  lock_user uuid;
begin
  for lock_user in select distinct u from unnest(users) as u order by u loop
    perform pg_advisory_xact_lock(hashtextextended('dashboard_counts:' || lock_user::text, 0));
  end loop;
end $$;

create function dashboard_counts_messages_insert() returns trigger language plpgsql as $$
begin
  perform dashboard_counts_add(coalesce(jsonb_agg(d), '[]')) from (
    select user_id, account_id, done_at is not null as done, 0 as urgency, 0 as importance, count(*) as n
    from new_rows where orphaned_at is null
    group by 1, 2, 3) d;
  return null;
end $$;

create function dashboard_counts_messages_update() returns trigger language plpgsql as $$
declare
  users uuid[];
begin
  select array_agg(distinct u) into users from (
    select o.user_id as u from old_rows o join new_rows n on n.id = o.id
    where (o.user_id, o.account_id, o.done_at is null, o.orphaned_at is null) is distinct from (n.user_id, n.account_id, n.done_at is null, n.orphaned_at is null)
    union all
    select n.user_id from old_rows o join new_rows n on n.id = o.id
    where (o.user_id, o.account_id, o.done_at is null, o.orphaned_at is null) is distinct from (n.user_id, n.account_id, n.done_at is null, n.orphaned_at is null)) changed;
  if users is null then return null; end if;
  perform dashboard_counts_lock(users);
  perform dashboard_counts_add(coalesce(jsonb_agg(d), '[]')) from (
    select user_id, account_id, done, urgency, importance, sum(n) as n from (
      select o.user_id, o.account_id, o.done_at is not null as done, coalesce(a.urgency, 0) as urgency, coalesce(a.importance, 0) as importance, -1 as n
      from old_rows o join new_rows x on x.id = o.id left join analyses a on a.message_id = o.id and a.user_id = o.user_id
      where o.orphaned_at is null
        and (o.user_id, o.account_id, o.done_at is null, o.orphaned_at is null) is distinct from (x.user_id, x.account_id, x.done_at is null, x.orphaned_at is null)
      union all
      select x.user_id, x.account_id, x.done_at is not null, coalesce(a.urgency, 0), coalesce(a.importance, 0), 1
      from old_rows o join new_rows x on x.id = o.id left join analyses a on a.message_id = x.id and a.user_id = x.user_id
      where x.orphaned_at is null
        and (o.user_id, o.account_id, o.done_at is null, o.orphaned_at is null) is distinct from (x.user_id, x.account_id, x.done_at is null, x.orphaned_at is null)
    ) changes group by 1, 2, 3, 4, 5) d;
  return null;
end $$;

-- Before the row goes, while its analysis is still there (a cascade deletes the analysis right after).
create function dashboard_counts_message_delete() returns trigger language plpgsql as $$
begin
  if old.orphaned_at is null then
    perform dashboard_counts_lock(array[old.user_id]);
    perform dashboard_counts_add(jsonb_build_array(jsonb_build_object(
      'user_id', old.user_id, 'account_id', old.account_id, 'done', old.done_at is not null,
      'urgency', coalesce(a.urgency, 0), 'importance', coalesce(a.importance, 0), 'n', -1)))
    from (select 1) one left join analyses a on a.message_id = old.id and a.user_id = old.user_id;
  end if;
  return old;
end $$;

-- An analysis moves its message between the "not analysed" and a cell, or between cells. A message already
-- gone (the cascade from deleting it) was uncounted by the message's own trigger, and is not found here.
create function dashboard_counts_analyses_change() returns trigger language plpgsql as $$
declare
  users uuid[];
begin
  if tg_op = 'INSERT' then
    select array_agg(distinct user_id) into users from new_rows;
  elsif tg_op = 'DELETE' then
    select array_agg(distinct user_id) into users from old_rows;
  else
    select array_agg(distinct o.user_id) into users from old_rows o join new_rows n on n.message_id = o.message_id
    where (o.urgency, o.importance, o.user_id) is distinct from (n.urgency, n.importance, n.user_id);
  end if;
  if users is null then return null; end if;
  perform dashboard_counts_lock(users);
  if tg_op = 'INSERT' then
    perform dashboard_counts_add(coalesce(jsonb_agg(d), '[]')) from (
      select user_id, account_id, done, urgency, importance, sum(n) as n from (
        select m.user_id, m.account_id, m.done_at is not null as done, 0 as urgency, 0 as importance, -1 as n
        from new_rows a join messages m on m.id = a.message_id and m.user_id = a.user_id where m.orphaned_at is null
        union all
        select m.user_id, m.account_id, m.done_at is not null, a.urgency, a.importance, 1
        from new_rows a join messages m on m.id = a.message_id and m.user_id = a.user_id where m.orphaned_at is null
      ) changes group by 1, 2, 3, 4, 5) d;
  elsif tg_op = 'DELETE' then
    perform dashboard_counts_add(coalesce(jsonb_agg(d), '[]')) from (
      select user_id, account_id, done, urgency, importance, sum(n) as n from (
        select m.user_id, m.account_id, m.done_at is not null as done, a.urgency, a.importance, -1 as n
        from old_rows a join messages m on m.id = a.message_id and m.user_id = a.user_id where m.orphaned_at is null
        union all
        select m.user_id, m.account_id, m.done_at is not null, 0, 0, 1
        from old_rows a join messages m on m.id = a.message_id and m.user_id = a.user_id where m.orphaned_at is null
      ) changes group by 1, 2, 3, 4, 5) d;
  else
    perform dashboard_counts_add(coalesce(jsonb_agg(d), '[]')) from (
      select user_id, account_id, done, urgency, importance, sum(n) as n from (
        select m.user_id, m.account_id, m.done_at is not null as done, o.urgency, o.importance, -1 as n
        from old_rows o join new_rows x on x.message_id = o.message_id join messages m on m.id = o.message_id and m.user_id = o.user_id
        where m.orphaned_at is null and (o.urgency, o.importance, o.user_id) is distinct from (x.urgency, x.importance, x.user_id)
        union all
        select m.user_id, m.account_id, m.done_at is not null, x.urgency, x.importance, 1
        from old_rows o join new_rows x on x.message_id = o.message_id join messages m on m.id = x.message_id and m.user_id = x.user_id
        where m.orphaned_at is null and (o.urgency, o.importance, o.user_id) is distinct from (x.urgency, x.importance, x.user_id)
      ) changes group by 1, 2, 3, 4, 5) d;
  end if;
  return null;
end $$;

-- An account's counters go with it (its messages were uncounted one by one by the cascade).
create function dashboard_counts_account_delete() returns trigger language plpgsql as $$
begin
  delete from dashboard_counts c using old_rows o where c.user_id = o.user_id and c.account_id = o.id;
  return null;
end $$;

create trigger dashboard_counts_insert after insert on messages referencing new table as new_rows for each statement execute function dashboard_counts_messages_insert();
create trigger dashboard_counts_update after update on messages referencing old table as old_rows new table as new_rows for each statement execute function dashboard_counts_messages_update();
create trigger dashboard_counts_delete before delete on messages for each row execute function dashboard_counts_message_delete();
create trigger dashboard_counts_insert after insert on analyses referencing new table as new_rows for each statement execute function dashboard_counts_analyses_change();
create trigger dashboard_counts_update after update on analyses referencing old table as old_rows new table as new_rows for each statement execute function dashboard_counts_analyses_change();
create trigger dashboard_counts_delete after delete on analyses referencing old table as old_rows for each statement execute function dashboard_counts_analyses_change();
create trigger dashboard_counts_delete after delete on mail_accounts referencing old table as old_rows for each statement execute function dashboard_counts_account_delete();

-- The mail already stored.
insert into dashboard_counts (user_id, account_id, done, urgency, importance, n)
select m.user_id, m.account_id, m.done_at is not null, coalesce(a.urgency, 0), coalesce(a.importance, 0), count(*)
from messages m left join analyses a on a.message_id = m.id and a.user_id = m.user_id
where m.orphaned_at is null
group by 1, 2, 3, 4, 5;

create index messages_user_activity on messages (user_id, (coalesce(received_at, created_at)) desc, id desc) where orphaned_at is null;
create index messages_thread_activity on messages (thread_id, (coalesce(received_at, created_at)) desc, id desc) where orphaned_at is null;
