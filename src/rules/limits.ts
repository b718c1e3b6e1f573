/** Limits of rules, each with its reason (the app-wide ones are in src/limits.ts). */

/** Rules per user: more than any hand-kept Sieve script we have seen (a few dozen); each costs every new message a pass. */
export const MAX_RULES_PER_USER = 200;

/** Nesting of all / any / not: three or four levels say everything people write; deeper trees are generated or a mistake, and recursion stays shallow. */
export const MAX_CONDITION_DEPTH = 8;

/** Condition nodes in one rule (groups included): bounds evaluation per message and the stored size. */
export const MAX_CONDITION_NODES = 100;

/** Actions in one rule: every action there is, once, with room for several tags. */
export const MAX_RULE_ACTIONS = 20;

/** A pattern or value typed into a condition; longer is pasted text, not a rule. */
export const MAX_CONDITION_VALUE_CHARS = 1_000;

/** A rule's name as the list shows it. */
export const MAX_RULE_NAME_CHARS = 200;

/**
 * Text a condition looks at (body, a header): the start of a letter says
 * what it is about, and the linear-time engine's cost grows with the text,
 * so a 1 MB body costs no more than 100 kB. Sieve servers cap `body` too.
 */
export const MAX_RULE_TEXT_CHARS = 100_000;

/** Dry-run: how far back and how many messages ("would touch 37 messages in the last 30 days"); 2,000 decrypted messages take about a second. */
export const DRY_RUN_DAYS = 30;
export const DRY_RUN_MAX_MESSAGES = 2_000;

/** Matches a dry-run lists (it counts them all). */
export const DRY_RUN_MAX_LISTED = 200;

/** Messages a run over a folder or all mail loads, evaluates and records per step; between steps it checks for cancel and saves progress. */
export const RULE_RUN_PAGE = 100;

/** Longest snooze a rule may ask for: a year. */
export const MAX_SNOOZE_HOURS = 24 * 366;

/** Matches a run's read lists (newest first). */
export const RULE_RUN_MAX_LISTED = 500;

/**
 * The pipeline runs a rule on mail stored after the rule was made that also
 * arrived on the server at most this long before it: mail delivered while
 * the account was not synced (the poll, a laptop asleep) still counts as
 * new, an initial sync of years of old mail does not.
 */
export const NEW_MAIL_GRACE_MS = 24 * 3_600_000;

/** A Sieve script to import: 200 rules of a few lines each fit many times over; longer is not a hand-kept script. */
export const MAX_SIEVE_SCRIPT_CHARS = 200_000;

/** Nesting of blocks and tests in an imported script: MAX_CONDITION_DEPTH and a little, so a deeper tree is named as too deep, never recursed into. */
export const MAX_SIEVE_NESTING = MAX_CONDITION_DEPTH + 2;

/** A delete or trash rule whose dry-run touches more than this share of recent mail is reported as too wide: a filing rule rarely takes a fifth of all mail. */
export const DESTRUCTIVE_WIDE_SHARE = 0.2;

/** Below this many recent messages a dry-run's share says little (three of five is not "most mail"). */
export const DESTRUCTIVE_WIDE_MIN_EXAMINED = 20;

/** Precision is measured over a rule's latest judged matches: enough to be recent, few enough that a rule gone wrong shows it soon. */
export const PRECISION_WINDOW = 100;

/** Fewer judged matches than this say too little: two undone of three is bad luck, not a bad rule. */
export const PRECISION_MIN_JUDGED = 10;

/** An act rule whose precision falls below this is switched to suggest: more than one in five actions undone or corrected costs the user more than it saves. */
export const PRECISION_SWITCH_BELOW = 0.8;

/** An act match nobody contradicted for this long counts as confirmed: a wrongly filed letter is missed within a few days or not at all. */
export const CONFIRMED_AFTER_DAYS = 3;

/** The time window to undo (POST /api/v1/rule-undos) reaches at most this far back: the journal's undo lists keep a month. */
export const WINDOW_UNDO_MAX_DAYS = 31;

/** Open suggestions listed at once (/rules/suggestions, a list page's chips): more than anyone clicks through; older ones wait for the next page load. */
export const PENDING_SUGGESTIONS_LISTED = 500;

/** Runs listed on /rules/runs: the latest; older ones stay in the API. */
export const RULE_RUNS_LISTED = 50;
