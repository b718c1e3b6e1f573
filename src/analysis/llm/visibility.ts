/** What each of a user's mail accounts lets a provider see (`mail_accounts.llm_visibility`). */
import { isUuid } from "../../ids.ts";
import type { Sql } from "../../db/connection.ts";
import type { LlmVisibility } from "./types.ts";

export interface AccountVisibility {
  accountId: string;
  label: string;
  visibility: LlmVisibility;
}

export async function listAccountVisibility(sql: Sql, userId: string): Promise<AccountVisibility[]> {
  return await sql<AccountVisibility[]>`
    select id as "accountId", label, llm_visibility as visibility from mail_accounts where user_id = ${userId} order by created_at, id`;
}

/** The account's visibility; undefined when it is not the user's. */
export async function accountVisibility(sql: Sql, userId: string, accountId: string): Promise<LlmVisibility | undefined> {
  if (!isUuid(accountId)) return undefined;
  const [row] = await sql<{ visibility: LlmVisibility }[]>`select llm_visibility as visibility from mail_accounts where id = ${accountId} and user_id = ${userId}`;
  return row?.visibility;
}

/** Sets it; undefined when the account is not the user's (the caller answers 404). */
export async function setAccountVisibility(sql: Sql, userId: string, accountId: string, visibility: LlmVisibility): Promise<AccountVisibility | undefined> {
  if (!isUuid(accountId)) return undefined;
  const [row] = await sql<AccountVisibility[]>`
    update mail_accounts set llm_visibility = ${visibility} where id = ${accountId} and user_id = ${userId}
    returning id as "accountId", label, llm_visibility as visibility`;
  return row;
}
