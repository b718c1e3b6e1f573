import { translator } from "../../src/i18n/messages.ts";
import { FormError, Notice } from "../components.tsx";
import { Layout } from "../layout.tsx";
import type { PageContext } from "../page.ts";
import { AccountNav } from "./nav.tsx";

export interface TimeZonePageProps {
  page: PageContext;
  /** Every zone offered; the current one is added when it is an alias Intl does not list. */
  choices: readonly string[];
  notice?: string;
  error?: string;
}

/** The zone dates are shown in, as a select of IANA names with the current one selected. */
export function TimeZonePage({ page, choices, notice, error }: TimeZonePageProps) {
  const tr = translator(page.lang);
  const zones = choices.includes(page.timeZone) ? choices : [page.timeZone, ...choices];
  return (
    <Layout page={page} title={tr("timeZone.title")}>
      <h1>{tr("timeZone.title")}</h1>
      <AccountNav page={page} />
      {notice && <Notice>{notice}</Notice>}
      <section class="card">
        <p>{tr("timeZone.intro")}</p>
        <FormError message={error} />
        <form method="post" action="/account/time-zone">
          <div class="field">
            <label for="timeZone">{tr("timeZone.label")}</label>
            <select id="timeZone" name="timeZone" required aria-invalid={error ? "true" : undefined}>
              {zones.map((zone) => (
                <option value={zone} selected={zone === page.timeZone}>
                  {zone.replaceAll("_", " ")}
                </option>
              ))}
            </select>
          </div>
          <button type="submit">{tr("timeZone.save")}</button>
        </form>
      </section>
    </Layout>
  );
}
