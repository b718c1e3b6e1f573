/**
 * The QR code people scan to add Mail Helper to their authenticator app,
 * rendered as SVG markup so the page can inline it: no image request that
 * would carry the secret, and nothing the CSP has to allow. qrcode's SVG is
 * two <path> elements in an <svg>: no script, no links, no external
 * references.
 */
import QRCode from "qrcode";

/**
 * @example
 *   const svg = await totpQrSvg(totpUri({ secret, account: user.email }));
 *   // '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 41 41" …><path …/></svg>'
 */
export async function totpQrSvg(uri: string): Promise<string> {
  // Level M (15 % recovery) keeps the code small yet readable through glare on a
  // screen; a margin of 4 modules is the quiet zone the QR standard asks for.
  const svg = await QRCode.toString(uri, { type: "svg", errorCorrectionLevel: "M", margin: 4 });
  return svg.trim();
}
