/**
 * Ways a decoded WebCodecs picture can reach a tile's canvas, as the draw bench compares them
 * (bench/browser/draw-page.ts draws, bench/suites/draw.ts measures). `decode-only` closes each
 * picture at once: the decoder's own cost, the baseline every other way is above. `convert` is
 * what Vigie's H.264 tiles do (webcodecs-decoder.ts): copyTo into JSMpeg's I420 layout, then the
 * same tile-size converter as the MPEG-1 tiles (yuv-painter.ts).
 */
export const DRAW_METHODS = ['decode-only', 'convert', 'drawimage', 'bitmap-2d', 'bitmap-renderer'] as const;
export type DrawMethod = (typeof DRAW_METHODS)[number];
