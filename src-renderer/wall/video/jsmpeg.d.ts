/**
 * Minimal typing of the parts of @cycjimmy/jsmpeg-player that Vigie uses.
 *
 * The package ships no declarations. Only the Player and the custom-source protocol are described,
 * so a use of anything else fails to compile instead of silently reaching an untyped API.
 * Kept structural on purpose: video/mux-source.ts satisfies `JSMpegSource` without importing this
 * module, which keeps it loadable in the Node unit tests.
 */
declare module '@cycjimmy/jsmpeg-player' {
  /** Where a source pushes bytes: the player's MPEG-TS demuxer. */
  export interface JSMpegDestination {
    write(data: ArrayBuffer): void;
  }

  /** The contract the Player expects from `options.source` (see WSSource in the package). */
  export interface JSMpegSource {
    streaming: boolean;
    established: boolean;
    completed: boolean;
    progress: number;
    connect(destination: JSMpegDestination): void;
    start(): void;
    resume(headroom?: number): void;
    destroy(): void;
  }

  export type JSMpegSourceConstructor = new (url: string, options: JSMpegPlayerOptions) => JSMpegSource;

  export interface JSMpegPlayerOptions {
    source?: JSMpegSourceConstructor;
    canvas?: HTMLCanvasElement;
    audio?: boolean;
    video?: boolean;
    disableGl?: boolean;
    disableWebAssembly?: boolean;
    pauseWhenHidden?: boolean;
    videoBufferSize?: number;
    decodeFirstFrame?: boolean;
    /** Called after each decoded picture (decoder, elapsed decode time in ms). */
    onVideoDecode?: (decoder: unknown, elapsedMs: number) => void;
    onSourceEstablished?: (source: JSMpegSource) => void;
    /** Set by the Player itself before it constructs the source. */
    hookOnEstablished?: () => void;
  }

  /** Where a video decoder draws: `resize` on each sequence header, `render` per picture (Y, Cr, Cb). */
  export interface JSMpegVideoDestination {
    enabled: boolean;
    resize(width: number, height: number): void;
    render(y: Uint8Array, cr: Uint8Array, cb: Uint8Array, isClampedArray?: boolean): void;
    renderProgress(progress: number): void;
    destroy(): void;
  }

  /** The player's video decoder (WASM or JavaScript); only its destination is swapped. */
  export interface JSMpegVideoDecoder {
    connect(destination: JSMpegVideoDestination): void;
  }

  export class Player {
    constructor(url: string, options?: JSMpegPlayerOptions);
    readonly source: JSMpegSource;
    /** Absent when the player was created with `video: false`. */
    readonly video?: JSMpegVideoDecoder;
    /** Read by the player when its decoder is ready; false keeps its own animation loop off. */
    autoplay: boolean;
    /** Decodes (and renders) the next buffered picture; false when none is complete yet. */
    nextFrame(): boolean;
    play(): void;
    pause(): void;
    destroy(): void;
  }

  const JSMpeg: { Player: typeof Player };
  export default JSMpeg;
}
