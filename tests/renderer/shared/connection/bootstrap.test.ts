import { describe, expect, it } from 'vitest';
import {
  buildSocketUrl,
  parseBootstrapFromUrl,
  parseBridgeConnection,
} from '../../../../src-renderer/shared/connection/bootstrap';

const TOKEN = 'abcdefghijklmnop0123';

describe('parseBootstrapFromUrl', () => {
  it('takes the server from the origin and token/display from the query', () => {
    expect(parseBootstrapFromUrl(`http://127.0.0.1:4870/?token=${TOKEN}&display=3`)).toEqual({
      ok: true,
      bootstrap: { serverUrl: 'http://127.0.0.1:4870', token: TOKEN, display: 3 },
    });
  });

  it('defaults to display 1', () => {
    const result = parseBootstrapFromUrl(`http://127.0.0.1:4870/index.html?token=${TOKEN}`);
    expect(result).toEqual({
      ok: true,
      bootstrap: { serverUrl: 'http://127.0.0.1:4870', token: TOKEN, display: 1 },
    });
    expect(parseBootstrapFromUrl(`http://127.0.0.1:4870/?token=${TOKEN}&display=`)).toMatchObject({
      ok: true,
      bootstrap: { display: 1 },
    });
  });

  it('decodes an URL-encoded token', () => {
    expect(parseBootstrapFromUrl('http://localhost:1/?token=a%2Bb%3D%3D')).toMatchObject({
      ok: true,
      bootstrap: { token: 'a+b==' },
    });
  });

  it('refuses a missing or empty token', () => {
    expect(parseBootstrapFromUrl('http://127.0.0.1:4870/?display=2')).toEqual({
      ok: false,
      error: 'missing-token',
    });
    expect(parseBootstrapFromUrl('http://127.0.0.1:4870/?token=')).toEqual({
      ok: false,
      error: 'missing-token',
    });
  });

  it('refuses malformed or out-of-range displays instead of guessing', () => {
    for (const display of ['0', '17', 'abc', '1.5', '-1', '2x', '007']) {
      expect(parseBootstrapFromUrl(`http://127.0.0.1:4870/?token=${TOKEN}&display=${display}`)).toEqual({
        ok: false,
        error: 'invalid-display',
      });
    }
    expect(parseBootstrapFromUrl(`http://127.0.0.1:4870/?token=${TOKEN}&display=16`)).toMatchObject({
      ok: true,
    });
  });

  it('refuses addresses that are not served over http', () => {
    expect(parseBootstrapFromUrl(`vigie://app/index.html?token=${TOKEN}`)).toEqual({
      ok: false,
      error: 'no-server',
    });
    expect(parseBootstrapFromUrl('not a url')).toEqual({ ok: false, error: 'no-server' });
  });
});

describe('parseBridgeConnection', () => {
  it('accepts what the preload returns', () => {
    expect(parseBridgeConnection({ serverUrl: 'http://127.0.0.1:4870/', token: TOKEN, display: 2 })).toEqual({
      ok: true,
      bootstrap: { serverUrl: 'http://127.0.0.1:4870', token: TOKEN, display: 2 },
    });
  });

  it('refuses malformed payloads', () => {
    expect(parseBridgeConnection(undefined)).toEqual({ ok: false, error: 'invalid-bridge' });
    expect(parseBridgeConnection({ serverUrl: 'nope', token: TOKEN, display: 1 })).toEqual({
      ok: false,
      error: 'invalid-bridge',
    });
    expect(parseBridgeConnection({ serverUrl: 'http://127.0.0.1:1', token: 'short', display: 1 })).toEqual({
      ok: false,
      error: 'invalid-bridge',
    });
    expect(parseBridgeConnection({ serverUrl: 'http://127.0.0.1:1', token: TOKEN, display: 40 })).toEqual({
      ok: false,
      error: 'invalid-display',
    });
  });
});

describe('buildSocketUrl', () => {
  it('switches to ws(s), targets /ws and carries the token', () => {
    expect(buildSocketUrl('http://127.0.0.1:4870', 'a+b')).toBe('ws://127.0.0.1:4870/ws?token=a%2Bb');
    expect(buildSocketUrl('https://vigie.local/', 'tok')).toBe('wss://vigie.local/ws?token=tok');
  });
});
