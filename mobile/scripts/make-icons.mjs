// Draws the app icon (a white milk drop on Gapal green) as SVG and as PNG, with no dependency:
// the PNG is encoded here with node:zlib. Run by `npm run build`; the PNGs are not committed.
import { mkdirSync, writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const GREEN = [0x1f, 0x5f, 0x3a];
const WHITE = [0xff, 0xff, 0xff];
const OUT = new URL('../public/icons/', import.meta.url);

// The drop, in a 0..1 square: a circle below, a tip above, joined by tangent-ish sides.
const DROP = { cx: 0.5, cy: 0.62, r: 0.22, tipY: 0.2 };

function inDrop(x, y, scale) {
  const cx = 0.5, cy = 0.5 + (DROP.cy - 0.5) * scale, r = DROP.r * scale, tipY = 0.5 + (DROP.tipY - 0.5) * scale;
  if ((x - cx) ** 2 + (y - cy) ** 2 <= r * r) return true;
  if (y < tipY || y > cy) return false;
  const t = (y - tipY) / (cy - tipY);
  return Math.abs(x - cx) <= r * Math.sin((t * Math.PI) / 2) ** 1.2;
}

function inRoundedSquare(x, y, radius) {
  const dx = Math.max(radius - x, 0, x - (1 - radius));
  const dy = Math.max(radius - y, 0, y - (1 - radius));
  return dx * dx + dy * dy <= radius * radius;
}

function draw(size, { maskable }) {
  const samples = 4;
  const pixels = Buffer.alloc(size * size * 4);
  for (let py = 0; py < size; py += 1) {
    for (let px = 0; px < size; px += 1) {
      let bg = 0, drop = 0;
      for (let sy = 0; sy < samples; sy += 1) for (let sx = 0; sx < samples; sx += 1) {
        const x = (px + (sx + 0.5) / samples) / size, y = (py + (sy + 0.5) / samples) / size;
        const inside = maskable || inRoundedSquare(x, y, 0.19);
        if (inside) bg += 1;
        if (inside && inDrop(x, y, maskable ? 0.8 : 1)) drop += 1;
      }
      const n = samples * samples, alpha = bg / n, white = bg ? drop / bg : 0;
      const at = (py * size + px) * 4;
      for (let c = 0; c < 3; c += 1) pixels[at + c] = Math.round(GREEN[c] * (1 - white) + WHITE[c] * white);
      pixels[at + 3] = Math.round(alpha * 255);
    }
  }
  return pixels;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buffer) {
  let c = 0xffffffff;
  for (const byte of buffer) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

function png(size, rgba) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA, no interlace
  const rows = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y += 1) rgba.copy(rows, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header), chunk('IDAT', deflateSync(rows, { level: 9 })), chunk('IEND', Buffer.alloc(0)),
  ]);
}

const SVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 512 512">
<rect width="512" height="512" rx="97" fill="#1f5f3a"/>
<path d="M256 102C256 102 143 240 143 317a113 113 0 0 0 226 0C369 240 256 102 256 102Z" fill="#fff"/>
</svg>
`;

mkdirSync(OUT, { recursive: true });
writeFileSync(new URL('icon.svg', OUT), SVG);
for (const size of [192, 512]) writeFileSync(new URL(`icon-${size}.png`, OUT), png(size, draw(size, { maskable: false })));
writeFileSync(new URL('icon-maskable-512.png', OUT), png(512, draw(512, { maskable: true })));
console.log('icônes : public/icons/icon.svg, icon-192.png, icon-512.png, icon-maskable-512.png');
