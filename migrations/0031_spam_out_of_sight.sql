-- Spam out of sight (issue 15): mail the analysis calls spam (suspected
-- phishing is always spam too, until the user says "not spam") leaves the
-- open list and the dashboard's cells; a "spam" view keeps it reachable
-- (src/inbox/list.ts, src/inbox/dashboard.ts).

-- 1. The verdict copied onto the message, kept by the trigger that already
--    copies the priority, so the open list's indexes can leave spam out.
alter table messages add column spam boolean not null default false;
update messages m set spam = true from analyses a where a.message_id = m.id and a.spam;

create or replace function messages_copy_priority() returns trigger language plpgsql as $$
begin
  if tg_op = 'DELETE' then
    update messages set priority = 0, spam = false where id = old.message_id and (priority <> 0 or spam);
  else
    update messages set priority = new.score, spam = (new.spam)
    where id = new.message_id and (priority, spam) is distinct from (new.score, new.spam);
  end if;
  return null;
end $$;

drop index messages_list_open_priority;
drop index messages_list_open_date;
create index messages_list_open_priority on messages (user_id, priority, list_date, id) where orphaned_at is null and done_at is null and not spam;
create index messages_list_open_date on messages (user_id, list_date, id) where orphaned_at is null and done_at is null and not spam;
create index messages_list_spam on messages (user_id, list_date, id) where orphaned_at is null and spam;

-- 2. The dashboard counts spam in its own cell (-1, -1) instead of the
--    matrix: the same triggers as migration 0012, with the cell of an
--    analysis that says spam being (-1, -1).
create or replace function dashboard_counts_messages_update() returns trigger language plpgsql as $$
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
      select o.user_id, o.account_id, o.done_at is not null as done,
             case when a.spam then -1 else coalesce(a.urgency, 0) end as urgency,
             case when a.spam then -1 else coalesce(a.importance, 0) end as importance, -1 as n
      from old_rows o join new_rows x on x.id = o.id left join analyses a on a.message_id = o.id and a.user_id = o.user_id
      where o.orphaned_at is null
        and (o.user_id, o.account_id, o.done_at is null, o.orphaned_at is null) is distinct from (x.user_id, x.account_id, x.done_at is null, x.orphaned_at is null)
      union all
      select x.user_id, x.account_id, x.done_at is not null,
             case when a.spam then -1 else coalesce(a.urgency, 0) end,
             case when a.spam then -1 else coalesce(a.importance, 0) end, 1
      from old_rows o join new_rows x on x.id = o.id left join analyses a on a.message_id = x.id and a.user_id = x.user_id
      where x.orphaned_at is null
        and (o.user_id, o.account_id, o.done_at is null, o.orphaned_at is null) is distinct from (x.user_id, x.account_id, x.done_at is null, x.orphaned_at is null)
    ) changes group by 1, 2, 3, 4, 5) d;
  return null;
end $$;

create or replace function dashboard_counts_message_delete() returns trigger language plpgsql as $$
begin
  if old.orphaned_at is null then
    perform dashboard_counts_lock(array[old.user_id]);
    perform dashboard_counts_add(jsonb_build_array(jsonb_build_object(
      'user_id', old.user_id, 'account_id', old.account_id, 'done', old.done_at is not null,
      'urgency', case when a.spam then -1 else coalesce(a.urgency, 0) end,
      'importance', case when a.spam then -1 else coalesce(a.importance, 0) end, 'n', -1)))
    from (select 1) one left join analyses a on a.message_id = old.id and a.user_id = old.user_id;
  end if;
  return old;
end $$;

create or replace function dashboard_counts_analyses_change() returns trigger language plpgsql as $$
declare
  users uuid[];
begin
  if tg_op = 'INSERT' then
    select array_agg(distinct user_id) into users from new_rows;
  elsif tg_op = 'DELETE' then
    select array_agg(distinct user_id) into users from old_rows;
  else
    select array_agg(distinct o.user_id) into users from old_rows o join new_rows n on n.message_id = o.message_id
    where (o.urgency, o.importance, o.spam, o.user_id) is distinct from (n.urgency, n.importance, n.spam, n.user_id);
  end if;
  if users is null then return null; end if;
  perform dashboard_counts_lock(users);
  if tg_op = 'INSERT' then
    perform dashboard_counts_add(coalesce(jsonb_agg(d), '[]')) from (
      select user_id, account_id, done, urgency, importance, sum(n) as n from (
        select m.user_id, m.account_id, m.done_at is not null as done, 0 as urgency, 0 as importance, -1 as n
        from new_rows a join messages m on m.id = a.message_id and m.user_id = a.user_id where m.orphaned_at is null
        union all
        select m.user_id, m.account_id, m.done_at is not null,
               case when a.spam then -1 else a.urgency end, case when a.spam then -1 else a.importance end, 1
        from new_rows a join messages m on m.id = a.message_id and m.user_id = a.user_id where m.orphaned_at is null
      ) changes group by 1, 2, 3, 4, 5) d;
  elsif tg_op = 'DELETE' then
    perform dashboard_counts_add(coalesce(jsonb_agg(d), '[]')) from (
      select user_id, account_id, done, urgency, importance, sum(n) as n from (
        select m.user_id, m.account_id, m.done_at is not null as done,
               case when a.spam then -1 else a.urgency end as urgency, case when a.spam then -1 else a.importance end as importance, -1 as n
        from old_rows a join messages m on m.id = a.message_id and m.user_id = a.user_id where m.orphaned_at is null
        union all
        select m.user_id, m.account_id, m.done_at is not null, 0, 0, 1
        from old_rows a join messages m on m.id = a.message_id and m.user_id = a.user_id where m.orphaned_at is null
      ) changes group by 1, 2, 3, 4, 5) d;
  else
    perform dashboard_counts_add(coalesce(jsonb_agg(d), '[]')) from (
      select user_id, account_id, done, urgency, importance, sum(n) as n from (
        select m.user_id, m.account_id, m.done_at is not null as done,
               case when o.spam then -1 else o.urgency end as urgency, case when o.spam then -1 else o.importance end as importance, -1 as n
        from old_rows o join new_rows x on x.message_id = o.message_id join messages m on m.id = o.message_id and m.user_id = o.user_id
        where m.orphaned_at is null
          and (o.urgency, o.importance, o.spam, o.user_id) is distinct from (x.urgency, x.importance, x.spam, x.user_id)
        union all
        select m.user_id, m.account_id, m.done_at is not null,
               case when x.spam then -1 else x.urgency end, case when x.spam then -1 else x.importance end, 1
        from old_rows o join new_rows x on x.message_id = o.message_id join messages m on m.id = x.message_id and m.user_id = x.user_id
        where m.orphaned_at is null
          and (o.urgency, o.importance, o.spam, o.user_id) is distinct from (x.urgency, x.importance, x.spam, x.user_id)
      ) changes group by 1, 2, 3, 4, 5) d;
  end if;
  return null;
end $$;

-- Counted again with spam in its own cell.
delete from dashboard_counts;
insert into dashboard_counts (user_id, account_id, done, urgency, importance, n)
select m.user_id, m.account_id, m.done_at is not null,
       case when a.spam then -1 else coalesce(a.urgency, 0) end,
       case when a.spam then -1 else coalesce(a.importance, 0) end, count(*)
from messages m left join analyses a on a.message_id = m.id and a.user_id = m.user_id
where m.orphaned_at is null
group by 1, 2, 3, 4, 5;

-- 3. The list shows spam, phishing and newsletter markers: the analysis
--    columns it reads stay in the primary key's index (index-only join).
alter table analyses
  drop constraint analyses_pkey,
  add constraint analyses_pkey primary key (message_id) include (user_id, urgency, importance, category, language, spam, phishing, newsletter);
