// Invisible characters that change how text is shown rather than what it says.
// Digest text and user input are untrusted: none of these may reach a console,
// a chat message or a log line, where they could reorder or hide what follows.

/**
 * Bidirectional formatting characters: the embeddings and overrides
 * (U+202A-U+202E), the isolates (U+2066-U+2069) and the direction marks
 * (U+200E, U+200F, U+061C). U+202E (right-to-left override) makes
 * "gnp.exe" read as "exe.png"; a paper title has no use for any of them.
 */
export const BIDI_CONTROLS = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** C0 and C1 control characters other than tab, line feed and carriage return (ESC, BEL, NUL, ...). */
export const TERMINAL_CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/** Removes bidi formatting characters. */
export function stripBidi(text: string): string {
  return text.replace(BIDI_CONTROLS, '');
}

/** Removes bidi formatting and terminal control characters (keeps tab and line breaks). */
export function stripControls(text: string): string {
  return text.replace(TERMINAL_CONTROLS, '').replace(BIDI_CONTROLS, '');
}

/** An unpaired UTF-16 surrogate: half an emoji, from a careless cut or a JSON "\\ud83d" escape. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * Replaces unpaired surrogates with U+FFFD. encodeURIComponent throws
 * URIError on one, and JSON cannot round-trip it faithfully.
 */
export function wellFormed(text: string): string {
  return text.replace(LONE_SURROGATE, '\ufffd');
}
