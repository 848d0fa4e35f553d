import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, validateConfig } from '../../../src-main/core/config/load-config';
import { clearSecrets, isSecretQueryParam, redact } from '../../../src-main/core/log/redact';
import { testCamera } from '../../support/camera-config';

afterEach(() => clearSecrets());

/**
 * Lines as ffmpeg 6 prints them when a camera URL carries its account in the query string (the
 * URL is echoed before the error), and as the core logs its own URLs.
 */
describe('redact on query-string credentials', () => {
  it('masks user/passwd in the URL ffmpeg echoes before its error, and only them', () => {
    expect(
      redact(
        'rtsp://10.0.0.5:554/cam/realmonitor?channel=1&subtype=0&user=admin&passwd=s3cret: Server returned 401 Unauthorized (authorization failed)',
      ),
    ).toBe(
      'rtsp://10.0.0.5:554/cam/realmonitor?channel=1&subtype=0&user=***&passwd=***: Server returned 401 Unauthorized (authorization failed)',
    );
    expect(redact('rtsp://127.0.0.1:1/x?user=admin&passwd=s3cret: Connection refused')).toBe(
      'rtsp://127.0.0.1:1/x?user=***&passwd=***: Connection refused',
    );
    // Parameters that carry no secret stay readable.
    const line =
      '[tcp @ 0x55aae70c3580] Connection to tcp://127.0.0.1:1?timeout=0 failed: Connection refused';
    expect(redact(line)).toBe(line);
    expect(redact('GET /?display=2&profile=grid')).toBe('GET /?display=2&profile=grid');
  });

  it('masks Foscam-style usr/pwd, a colon inside the value, and keeps the quote and colon after it', () => {
    expect(redact("Input #0, rtsp, from 'rtsp://10.0.0.7/videoMain?usr=op&pwd=Pa55:word':")).toBe(
      "Input #0, rtsp, from 'rtsp://10.0.0.7/videoMain?usr=***&pwd=***':",
    );
  });

  it('matches names case-insensitively and ignoring - and _, and by fragment (adminPassword)', () => {
    expect(redact('/live?USER=a&PassWord=b&API_KEY=c&x-auth-token=d&adminPassword=e&channel=2')).toBe(
      '/live?USER=***&PassWord=***&API_KEY=***&x-auth-token=***&adminPassword=***&channel=2',
    );
    expect(redact('/live?channel=1;token=abc;subtype=0')).toBe('/live?channel=1;token=***;subtype=0');
  });

  it('still masks userinfo and the core token, together with query parameters', () => {
    expect(redact('rtsp://op:pw@10.0.0.5/s?passwd=x and http://127.0.0.1:8/?token=abc&display=1')).toBe(
      'rtsp://***@10.0.0.5/s?passwd=*** and http://127.0.0.1:8/?token=***&display=1',
    );
  });
});

describe('isSecretQueryParam (the names the config schema refuses)', () => {
  it('covers the usual camera and API spellings, and not ordinary stream parameters', () => {
    for (const name of [
      'user',
      'Username',
      'usr',
      'passwd',
      'PASSWORD',
      'pwd',
      'pass',
      'token',
      'auth',
      'key',
      'secret',
      'apikey',
      'api_key',
      'api-key',
      'loginuse',
      'loginpas',
    ]) {
      expect(isSecretQueryParam(name), name).toBe(true);
    }
    for (const name of [
      'channel',
      'subtype',
      'profile',
      'profiletoken',
      'streamtype',
      'sessiontimeout',
      'resolution',
    ]) {
      expect(isSecretQueryParam(name), name).toBe(false);
    }
  });
});

describe('the config schema refuses credentials in a camera URL query string', () => {
  const problems = (url: string): string[] => {
    try {
      validateConfig({ version: 1, cameras: [testCamera('c1', 1, url)] }, '(test)');
      return [];
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      return error.problems.map((problem) => `${problem.path}: ${problem.message}`);
    }
  };

  it('names the parameters (never their values) and says to use "credentials"', () => {
    const [problem, ...rest] = problems('rtsp://10.0.0.5/cam?channel=1&user=admin&passwd=s3cret');
    expect(rest).toEqual([]);
    expect(problem).toMatch(
      /^cameras\[0\]\.rtsp\.main: credentials must go in "credentials", not in the URL: remove "user", "passwd" from the query string and set "credentials": \{ "username": "…", "password": "…" \}/,
    );
    expect(problem).not.toContain('s3cret');
    expect(problem).not.toContain('admin');
  });

  it('refuses any case and a ;-separated query, accepts ordinary parameters', () => {
    expect(problems('rtsp://10.0.0.5/cam?PWD=x')).toHaveLength(1);
    expect(problems('rtsp://10.0.0.5/cam?channel=1;Api_Key=x')).toHaveLength(1);
    expect(problems('rtsp://10.0.0.5/cam/realmonitor?channel=1&subtype=0')).toEqual([]);
    expect(problems('rtsp://10.0.0.5/onvif?profiletoken=Profile_1&streamtype=unicast')).toEqual([]);
  });
});
