import { BIDI_CONTROLS, TERMINAL_CONTROLS } from '../../src/text/unicode-controls.js';

// Slack mrkdwn escaping. Slack asks apps to replace exactly three characters
// in untrusted text: & < >. Escaping "<" is what stops "<!channel>", "<@U123>"
// and "<https://evil|label>" in a digest or a query from becoming a ping or a
// link. Formatting characters (* _ ~ `) are neutralised separately so a title
// like "*bold*" displays as written instead of turning bold. Control and bidi
// characters are dropped: they would hide or reorder what the message shows.

/** Drops control characters (except line breaks and tabs) and bidi formatting characters. */
export function visible(text: string): string {
  return text.replace(TERMINAL_CONTROLS, '').replace(BIDI_CONTROLS, '');
}

/** Escapes only & < >: for the top-level fallback `text`, which Slack also parses for mentions. */
export function escapeEntities(text: string): string {
  return visible(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Escapes untrusted text for a mrkdwn field. */
export function escapeMrkdwn(text: string): string {
  return escapeEntities(text)
    // A zero-width space after a formatting character keeps it from pairing
    // with the next one, so "*x*" stays literal without changing what is shown.
    .replace(/([*_~`])/g, '$1\u200b');
}

/** Escapes text for a plain_text field: no markup is parsed there, only length matters. */
export function plainText(text: string): string {
  return visible(text);
}

/** What one character becomes in {@link escapeEntities}: "&" 5, "<" and ">" 4, others 1 (or 0). */
export function entityCost(code: number): number {
  return code === 0x26 ? 5 : code === 0x3c || code === 0x3e ? 4 : 1;
}

/** What one character becomes in {@link escapeMrkdwn}: entities, and a zero-width space after * _ ~ `. */
export function mrkdwnCost(code: number): number {
  return code === 0x2a || code === 0x5f || code === 0x7e || code === 0x60 ? 2 : entityCost(code);
}

/** A link the bot builds itself: the URL is ours, the label is escaped. */
export function link(url: string, label: string): string {
  return `<${url.replace(/[<>|]/g, encodeURIComponent)}|${escapeMrkdwn(label)}>`;
}
