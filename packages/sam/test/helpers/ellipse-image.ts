import sharp from "sharp";

/** A 320x240 PNG: dark speckled background with a bright ellipse centred at (180, 110), radii 70x45. */
export async function ellipsePng(): Promise<Uint8Array> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="320" height="240">
    <rect width="320" height="240" fill="rgb(25,25,25)"/>
    <ellipse cx="180" cy="110" rx="70" ry="45" fill="rgb(220,220,220)"/>
  </svg>`;
  return new Uint8Array(await sharp(Buffer.from(svg)).png().toBuffer());
}

export const ELLIPSE = { cx: 180, cy: 110, rx: 70, ry: 45, width: 320, height: 240 } as const;
