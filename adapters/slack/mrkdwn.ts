// Slack mrkdwn escaping. Slack asks apps to replace exactly three characters
// in untrusted text: & < >. Escaping "<" is what stops "<!channel>", "<@U123>"
// and "<https://evil|label>" in a digest or a query from becoming a ping or a
// link. Formatting characters (* _ ~ `) are neutralised separately so a title
// like "*bold*" displays as written instead of turning bold.

/** Escapes only & < >: for the top-level fallback `text`, which Slack also parses for mentions. */
export function escapeEntities(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
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
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '');
}

/** A link the bot builds itself: the URL is ours, the label is escaped. */
export function link(url: string, label: string): string {
  return `<${url.replace(/[<>|]/g, encodeURIComponent)}|${escapeMrkdwn(label)}>`;
}
