-- Whether the user chose "stay signed in" at the password step. Only then does
-- the cookie carry Max-Age; otherwise it is a browser-session cookie that ends
-- when the browser closes (the server-side timeouts apply either way).
alter table sessions add column persistent boolean not null default false;
