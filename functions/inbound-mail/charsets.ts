/**
 * The WHATWG Encoding Standard's index-windows-1252 for bytes 0x80–0x9F (the rest of the table
 * is Latin-1). WHATWG decodes the labels iso-8859-1, latin1 and us-ascii with this table too:
 * clients label windows-1252 text "iso-8859-1". Positions the table leaves undefined keep their
 * C1 code point, and are then removed like every control character.
 */
export const windows1252C1 = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';

/**
 * Text a mail declared as a Latin charset, after the runtime's decoder: Node 20's
 * `TextDecoder('windows-1252')` (and 'iso-8859-1') gives bytes 0x80–0x9F as C1 controls
 * (U+0080–U+009F) instead of ’ œ € –. No charset has text in that range, so each such code
 * point is the byte it came from, decoded here with the standard table; where the runtime
 * decodes right (Node 22), there is none and nothing changes. Then no control character is
 * left but line breaks and tabs: nothing invisible reaches the other party.
 */
export function repairDecodedText(text: string): string {
  return (
    text
      .replace(/[\u0080-\u009f]/g, (c1) => windows1252C1[c1.charCodeAt(0) - 0x80]!)
      // eslint-disable-next-line no-control-regex -- control characters are exactly what is removed
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g, '')
  );
}
