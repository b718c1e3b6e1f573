-- The message list asks, for each row it shows, whether the message has a copy outside Trash and Junk,
-- and reads the analysis columns it displays. Indexes that hold those columns answer from the index alone
-- (an index-only scan, where the visibility map marks the page all-visible) instead of one more heap page
-- per row; a page of later messages touches a thousand rows the previous pages did not.
create index message_copies_message_folder on message_copies (message_id, folder_id);
drop index message_copies_message;
alter table analyses
  drop constraint analyses_pkey,
  add constraint analyses_pkey primary key (message_id) include (user_id, urgency, importance, category, language);
