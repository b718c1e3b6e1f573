/** The part of html-to-text 10 we use; the package ships no types. */
declare module "html-to-text" {
  export interface HtmlToTextOptions {
    limits?: { maxDepth?: number; maxInputLength?: number; maxChildNodes?: number; ellipsis?: string };
    wordwrap?: number | false | null;
  }
  export function htmlToText(html: string, options?: HtmlToTextOptions): string;
}
